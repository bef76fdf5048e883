"""The training panel's controller: the run's lifecycle, and what each of its events shows.

It starts a :class:`TrainingWorker` on its own QThread, stops, pauses and resumes it through the
core's thread-safe flags, asks before a new run replaces an interrupted one, and waits for the thread
on shutdown. The worker's signals arrive here on the GUI thread (handlers named ``_on_<event>``);
each is turned into text (training_messages.py) and plain values for the view (training_view.py).
Losses arrive in groups a few times a second and the chart redraws from its own timer, so the GUI
thread does no per-batch work.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal

from ..core.data import DigitData
from ..core.paths import checkpoint_path, trained_weights_path
from ..core.settings import TrainingSettings
from ..core.texts import translated_name
from ..core.training import BatchProgress, EpochResult, FitInfo, FitResult, Trainer, TrainingFailure
from . import training_messages as messages
from .finetune_messages import finish_finetune, keep_finetune
from .model_choice import KeptRun, keep_run_in_library
from .settings_dialog import TrainingSettingsDialog
from .settings_store import load_training_settings
from .training_view import TrainingView
from .training_worker import TrainingWorker, move_to_thread


class ActiveRun:
    """What belongs to the run in progress; dropped when its thread has finished."""

    def __init__(self, thread: QThread, worker: TrainingWorker, settings: TrainingSettings,
                 resume_from: Path | None) -> None:
        self.thread = thread
        self.worker = worker
        self.trainer: Trainer = worker.trainer  # plain Python, thread-safe control; outlives the worker
        self.settings = settings
        self.resume_from = resume_from
        self.batches_per_epoch = 1
        self.result: FitResult | None = None
        self.kept: KeptRun | Exception | None = None  # the model library's entry for the run, made in its thread
        self.stopping = False
        self.plan = None  # a FineTunePlan when the run fine-tunes on the user's handwriting


class TrainingController(QObject):
    """Runs training for ``view`` and keeps it up to date. A child of the view: it lives as long."""

    #: The user chose the freshly trained weights for the canvas.
    use_weights_requested = Signal(Path)
    #: The run's FitResult, once its thread has finished (a new run may start right away).
    run_finished = Signal(object)
    #: The latest BatchProgress, a few times a second.
    progress_changed = Signal(object)
    #: The run really paused (True: no batch runs until resumed) or went on (False).
    paused_changed = Signal(bool)

    def __init__(
        self,
        view: TrainingView,
        *,
        train_data: DigitData | None = None,
        test_data: DigitData | None = None,
        torch_threads: int | None = None,
    ) -> None:
        super().__init__(view)
        self._view = view
        # In-memory MNIST to train on (tests, benchmarks); None lets the core load it in the worker thread.
        self._train_data = train_data
        self._test_data = test_data
        self._torch_threads = torch_threads
        #: The run in progress, or None.
        self.active_run: ActiveRun | None = None
        self._last_request: tuple[TrainingSettings, Path | None] | None = None
        self._last_plan = None
        self._settings_dialog: TrainingSettingsDialog | None = None

        view.start_clicked.connect(self._on_start_clicked)
        view.pause_clicked.connect(self.toggle_pause)
        view.stop_clicked.connect(self.request_stop)
        view.resume_clicked.connect(self.resume_last_run)
        view.settings_clicked.connect(self.open_settings)
        view.retry_on_cpu_clicked.connect(self._on_retry_on_cpu_clicked)
        view.use_trained_clicked.connect(self._on_use_trained_clicked)
        app = QCoreApplication.instance()
        if app is not None:  # a safety net for a window that forgot to call shutdown()
            app.aboutToQuit.connect(self.shutdown)
        self._show_idle()

    # --- state
    @property
    def is_running(self) -> bool:
        return self.active_run is not None

    @property
    def paused(self) -> bool:
        return self.active_run is not None and self.active_run.trainer.paused

    def set_training_data(self, train_data: DigitData | None, test_data: DigitData | None) -> None:
        self._train_data, self._test_data = train_data, test_data

    # --- the run's lifecycle
    def start_training(self, settings: TrainingSettings | None = None, *, resume_from: Path | None = None,
                       plan=None) -> None:
        """Start a run with ``settings`` (default: the stored ones), or resume the checkpoint ``resume_from``;
        with ``plan`` (a FineTunePlan), fine-tune on the user's handwriting."""
        if self.active_run is not None:
            return
        settings = settings if settings is not None else load_training_settings()
        worker = TrainingWorker(settings, resume_from=resume_from, train_data=self._train_data,
                                test_data=self._test_data, torch_threads=self._torch_threads, plan=plan,
                                keep_result=keep_run_in_library if plan is None else partial(keep_finetune, plan))
        worker.fit_started.connect(self._on_fit_started)
        worker.batch_losses.connect(self._on_batch_losses)
        worker.progress.connect(self._on_progress)
        worker.epoch_ended.connect(self._on_epoch_ended)
        worker.paused_changed.connect(self._on_paused_changed)
        worker.failed.connect(self._on_failed)
        worker.kept.connect(self._on_run_kept)
        worker.finished.connect(self._on_worker_finished)
        thread = move_to_thread(worker, self)
        thread.finished.connect(self._on_thread_finished)
        self.active_run = ActiveRun(thread, worker, settings, resume_from)
        self.active_run.plan = plan
        self._last_request = (settings, resume_from)
        self._last_plan = plan  # "Retry on CPU" retries a fine-tune as a fine-tune
        thread.start()

        status = self.tr("Resuming the last run…") if resume_from else self.tr("Loading data and building the network…")
        self._view.show_run_starting(status, resumed=resume_from is not None)
        self._update_buttons()

    def resume_last_run(self) -> None:
        """Continue the interrupted run from its checkpoint, with its own recipe.

        The core keeps the checkpoint's settings and takes only the device and a longer epoch count
        from the ones passed in; passing epochs=1 makes it finish exactly the run that was stopped.
        """
        path = checkpoint_path()
        if path.is_file():
            self.start_training(load_training_settings().with_changes(epochs=1), resume_from=path)
        else:  # removed since the button or the question offered it
            self._show_idle(self.tr("The interrupted run's checkpoint is gone; Start trains a new network"))

    def request_stop(self) -> None:
        """Stop after the current batch (the core writes a resumable checkpoint). Never blocks."""
        run = self.active_run
        if run is None or run.stopping:
            return
        run.stopping = True
        run.trainer.request_stop()
        self._view.show_status(self.tr("Stopping after the current batch…"))
        self._update_buttons()

    def toggle_pause(self) -> None:
        run = self.active_run
        if run is None or run.stopping:
            return
        if run.trainer.paused:
            run.trainer.resume()
            self._view.show_status(self.tr("Resuming…"))
        else:
            run.trainer.pause()
            self._view.show_status(self.tr("Pausing after the current batch…"))
        self._update_buttons()

    def confirm_close(self) -> bool:
        """Whether the window may close: asks only while a run is in progress."""
        return self.active_run is None or self._view.ask_to_stop_and_close()

    def shutdown(self, timeout_ms: int = 2000) -> bool:
        """Stop the run and wait for its thread; True when it ended within ``timeout_ms``.

        A stop lands at the next batch boundary (a fraction of a second with the default preset), but
        the core does not check it during an epoch's validation pass or while saving, so a stop that
        falls there takes longer. We then keep waiting: destroying a running QThread aborts the
        process and would lose the checkpoint the stop is writing.
        """
        run = self.active_run
        if run is None:
            return True
        run.stopping = True
        run.trainer.request_stop()
        in_time = run.thread.wait(timeout_ms)
        if not in_time:
            run.thread.wait()
        # The worker's last signals are still queued for this controller: deliver them now, so the
        # log, the chart and the resume button are up to date even if the window closes next.
        QCoreApplication.sendPostedEvents(self, 0)
        if self.active_run is run:
            self._finish_run()
        return in_time

    def open_settings(self) -> TrainingSettingsDialog:
        """Show the settings dialog (window-modal, not blocking); OK stores them for the next run."""
        if self._settings_dialog is None:
            self._settings_dialog = TrainingSettingsDialog(self._view)
            self._settings_dialog.accepted.connect(self._on_settings_accepted)
            self._settings_dialog.finished.connect(self._on_settings_dialog_closed)
        self._settings_dialog.open()
        return self._settings_dialog

    # --- worker events (GUI thread)
    def _on_fit_started(self, info: FitInfo) -> None:
        run = self.active_run
        if run is None:
            return
        run.settings = info.settings
        run.batches_per_epoch = per_epoch = info.batches_per_epoch
        if info.history.get("batch_loss"):
            self._view.chart.set_history(info.history)  # the earlier part of a resumed run
        self._view.show_progress(messages.epoch_label(info.start_epoch, info.settings.epochs), info.start_batch,
                                 per_epoch, messages.steps_done(info), per_epoch * info.settings.epochs)
        self._view.append_log(messages.fit_started_line(info))
        self._view.show_status(self.tr("Training on {device}").format(device=translated_name(info.device)))

    def _on_batch_losses(self, first_step: int, losses: list[float]) -> None:
        self._view.chart.append_losses(first_step, losses)

    def _on_progress(self, progress: BatchProgress) -> None:
        self._view.show_progress(messages.epoch_label(progress.epoch, progress.epochs), progress.batch,
                                 progress.batches, progress.step, progress.total_steps)
        self._view.show_rate(messages.rate_line(progress))
        self.progress_changed.emit(progress)

    def _on_epoch_ended(self, result: EpochResult) -> None:
        per_epoch = self.active_run.batches_per_epoch if self.active_run else 1
        self._view.chart.add_epoch(result.epoch * per_epoch, result.val_loss, result.val_accuracy)
        self._view.append_log(messages.epoch_line(result))

    def _on_paused_changed(self, paused: bool) -> None:
        if self.active_run is None or self.active_run.stopping:
            return
        self._view.show_status(self.tr("Paused") if paused else self.tr("Training"))
        self._update_buttons()
        self.paused_changed.emit(paused)

    def _on_failed(self, failure: TrainingFailure) -> None:
        message = messages.failure_text(failure)
        self._view.show_error(message, retry_on_cpu=failure.retry_on_cpu)
        self._view.append_log(self.tr("Failed: {message}").format(message=message))

    def _on_run_kept(self, kept: KeptRun | Exception | None) -> None:
        if self.active_run is not None:
            self.active_run.kept = kept

    def _on_worker_finished(self, result: FitResult) -> None:
        if self.active_run is not None:
            self.active_run.result = result
        self._view.chart.redraw()
        plan = self.active_run.plan if self.active_run is not None else None
        kept = self.active_run.kept if self.active_run is not None else None
        if plan is not None:
            self._finish_finetune(plan, result, kept)
        elif result.status == "completed":
            self._show_completed_run(result, kept)
        elif result.status == "stopped":
            self._view.append_log(messages.stopped_line(result))
            self._show_kept_stopped_run(kept)

    def _show_kept_stopped_run(self, kept: KeptRun | Exception | None) -> None:
        """A stopped run's weights so far are a model too (its checkpoint, copied; resuming is unaffected)."""
        if isinstance(kept, KeptRun):
            self._view.append_log(kept.problem or messages.kept_line(kept.entry))
        elif isinstance(kept, Exception):
            self._view.append_log(messages.not_kept_line(kept))

    def _show_completed_run(self, result: FitResult, kept: KeptRun | Exception | None) -> None:
        """The run is in the model library (added in its thread): compare it with the model in use."""
        entry, active, problem = kept if isinstance(kept, KeptRun) else (None, None, None)
        banner, line = messages.completed_texts(result, entry, active)
        self._view.show_result(banner)
        self._view.append_log(line)
        if isinstance(kept, Exception):
            problem = messages.not_kept_line(kept)
        if problem:
            self._view.append_log(problem)

    def _finish_finetune(self, plan, result: FitResult, kept) -> None:
        banner, lines = finish_finetune(plan, result, self.active_run.trainer, kept)
        if banner:
            self._view.show_result(banner)
        for line in lines:
            self._view.append_log(line)

    def _on_thread_finished(self) -> None:
        if self.active_run is not None:
            self._finish_run()

    def _finish_run(self) -> None:
        run, self.active_run = self.active_run, None
        result = run.result
        if result is None:  # only if the worker died without reporting: still leave a usable panel
            result = FitResult("failed", 0, {"batch_loss": [], "epochs": []})
        self._show_idle(messages.outcome(result))
        self.run_finished.emit(result)

    # --- user actions
    def _on_start_clicked(self) -> None:
        if checkpoint_path().is_file():  # a new run would replace the interrupted one's checkpoint
            try:
                saved_at: float | None = checkpoint_path().stat().st_mtime
            except OSError:  # removed meanwhile: still ask, the answer decides what Start does
                saved_at = None
            choice = self._view.ask_about_interrupted_run(saved_at)
            if choice == "resume":
                self.resume_last_run()
            if choice != "new":
                return
        self.start_training()

    def _on_retry_on_cpu_clicked(self) -> None:
        if self._last_request is not None:
            settings, resume_from = self._last_request
            self.start_training(settings.with_changes(device="cpu"), resume_from=resume_from, plan=self._last_plan)

    def _on_use_trained_clicked(self) -> None:
        path = trained_weights_path()
        if path.is_file():
            self.use_weights_requested.emit(path)

    def _on_settings_accepted(self) -> None:
        if self.active_run is None:
            self._show_idle()
        else:
            self._view.append_log(self.tr("Settings saved; they apply to the next run."))

    def _on_settings_dialog_closed(self, _result: int) -> None:
        self._settings_dialog.deleteLater()
        self._settings_dialog = None

    # --- keeping the view in step
    def _show_idle(self, outcome: str | None = None) -> None:
        self._view.show_status(messages.idle_status(load_training_settings(), outcome))
        self._update_buttons()

    def _update_buttons(self) -> None:
        run = self.active_run
        self._view.set_buttons(
            running=run is not None,
            stopping=run is not None and run.stopping,
            paused=run is not None and run.trainer.paused,
            can_resume=checkpoint_path().is_file(),
            # Usable during a run too: the core replaces the file atomically, and only at the run's end.
            trained_weights_saved=trained_weights_path().is_file(),
        )
