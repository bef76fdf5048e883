"""The main window: start-up, live prediction, shortcuts, weights switching, saved window state."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QAction, QKeySequence, QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDockWidget, QFileDialog, QLabel, QWidget

from desktop_app.core.paths import shipped_weights_path
from desktop_app.ui.main_window import ACCESSIBLE_NAMES, MainWindow
from desktop_app.ui.message_bar import MARGIN
from desktop_app.ui.model_loader import ModelService
from devtools import replay

pytestmark = pytest.mark.skipif(not shipped_weights_path().is_file(), reason="weights/default.pt is not built yet")


def _one(window) -> np.ndarray:
    canvas = window.canvas
    x = canvas.width() / 2
    return np.array([[x, canvas.height() * y] for y in np.linspace(0.2, 0.8, 25)])


def _zero(window) -> np.ndarray:
    canvas = window.canvas
    angles = np.linspace(0, 2 * np.pi, 60)
    centre = np.array([canvas.width() / 2, canvas.height() / 2])
    radii = np.array([canvas.height() * 0.18, canvas.height() * 0.3])
    return centre + np.stack([np.sin(angles), -np.cos(angles)], axis=1) * radii


def _draw(window, points: np.ndarray) -> None:
    replay.draw_stroke(window.canvas, points)
    replay.wait_for_prediction(window)


def test_names_for_automation(window):
    for cls, name in [(QWidget, "drawingCanvas"), (QLabel, "predictedDigit"), (QWidget, "probabilityChart"),
                      (QWidget, "modelInputPreview"), (QLabel, "predictionCaption"), (QLabel, "statusWeights"),
                      (QWidget, "penWidth")]:
        widget = window.findChild(cls, name)
        assert widget is not None, name
        # People hear words, not object names.
        assert widget.accessibleName() == ACCESSIBLE_NAMES.get(name, widget.accessibleName())
        assert " " in widget.accessibleName() and widget.accessibleName() != name
    for name in ("clearCanvas", "undoDrawing", "redoDrawing", "openImage", "pasteImage", "saveDrawing"):
        assert window.findChild(QAction, name) is not None, name


def test_loading_state_is_shown_before_the_model_is_ready(qtbot):
    main = MainWindow()
    qtbot.addWidget(main)
    assert not main.model_ready
    assert main.findChild(QLabel, "predictionCaption").text() == "Loading model…"
    assert main.findChild(QLabel, "statusWeights").text() == "Loading model…"
    # The canvas takes strokes before the model is there; they are read once it is.
    main.show()
    replay.draw_stroke(main.canvas, _one(main))
    with qtbot.waitSignal(main.model_loaded, timeout=30_000):
        pass
    replay.wait_for_prediction(main)
    assert replay.predicted_text(main) == "1"
    main.close()  # stops the model thread while the window object is still alive


def test_status_bar_names_weights_accuracy_and_device(window):
    text = window.findChild(QLabel, "statusWeights").text()
    info = window.model_info
    assert info.kind in ("shipped", "trained")
    assert ("Shipped weights" in text) or ("trained" in text)
    if info.test_accuracy is not None:
        assert f"{info.test_accuracy:.2%}" in text
    assert "CPU" in text
    assert info.runtime == "ONNX Runtime" and "ONNX Runtime" in text  # the shipped weights' twin reads digits


def test_empty_canvas_shows_no_digit(window):
    assert replay.predicted_text(window) == ""
    assert window.prediction is None
    assert window.findChild(QLabel, "predictionCaption").text() == "Draw a digit"


def test_drawn_one_and_zero_are_read(window):
    _draw(window, _one(window))
    assert replay.predicted_text(window) == "1"
    caption = window.findChild(QLabel, "predictionCaption").text()
    assert caption == (f"{window.prediction.confidence:.0%} confident" if window.prediction.is_confident
                       else window.prediction.describe())
    assert window.findChild(QWidget, "modelInputPreview").has_image()
    assert window.findChild(QWidget, "probabilityChart").probabilities is not None
    window.clear_action.trigger()
    _draw(window, _zero(window))
    assert replay.predicted_text(window) == "0"


def test_prediction_updates_while_the_stroke_is_drawn(window, qtbot):
    canvas = window.canvas
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    points = _one(window)
    shown = []
    window.prediction_shown.connect(shown.append)
    replay.send_mouse(canvas, QMouseEvent.Type.MouseButtonPress, QPointF(*points[0]), left, left)
    for x, y in points[1:]:
        replay.send_mouse(canvas, QMouseEvent.Type.MouseMove, QPointF(x, y), none, left)
        qtbot.wait(10)  # 24 moves over ~250 ms: a live prediction every 60 ms
    assert canvas.is_drawing()
    assert len(shown) >= 2, "no live prediction while drawing"
    assert replay.predicted_text(window) == "1"
    replay.send_mouse(canvas, QMouseEvent.Type.MouseButtonRelease, QPointF(*points[-1]), left, none)
    replay.wait_for_prediction(window)
    assert not canvas.is_drawing()


@pytest.mark.parametrize("key", [Qt.Key.Key_Escape, Qt.Key.Key_Delete])
def test_clear_shortcuts(window, qtbot, key):
    _draw(window, _one(window))
    QTest.keyClick(window.canvas, key)
    replay.wait_for_prediction(window)
    assert window.canvas.is_empty()
    assert replay.predicted_text(window) == ""


def test_clear_action_and_undo_redo_shortcuts(window):
    _draw(window, _one(window))
    window.findChild(QAction, "clearCanvas").trigger()
    replay.wait_for_prediction(window)
    assert replay.predicted_text(window) == ""
    QTest.keyClick(window.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo the clear
    replay.wait_for_prediction(window)
    assert replay.predicted_text(window) == "1"
    QTest.keyClick(window.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo the stroke
    replay.wait_for_prediction(window)
    assert replay.predicted_text(window) == ""
    assert not window.undo_action.isEnabled()
    QTest.keyClick(window.canvas, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)  # redo
    replay.wait_for_prediction(window)
    assert replay.predicted_text(window) == "1"


def test_shortcuts_are_the_usual_ones(window):
    def keys(name):
        return {s.toString() for s in window.findChild(QAction, name).shortcuts()}

    assert {"Esc", "Del"} <= keys("clearCanvas")
    assert "Ctrl+Z" in keys("undoDrawing")
    assert "Ctrl+Shift+Z" in keys("redoDrawing")
    assert "Ctrl+O" in keys("openImage")
    assert "Ctrl+S" in keys("saveDrawing")
    assert "Ctrl+V" in keys("pasteImage")
    assert "Ctrl+Q" in keys("quitApp")


def test_pen_width_control_sets_the_canvas_pen(window):
    window.pen_width.setValue(30)
    assert window.canvas.pen_width == 30


def test_save_drawing_writes_a_png(window, tmp_path, monkeypatch):
    _draw(window, _one(window))
    target = tmp_path / "mine.png"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    window.save_action.trigger()
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    from PIL import Image

    with Image.open(target) as saved:
        assert saved.size == (window.canvas.width(), window.canvas.height())


def test_use_weights_with_a_bad_file_keeps_the_model(window, tmp_path):
    before = window.model_info
    bad = tmp_path / "broken.pt"
    bad.write_bytes(b"not a weights file")
    assert window.use_weights(bad) is False
    assert "Cannot use these weights" in window.message()
    assert window.model_info == before
    _draw(window, _one(window))
    assert replay.predicted_text(window) == "1"


def test_use_weights_and_back_to_shipped(window, tmp_path, qtbot):
    copy = tmp_path / "other.pt"
    shutil.copyfile(shipped_weights_path(), copy)
    _draw(window, _one(window))
    with qtbot.waitSignal(window.model_loaded):
        assert window.use_weights(copy) is True
    assert window.model_info.kind == "file"
    assert "other.pt" in window.findChild(QLabel, "statusWeights").text()
    replay.wait_for_prediction(window)
    assert replay.predicted_text(window) == "1"  # the drawing is read again with the new weights
    assert window.use_shipped_weights() is True
    assert window.model_info.kind == "shipped"


def test_model_menu_offers_shipped_and_other_weights(window):
    titles = {action.text().replace("&", ""): action for action in window.menuBar().actions()}
    model_actions = [action.objectName() for action in titles["Model"].menu().actions()]
    assert model_actions[:2] == ["useShippedWeights", "openWeights"]  # then the models (tests/test_gui_models.py)


def test_add_panel_dock_lists_it_in_the_view_menu(window):
    dock = QDockWidget("Training", window)
    dock.setObjectName("trainingDock")
    dock.setWidget(QLabel("panel"))
    window.add_panel_dock(dock, Qt.DockWidgetArea.RightDockWidgetArea)
    assert window.dockWidgetArea(dock) == Qt.DockWidgetArea.RightDockWidgetArea
    assert dock.toggleViewAction() in window.view_menu.actions()


def test_window_state_persists_between_runs(qtbot):
    first = MainWindow()
    qtbot.addWidget(first)
    first.show()
    first.resize(720, 540)  # within the offscreen screen (800x600), which restoreGeometry clamps to
    first.splitter.setSizes([380, 320])
    first.pen_width.setValue(25)
    sizes = first.splitter.sizes()
    first.close()

    second = MainWindow()
    qtbot.addWidget(second)
    second.show()
    assert second.size() == first.size()
    assert second.splitter.sizes() == sizes
    assert second.pen_width.value() == 25
    second.close()


def test_the_window_uses_the_model_service_it_is_given(qtbot):
    service = ModelService()
    main = MainWindow(model_service=service)
    qtbot.addWidget(main)
    assert main.service is service
    main.show()
    with qtbot.waitSignal(service.model_loaded, timeout=30_000):
        pass
    assert main.model_ready
    main.close()


def test_broken_weights_say_so_and_still_offer_training(qtbot, user_data_dir):
    from desktop_app.core.model_library import ModelLibrary

    library = ModelLibrary()  # the active model's weights file is damaged after it was chosen
    active = library.set_active(library.add(shipped_weights_path(), "soon broken").id)
    active.weights_path.write_bytes(b"not a weights file")
    main = MainWindow()
    qtbot.addWidget(main)
    main.show()
    with qtbot.waitSignal(main.service.model_failed, timeout=30_000):
        pass
    assert not main.model_ready
    assert "Open Weights File" in main.message()
    assert main.findChild(QLabel, "predictionCaption").text() == "No model loaded"
    assert main.findChild(QLabel, "statusWeights").text() == "No model loaded"
    qtbot.waitUntil(lambda: main.training_panel is not None, timeout=30_000)  # torch loads in the background
    main.close()


def test_a_message_floats_over_the_canvas_and_follows_its_width(window):
    window.show_message("something went wrong")
    bar = window.message_bar
    assert window.message() == "Something went wrong"
    assert bar.parentWidget() is window.canvas and bar.isVisible()
    assert bar.width() == window.canvas.width() - 2 * MARGIN
    window.splitter.setSizes([300, 400])
    assert bar.width() == window.canvas.width() - 2 * MARGIN
    _draw(window, _one(window))  # the user moves on: the message goes
    assert window.message() == ""


def test_every_action_tip_names_its_shortcut(window):
    for action in window.findChildren(QAction):
        if action.shortcuts():
            assert action.shortcut().toString(QKeySequence.SequenceFormat.NativeText) in action.toolTip()
    redo = {s.toString() for s in window.redo_action.shortcuts()}
    assert {s.toString() for s in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)} <= redo


def test_pytorch_is_imported_while_the_pen_rests_not_while_it_draws(qtbot):
    """``import torch`` holds the GIL for about 180 ms in one piece: in the background it froze a stroke
    drawn the moment the window showed. It waits for a fresh window's first 1.5 s (the user may begin
    any moment), and then for the pen to rest."""
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.model_ready, timeout=30_000)
    assert window._pen_may_be_moving() and not window.service._torch_asked  # the fresh window's grace
    replay.draw_stroke(window.canvas, _one(window)[:5])
    assert window.canvas.busy_drawing()  # just drawn: the next stroke may follow
    qtbot.wait(200)
    assert not window.service._torch_asked
    qtbot.waitUntil(lambda: window.service._torch_asked, timeout=5_000)  # the pen rested
    assert not window.canvas.busy_drawing()
    qtbot.waitUntil(lambda: window.training_panel is not None, timeout=60_000)
    window.close()


def test_opening_the_training_panel_loads_pytorch_at_once(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.model_ready, timeout=30_000)
    assert not window.service._torch_asked  # a fresh window's grace: the user may begin drawing
    window.training_dock.show()
    assert window.service._torch_asked
    qtbot.waitUntil(lambda: window.training_panel is not None, timeout=60_000)
    window.close()
