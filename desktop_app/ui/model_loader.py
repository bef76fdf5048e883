"""Loading the network and reading digits off the GUI thread.

Why a worker thread rather than the GUI thread: preprocessing a drawing and one forward pass of the
compact CNN take about a millisecond (``benchmarks/bench_inference.py``), but the forward pass
spikes to tens of milliseconds whenever other processes (a training run) share the CPU. Run on the
GUI thread, such a spike would freeze the pen; on a worker, painting goes on and the prediction
simply lands a little later. Loading is the same story: ``import torch`` alone takes over a second
(``benchmarks/bench_startup.py``), so the window module never imports it, and the worker imports it
after the window is on screen.

One worker thread per window owns the :class:`~desktop_app.core.inference.Predictor`; the predictor
is only ever used on that thread, so swapping weights needs no lock (the swap is queued between
two predictions). The service keeps at most one request in flight and one waiting; a newer
request replaces the waiting one, so a slow CPU shows fewer intermediate results, never stale ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from . import i18n


@dataclass(frozen=True)
class ModelInfo:
    """What the status bar says about the weights in use."""

    path: Path
    kind: str  # "shipped", "trained" or "file"
    architecture: str
    test_accuracy: float | None
    device: str

    def describe(self) -> str:
        translate = QCoreApplication.translate
        name = {"shipped": translate("ModelInfo", "Shipped weights"),
                "trained": translate("ModelInfo", "Your trained weights")}.get(self.kind, self.path.name)
        if self.test_accuracy is not None:
            accuracy = translate("ModelInfo", "test accuracy {accuracy}").format(
                accuracy=i18n.percent(self.test_accuracy, 2))
        else:
            accuracy = translate("ModelInfo", "test accuracy unknown")
        return translate("ModelInfo", "{name} ({architecture}, {accuracy}) · {device}").format(
            name=name, architecture=self.architecture, accuracy=accuracy, device=self.device)


@dataclass(frozen=True)
class StrokesInput:
    """Pen strokes: (n, 2) arrays of points."""

    strokes: tuple


@dataclass(frozen=True)
class ImageInput:
    """A picture (PIL image) of any size and polarity."""

    image: object


def describe_weights(predictor, path: Path) -> ModelInfo:
    """A ModelInfo for a loaded predictor (imports torch: call it where torch is already loaded)."""
    from ..core.paths import shipped_weights_path, trained_weights_path

    path = Path(path)
    resolved = path.resolve()
    if resolved == shipped_weights_path().resolve():
        kind = "shipped"
    elif resolved == trained_weights_path().resolve():
        kind = "trained"
    else:
        kind = "file"
    weights = predictor.weights
    device = "CPU" if predictor.device.type == "cpu" else str(predictor.device)
    return ModelInfo(path, kind, weights.architecture, weights.test_accuracy, device)


class ModelWorker(QObject):
    """Lives on the model thread: loads weights and turns inputs into NumberReadings (one digit or more)."""

    loaded = Signal(object)  # ModelInfo
    load_failed = Signal(str)
    predicted = Signal(int, object)  # request id, NumberReading
    predict_failed = Signal(int, str)

    def __init__(self) -> None:
        super().__init__()
        self._predictor = None

    @Slot(str)
    def load(self, path: str) -> None:
        try:
            import torch

            from ..core.inference import Predictor  # imports torch: over a second, here off the GUI thread
            from ..core.weights import WeightsError
            from ..runtime.gc_pauses import freeze_long_lived_objects

            # torch's modules live as long as the app: keep the collector's full passes from
            # walking them (each holds the GIL long enough to freeze the window; see
            # runtime/gc_pauses.py).
            freeze_long_lived_objects()

            # One intra-op thread for single digits. Measured on the 2-core machine: 2 threads were
            # several times slower per digit than 1 when idle, and over a hundred times slower once
            # other processes load the CPU (OpenMP's spinning team threads then fight them for the
            # cores). torch's count is process-wide (threads started later begin with it), so the
            # training worker sets its own count for its run and puts this one back afterwards.
            torch.set_num_threads(1)

            try:
                predictor = Predictor.from_file(path, "cpu")
            except WeightsError as error:
                self.load_failed.emit(i18n.error_text(error))
                return
            self._predictor = predictor
            self.loaded.emit(describe_weights(predictor, Path(path)))
        except Exception as error:  # a broken torch install must leave a message, not a dead thread
            self.load_failed.emit(self.tr("cannot load the model: {error}").format(
                error=f"{type(error).__name__}: {error}"))

    @Slot(object)
    def use_predictor(self, predictor) -> None:
        self._predictor = predictor

    @Slot(int, object)
    def predict(self, request_id: int, source) -> None:
        try:
            if isinstance(source, ImageInput):
                prediction = self._predictor.predict_number_image(source.image)
            else:
                prediction = self._predictor.predict_number_strokes(list(source.strokes))
        except Exception as error:  # e.g. an image whose pixels Pillow cannot convert
            self.predict_failed.emit(request_id, self.tr("cannot read this input: {error}").format(
                error=i18n.error_text(error)))
            return
        self.predicted.emit(request_id, prediction)


class ModelService(QObject):
    """The GUI side of the model thread: start, load, request predictions, stop."""

    #: The first model (or a new one after use_predictor) is ready: ModelInfo.
    model_loaded = Signal(object)
    #: Loading failed: a one-line message. The previous model, if any, stays in use.
    model_failed = Signal(str)
    #: A reading of the newest content: a NumberReading, or None when there is nothing to read.
    #: Older results never follow newer ones.
    prediction_ready = Signal(object)
    #: A prediction failed: a one-line message.
    prediction_failed = Signal(str)

    _load_requested = Signal(str)
    _predict_requested = Signal(int, object)
    _predictor_given = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.info: ModelInfo | None = None
        self._thread: QThread | None = None
        self._worker: ModelWorker | None = None
        self._next_id = 0
        self._in_flight: int | None = None
        self._waiting: tuple[int, object] | None = None
        self._valid_from = 0  # results of requests before this id describe content that is gone
        self._last_shown = -1

    @property
    def ready(self) -> bool:
        return self.info is not None

    @property
    def busy(self) -> bool:
        """A prediction is running or waiting (tests and benchmarks wait for this to clear)."""
        return self._in_flight is not None or self._waiting is not None

    def start(self) -> None:
        """Start the model thread (cheap); :meth:`load` then loads the weights there."""
        self._thread = QThread(self)
        self._thread.setObjectName("modelThread")
        self._worker = ModelWorker()
        self._worker.moveToThread(self._thread)
        self._thread.finished.connect(self._worker.deleteLater)
        self._load_requested.connect(self._worker.load)
        self._predict_requested.connect(self._worker.predict)
        self._predictor_given.connect(self._worker.use_predictor)
        self._worker.loaded.connect(self._on_loaded)
        self._worker.load_failed.connect(self._on_load_failed)
        self._worker.predicted.connect(self._on_predicted)
        self._worker.predict_failed.connect(self._on_predict_failed)
        self._thread.start()

    def load(self, weights_path: Path) -> None:
        """Load weights on the model thread (the first call also imports torch there)."""
        self._load_requested.emit(str(weights_path))

    def use_predictor(self, predictor, info: ModelInfo) -> None:
        """Switch to a predictor loaded elsewhere; predictions after this call use it."""
        self._predictor_given.emit(predictor)
        self.info = info
        self.model_loaded.emit(info)

    def request(self, source: StrokesInput | ImageInput | None, live: bool = False) -> None:
        """Ask for a prediction of the current content (``None``: nothing to read).

        ``live`` requests (while a stroke is drawn) may be shown after one another; any other
        request is a new state of the canvas that makes every earlier result out of date.
        """
        request_id = self._next_id
        self._next_id += 1
        if not live:
            self._valid_from = request_id
        if source is None:
            # Nothing to read: answered here, so an empty canvas never waits for (or imports) torch.
            self._waiting = None
            self._last_shown = request_id
            self.prediction_ready.emit(None)
            return
        self._waiting = (request_id, source)
        self._dispatch()

    def shutdown(self) -> None:
        """Stop the model thread and wait for it (a running prediction or import finishes first)."""
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
            self._thread = None
        self._waiting = None
        self._in_flight = None

    def _dispatch(self) -> None:
        if self._in_flight is not None or self._waiting is None or not self.ready or self._thread is None:
            return
        request_id, source = self._waiting
        self._waiting = None
        self._in_flight = request_id
        self._predict_requested.emit(request_id, source)

    def _on_loaded(self, info: ModelInfo) -> None:
        self.info = info
        self.model_loaded.emit(info)
        self._dispatch()

    def _on_load_failed(self, message: str) -> None:
        self.model_failed.emit(message)

    def _on_predicted(self, request_id: int, prediction) -> None:
        self._in_flight = None
        if self._valid_from <= request_id and request_id > self._last_shown:
            self._last_shown = request_id
            self.prediction_ready.emit(prediction)
        self._dispatch()

    def _on_predict_failed(self, request_id: int, message: str) -> None:
        self._in_flight = None
        if self._valid_from <= request_id:
            self.prediction_failed.emit(message)
        self._dispatch()
