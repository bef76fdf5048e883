"""The translations: ``.ts`` sources from the code (pyside6-lupdate), ``.qm`` catalogues from them (lrelease).

    python -m devtools.translations update   # make translations: refresh the .ts files, rebuild the .qm
    python -m devtools.translations check    # make lint: fails when a .ts or .qm is out of date

The ``.ts`` files in ``resources/translations`` are what translators edit (Qt Linguist, or by hand);
the ``.qm`` files built from them are committed too, so a clean clone, ``pip install`` and the
PyInstaller bundle need no Qt tools. ``check`` runs lupdate into a temporary copy and compares the
source texts (context, text, plural or not) with the committed file, checks that every text is
translated, that each ``.qm`` gives every translation of its ``.ts``, and that no text handed to
``tr()``/``translate()``/``QT_TRANSLATE_NOOP`` is an f-string (lupdate would file the unformatted
braces, and the formatted text would never be found).
"""

from __future__ import annotations

import argparse
import ast
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "desktop_app"
FOLDER = ROOT / "resources" / "translations"
#: The languages with a catalogue (English is the source language and needs none).
LANGUAGES = ("zh_CN",)
#: The calls whose first string argument (second for the two-argument ones) is a source text.
_MARKERS = {"tr": 0, "translate": 1, "QT_TRANSLATE_NOOP": 1}


def ts_path(language: str) -> Path:
    return FOLDER / f"digit_studio_{language}.ts"


def qm_path(language: str) -> Path:
    return FOLDER / f"digit_studio_{language}.qm"


def tool(name: str) -> str:
    """A PySide6 tool beside this Python (the venv's bin or Scripts folder), else on PATH."""
    for folder in (Path(sys.executable).parent, Path(sys.executable).resolve().parent):
        for candidate in (folder / name, folder / f"{name}.exe"):
            if candidate.is_file():
                return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: it ships with PySide6 (pip install -e '.[test]')")
    return found


def python_sources() -> list[str]:
    return [str(path.relative_to(ROOT)) for path in sorted(SOURCES.rglob("*.py"))]


def run_lupdate(ts_file: Path, language: str) -> None:
    """Refresh ``ts_file`` from the code (no line numbers: edits elsewhere leave the file alone)."""
    subprocess.run([tool("pyside6-lupdate"), "-locations", "none", "-no-obsolete", "-source-language", "en",
                    "-target-language", language, *python_sources(), "-ts", str(ts_file)],
                   cwd=ROOT, check=True, capture_output=True, text=True)


def run_lrelease(ts_file: Path, qm_file: Path) -> None:
    subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts_file), "-qm", str(qm_file)],
                   cwd=ROOT, check=True, capture_output=True, text=True)


def messages(ts_file: Path) -> dict[tuple[str, str, bool], str | None]:
    """(context, source text, plural) -> the translation (None when unfinished or empty)."""
    found = {}
    for context in ET.parse(ts_file).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            plural = message.get("numerus") == "yes"
            if plural:
                text = " | ".join(form.text or "" for form in translation.iter("numerusform"))
            else:
                text = translation.text or ""
            done = translation.get("type") not in ("unfinished", "vanished", "obsolete") and text.strip(" |")
            found[(name, message.findtext("source") or "", plural)] = text if done else None
    return found


def formatted_sources() -> list[str]:
    """``file:line`` of every f-string handed to tr(), translate() or QT_TRANSLATE_NOOP."""
    places = []
    for path in sorted(SOURCES.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            index = _MARKERS.get(name)
            if index is not None and len(node.args) > index and isinstance(node.args[index], ast.JoinedStr):
                places.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return places


def stale_catalogue(translations: dict[tuple[str, str, bool], str | None], qm_file: Path) -> bool:
    """Whether ``qm_file`` does not give every finished translation of the ``.ts`` (compared by what
    Qt reads from it, not by bytes: another lrelease version may lay the same catalogue out otherwise)."""
    from PySide6.QtCore import QTranslator

    catalogue = QTranslator()
    if not catalogue.load(str(qm_file)):
        return True
    for (context, source, plural), translation in translations.items():
        if translation is not None and catalogue.translate(context, source, None, 1 if plural else -1) != translation:
            return True
    return False


def problems(language: str) -> list[str]:
    """What is out of date or missing for ``language``; empty when all is well."""
    committed = ts_path(language)
    if not committed.is_file():
        return [f"{committed.name} is missing: run `make translations`"]
    with tempfile.TemporaryDirectory() as folder:
        fresh = Path(folder) / committed.name
        shutil.copy(committed, fresh)
        run_lupdate(fresh, language)
        current, wanted = messages(committed), messages(fresh)
    qm_differs = not qm_path(language).is_file() or stale_catalogue(current, qm_path(language))
    found = [f"not in the .ts (run `make translations`): {context}: {text!r}"
             for context, text, _ in sorted(wanted.keys() - current.keys())]
    found += [f"no longer in the code (run `make translations`): {context}: {text!r}"
              for context, text, _ in sorted(current.keys() - wanted.keys())]
    found += [f"not translated into {language}: {context}: {text!r}"
              for (context, text, _), translation in sorted(current.items()) if translation is None]
    if qm_differs:
        found.append(f"{qm_path(language).name} is not built from its .ts: run `make translations`")
    return found


def update() -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    for language in LANGUAGES:
        run_lupdate(ts_path(language), language)
        run_lrelease(ts_path(language), qm_path(language))
        left = sum(1 for translation in messages(ts_path(language)).values() if translation is None)
        print(f"{ts_path(language).relative_to(ROOT)}: {len(messages(ts_path(language)))} texts, {left} to translate")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("update", "check"))
    args = parser.parse_args(argv)
    if args.command == "update":
        update()
        return 0
    found = [f"{place}: an f-string handed to tr()" for place in formatted_sources()]
    for language in LANGUAGES:
        found += problems(language)
    for line in found:
        print(line, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
