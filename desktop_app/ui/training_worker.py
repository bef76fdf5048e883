"""Runs the core's :class:`Trainer` in a QThread and reports through Qt signals.

Wiring as superqt's ``new_worker_qthread``: the worker object is moved to its thread,
``thread.started -> worker.run``, ``worker.finished -> thread.quit`` and ``deleteLater``,
``thread.finished -> thread.deleteLater``. :class:`QtTrainingCallback` is a thin Lightning-style
listener that turns core hooks into signals. Batch losses are gathered in the worker thread and sent
as lists a few times a second (and always before an epoch result, a pause or the end of the run),
so the GUI thread never does per-batch work, yet every batch's loss reaches the chart.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import torch
from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from ..core.data import DigitData
from ..core.settings import TrainingSettings
from ..core.training import (
    BatchProgress,
    Callback,
    EpochResult,
    FitInfo,
    FitResult,
    Trainer,
    TrainingFailure,
)


def gui_training_threads() -> int:
    """torch threads for a run started from the GUI: every CPU this process may use (torch's own
    default on this machine, which the CLI keeps), or OMP_NUM_THREADS when the user set it.

    Not ``torch.get_num_threads()``: ``torch.set_num_threads`` is process-wide, not per thread (it
    sets the count every new thread starts with), so once the canvas's model loader has chosen 1
    thread for single-digit inference, that is what any later thread would read.

    Measured with benchmarks/bench_training_ui.py on the 2-core build machine (default preset,
    150 batches of 128, the quietest of 3 interleaved runs each, 5 ms stall timer running):

        headless, main thread, torch default (2)   2735 samples/s
        GUI worker, 2 threads                      2294 samples/s   stalls p50 5.1 / p99 10.6 / max 18.9 ms
        GUI worker, 1 thread                       1616 samples/s   stalls p50 5.1 / p99  8.1 / max 13.1 ms

    One thread buys ~2.5 ms of p99 the UI does not need (both are far below the 50 ms limit) and
    costs ~30% of the speed, so the GUI keeps every core. The GUI thread itself used ~5% of a core
    during the run; the remaining gap to headless is mostly the run being on a second thread at all
    (~10% measured without Qt), not the GUI. Overall the GUI run reached 84-87% of the best headless
    rate in repeated quiet runs: short of the issue's 90% target (see the issue report).
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

    def on_checkpoint(self, trainer, path: Path) -> None:
        self._worker.checkpoint_saved.emit(path)

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

    ``request_stop``/``pause``/``resume`` are safe from any thread: they set the core's flags, which
    the loop reads at the next batch (the core writes a resumable checkpoint on stop).
    """

    fit_started = Signal(object)  # FitInfo
    batch_losses = Signal(int, object)  # first global step (1-based), list of losses in order
    progress = Signal(object)  # the latest BatchProgress, sent with each batch of losses
    epoch_ended = Signal(object)  # EpochResult
    checkpoint_saved = Signal(object)  # Path
    paused_changed = Signal(bool)
    failed = Signal(object)  # TrainingFailure; `finished` follows
    finished = Signal(object)  # FitResult, always last

    def __init__(
        self,
        settings: TrainingSettings,
        *,
        resume_from: Path | None = None,
        train_data: DigitData | None = None,
        test_data: DigitData | None = None,
        torch_threads: int | None = None,
        trainer_factory: Callable[..., Trainer] = Trainer,
    ) -> None:
        super().__init__()
        self.callback = QtTrainingCallback(self)
        # Built here, not in run(), so a stop or pause requested before the thread starts is not lost.
        self.trainer = trainer_factory(settings, [self.callback], resume_from=resume_from,
                                       train_data=train_data, test_data=test_data)
        self._torch_threads = gui_training_threads() if torch_threads is None else torch_threads

    @Slot()
    def run(self) -> None:
        # torch's thread count is process-wide (every new thread starts with it): put it back after
        # the run, so threads started later (inference on the canvas) get what they had before.
        previous_threads = torch.get_num_threads()
        torch.set_num_threads(self._torch_threads)
        try:
            result = self.trainer.fit()  # never raises for a failed run: it returns status "failed"
        except Exception as exc:  # a bug, not a training failure: still end the run visibly
            failure = TrainingFailure("error", f"Training failed: {type(exc).__name__}: {exc}")
            self.callback.flush()
            self.failed.emit(failure)
            result = FitResult("failed", 0, {"batch_loss": [], "epochs": []}, failure=failure)
        finally:
            torch.set_num_threads(previous_threads)
        self.finished.emit(result)

    def request_stop(self) -> None:
        self.trainer.request_stop()

    def pause(self) -> None:
        self.trainer.pause()

    def resume(self) -> None:
        self.trainer.resume()


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
