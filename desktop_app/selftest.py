"""``DigitStudio --self-test``: checks a build (the frozen bundle above all) end to end, then exits.

Hidden from ``--help``; ``make package-test`` (tests/test_package_smoke.py) runs it inside the bundle:

1. opens the real MainWindow and waits for the model (the shipped weights in the bundle);
   through onnxruntime and the weights' ONNX twin (``weights/default.onnx``);
2. draws a "1" and a "7" on the ``drawingCanvas`` with synthetic mouse events and reads ``predictedDigit``;
3. starts a short run from the window's training panel, as a user presses Start (the pyqtgraph
   chart, the worker QThread), and waits for every batch's loss in the chart; the run's files go to a
   scratch data folder that is removed afterwards;
4. trains a few batches (``train_subset=500``, one epoch, on the CPU) on the bundled MNIST, which also
   unpacks MNIST into the user data folder, writing the weights and checkpoint into a scratch folder
   there (never over the user's own trained weights);
5. prints one JSON report on stdout (and into ``--self-test-report FILE`` if given: a Windows bundle
   has no console) and exits 0 if every check passed, else 1.

Run it with ``DIGIT_STUDIO_DATA_DIR`` pointing to a temporary folder to leave the user's data alone,
and ``QT_QPA_PLATFORM=offscreen`` to run without a display.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
import traceback
from pathlib import Path

FLAG = "--self-test"
REPORT_FLAG = "--self-test-report"
MODEL_TIMEOUT_S = 120.0
TRAIN_SUBSET = 500


def wants_self_test(argv: list[str]) -> bool:
    return FLAG in argv


def main(argv: list[str]) -> int:
    report_file = None
    if REPORT_FLAG in argv:
        index = argv.index(REPORT_FLAG)
        if index + 1 >= len(argv):
            print(f"{REPORT_FLAG} needs a file name", file=sys.stderr)
            return 2
        report_file = Path(argv[index + 1])
    started = time.perf_counter()
    report: dict = {"ok": False, "checks": {}, "errors": []}
    try:
        _run(report, started)
    except Exception:  # the report says what broke; the exit code says that something did
        report["errors"].append(traceback.format_exc())
    report["ok"] = bool(report["checks"]) and all(report["checks"].values()) and not report["errors"]
    report["elapsed_s"] = round(time.perf_counter() - started, 2)
    text = json.dumps(report, indent=2, sort_keys=True)
    if sys.stdout is not None:  # None in a Windows bundle built without a console
        print(text, flush=True)
    if report_file is not None:
        report_file.write_text(text + "\n", encoding="utf-8")
    return 0 if report["ok"] else 1


def _run(report: dict, started: float) -> None:
    from .core.paths import user_data_dir
    from .ui.main_window import MainWindow

    _check_resources(report)
    app = _application(report)
    window = MainWindow()
    window.show()
    events = _EventLoop()
    try:
        report["checks"]["window_shown"] = events.spin_until(window.isVisible, 10.0)
        _wait_for_model(window, report, events.spin_until, started)
        _read_drawn_digits(window, report, events.spin_until)
        # The panel comes once torch is loaded, in the background (digits are read without it).
        report["checks"]["training_panel_built"] = events.spin_until(lambda: window.training_panel is not None,
                                                                     MODEL_TIMEOUT_S)
        if window.training_panel is not None:
            _train_from_panel(window.training_panel, report, events.spin_until, user_data_dir())
    finally:
        events.stop()
        window.close()  # stops the model thread
        app.processEvents()

    _train(report, user_data_dir())


def _check_resources(report: dict) -> None:
    """The bundle holds what the app reads: the shipped weights and MNIST."""
    from .core.paths import bundle_root, resource_path, shipped_weights_path, user_data_dir

    checks = report["checks"]
    report["frozen"] = bool(getattr(sys, "frozen", False))
    report["bundle_root"] = str(bundle_root())
    report["user_data_dir"] = str(user_data_dir())
    checks["shipped_weights_found"] = shipped_weights_path().is_file()
    checks["mnist_bundled"] = all(
        (resource_path("mnist") / f"{name}.gz").is_file()
        for name in ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                     "t10k-labels-idx1-ubyte"))


def _application(report: dict):
    """The QApplication, set up as the app's own is; checks that the SVG icon renders."""
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from .core.paths import resource_path

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("Digit Studio")
    app.setOrganizationName("DigitStudio")
    report["qt_platform"] = app.platformName()
    _check_language(app, report)
    icon = QIcon(str(resource_path("icons", "digit-studio.svg")))
    report["checks"]["svg_icon_renders"] = not icon.pixmap(64, 64).isNull()  # needs QtSvg + the SVG icon engine
    app.setWindowIcon(icon)
    return app


def _check_language(app, report: dict) -> None:
    """The language the app chose (DIGIT_STUDIO_LANG, the stored choice, the system), and that a
    translated language has its catalogues: the app's and Qt's own (standard buttons and dialogs)."""
    from PySide6.QtCore import QCoreApplication

    from .ui import i18n

    language = report["language"] = i18n.install(app)
    report["translation_catalogues"] = list(i18n.loaded_catalogues)
    if language != "en":
        wanted = [f"qtbase_{language}", f"digit_studio_{language}"]
        translated = QCoreApplication.translate("PredictionPanel", "Prediction") != "Prediction"
        report["checks"]["speaks_chosen_language"] = i18n.loaded_catalogues == wanted and translated


