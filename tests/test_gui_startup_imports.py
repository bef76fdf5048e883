"""What the GUI thread imports after the window shows: nothing slow. The training panel's modules
(pyqtgraph, superqt: 100-200 ms on the build machine) are imported by the thread that loads PyTorch,
so building the panel does not freeze a window the user may already be drawing in.

Run in a fresh process: this test session has imported everything long ago."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.core.paths import shipped_weights_path

pytestmark = pytest.mark.skipif(not shipped_weights_path().is_file(), reason="weights/default.pt is not built yet")

REPO_ROOT = Path(__file__).resolve().parents[1]

# Records which thread first imports each watched module, then opens the window until its training
# panel exists and prints "module thread" lines.
CHILD = r"""
import importlib.abc, sys, threading
WATCHED = ("desktop_app.ui.training_panel", "pyqtgraph", "superqt")
first = {}

class Recorder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name in WATCHED and name not in first:
            first[name] = "gui" if threading.current_thread() is threading.main_thread() else "worker"
        return None

sys.meta_path.insert(0, Recorder())
from PySide6.QtCore import QTimer
from desktop_app.ui.application import DigitStudioApplication
app = DigitStudioApplication([])
from desktop_app.ui.main_window import MainWindow
window = MainWindow()
window.show()

def wait_for_panel():
    if window.training_panel is None:
        QTimer.singleShot(20, wait_for_panel)
        return
    for name in WATCHED:
        print(name, first.get(name, "never"), flush=True)
    window.close()
    app.quit()

QTimer.singleShot(0, wait_for_panel)
app.exec()
"""


def test_the_training_panels_imports_happen_off_the_gui_thread(tmp_path):
    env = {**os.environ, "DIGIT_STUDIO_DATA_DIR": str(tmp_path), "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": str(REPO_ROOT)}
    done = subprocess.run([sys.executable, "-c", CHILD], env=env, cwd=tmp_path, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = dict(line.split() for line in done.stdout.splitlines())
    assert lines == {"desktop_app.ui.training_panel": "worker", "pyqtgraph": "worker", "superqt": "worker"}, done.stdout
