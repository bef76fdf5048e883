"""The layering the app depends on: desktop_app.core is plain Python that never imports Qt."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[1] / "desktop_app" / "core"
QT_MODULES = ("PySide6", "PyQt5", "PyQt6", "PySide2", "shiboken6", "pyqtgraph", "qtpy", "superqt")


def _imported_modules(source: str) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_no_core_module_imports_qt():
    offenders = {
        path.name: sorted(m for m in _imported_modules(path.read_text()) if m.split(".")[0] in QT_MODULES)
        for path in CORE.glob("*.py")
    }
    offenders = {name: mods for name, mods in offenders.items() if mods}
    assert not offenders, f"core modules import Qt: {offenders}"


def test_importing_the_whole_core_loads_no_qt():
    """Also catches Qt pulled in indirectly, through a third-party import."""
    modules = sorted(p.stem for p in CORE.glob("*.py") if p.stem != "__init__")
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module('desktop_app.core.' + name)\n"
        f"loaded = [m for m in sys.modules if m.split('.')[0] in {QT_MODULES!r}]\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


PRODUCT = CORE.parent


def test_test_only_helpers_are_not_part_of_the_product():
    """Replay and the pen-data reader live in devtools/, which the app never imports (nor bundles)."""
    importers = sorted(
        str(path.relative_to(PRODUCT)) for path in PRODUCT.rglob("*.py")
        if any(m.split(".")[0] == "devtools" for m in _imported_modules(path.read_text()))
    )
    assert not importers, f"product modules import devtools: {importers}"
    for name in ("desktop_app.ui.replay", "desktop_app.core.unipen"):
        result = subprocess.run([sys.executable, "-c", f"import {name}"], capture_output=True, text=True)
        assert result.returncode != 0 and "ModuleNotFoundError" in result.stderr, name


def test_no_product_module_names_the_shared_folder():
    """``../shared`` exists on the build machines only; the app must not depend on it."""
    offenders = sorted(str(p.relative_to(PRODUCT)) for p in PRODUCT.rglob("*.py") if '"shared"' in p.read_text()
                       or "shared/" in p.read_text())
    assert not offenders, offenders
