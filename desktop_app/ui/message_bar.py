"""A non-modal message that floats over the top of a widget (the canvas): says what went wrong
without blocking anything, and without resizing the canvas under the user's drawing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStyle, QToolButton, QWidget

from .canvas_overlay import CanvasOverlay

#: Space between the bar and the edges of the widget it floats over, in logical pixels.
MARGIN = 8


class MessageBar(CanvasOverlay):
    """Floats over ``parent``, across its width; hidden until :meth:`show_message`."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.setAccessibleName(self.tr("Message"))
        self.text_label = QLabel(self)
        self.text_label.setObjectName("messageText")
        self.text_label.setAccessibleName(self.tr("Message text"))
        self.text_label.setWordWrap(True)
        self.text_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton(self)
        close.setObjectName("messageClose")
        close.setAccessibleName(self.tr("Dismiss message"))
        close.setAutoRaise(True)
        close.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_TitleBarCloseButton))
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 6, 6)
        layout.addWidget(self.text_label, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def text(self) -> str:
        """The message on show, or "" when the bar is hidden."""
        return self.text_label.text() if self.isVisibleTo(self.parentWidget()) else ""

    def show_message(self, text: str) -> None:
        self.text_label.setText(text)
        self.show()
        self._place()  # the new text may need another height

    def paintEvent(self, event) -> None:
        # A red tint over the window colour reads as a warning in light and dark palettes alike.
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fill, border = QColor(220, 53, 69, 40), QColor(220, 53, 69, 170)
        painter.setPen(border)
        painter.setBrush(fill)
        painter.drawRoundedRect(self.rect().adjusted(1, 1, -1, -1), 5, 5)
        painter.end()

    def _place(self) -> None:
        width = max(100, self.parentWidget().width() - 2 * MARGIN)
        height = self.heightForWidth(width)
        self.setGeometry(MARGIN, MARGIN, width, height if height > 0 else self.sizeHint().height())
        self.raise_()