class _EventLoop:
    """Runs the event loop until a condition holds, checking it at least every 20 ms."""

    def __init__(self) -> None:
        from PySide6.QtCore import QEventLoop, QTimer

        self._loop = QEventLoop()
        self._nudge = QTimer()
        self._nudge.setInterval(20)
        self._nudge.timeout.connect(self._loop.quit)
        self._nudge.start()

    def spin_until(self, condition, timeout_s: float) -> bool:
        """True once ``condition()`` holds, False if it still does not after ``timeout_s``."""
        deadline = time.monotonic() + timeout_s
        while not condition():
            if time.monotonic() > deadline:
                return False
            self._loop.exec()
        return True

    def stop(self) -> None:
        self._nudge.stop()


def _wait_for_model(window, report: dict, spin_until, started: float) -> None:
    checks = report["checks"]
    loaded_at = time.perf_counter()
    failures: list[str] = []
    window.service.model_failed.connect(failures.append)
    spin_until(lambda: window.model_ready or bool(failures), MODEL_TIMEOUT_S)
    checks["model_ready"] = window.model_ready
    if window.model_info is not None:  # the shipped weights come with their ONNX twin
        report["runtime"] = window.model_info.runtime
        checks["reads_with_onnx_runtime"] = window.model_info.runtime == "ONNX Runtime"
    if failures:
        report["errors"].append(f"model failed to load: {failures[0]}")
    report["model_ready_s"] = round(time.perf_counter() - started, 2)
    report["model_load_wait_s"] = round(time.perf_counter() - loaded_at, 2)


def _read_drawn_digits(window, report: dict, spin_until) -> None:
    """Draw each of DIGITS on the canvas, as a user would, and read the digit the window shows."""
    from PySide6.QtWidgets import QLabel, QWidget

    from .ui.mouse_drawing import DIGITS, draw_strokes

    checks = report["checks"]
    canvas = window.findChild(QWidget, "drawingCanvas")
    label = window.findChild(QLabel, "predictedDigit")
    checks["widgets_found"] = canvas is not None and label is not None
    if not (checks["model_ready"] and checks["widgets_found"]):
        return
    predictions = {}
    for digit, strokes in DIGITS.items():
        window.clear_action.trigger()
        draw_strokes(canvas, strokes)
        spin_until(lambda: not window.predicting, 20.0)
        text = label.text().strip()
        predictions[str(digit)] = text
        checks[f"predicts_{digit}"] = text == str(digit)
    report["predictions"] = predictions


def _train_from_panel(panel, report: dict, spin_until, data_dir: Path) -> None:
    """A short run started from the panel; its weights, checkpoint and MNIST copy go to a scratch
    data folder (the user's own trained weights and interrupted run are left alone)."""
    import os

    from .core.paths import DATA_DIR_ENV
    from .core.settings import TrainingSettings

    checks = report["checks"]
    scratch = data_dir / "self-test-gui"
    previous = os.environ.get(DATA_DIR_ENV)
    os.environ[DATA_DIR_ENV] = str(scratch)
    results = []
    panel.run_finished.connect(results.append)
    began = time.perf_counter()
    try:
        panel.start_training(TrainingSettings().with_changes(epochs=1, train_subset=TRAIN_SUBSET, device="cpu"))
        spin_until(lambda: bool(results), 300.0)
        result = results[0] if results else None
        report["gui_training"] = {
            "status": result.status if result else "no result",
            "batches": len(result.history["batch_loss"]) if result else 0,
            "chart_points": panel.chart.point_count,
            "seconds": round(time.perf_counter() - began, 2),
            "failure": result.failure.message if result and result.failure else None,
        }
        checks["gui_training_completed"] = (result is not None and result.status == "completed"
                                            and panel.chart.point_count == len(result.history["batch_loss"]) >= 3)
    finally:
        if previous is None:
            os.environ.pop(DATA_DIR_ENV, None)
        else:
            os.environ[DATA_DIR_ENV] = previous
        shutil.rmtree(scratch, ignore_errors=True)


def _train(report: dict, data_dir: Path) -> None:
    import torch

    from .core.data import MNIST_FILES, mnist_root
    from .core.settings import TrainingSettings
    from .core.training import Callback, Trainer

    checks = report["checks"]
    report["torch"] = torch.__version__
    report["cuda_available"] = bool(torch.cuda.is_available())
    scratch = data_dir / "self-test"
    losses: list[float] = []

    class Losses(Callback):
        def on_batch_end(self, trainer, progress):
            losses.append(float(progress.loss))

    settings = TrainingSettings().with_changes(epochs=1, train_subset=TRAIN_SUBSET, device="cpu")
    began = time.perf_counter()
    try:
        result = Trainer(settings, [Losses()], out_path=scratch / "weights.pt",
                         checkpoint=scratch / "last.ckpt").fit()
        report["training"] = {
            "status": result.status,
            "batches": len(losses),
            "first_loss": round(losses[0], 4) if losses else None,
            "last_loss": round(losses[-1], 4) if losses else None,
            "test_accuracy": round(float(result.metrics.get("test_accuracy", 0.0)), 4) if result.metrics else None,
            "seconds": round(time.perf_counter() - began, 2),
            "failure": result.failure.message if result.failure else None,
        }
        raw = mnist_root() / "MNIST" / "raw"
        checks["mnist_unpacked_to_user_data"] = all((raw / name).is_file() for name in MNIST_FILES)
        checks["training_completed"] = result.status == "completed" and len(losses) >= 3
        checks["weights_written_to_user_data"] = (scratch / "weights.pt").is_file()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
