"""The live training chart: per-batch loss (raw and smoothed), validation loss and accuracy per epoch.

As in pyqtgraph's scrolling-plot examples, points go into growing numpy buffers and the curves are
redrawn from a timer at most a few times a second (``setData`` replaces all data: there is no cheap
append), with peak downsampling and clip-to-view so a long run stays cheap to draw. The smoothed
curve is TensorBoard's debiased exponential moving average, extended only over new points unless
the smoothing weight changes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget
from superqt import QLabeledDoubleSlider

#: Redraws per second at most, while points keep arriving. Drawing holds the GIL (PySide does not
#: release it while painting), so each frame also pauses the training thread's Python code: 5 Hz
#: looks live and costs the run little. (pyqtgraph's grid is left off for the same reason: its
#: semi-transparent lines made each frame of this chart several times dearer, measured offscreen at
#: the window size of benchmarks/bench_training_ui.py.)
REDRAW_HZ = 5
#: The smoothing weight's range and precision, as in TensorBoard (a weight of 1 would ignore every
#: new loss).
MAX_SMOOTHING = 0.999
SMOOTHING_DECIMALS = 3
DEFAULT_SMOOTHING = 0.9

RAW_COLOR = (90, 150, 230, 90)
RAW_COLOR_OPAQUE = (170, 200, 240)  # how RAW_COLOR looks on white, for the legend
SMOOTH_COLOR = (40, 110, 220)
VAL_LOSS_COLOR = (230, 120, 30)
VAL_ACCURACY_COLOR = (40, 160, 80)
LEFT_AXIS_WIDTH = 56


class _GrowingBuffer:
    """A float64 array that doubles when full; ``view()`` is the filled part."""

    def __init__(self, capacity: int = 1024) -> None:
        self._data = np.empty(capacity)
        self.size = 0

    def extend(self, values: Sequence[float] | np.ndarray) -> None:
        needed = self.size + len(values)
        if needed > len(self._data):
            grown = np.empty(max(needed, 2 * len(self._data)))
            grown[: self.size] = self._data[: self.size]
            self._data = grown
        self._data[self.size : needed] = values
        self.size = needed

    def view(self) -> np.ndarray:
        return self._data[: self.size]

    def clear(self) -> None:
        self.size = 0


def smoothed(values: Sequence[float], weight: float) -> list[float]:
    """TensorBoard's smoothing: an exponential moving average divided by ``1 - weight**n`` (debiased),
    so the curve starts at the first value instead of rising from zero."""
    return _EmaState(weight).extend(values)


class _EmaState:
    def __init__(self, weight: float) -> None:
        self.weight = weight
        self.last = 0.0
        self.count = 0

    def extend(self, values: Sequence[float]) -> list[float]:
        weight, last, count = self.weight, self.last, self.count
        out = []
        for value in values:
            if math.isfinite(value):
                last = last * weight + (1 - weight) * value
                count += 1
            out.append(last / (1 - weight**count) if count else math.nan)
        self.last, self.count = last, count
        return out


def _legend_html() -> str:
    def swatch(color: tuple[int, ...], symbol: str, text: str) -> str:
        r, g, b = color[:3]
        return f'<span style="color: rgb({r},{g},{b}); font-weight: bold;">{symbol}</span> {text}'

    return "&nbsp;&nbsp;&nbsp;".join([
        swatch(RAW_COLOR_OPAQUE, "━", "training loss per batch"),
        swatch(SMOOTH_COLOR, "━", "smoothed"),
        swatch(VAL_LOSS_COLOR, "●", "validation loss"),
        swatch(VAL_ACCURACY_COLOR, "●", "validation accuracy"),
    ])


class LossChart(QWidget):
    """Two x-linked plots over the run's global batch number: loss on top, validation accuracy below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lossChart")
        self.setAccessibleName("Training loss chart")

        self._steps = _GrowingBuffer()
        self._losses = _GrowingBuffer()
        self._smooth = _GrowingBuffer()
        self._ema = _EmaState(DEFAULT_SMOOTHING)
        self._epoch_steps: list[float] = []
        self._val_losses: list[float] = []
        self._val_accuracies: list[float] = []  # in percent
        self._markers: list[pg.InfiniteLine] = []

        self.plots = pg.GraphicsLayoutWidget()
        self.plots.setBackground("w")
        self.plots.setMinimumHeight(220)
        self.loss_plot = self.plots.addPlot(row=0, col=0)
        self.accuracy_plot = self.plots.addPlot(row=1, col=0)
        self.plots.ci.layout.setRowStretchFactor(0, 3)
        self.plots.ci.layout.setRowStretchFactor(1, 1)
        self._setup_plots()

        # Labelled: the value shows beside the slider, and can be typed there.
        self.smoothing_slider = QLabeledDoubleSlider(Qt.Orientation.Horizontal)
        self.smoothing_slider.setObjectName("lossSmoothing")
        self.smoothing_slider.setAccessibleName("Loss smoothing")
        self.smoothing_slider.setDecimals(SMOOTHING_DECIMALS)
        self.smoothing_slider.setRange(0.0, MAX_SMOOTHING)
        self.smoothing_slider.setSingleStep(10**-SMOOTHING_DECIMALS)
        self.smoothing_slider.setPageStep(0.01)
        self.smoothing_slider.setValue(DEFAULT_SMOOTHING)
        self.smoothing_slider.setToolTip("Exponential moving average of the batch loss, as in TensorBoard")
        self.smoothing_slider.valueChanged.connect(self._on_smoothing_changed)

        # The legend is a label above the plots rather than a pyqtgraph legend inside them: it never
        # covers a curve or an epoch marker, and costs nothing when the plots redraw.
        self.legend = QLabel(_legend_html())
        self.legend.setObjectName("lossChartLegend")
        slider_row = QHBoxLayout()
        slider_row.addWidget(QLabel("Smoothing"))
        slider_row.addWidget(self.smoothing_slider, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.legend)
        layout.addWidget(self.plots, 1)
        layout.addLayout(slider_row)

        # Single-shot, started by the first new data after a redraw: at most REDRAW_HZ redraws a
        # second while a run streams, and no timer ticking while nothing changes.
        self._redraw_timer = QTimer(self)
        self._redraw_timer.setSingleShot(True)
        self._redraw_timer.setInterval(1000 // REDRAW_HZ)
        self._redraw_timer.timeout.connect(self.redraw)

    def _setup_plots(self) -> None:
        loss, accuracy = self.loss_plot, self.accuracy_plot
        loss.setLabel("left", "loss")
        loss.setClipToView(True)
        loss.setDownsampling(auto=True, mode="peak")
        loss.setLimits(xMin=0)
        accuracy.setLabel("left", "val acc.", units="%")
        accuracy.setLabel("bottom", "batch")
        accuracy.setXLink(loss)
        accuracy.setLimits(xMin=0)
        loss.getAxis("bottom").setStyle(showValues=False)
        for plot in (loss, accuracy):
            plot.getAxis("left").setWidth(LEFT_AXIS_WIDTH)  # so both plots' x axes line up
            plot.getAxis("left").enableAutoSIPrefix(False)  # "loss (x0.001)" reads badly
        self._reset_view()

        self.raw_curve = loss.plot(pen=pg.mkPen(RAW_COLOR, width=1))
        self.smooth_curve = loss.plot(pen=pg.mkPen(SMOOTH_COLOR, width=2))
        self.val_loss_curve = loss.plot(
            pen=pg.mkPen(VAL_LOSS_COLOR, width=2), symbol="o", symbolSize=7,
            symbolBrush=VAL_LOSS_COLOR, symbolPen=None,
        )
        self.accuracy_curve = accuracy.plot(
            pen=pg.mkPen(VAL_ACCURACY_COLOR, width=2), symbol="o", symbolSize=7,
            symbolBrush=VAL_ACCURACY_COLOR, symbolPen=None,
        )
        for curve in (self.raw_curve, self.smooth_curve):
            curve.setSkipFiniteCheck(True)

    # --- data in
    def clear(self) -> None:
        for buffer in (self._steps, self._losses, self._smooth):
            buffer.clear()
        self._ema = _EmaState(self.smoothing)
        self._epoch_steps.clear()
        self._val_losses.clear()
        self._val_accuracies.clear()
        for marker in self._markers:
            self.loss_plot.removeItem(marker)
        self._markers.clear()
        self._reset_view()
        self.redraw()

    def _reset_view(self) -> None:
        """Forget the previous run's view; auto-range again from the next points.

        Empty, the chart shows 100 batches and losses up to chance level (2.3). The loss plot owns the
        shared x range: an x auto-range on the accuracy plot would zoom both to its first point onwards.
        """
        self.loss_plot.setRange(xRange=(0, 100), yRange=(0, 2.5), padding=0)
        self.loss_plot.enableAutoRange()
        self.accuracy_plot.setYRange(0, 100, padding=0)

    def set_history(self, history: dict[str, Any]) -> None:
        """Draw what a resumed run had recorded (the core's ``history``), then continue from there."""
        self.clear()
        losses = list(history.get("batch_loss") or [])
        if losses:
            self.append_losses(1, losses)
        for epoch in history.get("epochs") or []:
            self.add_epoch(epoch["step"], epoch["val_loss"], epoch["val_accuracy"])
        if losses:
            self._add_marker(len(losses), "resumed", dashed=False)
        self.redraw()

    def append_losses(self, first_step: int, losses: Sequence[float]) -> None:
        """Batch losses for global steps ``first_step``, ``first_step + 1``, …"""
        if not len(losses):
            return
        self._steps.extend(np.arange(first_step, first_step + len(losses), dtype=float))
        self._losses.extend(losses)
        self._schedule_redraw()

    def add_epoch(self, step: int, val_loss: float, val_accuracy: float) -> None:
        """A validation result at the end of an epoch (``step``: the epoch's last global batch)."""
        self._epoch_steps.append(float(step))
        self._val_losses.append(val_loss)
        self._val_accuracies.append(100.0 * val_accuracy)
        self._add_marker(step, f"epoch {len(self._epoch_steps)}", dashed=True)
        self._schedule_redraw()

    def _add_marker(self, step: float, label: str, *, dashed: bool) -> None:
        style = Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine
        marker = pg.InfiniteLine(
            pos=step, angle=90, movable=False, pen=pg.mkPen((150, 150, 150), width=1, style=style),
            label=label, labelOpts={"position": 0.97, "color": (120, 120, 120), "anchors": [(1, 0), (1, 0)]},
        )
        self.loss_plot.addItem(marker, ignoreBounds=True)
        self._markers.append(marker)

    # --- reading back (tests, the panel)
    @property
    def point_count(self) -> int:
        """Batch losses received so far (including a resumed run's earlier history)."""
        return self._losses.size

    def losses(self) -> np.ndarray:
        return self._losses.view().copy()

    def epoch_count(self) -> int:
        return len(self._epoch_steps)

    @property
    def smoothing(self) -> float:
        return self.smoothing_slider.value()

    def set_smoothing(self, weight: float) -> None:
        self.smoothing_slider.setValue(weight)

    # --- drawing (GUI thread, from the timer)
    def _schedule_redraw(self) -> None:
        if not self._redraw_timer.isActive():
            self._redraw_timer.start()

    def redraw(self) -> None:
        """Bring the curves up to date now (the timer calls this; tests and screenshots may too)."""
        self._redraw_timer.stop()
        if self._smooth.size > self._losses.size:  # a run's points cleared since: smooth them afresh
            self._smooth.clear()
            self._ema = _EmaState(self.smoothing)
        if self._smooth.size < self._losses.size:
            new = self._losses.view()[self._smooth.size :].tolist()
            self._smooth.extend(self._ema.extend(new))
        self.raw_curve.setData(self._steps.view(), self._losses.view())
        # Sizes read again: tests/test_app_quit.py once saw the smoothed curve a point longer than
        # its steps while a run was shut down on quit (cause not found), and pyqtgraph raises for
        # curves of unequal lengths. A frame with a point fewer is harmless; a traceback is not.
        count = min(self._steps.size, self._smooth.size)
        self.smooth_curve.setData(self._steps.view()[:count], self._smooth.view()[:count])
        self.val_loss_curve.setData(self._epoch_steps, self._val_losses)
        self.accuracy_curve.setData(self._epoch_steps, self._val_accuracies)
        if self._val_accuracies:
            # Fitted by hand: pyqtgraph's auto-range pads one point to 50..150 %, beyond what accuracy can be.
            low, high = min(self._val_accuracies), max(self._val_accuracies)
            margin = max(high - low, 1.0) * 0.15
            self.accuracy_plot.setYRange(max(0.0, low - margin), min(100.0, high + margin), padding=0)

    def _on_smoothing_changed(self, _value: float) -> None:
        self._ema = _EmaState(self.smoothing)
        self._smooth.clear()  # recomputed over all points at the next redraw
        self._schedule_redraw()
