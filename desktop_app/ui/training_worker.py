"""Runs the core's :class:`Trainer` in a QThread and reports through Qt signals.

Wiring as superqt's ``new_worker_qthread``: the worker object is moved to its thread,
``thread.started -> worker.run``, ``worker.finished -> thread.quit`` and ``deleteLater``,
``thread.finished -> thread.deleteLater``; unlike superqt, the worker moves itself back to the GUI
thread when its run ends, so that it is destroyed there (see ``run``). :class:`QtTrainingCallback`
is a thin Lightning-style listener that turns core hooks into signals. Batch losses are gathered in the worker thread and sent
as lists a few times a second (and always before an epoch result, a pause or the end of the run),
so the GUI thread never does per-batch work, yet every batch's loss reaches the chart.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import torch
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot

from ..core.data import DigitData
from ..core.settings import TrainingSettings
from ..core.texts import QT_TRANSLATE_NOOP, Text
from ..core.training import (
    BatchProgress,
    Callback,
    EpochResult,
    FitInfo,
    FitResult,
    Trainer,
    TrainingFailure,
)
from ..runtime.allocator import release_free_memory
from ..runtime.gc_pauses import import_without_collecting


def gui_training_threads() -> int:
    """torch threads for a run started from the GUI: every CPU this process may use (torch's own
    default on this machine, which the CLI keeps), or OMP_NUM_THREADS when the user set it.

    Not ``torch.get_num_threads()``: ``torch.set_num_threads`` is process-wide, not per thread (it
    sets the count every new thread starts with), so once the canvas's model loader has chosen 1
    thread for single-digit inference, that is what any later thread would read.

    One thread would buy a few milliseconds of p99 stall that the UI does not need (both far below
    the 50 ms limit) and cost almost half the speed (README, "Training from the GUI";
    benchmarks/bench_training_ui.py --threads 1 2), so the GUI keeps every core. This holds only
    while no other thread runs multi-threaded torch work: GNU OpenMP stops its idle threads spinning
    once it manages more threads than there are cores, and the run is then markedly slower. The
    canvas's model thread uses one thread (model_loader.py) for that reason too.
    """
    configured = os.environ.get("OMP_NUM_THREADS", "")
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


#: Seconds between two batches of losses sent to the GUI thread (and the most a point waits). The
#: chart redraws at 5 Hz, so sending more often would only wake the GUI thread for nothing; each
#: wake-up takes a core from the training threads for a moment.
LOSS_SEND_INTERVAL = 0.2


class QtTrainingCallback(Callback):
    """Core callback -> worker signals. Runs in the worker thread; emitting queues to the GUI thread."""

    def __init__(self, worker: TrainingWorker, send_interval: float = LOSS_SEND_INTERVAL) -> None:
        self._worker = worker
        self._send_interval = send_interval
        self._pending: list[float] = []
        self._first_step = 0  # global 1-based step of _pending[0]
        self._last_progress: BatchProgress | None = None
        self._last_sent = time.monotonic()

    def flush(self) -> None:
        """Send the losses gathered since the last send, with the latest progress."""
        if self._pending:
            self._worker.batch_losses.emit(self._first_step, self._pending)
            self._pending = []
        if self._last_progress is not None:
            self._worker.progress.emit(self._last_progress)
            self._last_progress = None
        self._last_sent = time.monotonic()

    def on_fit_start(self, trainer, info: FitInfo) -> None:
        self._last_sent = time.monotonic()
        self._worker.fit_started.emit(info)

    def on_batch_end(self, trainer, progress: BatchProgress) -> None:
        if not self._pending:
            self._first_step = progress.step
        self._pending.append(progress.loss)
        self._last_progress = progress
        if time.monotonic() - self._last_sent >= self._send_interval:
            self.flush()

    def on_epoch_end(self, trainer, result: EpochResult) -> None:
        self.flush()  # the chart must hold every batch of the epoch before its validation point
        self._worker.epoch_ended.emit(result)

    def on_pause_changed(self, trainer, paused: bool) -> None:
        if paused:
            self.flush()  # nothing may arrive while the user sees "Paused"
        self._worker.paused_changed.emit(paused)

    def on_failure(self, trainer, failure: TrainingFailure) -> None:
        self.flush()
        self._worker.failed.emit(failure)

    def on_fit_end(self, trainer, result: FitResult) -> None:
        self.flush()


class TrainingWorker(QObject):
    """One training run. Create it on the GUI thread, move it to a QThread, start the thread.

    Control the run through ``worker.trainer`` (``request_stop``/``pause``/``resume``), from any
    thread: they set the core's flags, which the loop reads at the next batch (the core writes a
    resumable checkpoint on stop). The trainer outlives the worker, which deletes itself at the end.
    """

    fit_started = Signal(object)  # FitInfo
    batch_losses = Signal(int, object)  # first global step (1-based), list of losses in order
    progress = Signal(object)  # the latest BatchProgress, sent with each batch of losses
    epoch_ended = Signal(object)  # EpochResult
    paused_changed = Signal(bool)
    failed = Signal(object)  # TrainingFailure; `finished` follows
    kept = Signal(object)  # what ``keep_result`` returned (or raised; None without one), just before `finished`
    finished = Signal(object)  # FitResult, always last

    def __init__(
        self,
        settings: TrainingSettings,
        *,
        resume_from: Path | None = None,
        train_data: DigitData | None = None,
        test_data: DigitData | None = None,
        torch_threads: int | None = None,
        plan=None,
        keep_result: Callable[[FitResult, str | None], object] | None = None,
    ) -> None:
        """``plan``: a FineTunePlan (core/finetune.py): the run fine-tunes on the user's samples.
        ``keep_result(result, device)``: called in this worker's thread once the run has ended (slow
        file work that must not block the GUI thread); what it returns is sent as ``kept``."""
        super().__init__()
        self._keep_result = keep_result
        self.callback = QtTrainingCallback(self)
        # Built here, not in run(), so a stop or pause requested before the thread starts is not lost.
        if plan is not None:
            from ..core.finetune import finetune_checkpoint_path, finetune_out_path

            self.trainer = Trainer(settings, [plan.judge(), self.callback], out_path=finetune_out_path(plan),
                                   checkpoint=finetune_checkpoint_path(), **plan.trainer_options())
        else:
            self.trainer = Trainer(settings, [self.callback], resume_from=resume_from,
                                   train_data=train_data, test_data=test_data)
        self._torch_threads = gui_training_threads() if torch_threads is None else torch_threads

    @Slot()
    def run(self) -> None:
        # torch's thread count is process-wide (every new thread starts with it): put it back after
        # the run, so threads started later (inference on the canvas) get what they had before.
        previous_threads = torch.get_num_threads()
        torch.set_num_threads(self._torch_threads)
        try:
            # torch.optim imports torch._dynamo when the first optimizer is built: most of a second
            # of imports whose allocations set off full garbage collections, which froze the window
            # at the start of the first run (README, "Garbage-collector pauses"). Imported here
            # without them (runtime/gc_pauses.py).
            import_without_collecting("torch._dynamo")
            result = self.trainer.fit()  # never raises for a failed run: it returns status "failed"
        except Exception as exc:  # a bug, not a training failure: still end the run visibly
            failure = TrainingFailure.of("error", Text.of(QT_TRANSLATE_NOOP("Training", "Training failed: {error}"),
                                                          {"error": f"{type(exc).__name__}: {exc}"}))
            self.callback.flush()
            self.failed.emit(failure)
            result = FitResult("failed", 0, {"batch_loss": [], "epochs": []}, failure=failure)
        finally:
            torch.set_num_threads(previous_threads)
            # The first run froze every object alive at its start, this worker included, and PySide
            # keeps a QObject in a reference cycle with its signal instances: the worker and its
            # trainer may stay in memory for the session. The network must not stay with them (the
            # seed's is 60 MB); the saved weights are what the app uses from here on.
            self.trainer.model = None
            release_free_memory()  # the memory the tuned allocator kept for the run's batches
        kept = self._kept(result)
        # Be destroyed on the GUI thread, not this one. ~QObject holds one of Qt's signal-slot
        # mutexes while it asks PySide (which needs the GIL) about Python overrides; the GUI thread
        # holds the GIL and can be waiting for that same mutex (pyqtgraph disconnecting a signal):
        # a deadlock, seen once in ~30 benchmark runs. On the GUI thread the two locks are taken in
        # one order only. (Queued events, deleteLater's included, move with the object.)
        application = QCoreApplication.instance()
        if application is not None:
            self.moveToThread(application.thread())
        self.kept.emit(kept)
        self.finished.emit(result)

    def _kept(self, result: FitResult) -> object:
        """What ``keep_result`` returns, or the exception it raised; None without one."""
        if self._keep_result is None:
            return None
        device = self.trainer.device
        try:
            return self._keep_result(result, None if device is None else str(device))
        except Exception as exc:  # a bug in keeping must not cost the run its end: the listener reports it
            return exc
        finally:
            release_free_memory()  # what reading and copying the weights file left


def move_to_thread(worker: TrainingWorker, parent: QObject | None = None) -> QThread:
    """Move ``worker`` to a new QThread and wire both lifetimes to the run; the caller connects what it
    needs (``thread.finished`` included: a run can end within milliseconds) and then starts it."""
    thread = QThread(parent)
    thread.setObjectName("trainingThread")
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    # Direct: QThread.quit is thread-safe, and a queued call would never run while the GUI thread
    # blocks in QThread.wait() (shutdown on close), which would then always time out.
    worker.finished.connect(thread.quit, Qt.ConnectionType.DirectConnection)
    worker.finished.connect(worker.deleteLater)
    thread.finished.connect(thread.deleteLater)
    return thread
