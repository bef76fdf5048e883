"""A frame drawn over its parent (the canvas) that keeps its place as the parent is resized: the
message bar and the first-run hint. Subclasses say where they go in :meth:`_place`."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QFrame


class CanvasOverlay(QFrame):
    """Follows the parent's resizes only while shown: a filter on the canvas would otherwise run for
    every mouse move of every stroke."""

    def showEvent(self, event) -> None:
        self.parentWidget().installEventFilter(self)
        self._place()
        super().showEvent(event)

    def hideEvent(self, event) -> None:
        self.parentWidget().removeEventFilter(self)
        super().hideEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self._place()
        return super().eventFilter(watched, event)

    def _place(self) -> None:
        raise NotImplementedError
