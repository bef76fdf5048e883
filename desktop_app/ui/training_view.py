"""The training panel's widgets: buttons, status, banners, progress bars, the loss chart and the log.

A passive view: it shows the plain values and text it is given (``show_*``, ``set_buttons``) and
reports clicks as signals; what a click does and what a run's events mean is the controller's job
(training_controller.py). It never imports the core's training loop (an import-linter contract).
"""

from __future__ import annotations

from PySide6.QtCore import QDateTime, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from .loss_chart import LossChart

# Tints over the window colour with the palette's text colour: they read in light and dark schemes.
ERROR_BANNER_STYLE = ("background: rgba(220, 53, 69, 40); border: 1px solid rgba(220, 53, 69, 170);"
                      " border-radius: 4px; padding: 6px;")
RESULT_BANNER_STYLE = ("background: rgba(40, 160, 80, 40); border: 1px solid rgba(40, 160, 80, 170);"
                       " border-radius: 4px; padding: 6px;")
#: The log's share of the chart/log splitter at first (the user drags it; it collapses to nothing).
LOG_HEIGHT = 70
LOG_LINES = 2000


def _named(widget: QWidget, object_name: str, accessible_name: str) -> QWidget:
    widget.setObjectName(object_name)
    widget.setAccessibleName(accessible_name)
    return widget


