"""Whole numbers of real pen digits written on the real canvas: how often the number is read right.

Numbers of 3 to 6 UCI pendigits trajectories (devtools.numbers: random gaps from a slight overlap
to wide, baseline jitter, random size; seed per length) are fitted to the canvas and replayed as
mouse press/move/release events; the answer is read from the ``predictedNumber`` label.
Reports per length: whole-number accuracy (target >= 92 % for 3 digits), digit-count accuracy
(target >= 99 %), segmentation errors (digits cut wrongly: wrong count, or a digit's box not over
the digit it should be) apart from classification errors (cut right, a digit misread), and stroke
end (the last release) to the number on screen (target p95 <= 40 ms for 6 digits).
``--bad-input N`` then writes N drawings of each bad input the issue names (30 digits packed on the
canvas, a 6-digit number written right to left, one on a slant, a giant digit over a small number:
devtools.numbers.bad_inputs) and reports for each how many got an answer, how many digits were read
and stroke end to the number on screen, strokes back to back as above and with a pause before the
last stroke (the reading of the strokes before it done, as between a person's strokes).

    .venv/bin/python benchmarks/bench_canvas_numbers.py [--count N] [--lengths 3 4 5 6] [--bad-input N]
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
from PySide6.QtCore import QEvent, QObject  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel  # noqa: E402

from desktop_app.ui.main_window import MainWindow  # noqa: E402
from devtools import replay  # noqa: E402
from devtools.numbers import bad_inputs, fit_into, random_numbers, segmentation_right  # noqa: E402
from devtools.unipen import PENDIGITS_PATH, read_pendigits  # noqa: E402


class ReleaseClock(QObject):
    """Notes when each mouse release reaches the canvas, before the canvas handles it."""

    def __init__(self) -> None:
        super().__init__()
        self.released_at = 0.0

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.MouseButtonRelease:
            self.released_at = time.perf_counter()
        return False


def write(window, strokes, shown_at: list[float], clock: ReleaseClock, pause_before_last: bool = False) -> float:
    """Clear the canvas, write the strokes fitted to it; seconds from the last release to the number shown.

    Strokes follow one another at once, so the last one's reading may wait for the one before it;
    ``pause_before_last`` lets that reading finish first, as it does for a person, who takes a tenth
    of a second or more between strokes.
    """
    window.clear_action.trigger()
    replay.wait_for_prediction(window)
    placed = fit_into(strokes, window.canvas.width(), window.canvas.height())
    if pause_before_last:
        replay.draw_strokes(window.canvas, placed[:-1])
        replay.wait_for_prediction(window)
        placed = placed[-1:]
    replay.draw_strokes(window.canvas, placed)
    replay.wait_for_prediction(window)
    return shown_at[-1] - clock.released_at


def bench_length(window, pen_digits, length: int, count: int, clock: ReleaseClock, shown_at: list[float]) -> None:
    canvas = window.canvas
    label = window.findChild(QLabel, "predictedNumber")
    whole = counted = segmentation_errors = classification_errors = 0
    latencies = []
    for number in random_numbers(pen_digits, count, length, seed=100 + length):
        latencies.append(write(window, number.strokes, shown_at, clock))
        placed = fit_into(number.strokes, canvas.width(), canvas.height())
        text = label.text()
        whole += text == number.text
        counted += len(text) == length
        if not segmentation_right(window.live_prediction.reading, placed, number.digit_of_stroke, length):
            segmentation_errors += 1
        elif text != number.text:
            classification_errors += 1
    p50, p95, worst = np.percentile(latencies, [50, 95, 100]) * 1000
    print(f"{length} digits, {count} numbers: whole number {whole / count:.1%}, digit count {counted / count:.1%}; "
          f"errors: segmentation {segmentation_errors}, classification {classification_errors}; "
          f"release to number p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {worst:.1f} ms", flush=True)


def bench_bad_input(window, pen_digits, count: int, clock: ReleaseClock, shown_at: list[float]) -> None:
    label = window.findChild(QLabel, "predictedNumber")
    for kind, drawings in bad_inputs(pen_digits, count, seed=1400).items():
        latencies, paused, lengths = [], [], []
        for strokes in drawings:
            latencies.append(write(window, strokes, shown_at, clock))
            lengths.append(len(label.text()))
            paused.append(write(window, strokes, shown_at, clock, pause_before_last=True))
        p50, p95, worst = np.percentile(latencies, [50, 95, 100]) * 1000
        q50, q95, q_worst = np.percentile(paused, [50, 95, 100]) * 1000
        print(f"bad input, {kind}: {sum(n > 0 for n in lengths)} of {count} answered, {min(lengths)}-{max(lengths)} digits read; "
              f"release to number p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {worst:.1f} ms; "
              f"after a pause before the last stroke p50 {q50:.1f} ms, p95 {q95:.1f} ms, max {q_worst:.1f} ms", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200, help="numbers per length")
    parser.add_argument("--lengths", type=int, nargs="+", default=[3, 4, 5, 6])
    parser.add_argument("--bad-input", type=int, default=0, metavar="N", help="also N drawings of each bad input")
    args = parser.parse_args()
    if not PENDIGITS_PATH.is_file():
        print(f"skipped: {PENDIGITS_PATH} not found")
        return 0
    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = MainWindow()
    window.resize(1100, 720)
    window.show()
    replay.wait_for_prediction(window, timeout_s=60)
    clock = ReleaseClock()
    window.canvas.installEventFilter(clock)
    print(f"Weights: {window.model_info.describe()}; canvas {window.canvas.width()}x{window.canvas.height()}")
    pen_digits = read_pendigits(PENDIGITS_PATH)
    shown_at: list[float] = []
    window.live_prediction.reading_shown.connect(lambda _r: shown_at.append(time.perf_counter()))
    try:
        for length in args.lengths:
            bench_length(window, pen_digits, length, args.count, clock, shown_at)
        if args.bad_input:
            bench_bad_input(window, pen_digits, args.bad_input, clock, shown_at)
    finally:
        window.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
