"""The whole window: the training dock is part of it, its weights reach the canvas, closing stops a run."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMessageBox, QPushButton

from desktop_app.core.paths import checkpoint_path
from desktop_app.core.settings import TrainingSettings
from desktop_app.ui import MainWindow

SMALL = TrainingSettings(train_subset=1024, batch_size=64, epochs=1, device="cpu")


def open_window(qtbot, mnist_train, mnist_test) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.model_ready and window.training_panel is not None, timeout=30_000)
    window.training_panel.set_training_data(mnist_train, mnist_test)
    window.training_dock.show()  # closed at first: the user opens it to train and to click its buttons
    return window


def test_training_dock_is_in_the_window_and_listed_in_view_menu(qtbot, mnist_train, mnist_test):
    window = open_window(qtbot, mnist_train, mnist_test)
    dock = window.findChild(QDockWidget, "trainingDock")
    assert dock is not None and dock.isAncestorOf(window.training_panel)
    assert window.findChild(QPushButton, "startTraining") is not None
    assert dock.toggleViewAction() in window.view_menu.actions()
    window.close()


def test_trained_weights_reach_the_canvas_and_the_shipped_ones_come_back(qtbot, mnist_train, mnist_test):
    window = open_window(qtbot, mnist_train, mnist_test)
    panel = window.training_panel
    assert window.model_info.describe().startswith("Shipped weights")
    with qtbot.waitSignal(panel.run_finished, timeout=60_000) as finished:
        panel.start_training(SMALL)
    assert finished.args[0].status == "completed"

    use_trained = window.findChild(QPushButton, "useTrainedWeights")
    qtbot.waitUntil(use_trained.isEnabled)
    with qtbot.waitSignal(window.model_loaded, timeout=10_000):
        qtbot.mouseClick(use_trained, Qt.MouseButton.LeftButton)
    assert window.weights_label.text().startswith("Your trained weights")

    with qtbot.waitSignal(window.model_loaded, timeout=10_000):
        qtbot.mouseClick(window.findChild(QPushButton, "useShippedWeights"), Qt.MouseButton.LeftButton)
    assert window.weights_label.text().startswith("Shipped weights")
    window.close()


def test_closing_mid_run_asks_then_stops_within_two_seconds_with_a_checkpoint(qtbot, mnist_train, mnist_test,
                                                                              monkeypatch):
    window = open_window(qtbot, mnist_train, mnist_test)
    panel = window.training_panel
    asked = []

    def answer_yes(*args, **kwargs):
        asked.append(args[1])
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer_yes)
    with qtbot.waitSignal(panel.progress_changed, timeout=30_000):
        panel.start_training(SMALL.with_changes(epochs=20, train_subset=4096))
    assert panel.is_running

    import time

    started = time.perf_counter()
    assert window.close()
    assert time.perf_counter() - started < 2.0
    assert asked == ["Training in progress"]
    assert not panel.is_running
    assert checkpoint_path().is_file()


def test_closing_mid_run_can_be_cancelled(qtbot, mnist_train, mnist_test, monkeypatch):
    window = open_window(qtbot, mnist_train, mnist_test)
    panel = window.training_panel
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    with qtbot.waitSignal(panel.progress_changed, timeout=30_000):
        panel.start_training(SMALL.with_changes(epochs=20, train_subset=4096))
    assert not window.close()
    assert window.isVisible() and panel.is_running
    panel.shutdown()
    window.close()