class TrainingView(QWidget):
    """The panel's widgets (attributes named for tests and the self-test) and their layout."""

    start_clicked = Signal()
    pause_clicked = Signal()
    stop_clicked = Signal()
    resume_clicked = Signal()
    settings_clicked = Signal()
    retry_on_cpu_clicked = Signal()
    use_trained_clicked = Signal()
    use_shipped_clicked = Signal()
    #: The buttons changed state (enabled, Pause/Resume): the window's Training menu follows them.
    buttons_changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, trained_weights_location: str) -> None:
        super().__init__(parent)
        self.setObjectName("trainingPanel")
        self.setAccessibleName(self.tr("Training"))
        self.showing_resume = False  # the pause button says Resume (the window's menu follows it)
        self._stopping = False  # a stop was asked for, or no run: the rate line stays empty
        self._build_controls()
        self._build_feedback()
        self._build_progress()
        self.chart = LossChart()
        self._build_weights_choice(trained_weights_location)
        self._build_log()
        self._lay_out()
        self._connect_buttons()
        self.error_banner.hide()
        self.retry_cpu_button.hide()
        self.result_banner.hide()

    def _build_controls(self) -> None:
        self.start_button = _named(QPushButton(self.tr("Start")), "startTraining", self.tr("Start training"))
        self.pause_button = _named(QPushButton(self.tr("Pause")), "pauseTraining", self.tr("Pause training"))
        self.stop_button = _named(QPushButton(self.tr("Stop")), "stopTraining", self.tr("Stop training"))
        self.resume_button = _named(QPushButton(self.tr("Resume last run")), "resumeTraining",
                                    self.tr("Resume last run"))
        self.settings_button = _named(QPushButton(self.tr("Settings…")), "openTrainingSettings",
                                      self.tr("Training settings"))
        self.start_button.setToolTip(self.tr("Train a new network with the current settings"))
        self.stop_button.setToolTip(self.tr("Stop after the current batch; the run can be resumed later"))
        self.resume_button.setToolTip(self.tr("Continue the interrupted run from its last checkpoint"))

    def _build_feedback(self) -> None:
        self.status_label = _named(QLabel(), "trainingStatus", self.tr("Training status"))
        self.status_label.setWordWrap(True)
        self.error_banner = _named(QLabel(), "trainingError", self.tr("Training error"))
        self.error_banner.setWordWrap(True)
        self.error_banner.setStyleSheet(ERROR_BANNER_STYLE)
        self.error_banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_banner.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.retry_cpu_button = _named(QPushButton(self.tr("Retry on CPU")), "retryOnCpu",
                                       self.tr("Retry training on the CPU"))
        self.result_banner = _named(QLabel(), "trainingResult", self.tr("Training result"))
        self.result_banner.setWordWrap(True)
        self.result_banner.setStyleSheet(RESULT_BANNER_STYLE)

    def _build_progress(self) -> None:
        self.epoch_label = QLabel(self.tr("Epoch"))
        self.epoch_progress = _named(QProgressBar(), "epochProgress", self.tr("Epoch progress"))
        self.epoch_progress.setFormat(self.tr("%v / %m batches"))
        self.run_progress = _named(QProgressBar(), "trainingProgress", self.tr("Training progress"))
        self.rate_label = _named(QLabel(), "trainingRate", self.tr("Training speed"))

    def _build_weights_choice(self, trained_weights_location: str) -> None:
        self.use_trained_button = _named(QPushButton(self.tr("Use new weights")), "useTrainedWeights",
                                         self.tr("Use the trained weights"))
        self.use_shipped_button = _named(QPushButton(self.tr("Use shipped weights")), "useShippedWeights",
                                         self.tr("Use the shipped weights"))
        self.use_trained_button.setToolTip(self.tr("Read digits with the weights trained here ({location})")
                                           .format(location=trained_weights_location))
        self.use_shipped_button.setToolTip(self.tr("Read digits with the weights that came with Digit Studio"))
        for button in (self.use_trained_button, self.use_shipped_button):
            button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)

    def _build_log(self) -> None:
        self.log = _named(QPlainTextEdit(), "trainingLog", self.tr("Training log"))
        self.log.setReadOnly(True)
        self.log.setMaximumBlockCount(LOG_LINES)
        self.log.setMinimumHeight(0)
        self.log.setPlaceholderText(self.tr("One line per epoch appears here."))

    def _lay_out(self) -> None:
        """Compact from the top, so the chart gets the height: the result and its actions stay in view
        at a 600-pixel-high window."""
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
        progress.addWidget(QLabel(self.tr("Run")), 0, 2)
        progress.addWidget(self.run_progress, 0, 3)
        progress.addWidget(self.rate_label, 1, 1, 1, 3)
        progress.setColumnStretch(1, 1)
        progress.setColumnStretch(3, 1)

        result_row = QHBoxLayout()
        result_row.addWidget(self.result_banner, 10)
        result_row.addStretch(1)  # the buttons keep their width while no banner is on show
        weights = QVBoxLayout()
        weights.addWidget(self.use_trained_button)
        weights.addWidget(self.use_shipped_button)
        weights.addStretch(1)
        result_row.addLayout(weights)

        # The log shares its height with the chart; dragged down to nothing, the chart takes it all.
        self.chart_splitter = QSplitter(Qt.Orientation.Vertical)
        self.chart_splitter.setObjectName("chartLogSplitter")
        self.chart_splitter.addWidget(self.chart)
        self.chart_splitter.addWidget(self.log)
        self.chart_splitter.setCollapsible(0, False)
        self.chart_splitter.setStretchFactor(0, 1)
        self.chart_splitter.setStretchFactor(1, 0)
        self.chart_splitter.setSizes([400, LOG_HEIGHT])

        layout = QVBoxLayout(self)
        layout.setSpacing(4)
        layout.addLayout(buttons)
        layout.addWidget(self.status_label)
        layout.addLayout(error_row)
        layout.addLayout(progress)
        layout.addWidget(self.chart_splitter, 1)
        layout.addLayout(result_row)

    def _connect_buttons(self) -> None:
        self.start_button.clicked.connect(self.start_clicked)
        self.pause_button.clicked.connect(self.pause_clicked)
        self.stop_button.clicked.connect(self.stop_clicked)
        self.resume_button.clicked.connect(self.resume_clicked)
        self.settings_button.clicked.connect(self.settings_clicked)
        self.retry_cpu_button.clicked.connect(self.retry_on_cpu_clicked)
        self.use_trained_button.clicked.connect(self.use_trained_clicked)
        self.use_shipped_button.clicked.connect(self.use_shipped_clicked)

    # --- showing what the controller tells
    def show_status(self, text: str) -> None:
        self.status_label.setText(text)

    def show_run_starting(self, status: str, *, resumed: bool) -> None:
        """Forget the last run's banners and bars; a resumed run keeps its chart (its history follows)."""
        self.error_banner.hide()
        self.retry_cpu_button.hide()
        self.result_banner.hide()
        if not resumed:
            self.chart.clear()
        self.epoch_label.setText(self.tr("Epoch"))  # not the last run's "Epoch 2/2" beside an empty bar
        self.epoch_progress.reset()
        self.run_progress.reset()
        self.rate_label.clear()
        self._stopping = False
        self.show_status(status)

    def show_progress(self, epoch_text: str, batch: int, batches: int, step: int, total_steps: int) -> None:
        """Batches done in this epoch (of ``batches``) and in the whole run (of ``total_steps``)."""
        self.epoch_label.setText(epoch_text)
        self.chart.set_batches_per_epoch(batches)
        self.epoch_progress.setRange(0, batches)
        self.epoch_progress.setValue(batch)
        self.run_progress.setRange(0, total_steps)
        self.run_progress.setValue(step)

    def show_rate(self, text: str) -> None:
        """Speed and time left; ignored once the run is stopping (its ETA would be stale)."""
        if not self._stopping:
            self.rate_label.setText(text)

    def show_error(self, message: str, *, retry_on_cpu: bool) -> None:
        self.error_banner.setText(message)
        self.error_banner.show()
        self.retry_cpu_button.setVisible(retry_on_cpu)

    def show_result(self, text: str) -> None:
        self.result_banner.setText(text)
        self.result_banner.show()

    def append_log(self, line: str) -> None:
        self.log.appendPlainText(line)

    def set_buttons(self, *, running: bool, stopping: bool, paused: bool, can_resume: bool,
                    trained_weights_saved: bool) -> None:
        self.start_button.setEnabled(not running)
        self.pause_button.setEnabled(running and not stopping)
        self.stop_button.setEnabled(running and not stopping)
        self.showing_resume = paused
        self.pause_button.setText(self.tr("Resume") if paused else self.tr("Pause"))
        self.pause_button.setAccessibleName(self.tr("Resume training") if paused else self.tr("Pause training"))
        self.resume_button.setVisible(not running and can_resume)
        self.retry_cpu_button.setEnabled(not running)
        self.use_trained_button.setEnabled(trained_weights_saved)
        self._stopping = stopping or not running
        if self._stopping:  # no ETA for a run that is ending or over
            self.rate_label.clear()
        self.buttons_changed.emit()

    # --- questions (modal)
    def ask_to_stop_and_close(self) -> bool:
        """Asked when the window closes during a run: True to stop it and close."""
        answer = QMessageBox.question(
            self, self.tr("Training in progress"),
            self.tr("A training run is in progress. Stop it and close?\n\n"
                    "Its checkpoint is kept: \"Resume last run\" continues it next time."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def ask_about_interrupted_run(self, saved_at: float | None) -> str:
        """"new", "resume" or "cancel": Start was pressed while an interrupted run can still be resumed.

        ``saved_at``: when its checkpoint was written (seconds since the epoch), None if unknown.
        """
        when = ""
        if saved_at is not None:
            saved = QDateTime.fromSecsSinceEpoch(int(saved_at))
            when = self.tr(" (checkpoint of {time})").format(
                time=QLocale().toString(saved, QLocale.FormatType.ShortFormat))
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Interrupted run"),
                          self.tr("The last run was stopped before it finished{when} and can still be resumed.")
                          .format(when=when), parent=self)
        box.setObjectName("interruptedRunQuestion")
        box.setInformativeText(self.tr("A new run replaces that checkpoint as soon as it saves its own."))
        new_run = box.addButton(self.tr("Start New Run"), QMessageBox.ButtonRole.DestructiveRole)
        resume = box.addButton(self.tr("Resume Last Run"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(resume)
        box.exec()
        clicked = box.clickedButton()
        return "new" if clicked is new_run else "resume" if clicked is resume else "cancel"
