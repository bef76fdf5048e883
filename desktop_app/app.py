"""GUI entry point: shows the window first, then loads torch and the model (start-up under 1.5 s).

Set ``DIGIT_STUDIO_STARTUP_REPORT=1`` to have the app print, as ``<event> <unix time>`` lines on
stdout, when the window was first painted (``window_shown``), when the model was ready to read
digits (``model_loaded``, or ``model_failed``), when a "1" drawn on the canvas with mouse events the
moment the window was painted was read and shown (``first_prediction``), and when PyTorch was
loaded for training (``torch_ready``, or ``torch_failed``), and then quit:
``benchmarks/bench_startup.py`` uses it.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .ui.model_loader import ModelService

#: Environment variable that turns on the start-up report (see the module docstring).
STARTUP_REPORT_ENV = "DIGIT_STUDIO_STARTUP_REPORT"


def main(argv: list[str] | None = None) -> int:
    from .runtime import prepare_process

    prepare_process()  # a no-op when digit-studio's own main already did it
    # PySide6 first, so pyqtgraph (imported later by other panels) binds to it, not another binding.
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from .core.paths import remove_stale_temporary_files, resource_path
    from .ui.application import DigitStudioApplication
    from .ui.i18n import install as install_language
    from .ui.main_window import MainWindow
    from .ui.model_loader import ModelService

    app = QApplication.instance() or DigitStudioApplication(sys.argv if argv is None else argv)
    app.setApplicationName("Digit Studio")
    app.setOrganizationName("DigitStudio")
    app.setApplicationDisplayName("Digit Studio")
    app.setDesktopFileName("digit-studio")
    app.setWindowIcon(QIcon(str(resource_path("icons", "digit-studio.svg"))))
    install_language(app)  # before any widget is built: the window's texts are set once
    remove_stale_temporary_files()  # left by a save that was killed mid-write
    service = ModelService()
    window = MainWindow(model_service=service)
    if isinstance(app, DigitStudioApplication):
        app.quit_requested.connect(window.prepare_to_quit)
        app.quit_on_signals()
    if os.environ.get(STARTUP_REPORT_ENV):
        _report_startup(window, service)
    window.show()
    return app.exec()


def _report_startup(window, service: ModelService) -> None:
    """Print the start-up events (see the module docstring), then close the window."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    from .ui.mouse_drawing import DIGITS, draw_strokes

    seen: set[str] = set()

    def report(event: str) -> None:
        if event in seen:
            return
        seen.add(event)
        print(f"{event} {time.time():.6f}", flush=True)
        if seen & {"first_prediction", "model_failed"} and seen & {"torch_ready", "torch_failed"}:
            QTimer.singleShot(0, window.close)

    class FirstPaint(QObject):
        def eventFilter(self, watched, event) -> bool:
            if event.type() == QEvent.Type.Paint:
                report("window_shown")
                watched.removeEventFilter(self)
                QTimer.singleShot(0, lambda: draw_strokes(window.canvas, DIGITS[1]))  # a user drawing at once
            return False

    window.installEventFilter(FirstPaint(window))  # the window, its parent, keeps it alive
    window.model_loaded.connect(lambda _info: report("model_loaded"))
    window.prediction_shown.connect(lambda prediction: prediction is not None and report("first_prediction"))
    service.model_failed.connect(lambda _message: report("model_failed"))
    service.torch_ready.connect(lambda: report("torch_ready"))
    service.torch_failed.connect(lambda _message: report("torch_failed"))


if __name__ == "__main__":
    sys.exit(main())
