"""Digits drawn on a canvas with synthetic mouse events, as a person draws them: the self-test reads
them in a bundle, and the start-up report (``app.py``) draws one the moment the window is painted."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

#: Canvas strokes as fractions of the canvas (x right, y down): what a person draws for these digits.
DIGITS = {
    1: [[(0.50, 0.22), (0.50, 0.40), (0.50, 0.60), (0.50, 0.78)]],
    7: [[(0.36, 0.24), (0.50, 0.24), (0.64, 0.24), (0.58, 0.40), (0.52, 0.56), (0.47, 0.78)]],
}


def draw_strokes(canvas, strokes) -> None:
    """Each stroke as a left-button press, moves every few pixels, release -- as a mouse sends them."""
    width, height = canvas.width(), canvas.height()
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton

    def send(kind, point: QPointF, button, buttons) -> None:
        event = QMouseEvent(kind, point, canvas.mapToGlobal(point), button, buttons, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(canvas, event)

    for stroke in strokes:
        points = [QPointF(round(x * width), round(y * height)) for x, y in stroke]
        dense = [points[0]]
        for a, b in zip(points, points[1:], strict=False):
            steps = max(1, int(max(abs(b.x() - a.x()), abs(b.y() - a.y())) // 4))
            dense += [a + (b - a) * (i / steps) for i in range(1, steps + 1)]
        send(QMouseEvent.Type.MouseButtonPress, dense[0], left, left)
        for point in dense[1:]:
            send(QMouseEvent.Type.MouseMove, point, none, left)
        send(QMouseEvent.Type.MouseButtonRelease, dense[-1], left, none)
