"""How well does the real canvas read real handwriting, and MNIST files dropped on it?

1. All 7,494 UCI pendigits trajectories (../shared/data/pendigits/pendigits-orig.tra), each scaled to
   a random height of 30-85 % of the canvas at a random place (seed 0), replayed as mouse
   press/move/release events at whole-pixel positions, read from the ``predictedDigit`` label.
   Also reports how often that agrees with the model on the raw strokes (Predictor.predict_strokes):
   disagreement would mean the canvas changes the strokes. Target: >= 97.5 % correct.
2. The 10,000 MNIST test images written as PNG files and dropped on the canvas (the real
   drag-and-drop path), against the model's own accuracy on the raw arrays. Target: within 0.1 points.

    .venv/bin/python benchmarks/bench_canvas_pendigits.py [--limit N] [--skip-mnist] [--subpixel]
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
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop_app.core.data import read_idx  # noqa: E402
from desktop_app.ui.main_window import MainWindow  # noqa: E402
from devtools import replay  # noqa: E402
from devtools.unipen import PENDIGITS_PATH, read_pendigits  # noqa: E402

MNIST_DIR = Path(__file__).resolve().parents[2] / "shared" / "data" / "mnist"


def print_per_digit(result: replay.ReplayResult) -> None:
    for digit, (correct, total) in result.per_digit_accuracy().items():
        if total:
            print(f"  {digit}: {correct / total:7.2%}  ({correct:,}/{total:,})")


def bench_pendigits(window, limit: int | None, subpixel: bool, path: Path = PENDIGITS_PATH) -> None:
    from desktop_app.core.inference import Predictor

    if not path.is_file():
        print(f"pendigits: skipped, {path} not found")
        return
    digits = read_pendigits(path)[:limit]
    canvas = window.canvas
    print(f"pendigits: {len(digits):,} digits on a {canvas.width()}x{canvas.height()} canvas, "
          f"{'sub-pixel' if subpixel else 'whole-pixel'} mouse positions")
    start = time.perf_counter()
    result = replay.replay_pendigits(
        window, digits, seed=0, subpixel=subpixel,
        progress=lambda n: n % 1000 == 0 and print(f"  ... {n:,} ({time.perf_counter() - start:.0f} s)", flush=True),
    )
    elapsed = time.perf_counter() - start
    predictor = Predictor.from_file(window.model_info.path)
    raw = [predictor.predict_strokes(digit.strokes).digit for digit in digits]
    agreement = np.mean([a == b for a, b in zip(result.predictions, raw, strict=True)])
    raw_accuracy = np.mean([r == digit.label for r, digit in zip(raw, digits, strict=True)])
    print(f"pendigits on the canvas: {result.accuracy:.2%} correct ({result.correct:,}/{len(digits):,}), "
          f"target 97.5 %; {elapsed:.0f} s ({elapsed / len(digits) * 1000:.1f} ms a digit)")
    print(f"  raw strokes through Predictor.predict_strokes: {raw_accuracy:.2%}; "
          f"canvas agrees with them on {agreement:.2%}")
    print_per_digit(result)


def bench_mnist(window, limit: int | None) -> None:
    from desktop_app.core.inference import Predictor

    images_path = MNIST_DIR / "t10k-images-idx3-ubyte.gz"
    if not images_path.is_file():
        print(f"MNIST: skipped, {images_path} not found")
        return
    images = read_idx(images_path)[:limit]
    labels = read_idx(MNIST_DIR / "t10k-labels-idx1-ubyte.gz")[:limit]
    predictor = Predictor.from_file(window.model_info.path)
    direct = np.concatenate([predictor.predict_batch(images[i:i + 1000].astype(np.float32) / 255.0).argmax(axis=1)
                             for i in range(0, len(images), 1000)])
    model_accuracy = float((direct == labels).mean())
    with tempfile.TemporaryDirectory(prefix="mnist-png-") as folder:
        files = replay.write_mnist_pngs(images, Path(folder))
        start = time.perf_counter()
        result = replay.replay_image_files(
            window, files, labels.tolist(),
            progress=lambda n: n % 2000 == 0 and print(f"  ... {n:,} ({time.perf_counter() - start:.0f} s)", flush=True),
        )
        elapsed = time.perf_counter() - start
    gap = (result.accuracy - model_accuracy) * 100
    print(f"MNIST test PNGs dropped on the canvas: {result.accuracy:.2%} ({result.correct:,}/{len(labels):,}); "
          f"the model on the raw arrays: {model_accuracy:.2%}; difference {gap:+.2f} points (target within 0.1); "
          f"{elapsed:.0f} s")
    print_per_digit(result)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N digits / images")
    parser.add_argument("--skip-mnist", action="store_true")
    parser.add_argument("--subpixel", action="store_true", help="send fractional mouse positions")
    parser.add_argument("--pendigits", type=Path, default=PENDIGITS_PATH, metavar="FILE",
                        help="another UNIPEN file of pen digits, e.g. UCI's test writers (pendigits-orig.tes), "
                             "whom no network here has seen")
    args = parser.parse_args()

    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = MainWindow()
    window.resize(1100, 720)
    window.show()
    replay.wait_for_prediction(window, timeout_s=60)
    print(f"Weights: {window.model_info.describe()}")
    try:
        bench_pendigits(window, args.limit, args.subpixel, args.pendigits)
        if not args.skip_mnist:
            bench_mnist(window, args.limit)
    finally:
        window.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
