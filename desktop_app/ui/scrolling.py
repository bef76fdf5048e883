"""Panels that scroll when squeezed, so the window fits a 768-pixel laptop screen with the training
dock open instead of forcing a taller window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


def scrollable(widget: QWidget) -> QScrollArea:
    """``widget`` in a frameless area that scrolls vertically and keeps the widget's full width."""
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area
