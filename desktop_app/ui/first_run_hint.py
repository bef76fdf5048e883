"""A short hint at the foot of the canvas the first time the app opens: what to do, and where training
and the shortcuts are. It goes with the first stroke or "Got it", and does not come back."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QBoxLayout, QLabel, QPushButton, QWidget

from .canvas_overlay import CanvasOverlay
from .qsettings import app_settings

SETTING = "hints/firstRunDone"
MARGIN = 12
#: Below this width "Got it" goes under the text: beside it, on a canvas squeezed by the training
#: panel, the text would wrap into a column of two or three words a line.
STACKED_BELOW = 360


class FirstRunHint(CanvasOverlay):
    """Floats over the bottom of ``canvas``; :meth:`show_if_first_run` shows it once per user."""

    def __init__(self, canvas: QWidget) -> None:
        super().__init__(canvas)
        self.setObjectName("firstRunHint")
        self.setAccessibleName(self.tr("Getting started"))
        self.text_label = QLabel(self.tr(
            "<b>Draw a digit</b> with the mouse, a pen or a finger: the network reads it as you draw. "
            "Write several digits for a number. Train your own network with Training ▸ Start (Ctrl+T); "
            "Help ▸ Keyboard Shortcuts (F1) lists the keys."), self)
        self.text_label.setWordWrap(True)
        self.text_label.setObjectName("firstRunHintText")
        self.got_it = QPushButton(self.tr("&Got it"), self)
        self.got_it.setObjectName("firstRunHintDismiss")
        self.got_it.clicked.connect(self.dismiss)
        self._layout = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._layout.setContentsMargins(12, 8, 8, 8)
        self._layout.addWidget(self.text_label, 1)
        self._layout.addWidget(self.got_it, 0, Qt.AlignmentFlag.AlignVCenter)
        self.hide()

    def show_if_first_run(self) -> bool:
        if app_settings().value(SETTING, False) in (True, "true"):
            return False
        self.show()
        return True

    def dismiss(self) -> None:
        """Hide it for good (this and every later start)."""
        self.hide()
        app_settings().setValue(SETTING, True)

    def paintEvent(self, event) -> None:
        # The palette's tooltip colours: a note, not a warning, in light and dark schemes alike.
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(self.palette().color(QPalette.ColorRole.Mid))
        painter.setBrush(self.palette().color(QPalette.ColorRole.ToolTipBase))
        painter.drawRoundedRect(self.rect().adjusted(1, 1, -1, -1), 6, 6)
        painter.end()

    def _place(self) -> None:
        parent = self.parentWidget()
        width = max(160, parent.width() - 2 * MARGIN)
        stacked = width < STACKED_BELOW
        self._layout.setDirection(QBoxLayout.Direction.TopToBottom if stacked else QBoxLayout.Direction.LeftToRight)
        self._layout.setAlignment(self.got_it, Qt.AlignmentFlag.AlignRight if stacked else Qt.AlignmentFlag.AlignVCenter)
        height = self.heightForWidth(width)
        height = height if height > 0 else self.sizeHint().height()
        self.setGeometry(MARGIN, parent.height() - height - MARGIN, width, height)
        self.raise_()
