"""The frozen app (``make package``) works from its own folder and writes nothing into it.

Runs ``dist/DigitStudio/DigitStudio --self-test`` (desktop_app/selftest.py) offscreen, with no Python
environment on PATH and the user data folder in a temporary directory: the window opens, the model
loads from the bundled weights, a drawn 1 and 7 are read correctly, a few training batches run on the
bundled MNIST. On Linux, also checks that the bundle loads the libraries of Qt's X11 plugin that a
minimal desktop lacks (libxcb-cursor, -icccm, -keysyms...) from itself. Skipped when there is no bundle
(``make test`` does not build one: it takes minutes);
``make package-test`` sets DIGIT_STUDIO_REQUIRE_BUNDLE=1 so a missing bundle fails instead.
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
# make package-test BUNDLE=dist-cpu/DigitStudio checks the CPU-only bundle (make package-cpu).
BUNDLE = REPO_ROOT / os.environ.get("DIGIT_STUDIO_BUNDLE", "dist/DigitStudio")
LAUNCHER = BUNDLE / ("DigitStudio.exe" if sys.platform == "win32" else "DigitStudio")
REQUIRE_BUNDLE = bool(os.environ.get("DIGIT_STUDIO_REQUIRE_BUNDLE"))

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not LAUNCHER.exists() and not REQUIRE_BUNDLE,
                       reason=f"no bundle at {BUNDLE}: run `make package` (then `make package-test`)"),
]


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder under ``folder``: relative path -> (size, mtime in ns), links not followed."""
    entries = {}
    for parent, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(parent, name)
            info = path.lstat()
            entries[str(path.relative_to(folder))] = (info.st_size, info.st_mtime_ns)
    return entries


def clean_env(tmp_path: Path) -> dict[str, str]:
    """What a desktop session would give the app, minus any Python: no venv, PYTHONPATH or repo on PATH."""
    home = tmp_path / "home"
    home.mkdir()
    env = {
        "PATH": "/usr/bin:/bin" if sys.platform != "win32" else os.environ.get("SystemRoot", r"C:\Windows"),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
        "DIGIT_STUDIO_DATA_DIR": str(tmp_path / "data"),
        "DIGIT_STUDIO_LANG": "zh_CN",  # the bundle must carry the .qm files, its own and Qt's
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
    }
    if sys.platform == "win32":
        env.update({k: os.environ[k] for k in ("SystemRoot", "TEMP", "TMP", "USERPROFILE") if k in os.environ})
    return env


def test_frozen_app_self_test(tmp_path):
    if not LAUNCHER.exists():
        pytest.fail(f"no bundle at {BUNDLE}: run `make package` first")
    before = snapshot(BUNDLE)
    report_file = tmp_path / "report.json"
    proc = subprocess.run([str(LAUNCHER), "--self-test", "--self-test-report", str(report_file)],
                          env=clean_env(tmp_path), cwd=tmp_path, capture_output=True, text=True, timeout=900)
    output = f"exit {proc.returncode}\n--- stdout\n{proc.stdout[-6000:]}\n--- stderr\n{proc.stderr[-6000:]}"
    assert report_file.is_file(), output
    report = json.loads(report_file.read_text(encoding="utf-8"))

    assert proc.returncode == 0, output
    assert report["ok"], output
    assert report["frozen"] is True
    assert Path(report["bundle_root"]).resolve() == (BUNDLE / "_internal").resolve()
    assert Path(report["user_data_dir"]) == tmp_path / "data"
    assert all(report["checks"].values()), report["checks"]
    assert report["predictions"] == {"1": "1", "7": "7"}
    assert report["language"] == "zh_CN" and report["checks"]["speaks_chosen_language"], report
    assert report["gui_training"]["status"] == "completed", report["gui_training"]
    assert report["gui_training"]["chart_points"] == report["gui_training"]["batches"] >= 3
    assert not (tmp_path / "data" / "self-test-gui").exists()
    assert report["training"]["status"] == "completed" and report["training"]["batches"] >= 3
    assert (tmp_path / "data" / "datasets" / "MNIST" / "raw" / "train-images-idx3-ubyte").is_file()
    assert not (tmp_path / "data" / "self-test").exists()  # the scratch weights are cleaned up

    after = snapshot(BUNDLE)
    changed = sorted(set(before.items()) ^ set(after.items()))
    assert not changed, f"the app wrote into its own folder: {changed[:20]}"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the X11 plugin's libraries are a Linux matter")
def test_bundle_loads_the_x11_plugin_libraries_from_itself(monkeypatch):
    """What a fresh Debian lacks (libxcb-icccm4...) resolves inside the bundle, not on this machine: a
    bundle built where one of them was not installed would not open on such a desktop."""
    if not LAUNCHER.exists():
        pytest.fail(f"no bundle at {BUNDLE}: run `make package` first")
    monkeypatch.syspath_prepend(str(REPO_ROOT / "packaging"))
    xcb_libraries = importlib.import_module("xcb_libraries")
    internal = (BUNDLE / "_internal").resolve()
    plugin = internal / "PySide6" / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    assert plugin.is_file(), "the bundle has no X11 platform plugin"
    # The bootloader puts _internal first on the library path, as here.
    ldd = subprocess.run([shutil.which("ldd") or "ldd", str(plugin)], capture_output=True, text=True, check=True,
                         env={"PATH": "/usr/bin:/bin", "LD_LIBRARY_PATH": str(internal)})
    resolved = xcb_libraries.resolved_libraries(ldd.stdout)
    carried = set(xcb_libraries.MINIMAL_DESKTOP_LACKS) | {name for name in resolved if xcb_libraries.is_carried(name)}
    outside = {name: resolved.get(name, "not found") for name in sorted(carried)
               if not Path(resolved.get(name, "/")).resolve().is_relative_to(internal)}
    assert not outside, f"loaded from outside the bundle: {outside}"
