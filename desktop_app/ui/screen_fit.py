"""Window sizes that fit the screen: a 1024x600 netbook has 570 pixels or so below its task bar."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

#: The share of the screen's free area a new window may take: its frame and a little desktop stay in view.
SCREEN_SHARE = 0.92


def fitted_size(widget: QWidget | None, width: int, height: int) -> tuple[int, int]:
    """``width`` x ``height``, or less where the screen (``widget``'s, else the primary one) is smaller."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    if screen is None:
        return width, height
    available = screen.availableGeometry()
    return min(width, int(available.width() * SCREEN_SHARE)), min(height, int(available.height() * SCREEN_SHARE))


def resize_to_fit(widget: QWidget, width: int, height: int) -> None:
    """Resize ``widget`` to ``width`` x ``height``, shrunk to fit its screen: a dialog taller than the
    screen leaves its bottom (buttons, the last rows of a table) out of reach."""
    widget.resize(*fitted_size(widget, width, height))
