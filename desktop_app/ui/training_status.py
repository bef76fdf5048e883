"""A run's progress where the user sees it with the training panel closed: a bar in the status bar
and the percentage in the window title (so it shows on the task bar too); and a finished run
announced in the status bar and, where the desktop has one, as a system notification."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMainWindow, QProgressBar, QSystemTrayIcon

from . import i18n
from .training_speed import record_speed

#: How long the announcement of a finished run stays in the status bar (ms).
ANNOUNCE_MS = 15_000
NOTIFICATION_MS = 8000


class TrainingStatus(QObject):
    """Follows a TrainingPanel's signals (:meth:`follow`) and shows them in ``window``'s chrome."""

    def __init__(self, window: QMainWindow, title: str) -> None:
        super().__init__(window)
        self._window = window
        self._title = title
        self._percent: int | None = None
        self._paused = False
        self.bar = QProgressBar(window)
        self.bar.setObjectName("statusTrainingProgress")
        self.bar.setAccessibleName(self.tr("Training progress"))
        self.bar.setMaximumWidth(180)
        self.bar.setMaximumHeight(window.fontMetrics().height() + 4)
        self.bar.setRange(0, 100)
        self.bar.setTextVisible(True)
        self.bar.hide()
        window.statusBar().addPermanentWidget(self.bar)
        self._tray: QSystemTrayIcon | None = None
        self._panel = None
        self._speed: tuple[object, float] | None = None  # (the run's settings, its latest samples/s)

    def follow(self, panel) -> None:
        """``panel``: a TrainingPanel (progress_changed, paused_changed, run_finished)."""
        self._panel = panel
        panel.progress_changed.connect(self._on_progress)
        panel.paused_changed.connect(self._on_paused_changed)
        panel.run_finished.connect(self._on_run_finished)

    @property
    def percent(self) -> int | None:
        """The run's progress in percent, or None between runs."""
        return self._percent

    def _on_progress(self, progress) -> None:
        self._percent = int(100 * progress.step / max(progress.total_steps, 1))
        run = self._panel.controller.active_run
        if run is not None and run.settings is not None:
            self._speed = (run.settings, progress.samples_per_second)
        self.bar.setValue(self._percent)
        self.bar.setFormat(self.tr("Epoch %1/%2 · %p%").replace("%1", str(progress.epoch))
                           .replace("%2", str(progress.epochs)))
        self.bar.show()
        self._update_title()

    def _on_paused_changed(self, paused: bool) -> None:
        self._paused = paused
        self._update_title()

    def _update_title(self) -> None:
        if self._percent is None:
            self._window.setWindowTitle(self._title)
            return
        state = self.tr("paused") if self._paused else self.tr("training")
        self._window.setWindowTitle(self.tr("{percent} {state} — {title}").format(
            percent=i18n.percent(self._percent / 100), state=state, title=self._title))

    def _on_run_finished(self, result) -> None:
        self._percent = None
        self._paused = False
        self.bar.hide()
        if self._speed is not None:  # for the settings dialog's estimate of the next run
            record_speed(*self._speed)
            self._speed = None
        self._update_title()
        text = self._announcement(result)
        self._window.statusBar().showMessage(text, ANNOUNCE_MS)
        self._notify(text)

    def _announcement(self, result) -> str:
        accuracy = result.metrics.get("test_accuracy")
        if result.status == "completed":
            if accuracy is None:
                return self.tr("Training finished.")
            return self.tr("Training finished: test accuracy %1.").replace("%1", i18n.percent(accuracy, 2))
        if result.status == "stopped":
            return self.tr("Training stopped; Resume last run continues it.")
        return self.tr("Training failed; the training panel says why.")

    def _notify(self, text: str) -> None:
        """A desktop notification when the window is not the active one (the user is elsewhere)."""
        if self._window.isActiveWindow() or not QSystemTrayIcon.isSystemTrayAvailable():
            return
        if self._tray is None:
            self._tray = QSystemTrayIcon(self._window.windowIcon(), self)
            self._tray.setToolTip(self._title)
            self._tray.messageClicked.connect(self._on_message_clicked)
        self._tray.show()
        self._tray.showMessage(self._title, text, QSystemTrayIcon.MessageIcon.Information, NOTIFICATION_MS)

    def _on_message_clicked(self) -> None:
        self._window.setWindowState(self._window.windowState() & ~Qt.WindowState.WindowMinimized)
        self._window.raise_()
        self._window.activateWindow()
