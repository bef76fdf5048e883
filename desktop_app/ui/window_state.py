"""The window's layout between runs: geometry, docks and toolbar, the canvas/panel split, pen width."""

from __future__ import annotations

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QMainWindow, QSpinBox, QSplitter

from .canvas import DEFAULT_PEN_WIDTH
from .qsettings import app_settings

#: The layout's version in saveState: 2 since the training dock moved beside the canvas, closed at
#: first (a version-1 state would put it back below the canvas, taking half the height).
STATE_VERSION = 2


def restore_window_state(window: QMainWindow, splitter: QSplitter, pen_width: QSpinBox) -> None:
    """Put back what :func:`save_window_state` saved; what is missing keeps its first-run value."""
    settings = app_settings()
    geometry = settings.value("window/geometry")
    if _saved(geometry):
        window.restoreGeometry(geometry)
    state = settings.value("window/state")
    if _saved(state):
        window.restoreState(state, STATE_VERSION)
    sizes = settings.value("window/splitter")
    if _saved(sizes):
        splitter.restoreState(sizes)
    try:
        pen_width.setValue(int(settings.value("canvas/penWidth", DEFAULT_PEN_WIDTH)))
    except (TypeError, ValueError):  # a hand-edited settings file must not stop the app
        pass


def save_window_state(window: QMainWindow, splitter: QSplitter, pen_width: QSpinBox) -> None:
    settings = app_settings()
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/state", window.saveState(STATE_VERSION))
    settings.setValue("window/splitter", splitter.saveState())
    settings.setValue("canvas/penWidth", pen_width.value())
    settings.sync()


def _saved(value) -> bool:
    return isinstance(value, QByteArray) and not value.isEmpty()
