"""Loading the network and reading digits off the GUI thread; PyTorch in the background.

Reading digits does not wait for PyTorch: the model thread opens the active model's ONNX twin with
onnxruntime (``import onnxruntime`` takes about a tenth of ``import torch``'s two seconds; see
:mod:`desktop_app.core.readers`), so the canvas reads a digit well under a second after launch. Only
when a model has no current twin (it cannot be exported, or the twin is being made) does the model
thread load it with PyTorch, as before twins existed. PyTorch itself, which training and evaluation
need, is imported on a second thread once the model is ready (:class:`TorchWorker`), and
:attr:`ModelService.torch_ready` tells the window to build its training panel. That thread also
makes the ONNX twins of models added while the app runs (an export takes seconds).

Why a worker thread rather than the GUI thread: preprocessing a drawing and one forward pass of the
compact CNN take about a millisecond (``benchmarks/bench_inference.py``), but the forward pass
spikes to tens of milliseconds whenever other processes (a training run) share the CPU. Run on the
GUI thread, such a spike would freeze the pen; on a worker, painting goes on and the prediction
simply lands a little later. The window module never imports torch, nor onnxruntime: both are
imported on the workers after the window is on screen.

One worker thread per window owns the reader (:class:`~desktop_app.core.reading.DigitReader`); it
is only ever used on that thread, so swapping weights needs no lock (the swap is queued between
two predictions). The service keeps at most one request in flight and one waiting; a newer
request replaces the waiting one, so a slow CPU shows fewer intermediate results, never stale ones.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Signal, Slot

from ..core.errors import UserError
from ..core.model_library import set_twin_maker
from ..runtime.gc_pauses import import_without_collecting
from . import i18n


@dataclass(frozen=True)
class ModelInfo:
    """What the status bar says about the weights in use."""

    path: Path
    kind: str  # "shipped", "trained" or "file"
    architecture: str
    test_accuracy: float | None
    device: str
    runtime: str = "PyTorch"  # what reads the digits: "ONNX Runtime" or "PyTorch"

    def describe(self) -> str:
        translate = QCoreApplication.translate
        name = {"shipped": translate("ModelInfo", "Shipped weights"),
                "trained": translate("ModelInfo", "Your trained weights")}.get(self.kind, self.path.name)
        if self.test_accuracy is not None:
            accuracy = translate("ModelInfo", "test accuracy {accuracy}").format(
                accuracy=i18n.percent(self.test_accuracy, 2))
        else:
            accuracy = translate("ModelInfo", "test accuracy unknown")
        return translate("ModelInfo", "{name} ({architecture}, {accuracy}) · {runtime}, {device}").format(
            name=name, architecture=self.architecture, accuracy=accuracy, runtime=self.runtime, device=self.device)


@dataclass(frozen=True)
class StrokesInput:
    """Pen strokes: (n, 2) arrays of points."""

    strokes: tuple


@dataclass(frozen=True)
class ImageInput:
    """A picture (PIL image) of any size and polarity."""

    image: object


def describe_weights(reader, path: Path) -> ModelInfo:
    """A ModelInfo for a reader (PyTorch's or onnxruntime's) of the weights at ``path``."""
    from ..core.paths import shipped_weights_path, trained_weights_path

    path = Path(path)
    resolved = path.resolve()
    if resolved == shipped_weights_path().resolve():
        kind = "shipped"
    elif resolved == trained_weights_path().resolve():
        kind = "trained"
    else:
        kind = "file"
    return ModelInfo(path, kind, reader.architecture, reader.test_accuracy, reader.device_name, reader.runtime)


def open_weights(path: Path):
    """The reader of the weights at ``path``: their ONNX twin's when they have one (no torch), else
    PyTorch's (which imports torch: call it off the GUI thread unless torch is loaded). UserError (one
    line) when the weights cannot be used."""
    from ..core.readers import open_reader

    reader = open_reader(path)
    if reader.runtime == "PyTorch":
        prepare_torch()
    return reader


_torch_prepared = False
#: How often the automatic import of PyTorch looks whether the user has stopped drawing (ms).
TORCH_IDLE_POLL_MS = 100


def prepare_torch() -> None:
    """Import torch and set it up for the app, once per process (over a second: off the GUI thread)."""
    global _torch_prepared
    if _torch_prepared:
        return
    import torch

    from ..runtime.gc_pauses import freeze_long_lived_objects

    # torch's modules live as long as the app: keep the collector's full passes from walking them
    # (each holds the GIL long enough to freeze the window; see runtime/gc_pauses.py).
    freeze_long_lived_objects()
    # One intra-op thread for single digits. Measured on the 2-core machine: 2 threads were several
    # times slower per digit than 1 when idle, and over a hundred times slower once other processes
    # load the CPU (OpenMP's spinning team threads then fight them for the cores). torch's count is
    # process-wide (threads started later begin with it), so the training worker sets its own count
    # for its run and puts this one back afterwards. Set once: never in the middle of a run.
    torch.set_num_threads(1)
    _torch_prepared = True


class ModelWorker(QObject):
    """Lives on the model thread: opens weights and turns inputs into NumberReadings (one digit or more)."""

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
            reader = open_weights(Path(path))
        except UserError as error:
            self.load_failed.emit(i18n.error_text(error))
            return
        except Exception as error:  # a broken runtime install must leave a message, not a dead thread
            self.load_failed.emit(self.tr("cannot load the model: {error}").format(
                error=f"{type(error).__name__}: {error}"))
            return
        self._predictor = reader
        self.loaded.emit(describe_weights(reader, Path(path)))

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


class TorchWorker(QObject):
    """Lives on the torch thread: imports PyTorch for training and evaluation, then makes ONNX twins."""

    ready = Signal()
    failed = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        #: Set from the GUI thread when the app quits: twin requests still queued start no export (a
        #: stopped run kept as a model while the window closes would otherwise hold the close for one).
        self.closing = False

    @Slot()
    def load_torch(self) -> None:
        try:
            prepare_torch()
        except Exception as error:  # a broken torch install: reading goes on, training cannot
            self.failed.emit(self.tr("PyTorch cannot be loaded, so training is not available: {error}").format(
                error=f"{type(error).__name__}: {error}"))
            return
        # The training panel's own imports too (pyqtgraph and superqt: 100-200 ms, which froze the
        # window when the GUI thread built the panel). Importing only defines classes; the panel's
        # widgets are made on the GUI thread.
        try:
            import_without_collecting(f"{__package__}.training_panel")
        except Exception:  # the GUI thread's own import of it raises the same, where it is reported
            pass
        self.ready.emit()

    @Slot(str)
    def make_twin(self, weights_path: str) -> None:
        from ..core.onnx_twin import make_twin_in_child

        if self.closing:
            return
        # In a child process: the exporter keeps memory per export and holds the GIL for seconds (see
        # make_twin_in_child). A child that fails leaves the model on PyTorch, as a missing twin does.
        make_twin_in_child(Path(weights_path))


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
    #: PyTorch is loaded (training and evaluation can be offered), on its thread after the first model.
    torch_ready = Signal()
    #: PyTorch cannot be loaded: a one-line message. Digits are still read (through ONNX twins).
    torch_failed = Signal(str)

    _load_requested = Signal(str)
    _predict_requested = Signal(int, object)
    _predictor_given = Signal(object)
    _torch_requested = Signal()
    _twin_requested = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.info: ModelInfo | None = None
        self._thread: QThread | None = None
        self._worker: ModelWorker | None = None
        self._torch_thread: QThread | None = None
        self._torch_worker: TorchWorker | None = None
        self._torch_asked = False
        self.torch_loaded = False
        #: Set by the window: True while the user is drawing. The automatic import of PyTorch waits for
        #: it to turn False, because ``import torch`` holds the GIL for about 180 ms in one piece (its C++
        #: start-up), which froze the stroke being drawn (benchmarks/bench_gui_latency.py). The pause
        #: after a digit, while the user reads the answer, is where that goes unseen.
        self.user_busy: Callable[[], bool] | None = None
        self._torch_when_idle = QTimer(self)
        self._torch_when_idle.setSingleShot(True)
        self._torch_when_idle.setInterval(TORCH_IDLE_POLL_MS)
        self._torch_when_idle.timeout.connect(self._load_torch_when_idle)
        self._previous_twin_maker = None
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
        self._start_torch_thread()
        # Models added while the app runs (a finished run, a chosen file) get their twin on that thread.
        self._previous_twin_maker = set_twin_maker(self.make_twin)

    def _start_torch_thread(self) -> None:
        self._torch_thread = QThread(self)
        self._torch_thread.setObjectName("torchThread")
        self._torch_worker = TorchWorker()
        self._torch_worker.moveToThread(self._torch_thread)
        self._torch_thread.finished.connect(self._torch_worker.deleteLater)
        self._torch_requested.connect(self._torch_worker.load_torch)
        self._twin_requested.connect(self._torch_worker.make_twin)
        self._torch_worker.ready.connect(self._on_torch_ready)
        self._torch_worker.failed.connect(self.torch_failed)
        self._torch_thread.start()

    def load(self, weights_path: Path) -> None:
        """Open weights on the model thread: their ONNX twin, else with PyTorch (imported there)."""
        self._load_requested.emit(str(weights_path))

    def use_predictor(self, predictor, info: ModelInfo) -> None:
        """Switch to a reader opened elsewhere; predictions after this call use it."""
        self._predictor_given.emit(predictor)
        self.info = info
        self.model_loaded.emit(info)
        self._after_model(info)

    def make_twin(self, weights_path: Path) -> None:
        """Make the ONNX twin of a library model's weights on the torch thread (after torch is loaded)."""
        if self._torch_thread is not None:
            self._twin_requested.emit(str(weights_path))

    def load_torch(self) -> None:
        """Import PyTorch on its thread now (done anyway once the first model is ready and the user
        is not drawing)."""
        if not self._torch_asked and self._torch_thread is not None:
            self._torch_asked = True
            self._torch_when_idle.stop()
            self._torch_requested.emit()

    def _load_torch_when_idle(self) -> None:
        if self._torch_asked or self._torch_thread is None:
            return
        if self.user_busy is not None and self.user_busy():
            self._torch_when_idle.start()  # look again in a moment
            return
        self.load_torch()

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
        """Stop the threads and wait for them (a running prediction or import finishes first; a twin's
        export in its child process is stopped: it is made again next time)."""
        from ..core.onnx_twin import stop_twin_children

        self._torch_when_idle.stop()
        if self._torch_worker is not None:
            self._torch_worker.closing = True
        stop_twin_children()
        for thread in (self._thread, self._torch_thread):
            if thread is not None:
                thread.quit()
        for thread in (self._thread, self._torch_thread):
            if thread is not None:
                thread.wait()
        if self._thread is not None or self._torch_thread is not None:
            set_twin_maker(self._previous_twin_maker)
        self._thread = self._torch_thread = None
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
        self._after_model(info)

    def _on_load_failed(self, message: str) -> None:
        self.model_failed.emit(message)
        self.load_torch()  # training may be just what a user with broken weights needs

    def _after_model(self, info: ModelInfo) -> None:
        """Once digits can be read: PyTorch in the background (once the user is not drawing), and the
        twin of a model read without one."""
        self._load_torch_when_idle()
        if info.runtime == "PyTorch":
            self.make_twin(info.path)  # a library model's missing or stale twin, for the next launch

    def _on_torch_ready(self) -> None:
        self.torch_loaded = True
        self.torch_ready.emit()

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
