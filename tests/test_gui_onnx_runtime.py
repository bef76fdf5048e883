"""The window reads digits through onnxruntime before PyTorch has loaded: the status bar names the runtime,
the training panel comes once torch is loaded in the background, a model without a twin is read with
PyTorch (and gets its twin meanwhile), and a real launch shows a drawn digit's reading before torch is there."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest
from PySide6.QtWidgets import QLabel

from desktop_app.core.model_library import ModelLibrary
from desktop_app.core.paths import shipped_weights_path
from desktop_app.ui import MainWindow
from devtools import replay

pytest.importorskip("onnxruntime")


def open_window(qtbot) -> MainWindow:
    main = MainWindow()
    qtbot.addWidget(main)
    main.show()
    qtbot.waitUntil(lambda: main.model_ready, timeout=30_000)
    replay.wait_for_prediction(main)
    return main


def test_the_shipped_model_is_read_by_onnxruntime_and_training_comes_with_torch(window, qtbot):
    assert window.model_info.runtime == "ONNX Runtime"
    assert "ONNX Runtime, CPU" in window.findChild(QLabel, "statusWeights").text()
    qtbot.waitUntil(lambda: window.training_panel is not None, timeout=60_000)
    assert window.service.torch_loaded
    canvas = window.canvas
    replay.draw_stroke(canvas, np.array([[canvas.width() / 2, canvas.height() * y] for y in np.linspace(0.2, 0.8, 25)]))
    replay.wait_for_prediction(window)
    assert replay.predicted_text(window) == "1"


def test_a_model_without_twin_is_read_with_pytorch_and_gets_its_twin(qtbot):
    library = ModelLibrary()  # added by a script: no twin maker, so no twin yet
    entry = library.set_active(library.add(shipped_weights_path(), "twinless").id)
    twin = entry.weights_path.with_suffix(".onnx")
    assert not twin.exists()
    main = open_window(qtbot)
    assert main.model_info.runtime == "PyTorch"
    assert "PyTorch, CPU" in main.findChild(QLabel, "statusWeights").text()
    qtbot.waitUntil(twin.is_file, timeout=60_000)  # made on the torch thread, for the next launch
    main.close()
    again = open_window(qtbot)
    assert again.model_info.runtime == "ONNX Runtime" and again.model_info.path == entry.weights_path
    again.close()


def test_weights_chosen_in_the_window_are_read_through_their_twin(window, qtbot, tmp_path):
    import shutil

    mine = tmp_path / "mine.pt"
    shutil.copyfile(shipped_weights_path(), mine)
    qtbot.waitUntil(lambda: window.training_panel is not None, timeout=60_000)
    assert window.use_weights(mine)  # no twin yet: PyTorch, and the library's copy gets one
    assert window.model_info.runtime == "PyTorch"
    copy = ModelLibrary().active_entry()  # the window keeps the choice as a library model
    assert copy.weights_path != mine
    qtbot.waitUntil(lambda: copy.weights_path.with_suffix(".onnx").is_file(), timeout=60_000)
    assert window.use_weights(mine)
    assert window.model_info.runtime == "ONNX Runtime"  # the copy lends its twin to the file it came from


def test_a_launch_shows_a_drawn_digit_before_torch_is_loaded(user_data_dir):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DIGIT_STUDIO_STARTUP_REPORT": "1",
           "DIGIT_STUDIO_DATA_DIR": str(user_data_dir)}
    result = subprocess.run([sys.executable, "-m", "desktop_app"], capture_output=True, text=True, env=env,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    events = [line.split()[0] for line in result.stdout.splitlines() if line.strip()]
    assert events == ["window_shown", "model_loaded", "first_prediction", "torch_ready"]
