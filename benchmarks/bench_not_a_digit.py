"""Does the canvas say "not a digit" to drawings that are none, and only to them?

1. Non-digit drawings (``desktop_app.core.non_digits``: dots, dashes, waves, X, plus, hash,
   scribbles, blobs, letter-like loops), drawn from a seed the training data never uses, placed at a
   random size and place and replayed as mouse events on the real canvas: the share answered
   "Not a digit" (target >= 95 %), per kind.
2. Real pen digits (UCI pendigits) replayed the same way: the share answered "Not a digit" (target
   <= 1 %) and the share read right (a rejected digit counts as an error). The file's writers are
   split by the writer id on each digit's .COMMENT line; ``--writers odd`` keeps every digit of the
   odd-numbered writers (``all``: every digit).
A drawing counts as answered "not a digit" when every part the canvas cut it into is rejected (an X
cut into two slanted strokes that read as 1s is a number "11", not a rejection).
3. With ``--core``, the same drawings through ``Predictor.predict_number_strokes`` without the
   window (much faster; the canvas gives the same strokes).

    .venv/bin/python benchmarks/bench_not_a_digit.py [--weights W] [--per-kind 40] [--pen-limit N] [--core]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("DIGIT_STUDIO_DATA_DIR", tempfile.mkdtemp(prefix="digit-studio-bench-"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from desktop_app.core.non_digits import KINDS, non_digit_strokes  # noqa: E402
from devtools.unipen import PENDIGITS_PATH, read_pendigits  # noqa: E402

#: The held-out drawings' seed: the training data's seeds are seed * 7919 + 13 for a run's seed.
TEST_SEED = 20_261_130
SHIPPED = Path(__file__).resolve().parents[1] / "weights" / "default.pt"


def test_drawings(per_kind: int) -> list[tuple[str, list[np.ndarray]]]:
    rng = np.random.default_rng(TEST_SEED)
    return [(kind, non_digit_strokes(rng, kind)[1]) for kind in KINDS for _ in range(per_kind)]


def pen_digits(writers: str, limit: int | None) -> list:
    digits = read_pendigits(PENDIGITS_PATH)
    if writers != "all":
        digits = [d for d in digits if d.writer % 2 == (1 if writers == "odd" else 0)]
    return digits[:: max(1, len(digits) // limit)][:limit] if limit else digits


class Reader:
    """Reads a drawing as the user would see it: on the real canvas, or through the core alone."""

    def __init__(self, weights: Path, core: bool) -> None:
        self.core = core
        from desktop_app.core.inference import Predictor
        from desktop_app.core.rejection import NOT_A_DIGIT

        self.not_a_digit = NOT_A_DIGIT
        self.predictor = Predictor.from_file(weights)
        if not core:
            from PySide6.QtWidgets import QApplication

            from desktop_app.ui.main_window import MainWindow
            from devtools import replay

            self.replay = replay
            self.app = QApplication.instance() or QApplication(sys.argv[:1])
            self.window = MainWindow()
            self.window.resize(1100, 720)
            self.window.show()
            replay.wait_for_prediction(self.window, timeout_s=60)
            self.window.use_weights(weights)
            replay.wait_for_prediction(self.window, timeout_s=60)
            print(f"Weights: {self.window.model_info.describe()}")

    def read(self, strokes, rng) -> int | str | None:
        """What is shown: "not a digit" when every part is rejected, else the digit (or number) read."""
        if self.core:
            from devtools.replay import fit_to_canvas

            reading = self.predictor.predict_number_strokes(fit_to_canvas(strokes, 780, 600, rng))
        else:
            self.replay.replay_pen_digit(self.window, strokes, rng)
            reading = self.window.live_prediction.reading
        if reading is None or not reading.digits:
            return None
        if all(d.prediction.reason == self.not_a_digit for d in reading.digits):
            return self.not_a_digit
        return reading.number if len(reading.digits) > 1 else reading.digits[0].prediction.digit


def bench_non_digits(reader: Reader, per_kind: int) -> None:
    rng = np.random.default_rng(1)
    rejected, totals, answers = Counter(), Counter(), {kind: Counter() for kind in KINDS}
    started = time.perf_counter()
    for kind, strokes in test_drawings(per_kind):
        answer = reader.read(strokes, rng)
        totals[kind] += 1
        rejected[kind] += answer == reader.not_a_digit
        answers[kind][answer] += 1
    total = sum(totals.values())
    print(f"non-digit drawings answered \"not a digit\": {sum(rejected.values()) / total:.2%} "
          f"({sum(rejected.values())}/{total}), target >= 95 %; {time.perf_counter() - started:.0f} s")
    for kind in KINDS:
        others = ", ".join(f"{a}: {n}" for a, n in answers[kind].most_common() if a != reader.not_a_digit)
        print(f"  {kind:9s} {rejected[kind] / totals[kind]:7.2%}  {('else ' + others) if others else ''}")


def bench_pen_digits(reader: Reader, writers: str, limit: int | None) -> None:
    if not PENDIGITS_PATH.is_file():
        print(f"pen digits: skipped, {PENDIGITS_PATH} not found")
        return
    digits = pen_digits(writers, limit)
    rng = np.random.default_rng(0)
    answers = [reader.read(digit.strokes, rng) for digit in digits]
    labels = np.array([digit.label for digit in digits])
    rejected = np.array([a == reader.not_a_digit for a in answers])
    right = np.array([a == label for a, label in zip(answers, labels, strict=True)])
    print(f"pen digits ({writers} writers, {len(digits):,}): answered \"not a digit\" {rejected.mean():.2%} "
          f"(target <= 1 %), read right {right.mean():.2%} (a rejection counts as an error)")
    print("  per class, right / rejected: " + ", ".join(
        f"{d} {right[labels == d].mean():.1%}/{rejected[labels == d].mean():.1%}" for d in range(10)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weights", type=Path, default=SHIPPED)
    parser.add_argument("--per-kind", type=int, default=40)
    parser.add_argument("--pen-limit", type=int, default=None, help="only about N pen digits, spread over the file (0: none)")
    parser.add_argument("--writers", choices=("all", "odd", "even"), default="all")
    parser.add_argument("--core", action="store_true", help="read through the core, without the window")
    args = parser.parse_args()
    reader = Reader(args.weights, args.core)
    print(f"{'core (Predictor.predict_number_strokes)' if args.core else 'real canvas, mouse events'}; "
          f"weights {args.weights}")
    bench_non_digits(reader, args.per_kind)
    if args.pen_limit != 0:
        bench_pen_digits(reader, args.writers, args.pen_limit)
    if not args.core:
        reader.window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
