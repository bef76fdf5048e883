"""Qt views and adapters. They subscribe to the core's callbacks; the logic lives in ``desktop_app.core``."""

from __future__ import annotations

__all__ = ["MainWindow"]


def __getattr__(name: str):
    # Lazy, so importing a small module of this package (e.g. .qsettings) does not build the window's
    # whole import graph; ``desktop_app.ui.MainWindow`` still works.
    if name == "MainWindow":
        from .main_window import MainWindow

        return MainWindow
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
