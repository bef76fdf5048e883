"""The training dock: there from the start, so its saved place is restored with the window; its
panel is built on request once torch is loaded, since the panel's modules import it (over a second)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QLabel, QWidget

if TYPE_CHECKING:
    from .training_panel import TrainingPanel


class TrainingDock(QDockWidget):
    """Shows "Loading the training panel…" until :meth:`build_panel`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Training"))
        self.setObjectName("trainingDock")
        self.setAccessibleName(self.tr("Training"))
        loading = QLabel(self.tr("Loading the training panel…"), self)
        loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        loading.setEnabled(False)
        self.setWidget(loading)
        #: The TrainingPanel, or None until :meth:`build_panel`.
        self.panel: TrainingPanel | None = None

    def build_panel(self) -> TrainingPanel:
        """Build the panel (imports torch: call it once torch is loaded) in place of the placeholder."""
        from .training_panel import TrainingPanel

        self.panel = TrainingPanel(self)
        # Not in a scroll area: its word-wrapped labels would make the area lay the panel out at its
        # preferred height (871 px), scrolling the result out of sight; unscrolled, it fits 600 px.
        self.setWidget(self.panel)
        return self.panel
