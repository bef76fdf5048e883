"""Stroke end to prediction on screen, and how long the GUI thread is ever blocked while drawing.

Real pen trajectories (UCI pendigits) are drawn in real time on the shown window (offscreen): one
mouse move every 8 ms (a 125 Hz mouse), 150 ms between strokes, with the event loop running in
between, so painting, the live-prediction timer and the model thread all work as they do for a user.

* latency: from sending the mouse release to the end of the next paint of the probability chart
  after the prediction for that stroke arrived (the chart repaints on every prediction; the digit
  label does not when the digit stays the same). Target p95 < 30 ms.
* paint: time spent in each DrawingCanvas.paintEvent.
* stall: a 2 ms heartbeat QTimer records the gaps between its ticks; a gap minus 2 ms is how long
  the GUI thread could not run (painting, event handling, anything). Target: max < 16 ms.

Prints p50/p95/max of each. The machine is shared: run it when nothing else is busy.

    .venv/bin/python benchmarks/bench_gui_latency.py [--digits 60]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("DIGIT_STUDIO_DATA_DIR", tempfile.mkdtemp(prefix="digit-studio-bench-"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
from PySide6.QtCore import QEvent, QObject, QPointF, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QMouseEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop_app.ui.canvas import DrawingCanvas  # noqa: E402
from desktop_app.ui.main_window import MainWindow  # noqa: E402
from devtools import replay  # noqa: E402
from devtools.unipen import PENDIGITS_PATH, read_pendigits  # noqa: E402

MOVE_INTERVAL_S = 0.008
STROKE_PAUSE_S = 0.150
HEARTBEAT_MS = 2


class ChartPaints(QObject):
    """Records when the probability chart finishes painting (the event after Paint is delivered)."""

    def __init__(self, chart) -> None:
        super().__init__()
        self.painted_at: list[float] = []
        self._chart = chart
        chart.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            # Paint the chart now, inside the filter, so we can time its end; then swallow the event.
            watched.removeEventFilter(self)
            QApplication.sendEvent(watched, event)
            watched.installEventFilter(self)
            self.painted_at.append(time.perf_counter())
            return True
        return False


def percentiles(values_ms: list[float]) -> str:
    array = np.asarray(values_ms)
    return f"p50 {np.percentile(array, 50):6.2f} ms   p95 {np.percentile(array, 95):6.2f} ms   max {array.max():6.2f} ms   (n={len(array)})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--digits", type=int, default=60, help="pen digits to draw (default 60)")
    args = parser.parse_args()
    if not PENDIGITS_PATH.is_file():
        print(f"skipped: {PENDIGITS_PATH} not found")
        return 0

    paint_times: list[float] = []
    original_paint = DrawingCanvas.paintEvent

    def timed_paint(self, event):
        start = time.perf_counter()
        original_paint(self, event)
        paint_times.append((time.perf_counter() - start) * 1000)

    DrawingCanvas.paintEvent = timed_paint

    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = MainWindow()
    window.resize(1100, 720)
    window.show()
    replay.wait_for_prediction(window, timeout_s=60)
    print(f"Weights: {window.model_info.describe()}; canvas {window.canvas.width()}x{window.canvas.height()}")
    chart_paints = ChartPaints(window.prediction_panel.chart)
    shown_at: list[float] = []
    window.prediction_shown.connect(lambda _p: shown_at.append(time.perf_counter()))

    ticks: list[float] = []
    heartbeat = QTimer()
    heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
    heartbeat.setInterval(HEARTBEAT_MS)
    heartbeat.timeout.connect(lambda: ticks.append(time.perf_counter()))

    rng = np.random.default_rng(0)
    latencies: list[float] = []
    digits = read_pendigits(PENDIGITS_PATH)[: args.digits]
    paint_times.clear()
    heartbeat.start()
    try:
        draw_all(window, digits, rng, shown_at, chart_paints, latencies)
    finally:
        heartbeat.stop()
        window.close()
        DrawingCanvas.paintEvent = original_paint
    stalls = [(b - a) * 1000 - HEARTBEAT_MS for a, b in zip(ticks[:-1], ticks[1:], strict=True)]

    print(f"{len(digits)} pen digits, {len(latencies)} strokes, {live_counter[0]} live predictions shown while drawing")
    print(f"stroke end -> prediction painted: {percentiles(latencies)}   target p95 < 30 ms")
    print(f"canvas paintEvent:                {percentiles(paint_times)}")
    print(f"GUI thread blocked (heartbeat):   {percentiles(stalls)}   target max < 16 ms")
    app.processEvents()
    return 0


live_counter = [0]


def draw_all(window, digits, rng, shown_at, chart_paints, latencies) -> None:
    canvas = window.canvas
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    for digit in digits:
        window.clear_action.trigger()
        replay.run_for(STROKE_PAUSE_S)
        for stroke in replay.fit_to_canvas(digit.strokes, canvas.width(), canvas.height(), rng):
            points = np.round(stroke)
            shown_before = len(shown_at)
            replay.send_mouse(canvas, QMouseEvent.Type.MouseButtonPress, QPointF(*points[0]), left, left)
            for x, y in points[1:]:
                replay.run_for(MOVE_INTERVAL_S)
                replay.send_mouse(canvas, QMouseEvent.Type.MouseMove, QPointF(x, y), none, left)
            live_counter[0] += len(shown_at) - shown_before
            shown_count, paint_count = len(shown_at), len(chart_paints.painted_at)
            released = time.perf_counter()
            replay.send_mouse(canvas, QMouseEvent.Type.MouseButtonRelease, QPointF(*points[-1]), left, none)
            deadline = released + 5
            # The prediction for this stroke: the first one shown after the release, then its paint.
            while time.perf_counter() < deadline and (len(shown_at) == shown_count or window.predicting):
                replay.run_for(0.0005)
            while time.perf_counter() < deadline and not any(t > shown_at[-1] for t in chart_paints.painted_at[paint_count:]):
                replay.run_for(0.0005)
            painted = [t for t in chart_paints.painted_at[paint_count:] if t > shown_at[-1]]
            latencies.append((painted[0] - released) * 1000)
            replay.run_for(STROKE_PAUSE_S)


if __name__ == "__main__":
    sys.exit(main())
