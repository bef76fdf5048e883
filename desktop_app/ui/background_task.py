"""One job at a time on its own QThread, with progress, a stop request and its result as signals.

A job is a plain function ``job(progress, should_stop)``: it calls ``progress(done, total)`` now and
then and checks ``should_stop()`` between steps (the core's evaluation does both per batch). The work
(torch, file I/O) stays off the GUI thread; its outcome arrives on the GUI thread as
:attr:`BackgroundTask.succeeded` or :attr:`BackgroundTask.failed` (one line for the user). The usual
worker-object wiring (superqt's ``new_worker_qthread``): ``thread.started -> worker.run``, the worker's
end quits the thread, and both are deleted once it has finished.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from ..core.errors import UserError
from .i18n import error_text

#: How much less CPU priority a job's thread gets than the GUI thread (Linux nice steps).
NICE_STEPS = 5

Job = Callable[[Callable[[int, int], None], Callable[[], bool]], Any]


def yield_to_the_gui_thread() -> None:
    """Lower the calling thread's priority, not the process's: on a busy machine (2 cores, other
    programs) the scheduler then runs the GUI thread first, so the window keeps painting while a job
    takes what CPU is left. Linux niceness is per thread; elsewhere QThread.LowPriority does it."""
    if sys.platform.startswith("linux"):
        try:
            thread_id = threading.get_native_id()
            os.setpriority(os.PRIO_PROCESS, thread_id, os.getpriority(os.PRIO_PROCESS, thread_id) + NICE_STEPS)
        except OSError:
            pass


class _Worker(QObject):
    # Each carries the job's number, so the task can drop what a job stopped meanwhile still sends.
    progress = Signal(int, int, int)
    succeeded = Signal(int, object)
    failed = Signal(int, str)
    stopped = Signal(int)

    def __init__(self, job: Job, stop: threading.Event, number: int) -> None:
        super().__init__()
        self._job = job
        self._stop = stop
        self._number = number

    def _progress(self, done: int, total: int) -> None:
        self.progress.emit(self._number, done, total)

    @Slot()
    def run(self) -> None:
        from ..core.evaluation_report import Stopped

        yield_to_the_gui_thread()
        try:
            result = self._job(self._progress, self._stop.is_set)
        except Stopped:
            self.stopped.emit(self._number)
        except UserError as error:
            self.failed.emit(self._number, error_text(error))
        except Exception as error:  # a bug must still end in a message, not a dead thread
            self.failed.emit(self._number, f"{type(error).__name__}: {error}")
        else:
            if self._stop.is_set():
                self.stopped.emit(self._number)
            else:
                self.succeeded.emit(self._number, result)
        finally:
            self.thread().quit()


class BackgroundTask(QObject):
    """Runs one job at a time; starting another first stops the one running (its result is dropped)."""

    #: Steps done and the total, a few times a second.
    progress = Signal(int, int)
    #: What the job returned.
    succeeded = Signal(object)
    #: Why the job failed, in one line.
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None, name: str = "backgroundTask") -> None:
        super().__init__(parent)
        self._name = name
        self._thread: QThread | None = None
        self._number = 0  # of the job whose results count
        self._workers: dict[QThread, _Worker] = {}  # a worker has no parent: kept alive here until its thread ends
        self._stop = threading.Event()

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(self, job: Job) -> None:
        self.stop()
        self._stop = stop = threading.Event()
        thread = QThread(self)
        thread.setObjectName(self._name)
        self._number += 1
        worker = _Worker(job, stop, self._number)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        # Slots of this object (on the GUI thread: queued); a stopped job's last signals are dropped there.
        worker.progress.connect(self._on_progress)
        worker.succeeded.connect(self._on_succeeded)
        worker.failed.connect(self._on_failed)
        thread.finished.connect(self._on_thread_finished)
        self._thread = thread
        self._workers[thread] = worker
        thread.start(QThread.Priority.LowPriority)

    def stop(self) -> None:
        """Ask the running job to stop at its next step and wait for its thread."""
        thread, self._thread = self._thread, None
        self._number += 1  # whatever the stopped job still sends is dropped
        self._stop.set()
        if thread is not None:
            thread.wait()

    @Slot(int, int, int)
    def _on_progress(self, number: int, done: int, total: int) -> None:
        if number == self._number:
            self.progress.emit(done, total)

    @Slot(int, object)
    def _on_succeeded(self, number: int, result) -> None:
        if number == self._number:
            self.succeeded.emit(result)

    @Slot(int, str)
    def _on_failed(self, number: int, message: str) -> None:
        if number == self._number:
            self.failed.emit(message)

    @Slot()
    def _on_thread_finished(self) -> None:
        for thread in [t for t in self._workers if t.isFinished()]:
            self._workers.pop(thread).deleteLater()
            thread.deleteLater()
            if self._thread is thread:
                self._thread = None
