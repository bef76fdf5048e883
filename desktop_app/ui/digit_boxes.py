"""Boxes drawn over the canvas around each digit read, the unsure ones dashed and marked "?", the
parts that are no digit dashed in grey and marked with a dash.

An overlay child of the canvas rather than painting inside it: the canvas stays a plain drawing
surface, and the boxes (a view of the reading) come and go with the View menu's toggle. Mouse
events pass through to the canvas.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QWidget

from .canvas import DrawingCanvas
from .number_view import NO_DIGIT_MARK

# Space around the digit's strokes, in logical pixels: the boxes surround the ink, not its centre line.
_PADDING = 6.0


class DigitBoxesOverlay(QWidget):
    """Paints the boxes of a reading over ``canvas``; boxes follow the canvas when it is resized."""

    def __init__(self, canvas: DrawingCanvas) -> None:
        super().__init__(canvas)
        self.setObjectName("digitBoxes")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self._canvas = canvas
        # (box as fractions of the content, mark, selected) for each digit: mark "" (confident), "?"
        # (unsure) or a dash (not a digit); the content is the canvas unit square (drawings) or the
        # image's rectangle (pictures).
        self._boxes: list[tuple[tuple[float, float, float, float], str, bool]] = []
        self._on_image = False
        self.setGeometry(canvas.rect())
        canvas.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._canvas and event.type() == QEvent.Type.Resize:
            self.setGeometry(self._canvas.rect())
        return False

    def boxes(self) -> list[QRectF]:
        """The boxes as painted now, in the canvas's logical pixels."""
        return [self._to_pixels(box) for box, _, _ in self._boxes]

    def show_reading(self, reading, image_size: tuple[int, int] | None, selected: int | None) -> None:
        """Boxes for a NumberReading (None: none); ``image_size``: the picture's size when it came from one."""
        self._boxes = []
        self._on_image = image_size is not None
        if reading is not None and len(reading.digits) > 1:
            for index, digit in enumerate(reading.digits):
                self._boxes.append((self._to_fractions(digit.box, image_size), _mark(digit.prediction),
                                    index == selected))
        self.update()

    def _to_fractions(self, box, image_size):
        x, y, width, height = box
        if image_size is not None:
            w, h = image_size
            return x / w, y / h, width / w, height / h
        scale, centre_x, centre_y = self._canvas.pixels_per_unit()
        return (x - centre_x) / scale, (y - centre_y) / scale, width / scale, height / scale

    def _to_pixels(self, fractions) -> QRectF:
        x, y, width, height = fractions
        if self._on_image:
            area = self._canvas.image_rect() or QRectF(self.rect())
            rect = QRectF(area.x() + x * area.width(), area.y() + y * area.height(),
                          width * area.width(), height * area.height())
        else:
            scale, centre_x, centre_y = self._canvas.pixels_per_unit()
            rect = QRectF(x * scale + centre_x, y * scale + centre_y, width * scale, height * scale)
        return rect.adjusted(-_PADDING, -_PADDING, _PADDING, _PADDING)

    def paintEvent(self, event) -> None:
        if not self._boxes:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        highlight = self.palette().color(QPalette.ColorRole.Highlight)
        unsure = QColor(200, 120, 0)  # amber: reads on light and dark paper alike
        no_digit = self.palette().color(QPalette.ColorRole.PlaceholderText)
        for (fractions, mark, selected) in self._boxes:
            rect = self._to_pixels(fractions)
            colour = {"": highlight, "?": unsure}.get(mark, no_digit)
            pen = QPen(colour, 3.0 if selected else 1.5)
            pen.setStyle(Qt.PenStyle.DashLine if mark else Qt.PenStyle.SolidLine)
            painter.setPen(pen)
            painter.drawRoundedRect(rect, 4, 4)
            if mark:
                painter.drawText(rect.adjusted(4, 2, -4, -2), Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight, mark)
        painter.end()


def _mark(prediction) -> str:
    """What a box is marked with: nothing for a confident digit, "?" for an unsure one, a dash for no digit."""
    if prediction.digit is None:
        return NO_DIGIT_MARK
    return "" if prediction.is_confident else "?"
