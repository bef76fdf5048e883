"""The training panel: start, pause, stop and resume runs, watch the loss fall, pick the weights to use.

A thin view over the core's Trainer: the run happens in a :class:`TrainingWorker` on its own QThread,
and this widget only reacts to the worker's signals (handlers named ``_on_<event>``). Losses arrive
in batches a few times a second and the chart redraws from its own timer, so the GUI thread does no
per-batch work. The main window puts the panel in a dock (:func:`make_training_dock`), connects
``use_weights_requested``/``use_shipped_weights_requested`` to its model, and calls
:meth:`TrainingPanel.confirm_close` and :meth:`TrainingPanel.shutdown` from its ``closeEvent``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, Qt, QThread, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ..core.data import DigitData
from ..core.paths import checkpoint_path, trained_weights_path
from ..core.settings import OPTIMIZERS, TrainingSettings, recipe_name
from ..core.training import BatchProgress, EpochResult, FitInfo, FitResult, Trainer, TrainingFailure
from .loss_chart import LossChart
from .settings_dialog import TrainingSettingsDialog
from .settings_store import load_training_settings
from .training_worker import TrainingWorker, move_to_thread

ERROR_BANNER_STYLE = "background: #fdecea; color: #8a1c1c; border: 1px solid #f5c2c0; padding: 6px;"
RESULT_BANNER_STYLE = "background: #e8f5e9; color: #1b5e20; border: 1px solid #b7dfb9; padding: 6px;"
LOG_LINES = 2000


def _duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def _named(widget: QWidget, object_name: str, accessible_name: str) -> QWidget:
    widget.setObjectName(object_name)
    widget.setAccessibleName(accessible_name)
    return widget


class _ActiveRun:
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
        self.stopping = False


class TrainingPanel(QWidget):
    """Trains the network from the GUI with a live loss chart."""

    #: The user chose the freshly trained weights for the canvas.
    use_weights_requested = Signal(Path)
    #: The user chose the weights shipped with the app.
    use_shipped_weights_requested = Signal()
    #: True when a run starts, False once its thread has finished.
    running_changed = Signal(bool)
    #: The run's FitResult, once its thread has finished (a new run may start right away).
    run_finished = Signal(object)
    #: The latest BatchProgress, a few times a second (for a status bar; the panel shows it too).
    progress_changed = Signal(object)
    #: The run really paused (True: no batch runs until resumed) or went on (False).
    paused_changed = Signal(bool)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        train_data: DigitData | None = None,
        test_data: DigitData | None = None,
        torch_threads: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("trainingPanel")
        self.setAccessibleName("Training")
        # In-memory MNIST to train on (tests, benchmarks); None lets the core load it in the worker thread.
        self._train_data = train_data
        self._test_data = test_data
        self._torch_threads = torch_threads
        self._run: _ActiveRun | None = None
        self._last_request: tuple[TrainingSettings, Path | None] | None = None
        self._settings_dialog: TrainingSettingsDialog | None = None

        self.start_button = _named(QPushButton("Start"), "startTraining", "Start training")
        self.pause_button = _named(QPushButton("Pause"), "pauseTraining", "Pause training")
        self.stop_button = _named(QPushButton("Stop"), "stopTraining", "Stop training")
        self.resume_button = _named(QPushButton("Resume last run"), "resumeTraining", "Resume last run")
        self.settings_button = _named(QPushButton("Settings…"), "openTrainingSettings", "Training settings")
        self.start_button.setToolTip("Train a new network with the current settings")
        self.stop_button.setToolTip("Stop after the current batch; the run can be resumed later")
        self.resume_button.setToolTip("Continue the interrupted run from its last checkpoint")

        self.status_label = _named(QLabel(), "trainingStatus", "Training status")
        self.status_label.setWordWrap(True)
        self.error_banner = _named(QLabel(), "trainingError", "Training error")
        self.error_banner.setWordWrap(True)
        self.error_banner.setStyleSheet(ERROR_BANNER_STYLE)
        self.error_banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.retry_cpu_button = _named(QPushButton("Retry on CPU"), "retryOnCpu", "Retry training on the CPU")

        self.epoch_label = QLabel("Epoch")
        self.epoch_progress = _named(QProgressBar(), "epochProgress", "Epoch progress")
        self.epoch_progress.setFormat("%v / %m batches")
        self.run_progress = _named(QProgressBar(), "trainingProgress", "Training progress")
        self.rate_label = _named(QLabel(), "trainingRate", "Training speed")

        self.chart = LossChart()

        self.result_banner = _named(QLabel(), "trainingResult", "Training result")
        self.result_banner.setWordWrap(True)
        self.result_banner.setStyleSheet(RESULT_BANNER_STYLE)
        self.use_trained_button = _named(QPushButton("Use new weights"), "useTrainedWeights",
                                         "Use the trained weights")
        self.use_shipped_button = _named(QPushButton("Use shipped weights"), "useShippedWeights",
                                         "Use the shipped weights")
        self.use_trained_button.setToolTip(f"Read digits with the weights trained here ({trained_weights_path()})")
        self.use_shipped_button.setToolTip("Read digits with the weights that came with Digit Studio")

        self.log = _named(QPlainTextEdit(), "trainingLog", "Training log")
        self.log.setReadOnly(True)
        self.log.setMaximumBlockCount(LOG_LINES)
        self.log.setMaximumHeight(110)
        self.log.setPlaceholderText("One line per epoch appears here.")

        self._lay_out()
        self.start_button.clicked.connect(self._on_start_clicked)
        self.pause_button.clicked.connect(self._on_pause_clicked)
        self.stop_button.clicked.connect(self.request_stop)
        self.resume_button.clicked.connect(self.resume_last_run)
        self.settings_button.clicked.connect(self.open_settings)
        self.retry_cpu_button.clicked.connect(self._on_retry_cpu_clicked)
        self.use_trained_button.clicked.connect(self._on_use_trained_clicked)
        self.use_shipped_button.clicked.connect(self.use_shipped_weights_requested)
        app = QApplication.instance()
        if app is not None:  # a safety net for a window that forgot to call shutdown()
            app.aboutToQuit.connect(self.shutdown)

        self.error_banner.hide()
        self.retry_cpu_button.hide()
        self.result_banner.hide()
        self._show_idle()

    def _lay_out(self) -> None:
        buttons = QHBoxLayout()
        for button in (self.start_button, self.pause_button, self.stop_button, self.resume_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.settings_button)

        error_row = QHBoxLayout()
        error_row.addWidget(self.error_banner, 1)
        error_row.addWidget(self.retry_cpu_button, 0, Qt.AlignmentFlag.AlignTop)

        progress = QGridLayout()
        progress.addWidget(self.epoch_label, 0, 0)
        progress.addWidget(self.epoch_progress, 0, 1)
        progress.addWidget(QLabel("Run"), 1, 0)
        progress.addWidget(self.run_progress, 1, 1)
        progress.addWidget(self.rate_label, 2, 1)
        progress.setColumnStretch(1, 1)

        weights = QHBoxLayout()
        weights.addWidget(self.use_trained_button)
        weights.addWidget(self.use_shipped_button)
        weights.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.status_label)
        layout.addLayout(error_row)
        layout.addLayout(progress)
        layout.addWidget(self.chart, 1)
        layout.addWidget(self.result_banner)
        layout.addLayout(weights)
        layout.addWidget(self.log)
        self.error_banner.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

    # --- public control
    @property
    def is_running(self) -> bool:
        return self._run is not None

    @property
    def paused(self) -> bool:
        return self._run is not None and self._run.trainer.paused

    def set_training_data(self, train_data: DigitData | None, test_data: DigitData | None) -> None:
        """Train on these in-memory sets instead of loading MNIST (tests, benchmarks)."""
        self._train_data, self._test_data = train_data, test_data

    def start_training(self, settings: TrainingSettings | None = None, *, resume_from: Path | None = None) -> None:
        """Start a run with ``settings`` (default: the stored ones), or resume the checkpoint ``resume_from``."""
        if self._run is not None:
            return
        settings = settings if settings is not None else load_training_settings()
        worker = TrainingWorker(settings, resume_from=resume_from, train_data=self._train_data,
                                test_data=self._test_data, torch_threads=self._torch_threads)
        worker.fit_started.connect(self._on_fit_started)
        worker.batch_losses.connect(self._on_batch_losses)
        worker.progress.connect(self._on_progress)
        worker.epoch_ended.connect(self._on_epoch_ended)
        worker.paused_changed.connect(self._on_paused_changed)
        worker.failed.connect(self._on_failed)
        worker.finished.connect(self._on_worker_finished)
        thread = move_to_thread(worker, self)
        thread.finished.connect(self._on_thread_finished)
        self._run = _ActiveRun(thread, worker, settings, resume_from)
        self._last_request = (settings, resume_from)
        thread.start()

        self.error_banner.hide()
        self.retry_cpu_button.hide()
        self.result_banner.hide()
        if resume_from is None:
            self.chart.clear()
        self.epoch_label.setText("Epoch")  # not the last run's "Epoch 2/2" beside an empty bar
        self.epoch_progress.reset()
        self.run_progress.reset()
        self.rate_label.clear()
        self._set_status("Resuming the last run…" if resume_from else "Loading data and building the network…")
        self._update_buttons()
        self.running_changed.emit(True)

    def resume_last_run(self) -> None:
        """Continue the interrupted run from its checkpoint, with its own recipe.

        The core keeps the checkpoint's settings and takes only the device and a longer epoch count
        from the ones passed in; passing epochs=1 makes it finish exactly the run that was stopped.
        """
        path = checkpoint_path()
        if path.is_file():
            self.start_training(load_training_settings().with_changes(epochs=1), resume_from=path)
        else:  # removed since the button or the question offered it
            self._show_idle("The interrupted run's checkpoint is gone; Start trains a new network")

    def request_stop(self) -> None:
        """Stop after the current batch (the core writes a resumable checkpoint). Never blocks."""
        if self._run is None or self._run.stopping:
            return
        self._run.stopping = True
        self._run.trainer.request_stop()
        self._set_status("Stopping after the current batch…")
        self._update_buttons()

    def toggle_pause(self) -> None:
        if self._run is None or self._run.stopping:
            return
        if self._run.trainer.paused:
            self._run.trainer.resume()
            self._set_status("Resuming…")
        else:
            self._run.trainer.pause()
            self._set_status("Pausing after the current batch…")
        self._update_buttons()

    def open_settings(self) -> TrainingSettingsDialog:
        """Show the settings dialog (window-modal, not blocking); OK stores them for the next run."""
        if self._settings_dialog is None:
            self._settings_dialog = TrainingSettingsDialog(self)
            self._settings_dialog.accepted.connect(self._on_settings_accepted)
            self._settings_dialog.finished.connect(self._on_settings_dialog_closed)
        self._settings_dialog.open()
        return self._settings_dialog

    def confirm_close(self) -> bool:
        """Whether the window may close: asks only while a run is in progress."""
        if self._run is None:
            return True
        answer = QMessageBox.question(
            self, "Training in progress",
            "A training run is in progress. Stop it and close?\n\n"
            "Its checkpoint is kept: \"Resume last run\" continues it next time.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def shutdown(self, timeout_ms: int = 2000) -> bool:
        """Stop the run and wait for its thread; True when it ended within ``timeout_ms``.

        A stop lands at the next batch boundary (a fraction of a second with the default preset), but
        the core does not check it during an epoch's validation pass or while saving, so a stop that
        falls there takes longer. We then keep waiting: destroying a running QThread aborts the
        process and would lose the checkpoint the stop is writing.
        """
        run = self._run
        if run is None:
            return True
        run.stopping = True
        run.trainer.request_stop()
        in_time = run.thread.wait(timeout_ms)
        if not in_time:
            run.thread.wait()
        # The worker's last signals are still queued for this panel: deliver them now, so the log,
        # the chart and the resume button are up to date even if the window closes next.
        QCoreApplication.sendPostedEvents(self, 0)
        if self._run is run:
            self._finish_run()
        return in_time

    # --- worker events (GUI thread)
    def _on_fit_started(self, info: FitInfo) -> None:
        run = self._run
        if run is None:
            return
        run.settings = info.settings
        run.batches_per_epoch = per_epoch = info.batches_per_epoch
        total = per_epoch * info.settings.epochs
        done = (info.start_epoch - 1) * per_epoch + info.start_batch
        if info.history.get("batch_loss"):
            self.chart.set_history(info.history)  # the earlier part of a resumed run
        self.epoch_progress.setRange(0, per_epoch)
        self.epoch_progress.setValue(info.start_batch)
        self.run_progress.setRange(0, total)
        self.run_progress.setValue(done)
        self.epoch_label.setText(f"Epoch {info.start_epoch}/{info.settings.epochs}")
        s = info.settings
        recipe = (f"{recipe_name(s)}: {s.architecture} ({info.parameters:,} parameters), "
                  f"{OPTIMIZERS.get(s.optimizer, s.optimizer)}, lr {s.learning_rate:g}, batch {s.batch_size}")
        if done:
            self._log(f"Resumed at epoch {info.start_epoch}, batch {info.start_batch + 1} of {per_epoch} "
                      f"on {info.device}. {recipe}.")
        else:
            shape = f"{_count(s.epochs, 'epoch', 'epochs')} of {_count(per_epoch, 'batch', 'batches')}"
            self._log(f"Started on {info.device}: {info.train_samples:,} training / {info.val_samples:,} "
                      f"validation samples, {shape}. {recipe}.")
        self._set_status(f"Training on {info.device}")

    def _on_batch_losses(self, first_step: int, losses: list[float]) -> None:
        self.chart.append_losses(first_step, losses)

    def _on_progress(self, progress: BatchProgress) -> None:
        self.epoch_label.setText(f"Epoch {progress.epoch}/{progress.epochs}")
        self.epoch_progress.setRange(0, progress.batches)
        self.epoch_progress.setValue(progress.batch)
        self.run_progress.setRange(0, progress.total_steps)
        self.run_progress.setValue(progress.step)
        self.rate_label.setText(
            f"{progress.samples_per_second:,.0f} samples/s · ETA {_duration(progress.eta_seconds)} · "
            f"loss {progress.loss:.4f} · lr {progress.learning_rate:.2g}")
        self.progress_changed.emit(progress)

    def _on_epoch_ended(self, result: EpochResult) -> None:
        per_epoch = self._run.batches_per_epoch if self._run else 1
        self.chart.add_epoch(result.epoch * per_epoch, result.val_loss, result.val_accuracy)
        self._log(result.summary())

    def _on_paused_changed(self, paused: bool) -> None:
        if self._run is None or self._run.stopping:
            return
        self._set_status("Paused" if paused else "Training")
        self._update_buttons()
        self.paused_changed.emit(paused)

    def _on_failed(self, failure: TrainingFailure) -> None:
        message = failure.message
        if failure.kind == "save_failed":
            message += " Your previous weights are unchanged."
        self.error_banner.setText(message)
        self.error_banner.show()
        self.retry_cpu_button.setVisible(failure.retry_on_cpu)
        self._log(f"Failed: {message}")

    def _on_worker_finished(self, result: FitResult) -> None:
        if self._run is not None:
            self._run.result = result
        self.chart.redraw()
        if result.status == "completed":
            accuracy = result.metrics.get("test_accuracy")
            text = f"Test accuracy {accuracy:.2%}." if accuracy is not None else "Finished."
            self.result_banner.setText(
                f"Training finished. {text} The new weights are saved; choose \"Use new weights\" to read "
                f"your digits with them.")
            self.result_banner.show()
            self._log(f"Finished: {text} Weights saved to {result.weights_path}.")
        elif result.status == "stopped":
            history = result.history
            done = len(history.get("batch_loss", []))
            self._log(f"Stopped after {_count(done, 'batch', 'batches')} "
                      f"({_count(result.epochs_done, 'full epoch', 'full epochs')}); "
                      "\"Resume last run\" continues from the checkpoint.")

    def _on_thread_finished(self) -> None:
        if self._run is not None:
            self._finish_run()

    def _finish_run(self) -> None:
        run, self._run = self._run, None
        result = run.result
        if result is None:  # only if the worker died without reporting: still leave a usable panel
            result = FitResult("failed", 0, {"batch_loss": [], "epochs": []})
        status = {"completed": "Finished", "stopped": "Stopped", "failed": "Failed"}.get(result.status, "Idle")
        self._show_idle(status)
        self.running_changed.emit(False)
        self.run_finished.emit(result)

    # --- user actions
    def _on_start_clicked(self) -> None:
        if checkpoint_path().is_file():  # a new run would replace the interrupted one's checkpoint
            choice = self._ask_about_interrupted_run()
            if choice == "resume":
                self.resume_last_run()
            if choice != "new":
                return
        self.start_training()

    def _ask_about_interrupted_run(self) -> str:
        """"new", "resume" or "cancel": Start was pressed while an interrupted run can still be resumed."""
        try:
            saved = QDateTime.fromSecsSinceEpoch(int(checkpoint_path().stat().st_mtime))
            when = f" (checkpoint of {QLocale().toString(saved, QLocale.FormatType.ShortFormat)})"
        except OSError:  # removed meanwhile: still ask, the answer decides what Start does
            when = ""
        box = QMessageBox(QMessageBox.Icon.Question, "Interrupted run",
                          f"The last run was stopped before it finished{when} and can still be resumed.",
                          parent=self)
        box.setObjectName("interruptedRunQuestion")
        box.setInformativeText("A new run replaces that checkpoint as soon as it saves its own.")
        new_run = box.addButton("Start New Run", QMessageBox.ButtonRole.DestructiveRole)
        resume = box.addButton("Resume Last Run", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(resume)
        box.exec()
        clicked = box.clickedButton()
        return "new" if clicked is new_run else "resume" if clicked is resume else "cancel"

    def _on_pause_clicked(self) -> None:
        self.toggle_pause()

    def _on_retry_cpu_clicked(self) -> None:
        if self._last_request is not None:
            settings, resume_from = self._last_request
            self.start_training(settings.with_changes(device="cpu"), resume_from=resume_from)

    def _on_use_trained_clicked(self) -> None:
        path = trained_weights_path()
        if path.is_file():
            self.use_weights_requested.emit(path)

    def _on_settings_accepted(self) -> None:
        if self._run is None:
            self._show_idle()
        else:
            self._log("Settings saved; they apply to the next run.")

    def _on_settings_dialog_closed(self, _result: int) -> None:
        self._settings_dialog.deleteLater()
        self._settings_dialog = None

    # --- view helpers
    def _show_idle(self, outcome: str | None = None) -> None:
        settings = load_training_settings()
        next_run = (f"Next run: {recipe_name(settings)}, {_count(settings.epochs, 'epoch', 'epochs')}, "
                    f"device {settings.device}.")
        self._set_status(f"{outcome}. {next_run}" if outcome else f"Ready. {next_run}")
        self._update_buttons()

    def _update_buttons(self) -> None:
        run = self._run
        running = run is not None
        stopping = running and run.stopping
        self.start_button.setEnabled(not running)
        self.pause_button.setEnabled(running and not stopping)
        self.stop_button.setEnabled(running and not stopping)
        paused = running and run.trainer.paused
        self.pause_button.setText("Resume" if paused else "Pause")
        self.pause_button.setAccessibleName("Resume training" if paused else "Pause training")
        self.resume_button.setVisible(not running and checkpoint_path().is_file())
        self.retry_cpu_button.setEnabled(not running)
        # Usable during a run too: the core replaces the file atomically, and only at the run's end.
        self.use_trained_button.setEnabled(trained_weights_path().is_file())

    def _set_status(self, text: str) -> None:
        self.status_label.setText(text)

    def _log(self, line: str) -> None:
        self.log.appendPlainText(line)


def make_training_dock(parent: QWidget | None = None, **panel_options) -> QDockWidget:
    """The panel in a dock widget for the main window (``dock.widget()`` is the TrainingPanel)."""
    dock = QDockWidget("Training", parent)
    dock.setObjectName("trainingDock")
    dock.setAccessibleName("Training")
    dock.setWidget(TrainingPanel(dock, **panel_options))
    return dock
