"""The live training chart: per-batch loss (raw and smoothed), validation loss and accuracy per epoch.

As in pyqtgraph's scrolling-plot examples, points go into growing numpy buffers and the curves are
redrawn from a timer at most a few times a second (``setData`` replaces all data: there is no cheap
append), with peak downsampling and clip-to-view so a long run stays cheap to draw. The smoothed
curve is TensorBoard's debiased exponential moving average, extended only over new points unless
the smoothing weight changes.

The x axis is in epochs (fractional: batch 30 of 60 is epoch 0.5); the buffers keep global batch
numbers and the axis divides by the batches per epoch, which the view learns from the run's
progress. The y range follows the smoothed curve (a resumed run's first losses, or one wild batch,
do not squash the rest of the run), until the user zooms by hand. The chart takes its colours from
the palette, so it follows a dark scheme, and keeps pyqtgraph's context menu, whose "Export..."
writes the plots as PNG, SVG or CSV.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget
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
#: Head room above the smoothed curve's highest point when the y range is fitted.
Y_HEADROOM = 1.25
#: The share of the smoothed curve the fitted y range shows in full (the highest 2 % may be cut).
Y_QUANTILE = 0.98
#: The empty chart's y range: up to chance level (ln 10 = 2.3) for ten classes.
EMPTY_LOSS_RANGE = (0.0, 2.5)
#: The smallest loss a log-scale axis shows (a loss of 0 has no logarithm).
LOG_FLOOR = 1e-4


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
        swatch(RAW_COLOR_OPAQUE, "━", QCoreApplication.translate("LossChart", "training loss per batch")),
        swatch(SMOOTH_COLOR, "━", QCoreApplication.translate("LossChart", "smoothed")),
        swatch(VAL_LOSS_COLOR, "●", QCoreApplication.translate("LossChart", "validation loss")),
        swatch(VAL_ACCURACY_COLOR, "●", QCoreApplication.translate("LossChart", "validation accuracy")),
    ])


class LossChart(QWidget):
    """Two x-linked plots over the run's epochs: loss on top, validation accuracy below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lossChart")
        self.setAccessibleName(self.tr("Training loss chart"))

        self._steps = _GrowingBuffer()
        self._losses = _GrowingBuffer()
        self._smooth = _GrowingBuffer()
        self._ema = _EmaState(DEFAULT_SMOOTHING)
        self._epoch_steps: list[float] = []
        self._val_losses: list[float] = []
        self._val_accuracies: list[float] = []  # in percent
        self._markers: list[tuple[pg.InfiniteLine, float]] = []  # with the global step each marks
        self._batches_per_epoch: int | None = None  # None: not known yet (x in batches until then)
        self._fit_y = True  # False once the user zooms or pans by hand (until the next run)
        self._log_scale = False

        self.plots = pg.GraphicsLayoutWidget()
        self.plots.setObjectName("lossPlots")
        self.plots.setMinimumHeight(160)
        self.plots.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a mouse tool: the keyboard skips it
        self.loss_plot = self.plots.addPlot(row=0, col=0)
        self.accuracy_plot = self.plots.addPlot(row=1, col=0)
        self.plots.ci.layout.setRowStretchFactor(0, 3)
        self.plots.ci.layout.setRowStretchFactor(1, 1)
        self._setup_plots()
        self._build_controls()
        self._lay_out()
        self._apply_palette()

        # Single-shot, started by the first new data after a redraw: at most REDRAW_HZ redraws a
        # second while a run streams, and no timer ticking while nothing changes.
        self._redraw_timer = QTimer(self)
        self._redraw_timer.setSingleShot(True)
        self._redraw_timer.setInterval(1000 // REDRAW_HZ)
        self._redraw_timer.timeout.connect(self.redraw)

    def _build_controls(self) -> None:
        # Labelled: the value shows beside the slider, and can be typed there.
        self.smoothing_slider = QLabeledDoubleSlider(Qt.Orientation.Horizontal)
        self.smoothing_slider.setObjectName("lossSmoothing")
        self.smoothing_slider.setAccessibleName(self.tr("Loss smoothing"))
        self.smoothing_slider.setDecimals(SMOOTHING_DECIMALS)
        self.smoothing_slider.setRange(0.0, MAX_SMOOTHING)
        self.smoothing_slider.setSingleStep(10**-SMOOTHING_DECIMALS)
        self.smoothing_slider.setPageStep(0.01)
        self.smoothing_slider.setValue(DEFAULT_SMOOTHING)
        self.smoothing_slider.setToolTip(self.tr("Exponential moving average of the batch loss, as in TensorBoard"))
        self.smoothing_slider.valueChanged.connect(self._on_smoothing_changed)
        self.log_scale_check = QCheckBox(self.tr("&Log scale"))
        self.log_scale_check.setObjectName("lossLogScale")
        self.log_scale_check.setAccessibleName(self.tr("Loss on a logarithmic scale"))
        self.log_scale_check.setToolTip(self.tr("Show the loss on a logarithmic axis, where small late gains "
                                                "stay visible"))
        self.log_scale_check.toggled.connect(self.set_log_scale)

    def _lay_out(self) -> None:
        # The legend is a label above the plots rather than a pyqtgraph legend inside them: it never
        # covers a curve or an epoch marker, and costs nothing when the plots redraw.
        self.legend = QLabel(_legend_html())
        self.legend.setObjectName("lossChartLegend")
        self.legend.setWordWrap(True)
        smoothing_label = QLabel(self.tr("&Smoothing"))
        smoothing_label.setBuddy(self.smoothing_slider)
        controls = QHBoxLayout()
        controls.addWidget(smoothing_label)
        controls.addWidget(self.smoothing_slider, 1)
        controls.addSpacing(12)
        controls.addWidget(self.log_scale_check)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.legend)
        layout.addWidget(self.plots, 1)
        layout.addLayout(controls)

    def _setup_plots(self) -> None:
        loss, accuracy = self.loss_plot, self.accuracy_plot
        loss.setLabel("left", self.tr("loss"))
        loss.setClipToView(True)
        loss.setDownsampling(auto=True, mode="peak")
        loss.setLimits(xMin=0)
        accuracy.setLabel("left", self.tr("val acc."), units="%")
        accuracy.setLabel("bottom", self.tr("epoch"))
        accuracy.setXLink(loss)
        accuracy.setLimits(xMin=0)
        loss.getAxis("bottom").setStyle(showValues=False)
        for plot in (loss, accuracy):
            plot.getAxis("left").setWidth(LEFT_AXIS_WIDTH)  # so both plots' x axes line up
            plot.getAxis("left").enableAutoSIPrefix(False)  # "loss (x0.001)" reads badly
            plot.getAxis("bottom").enableAutoSIPrefix(False)  # nor does "epoch (x0.001)" early in a run
        loss.getViewBox().sigRangeChangedManually.connect(self._on_range_changed_by_hand)
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

    # --- colours
    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._apply_palette()
        super().changeEvent(event)

    def _apply_palette(self) -> None:
        """Background, axes and labels from the palette: a dark scheme gets a dark chart."""
        palette = self.palette()
        self.plots.setBackground(palette.color(QPalette.ColorRole.Base))
        text = palette.color(QPalette.ColorRole.Text)
        for plot in (self.loss_plot, self.accuracy_plot):
            for name in ("left", "bottom"):
                axis = plot.getAxis(name)
                axis.setPen(pg.mkPen(text))
                axis.setTextPen(pg.mkPen(text))
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        for marker, _step in self._markers:
            marker.setPen(pg.mkPen(muted, width=1, style=marker.pen.style()))
            marker.label.setColor(muted)

    # --- data in
    def clear(self) -> None:
        for buffer in (self._steps, self._losses, self._smooth):
            buffer.clear()
        self._ema = _EmaState(self.smoothing)
        self._epoch_steps.clear()
        self._val_losses.clear()
        self._val_accuracies.clear()
        for marker, _step in self._markers:
            self.loss_plot.removeItem(marker)
        self._markers.clear()
        self._reset_view()
        self.redraw()

    def _reset_view(self) -> None:
        """Forget the previous run's view (and any zoom): the axes fit the next points again.

        The loss plot owns the shared x range: an x auto-range on the accuracy plot would zoom both
        to its first point onwards. Its y range is fitted by :meth:`_fit_loss_range`, not pyqtgraph.
        """
        self._fit_y = True
        self.loss_plot.setRange(xRange=(0, 1), padding=0)
        self.loss_plot.enableAutoRange(x=True, y=False)
        self._fit_loss_range()
        self.accuracy_plot.setYRange(0, 100, padding=0)

    def set_batches_per_epoch(self, batches: int) -> None:
        """The run's batches per epoch, which turn batch numbers into (fractional) epochs on the x axis."""
        if batches > 0 and batches != self._batches_per_epoch:
            self._batches_per_epoch = batches
            for marker, step in self._markers:
                marker.setValue(self._to_x(step))
            self.redraw()

    def set_history(self, history: dict[str, Any]) -> None:
        """Draw what a resumed run had recorded (the core's ``history``), then continue from there."""
        self.clear()
        losses = list(history.get("batch_loss") or [])
        if losses:
            self.append_losses(1, losses)
        for epoch in history.get("epochs") or []:
            self.add_epoch(epoch["step"], epoch["val_loss"], epoch["val_accuracy"])
        if losses:
            self._add_marker(len(losses), self.tr("resumed"), dashed=False)
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
        self._add_marker(step, self.tr("epoch %n", "", len(self._epoch_steps)), dashed=True)
        self._schedule_redraw()

    def _add_marker(self, step: float, label: str, *, dashed: bool) -> None:
        style = Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText)
        marker = pg.InfiniteLine(
            pos=self._to_x(step), angle=90, movable=False, pen=pg.mkPen(muted, width=1, style=style),
            label=label, labelOpts={"position": 0.97, "color": muted, "anchors": [(1, 0), (1, 0)]},
        )
        self.loss_plot.addItem(marker, ignoreBounds=True)
        self._markers.append((marker, step))

    def _to_x(self, steps):
        """Global batch numbers (a float or an array) as epochs, once the batches per epoch are known."""
        return steps / self._batches_per_epoch if self._batches_per_epoch else steps

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

    @property
    def log_scale(self) -> bool:
        return self._log_scale

    def set_log_scale(self, on: bool) -> None:
        """Show the loss axis logarithmic (``on``) or linear."""
        if self.log_scale_check.isChecked() != on:
            self.log_scale_check.setChecked(on)  # comes back here through toggled
            return
        self._log_scale = on
        self.loss_plot.setLogMode(y=on)
        self._fit_y = True
        self._fit_loss_range()

    def loss_range(self) -> tuple[float, float]:
        """The loss axis' range as losses (not their logarithms on a log scale)."""
        low, high = self.loss_plot.getViewBox().viewRange()[1]
        return (10**low, 10**high) if self.log_scale else (low, high)

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
        x = self._to_x(self._steps.view())
        self.raw_curve.setData(x, self._losses.view())
        # Sizes read again: tests/test_app_quit.py once saw the smoothed curve a point longer than
        # its steps while a run was shut down on quit (cause not found), and pyqtgraph raises for
        # curves of unequal lengths. A frame with a point fewer is harmless; a traceback is not.
        count = min(x.size, self._smooth.size)
        self.smooth_curve.setData(x[:count], self._smooth.view()[:count])
        epochs_x = self._to_x(np.asarray(self._epoch_steps, dtype=float))
        self.val_loss_curve.setData(epochs_x, self._val_losses)
        self.accuracy_curve.setData(epochs_x, self._val_accuracies)
        self._fit_loss_range()
        if self._val_accuracies:
            # Fitted by hand: pyqtgraph's auto-range pads one point to 50..150 %, beyond what accuracy can be.
            low, high = min(self._val_accuracies), max(self._val_accuracies)
            margin = max(high - low, 1.0) * 0.15
            self.accuracy_plot.setYRange(max(0.0, low - margin), min(100.0, high + margin), padding=0)

    def _fit_loss_range(self) -> None:
        """Fit the loss axis to the smoothed curve and the validation losses, unless the user zoomed.

        The raw batch losses are left out on purpose: their spikes would squash the part of the run
        that is still moving, and so would a resumed run's first batches, near chance level.
        """
        if not self._fit_y:
            return
        smooth = self._smooth.view()
        smooth = smooth[np.isfinite(smooth)]
        val = np.asarray(self._val_losses, dtype=float)
        val = val[np.isfinite(val)]
        if smooth.size or val.size:
            # As TensorBoard's "ignore outliers": the top 2 % of the smoothed curve (a run's first
            # batches near chance level, kept in a resumed run's history) do not set the scale.
            top = float(np.quantile(smooth, Y_QUANTILE)) if smooth.size else 0.0
            # The bottom (a log scale's; a linear one starts at 0) shows the lowest batch loss too.
            raw = self._losses.view()
            raw = raw[np.isfinite(raw) & (raw > 0)]
            low = float(min(raw.min() if raw.size else np.inf, val.min() if val.size else np.inf,
                            smooth.min() if smooth.size else np.inf))
            high = max(top, float(val.max()) if val.size else 0.0) * Y_HEADROOM
        else:
            low, high = EMPTY_LOSS_RANGE
        if self.log_scale:
            low, high = max(low / Y_HEADROOM, LOG_FLOOR), max(high, LOG_FLOOR * 10)
            self.loss_plot.setYRange(math.log10(low), math.log10(high), padding=0)
        else:
            self.loss_plot.setYRange(0.0, max(high, 1e-3), padding=0)

    def _on_range_changed_by_hand(self, *_args: Any) -> None:
        self._fit_y = False

    def _on_smoothing_changed(self, _value: float) -> None:
        self._ema = _EmaState(self.smoothing)
        self._smooth.clear()  # recomputed over all points at the next redraw
        self._schedule_redraw()
