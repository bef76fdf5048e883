"""Ending the app from outside (issue: nothing a user can do loses work): ``app.quit()`` as a logout or
a test harness does it, SIGTERM (logout, ``kill``) and SIGINT (Ctrl+C in the terminal) stop a running
training at its next batch, keep a resumable checkpoint, stop every thread and exit with 0, without
a question nobody can answer."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import torch

pytestmark = pytest.mark.slow

REPO_ROOT = Path(__file__).resolve().parents[1]

# The real app (desktop_app.app.main), a run started from its training panel; once the run trains,
# the child prints "training" and, with argv[1] == "quit", calls app.quit() itself.
CHILD = r"""
import sys
from desktop_app.runtime import prepare_process
prepare_process()
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from desktop_app import app as app_module
from desktop_app.core.settings import TrainingSettings
from desktop_app.ui.application import DigitStudioApplication

qapp = DigitStudioApplication([])
started = []

def start_when_the_panel_is_there():
    window = next((w for w in QApplication.topLevelWidgets() if w.objectName() == "mainWindow"), None)
    if window is None or window.training_panel is None:
        QTimer.singleShot(50, start_when_the_panel_is_there)
        return
    window.training_panel.progress_changed.connect(on_progress)
    window.training_panel.start_training(TrainingSettings(train_subset=20000, epochs=20, batch_size=32, device="cpu"))

def on_progress(_progress):
    if started:
        return
    started.append(True)
    print("training", flush=True)
    if sys.argv[1] == "quit":
        QTimer.singleShot(200, QApplication.quit)

QTimer.singleShot(0, start_when_the_panel_is_there)
sys.exit(app_module.main([]))
"""


def run_until_training(how: str, data_dir: Path) -> subprocess.Popen:
    env = {**os.environ, "DIGIT_STUDIO_DATA_DIR": str(data_dir), "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": str(REPO_ROOT)}
    child = subprocess.Popen([sys.executable, "-c", CHILD, how], cwd=REPO_ROOT, env=env, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    line = ""
    while time.monotonic() < deadline and line.strip() != "training":
        line = child.stdout.readline()
        if not line and child.poll() is not None:
            break
    assert line.strip() == "training", child.stderr.read() if child.poll() is not None else "no run started"
    return child


@pytest.mark.parametrize("how", ["quit", "SIGTERM", "SIGINT"])
def test_ending_the_app_from_outside_keeps_the_run_and_exits_cleanly(how, tmp_path):
    child = run_until_training(how, tmp_path)
    if how != "quit":
        time.sleep(0.3)
        child.send_signal(getattr(signal, how))
    try:
        _out, err = child.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        child.kill()
        pytest.fail(f"the app did not exit after {how}: {child.communicate()[1]}")
    assert child.returncode == 0, err
    assert "QThread" not in err and "Traceback" not in err, err
    checkpoint = tmp_path / "checkpoints" / "last.ckpt"
    assert checkpoint.is_file(), "the run's progress was lost"
    state = torch.load(checkpoint, weights_only=True)["training_state"]
    assert state["step"] > 0  # it stopped part-way, where "Resume last run" continues
