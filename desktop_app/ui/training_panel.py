"""The training panel: start, pause, stop and resume runs, watch the loss fall, pick the weights to use.

The widget the rest of the app uses: the view (training_view.py) with its controller
(training_controller.py), which runs the core's Trainer on a QThread and tells the view what
happened. The main window sets the panel into its training dock once torch is loaded, connects
``use_weights_requested``/``use_shipped_weights_requested`` to its model, and calls
:meth:`TrainingPanel.confirm_close` and :meth:`TrainingPanel.shutdown` from its ``closeEvent``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QDockWidget, QWidget

from ..core.data import DigitData
from ..core.paths import trained_weights_path
from ..core.settings import TrainingSettings
from .settings_dialog import TrainingSettingsDialog
from .training_controller import ActiveRun, TrainingController
from .training_view import TrainingView


class TrainingPanel(TrainingView):
    """Trains the network from the GUI with a live loss chart."""

    #: The user chose the freshly trained weights for the canvas.
    use_weights_requested = Signal(Path)
    #: The user chose the weights shipped with the app.
    use_shipped_weights_requested = Signal()
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
        super().__init__(parent, trained_weights_location=str(trained_weights_path()))
        self.controller = TrainingController(self, train_data=train_data, test_data=test_data,
                                             torch_threads=torch_threads)
        self.controller.use_weights_requested.connect(self.use_weights_requested)
        self.controller.run_finished.connect(self.run_finished)
        self.controller.progress_changed.connect(self.progress_changed)
        self.controller.paused_changed.connect(self.paused_changed)
        self.use_shipped_clicked.connect(self.use_shipped_weights_requested)

    @property
    def is_running(self) -> bool:
        return self.controller.is_running

    @property
    def paused(self) -> bool:
        return self.controller.paused

    @property
    def _run(self) -> ActiveRun | None:
        """The run in progress (tests/test_gui_training.py watches its worker)."""
        return self.controller.active_run

    def set_training_data(self, train_data: DigitData | None, test_data: DigitData | None) -> None:
        """Train on these in-memory sets instead of loading MNIST (tests, benchmarks)."""
        self.controller.set_training_data(train_data, test_data)

    def start_training(self, settings: TrainingSettings | None = None, *, resume_from: Path | None = None,
                       plan=None) -> None:
        """Start a run with ``settings`` (default: the stored ones), or resume the checkpoint ``resume_from``;
        ``plan``: a FineTunePlan (fine-tune on the user's handwriting)."""
        self.controller.start_training(settings, resume_from=resume_from, plan=plan)

    def resume_last_run(self) -> None:
        """Continue the interrupted run from its checkpoint, with its own recipe."""
        self.controller.resume_last_run()

    def request_stop(self) -> None:
        """Stop after the current batch (the core writes a resumable checkpoint). Never blocks."""
        self.controller.request_stop()

    def toggle_pause(self) -> None:
        self.controller.toggle_pause()

    def open_settings(self) -> TrainingSettingsDialog:
        """Show the settings dialog (window-modal, not blocking); OK stores them for the next run."""
        return self.controller.open_settings()

    def confirm_close(self) -> bool:
        """Whether the window may close: asks only while a run is in progress."""
        return self.controller.confirm_close()

    def shutdown(self, timeout_ms: int = 2000) -> bool:
        """Stop the run and wait for its thread; True when it ended within ``timeout_ms``."""
        return self.controller.shutdown(timeout_ms)


def make_training_dock(parent: QWidget | None = None, **panel_options) -> QDockWidget:
    """A new TrainingPanel (``panel_options``: its keyword arguments) in a dock of its own, named as
    the main window's; ``dock.widget()`` is the panel. For tests and other windows: the main window
    makes its dock before torch is loaded and sets the panel in it later
    (``MainWindow._create_training_dock``)."""
    title = QCoreApplication.translate("TrainingDock", "Training")
    dock = QDockWidget(title, parent)
    dock.setObjectName("trainingDock")
    dock.setAccessibleName(title)
    dock.setWidget(TrainingPanel(dock, **panel_options))
    return dock
