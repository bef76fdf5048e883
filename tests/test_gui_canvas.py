"""The drawing canvas alone: strokes from mouse, pen and touch, undo/redo/clear, resizing, drops."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, QSize, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QImage, QPointingDevice, QTabletEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop_app.ui.canvas import MAX_PEN_WIDTH, MIN_PEN_WIDTH, DrawingCanvas
from devtools.replay import draw_stroke, drop_file


@pytest.fixture
def canvas(qtbot):
    widget = DrawingCanvas()
    qtbot.addWidget(widget)
    widget.resize(400, 300)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_names_for_automation(canvas):
    assert canvas.objectName() == "drawingCanvas"
    assert canvas.accessibleName() == "drawingCanvas"
    assert canvas.testAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
    assert canvas.acceptDrops()


def test_mouse_stroke_is_recorded_exactly_in_canvas_coordinates(canvas, qtbot):
    points = np.array([[50.0, 60.0], [80.0, 90.0], [120.0, 100.0], [150.0, 40.0]])
    with qtbot.waitSignal(canvas.strokes_changed):
        draw_stroke(canvas, points)
    strokes = canvas.strokes()
    assert len(strokes) == 1
    np.testing.assert_allclose(strokes[0], points, atol=1e-9)
    assert not canvas.is_empty()


def test_stroke_progress_while_drawing_and_one_change_at_the_end(canvas, qtbot):
    progress, changed = [], []
    canvas.stroke_progress.connect(lambda: progress.append(1))
    canvas.strokes_changed.connect(lambda: changed.append(1))
    draw_stroke(canvas, np.array([[10, 10], [20, 20], [30, 30], [40, 40]]))
    assert len(progress) >= 3
    assert len(changed) == 1


def test_a_click_without_moving_is_a_dot(canvas):
    draw_stroke(canvas, np.array([[100.0, 100.0]]))
    assert [len(stroke) for stroke in canvas.strokes()] == [1]
    assert _ink_pixels(canvas) > 0


def test_right_button_does_not_draw(canvas):
    QTest.mouseClick(canvas, Qt.MouseButton.RightButton, pos=canvas.rect().center())
    assert canvas.is_empty()


def test_undo_redo_and_clear_is_undoable(canvas):
    draw_stroke(canvas, np.array([[10, 10], [60, 60]]))
    draw_stroke(canvas, np.array([[100, 10], [100, 90]]))
    assert len(canvas.strokes()) == 2
    canvas.undo()
    assert len(canvas.strokes()) == 1
    canvas.redo()
    assert len(canvas.strokes()) == 2
    canvas.clear()
    assert canvas.is_empty()
    canvas.undo()
    assert len(canvas.strokes()) == 2
    canvas.redo()
    assert canvas.is_empty()


def test_clearing_an_empty_canvas_adds_no_undo_step(canvas):
    canvas.clear()
    assert canvas.undo_stack.count() == 0


def test_resizing_scales_the_drawing_instead_of_losing_it(canvas, qtbot):
    draw_stroke(canvas, np.array([[150.0, 100.0], [250.0, 200.0]]), subpixel=True)
    canvas.resize(800, 600)  # twice the size: points scale about the centre
    qtbot.waitUntil(lambda: canvas.size() == QSize(800, 600))
    np.testing.assert_allclose(canvas.strokes()[0], [[300.0, 200.0], [500.0, 400.0]], atol=1e-9)
    assert _ink_pixels(canvas) > 0


def test_pen_width_applies_to_new_strokes_and_is_bounded(canvas):
    canvas.set_pen_width(6)
    draw_stroke(canvas, np.array([[50, 150], [350, 150]]))
    thin = _ink_pixels(canvas)
    canvas.clear()
    canvas.set_pen_width(30)
    draw_stroke(canvas, np.array([[50, 150], [350, 150]]))
    assert _ink_pixels(canvas) > 3 * thin
    canvas.set_pen_width(1000)
    assert canvas.pen_width == MAX_PEN_WIDTH
    canvas.set_pen_width(0)
    assert canvas.pen_width == MIN_PEN_WIDTH


def test_tablet_pen_draws_a_stroke(canvas):
    device = QPointingDevice.primaryPointingDevice()
    for kind, x, pressure in [(QEvent.Type.TabletPress, 50, 0.2), (QEvent.Type.TabletMove, 150, 0.6),
                              (QEvent.Type.TabletMove, 250, 1.0), (QEvent.Type.TabletRelease, 250, 0.0)]:
        position = QPointF(x, 120)
        event = QTabletEvent(kind, device, position, canvas.mapToGlobal(position), pressure, 0, 0, 0, 0, 0,
                             Qt.KeyboardModifier.NoModifier, Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton)
        QApplication.sendEvent(canvas, event)
    strokes = canvas.strokes()
    assert len(strokes) == 1
    np.testing.assert_allclose(strokes[0], [[50, 120], [150, 120], [250, 120]])
    assert _ink_pixels(canvas) > 0


def test_touch_draws_a_stroke(canvas):
    device = QTest.createTouchDevice()
    QTest.touchEvent(canvas, device).press(0, QPointF(60, 60).toPoint()).commit()
    QTest.touchEvent(canvas, device).move(0, QPointF(160, 110).toPoint()).commit()
    QTest.touchEvent(canvas, device).move(0, QPointF(260, 160).toPoint()).commit()
    QTest.touchEvent(canvas, device).release(0, QPointF(260, 160).toPoint()).commit()
    strokes = canvas.strokes()
    assert len(strokes) == 1
    assert len(strokes[0]) == 3
    # QTest's touch points land within a couple of pixels (its window-to-widget mapping); the shape
    # of the stroke is exact.
    np.testing.assert_allclose(strokes[0][0], [60, 60], atol=3)
    np.testing.assert_allclose(strokes[0][-1] - strokes[0][0], [200, 100], atol=1e-9)


def test_shown_image_replaces_the_drawing_until_cleared(canvas):
    from PIL import Image

    draw_stroke(canvas, np.array([[10, 10], [60, 60]]))
    picture = Image.new("L", (28, 28), 0)
    canvas.show_image(picture, "blank.png")
    assert canvas.image() is picture and canvas.strokes() == []
    canvas.undo()
    assert canvas.image() is None and len(canvas.strokes()) == 1
    canvas.redo()
    canvas.clear()
    assert canvas.is_empty()


def test_drawing_over_an_image_starts_a_new_drawing(canvas):
    from PIL import Image

    canvas.show_image(Image.new("L", (28, 28), 0), "blank.png")
    draw_stroke(canvas, np.array([[10, 10], [60, 60]]))
    assert canvas.image() is None and len(canvas.strokes()) == 1
    canvas.undo()
    assert canvas.image() is not None


def test_dropping_a_local_file_reports_its_path(canvas, qtbot, tmp_path):
    path = tmp_path / "digit.png"
    path.write_bytes(b"anything: the window validates it")
    with qtbot.waitSignal(canvas.file_dropped) as blocker:
        assert drop_file(canvas, path)
    assert blocker.args == [str(path)]


def test_dropping_a_web_address_is_refused_with_a_reason(canvas, qtbot):
    mime = QMimeData()
    mime.setUrls([QUrl("https://example.com/seven.png")])
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, buttons, modifiers)
    QApplication.sendEvent(canvas, enter)
    assert enter.isAccepted()
    with qtbot.waitSignal(canvas.drop_rejected) as blocker:
        QApplication.sendEvent(canvas, QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, buttons, modifiers))
    assert "only files on this computer" in blocker.args[0]


def test_render_image_has_the_ink(canvas):
    draw_stroke(canvas, np.array([[50, 150], [350, 150]]))
    image = canvas.render_image()
    assert image.size() == canvas.size()
    paper = canvas.palette().base().color()
    assert image.pixelColor(200, 150) != paper
    assert image.pixelColor(200, 20) == paper


def _ink_pixels(canvas: DrawingCanvas) -> int:
    image = canvas.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    paper = QColor(canvas.palette().base().color()).rgb()
    array = np.frombuffer(image.constBits(), dtype=np.uint32, count=image.width() * image.height())
    return int((array != (paper & 0xFFFFFFFF)).sum())
