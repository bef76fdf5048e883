"""`make run`'s check for the system libraries of Qt's X11 plugin (packaging/check_linux_libs.py)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]

_spec = importlib.util.spec_from_file_location("check_linux_libs", REPO_ROOT / "packaging" / "check_linux_libs.py")
check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check)

LDD_ON_A_FRESH_DEBIAN = """\
\tlinux-vdso.so.1 (0x00007ffd)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f2d)
\tlibxcb-cursor.so.0 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxcb.so.1 => /lib/x86_64-linux-gnu/libxcb.so.1 (0x00007f2d)
\tlibxcb-cursor.so.0 => not found
\tlibfancy.so.3 => not found
"""


def test_the_missing_libraries_become_one_apt_get_line():
    missing = check.missing_libraries(LDD_ON_A_FRESH_DEBIAN)
    assert missing == ["libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libfancy.so.3"]
    line = check.advice(check.packages_for(missing))
    assert "\n" not in line
    assert line.endswith("sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libfancy.so.3")


def test_nothing_missing_says_nothing(monkeypatch):
    assert check.missing_libraries("\tlibxcb.so.1 => /lib/libxcb.so.1 (0x1)\n") == []
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert not check.uses_xcb()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb plugin is Linux's")
def test_this_machine_passes_the_check():
    env = {"PATH": "/usr/bin:/bin", "DISPLAY": ":0"}
    result = subprocess.run([sys.executable, str(REPO_ROOT / "packaging" / "check_linux_libs.py")],
                            capture_output=True, text=True, env=env, check=False)
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
