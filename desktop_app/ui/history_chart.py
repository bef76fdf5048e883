"""A model's training chart reopened from its stored history (the loss and validation accuracy its run
drew live), in the same :class:`~.loss_chart.LossChart` the training panel uses."""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from ..core.model_library import ModelEntry
from .loss_chart import LossChart
from .screen_fit import resize_to_fit


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def draw_history(chart: LossChart, history: dict[str, Any]) -> int:
    """Draw a stored run history; points that are not numbers (a hand-edited entry) are skipped.
    Returns how many batch losses were drawn."""
    chart.clear()
    losses = [float(v) if _number(v) else math.nan for v in history.get("batch_loss") or []]
    if losses:
        chart.append_losses(1, losses)
    for epoch in history.get("epochs") or []:
        if isinstance(epoch, dict) and all(_number(epoch.get(k)) for k in ("step", "val_loss", "val_accuracy")):
            chart.add_epoch(int(epoch["step"]), float(epoch["val_loss"]), float(epoch["val_accuracy"]))
    chart.redraw()
    return len(losses)


class HistoryDialog(QDialog):
    def __init__(self, entry: ModelEntry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("modelHistory")
        self.setWindowTitle(self.tr("Training Chart: %1").replace("%1", entry.name))
        resize_to_fit(self, 760, 460)
        self.chart = LossChart(self)
        caption = QLabel(self)
        caption.setWordWrap(True)
        drawn = draw_history(self.chart, entry.history)
        epochs = len(entry.history.get("epochs") or [])
        caption.setText(self.tr("%1: %2 batches, %3 epochs.").replace("%1", entry.name).replace(
            "%2", f"{drawn:,}").replace("%3", str(epochs)))
        layout = QVBoxLayout(self)
        layout.addWidget(caption)
        layout.addWidget(self.chart, 1)
