"""The window a first-time user meets, measured at three screen sizes: the canvas comes first, the
training panel has room when opened, and a run's progress shows with the panel closed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QLabel, QWidget

from desktop_app.core.paths import shipped_weights_path
from desktop_app.core.settings import TrainingSettings

pytestmark = pytest.mark.skipif(not shipped_weights_path().is_file(), reason="weights/default.pt is not built yet")

#: Window sizes on a 1024x600 netbook, a 1366x768 laptop and a 1920x1080 desktop (less the task bar).
SIZES = [(1024, 600), (1366, 740), (1920, 1050)]
TINY = TrainingSettings(train_subset=256, batch_size=64, epochs=1, device="cpu")


def visible(widget: QWidget) -> QRect:
    """The part of ``widget`` on screen: not clipped by a scroll area, a splitter or the window."""
    window = widget.window()
    area = widget.visibleRegion().boundingRect()
    return QRect(widget.mapTo(window, area.topLeft()), area.size()).intersected(window.rect())


def fully_visible(widget: QWidget) -> bool:
    return widget.isVisible() and visible(widget).size() == widget.size()


def settle(qtbot, window, size) -> None:
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size().toTuple() == size)
    qtbot.wait(50)  # the layouts' posted events


def prediction_parts(window) -> list[QWidget]:
    return [window.findChild(QLabel, "predictedDigit"), window.findChild(QWidget, "probabilityChart")]


@pytest.mark.parametrize("size", SIZES)
def test_the_canvas_comes_first_with_the_whole_prediction_in_view(qtbot, window, size):
    qtbot.waitUntil(lambda: window.training_panel is not None)  # loaded, and it took no room
    settle(qtbot, window, size)
    assert not window.training_dock.isVisible()
    canvas = visible(window.canvas)
    side = 300 if size[1] < 700 else 420
    assert canvas.width() >= side and canvas.height() >= side, canvas
    assert all(fully_visible(part) for part in prediction_parts(window))
    if size[1] >= 700:  # the caption and the 28x28 input too: nothing of the panel scrolled away
        assert fully_visible(window.prediction_panel)


@pytest.mark.parametrize("size", SIZES)
def test_the_training_panel_has_room_and_the_canvas_stays_drawable(qtbot, window, size):
    settle(qtbot, window, size)
    window.findChild(QWidget, "mainToolbar")  # the toggle is in the toolbar and the View menu
    window.training_dock.toggleViewAction().trigger()
    panel = window.training_panel
    panel.show_result("Training finished. Test accuracy 98.00%, better than the model in use: choose "
                      "\"Use new weights\" to read your digits with it.")
    qtbot.waitUntil(lambda: visible(panel.chart).height() > 0)
    qtbot.wait(50)
    chart = visible(panel.chart)
    # A netbook's 1024 pixels cannot hold a 600-pixel chart beside a drawable canvas and a whole prediction.
    assert chart.width() >= (480 if size[0] < 1366 else 600) and chart.height() >= 250, chart
    for widget in (panel.result_banner, panel.use_trained_button, panel.use_shipped_button, panel.start_button):
        assert fully_visible(widget), widget.objectName()
    canvas = visible(window.canvas)
    assert canvas.width() >= 200 and canvas.height() >= 200, canvas
    assert all(fully_visible(part) for part in prediction_parts(window))  # nothing of it scrolled sideways


def test_the_training_panel_grows_with_the_window(qtbot, window):
    window.training_dock.show()
    settle(qtbot, window, (1366, 740))
    small = visible(window.training_panel.chart)
    settle(qtbot, window, (1920, 1050))
    large = visible(window.training_panel.chart)
    assert large.height() > small.height() + 200


@pytest.mark.slow
def test_progress_shows_with_the_panel_closed_and_the_end_is_announced(qtbot, window, mnist_train, mnist_test):
    panel = window.training_panel
    panel.set_training_data(mnist_train, mnist_test)
    assert not window.training_dock.isVisible()
    with qtbot.waitSignal(panel.progress_changed, timeout=30_000):
        panel.start_training(TINY.with_changes(epochs=3))
    qtbot.waitUntil(lambda: "% training — Digit Studio" in window.windowTitle())
    assert window.training_status.bar.isVisible()
    with qtbot.waitSignal(panel.run_finished, timeout=60_000):
        pass
    assert window.windowTitle() == "Digit Studio"
    assert not window.training_status.bar.isVisible()
    assert window.statusBar().currentMessage().startswith("Training finished: test accuracy")
    window.close()


def test_the_model_dialogs_fit_a_small_screen(qtbot, window, monkeypatch):
    """On a 1024x600 netbook (570 pixels free below the task bar) the evaluation, comparison and models
    views open within the screen, buttons and all (the evaluation view alone would be 680 high)."""
    from PySide6.QtGui import QScreen

    from desktop_app.ui.compare_view import CompareView
    from desktop_app.ui.evaluation_view import EvaluationView
    from desktop_app.ui.models_view import ModelsView

    netbook = QRect(0, 0, 1024, 570)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: netbook)
    for view in (EvaluationView(window), CompareView(window), ModelsView(window)):
        qtbot.addWidget(view)
        assert view.width() <= netbook.width() and view.height() <= netbook.height(), view.objectName()
        assert view.minimumSizeHint().height() <= netbook.height(), view.objectName()
