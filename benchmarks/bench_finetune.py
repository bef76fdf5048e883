"""Fine-tuning on a user's handwriting, measured with real pen data (issue 15).

Each chosen writer of the UCI pen set (../shared/data/pendigits) plays "the user": 10 of their digits
of each kind, rendered by the same rasteriser the canvas's strokes go through
(``strokes_to_model_input``), are their corrections; the rest of their digits are "their future
writing". The shipped model is fine-tuned on the corrections with the default recipe
(core/finetune.py, through the one Trainer) and both models read the future digits. Printed per
writer and in total: accuracy before and after, the relative error reduction, MNIST test accuracy
before and after, the time.

    python benchmarks/bench_finetune.py [--writers 3] [--per-digit 10] [--threads 2]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # devtools/, as the other benchmarks

import numpy as np  # noqa: E402
import torch  # noqa: E402

from desktop_app.core.data import DigitData, load_mnist  # noqa: E402
from desktop_app.core.evaluation import evaluate  # noqa: E402
from desktop_app.core.finetune import FineTunePlan, run_finetune  # noqa: E402
from desktop_app.core.paths import shipped_weights_path  # noqa: E402
from desktop_app.core.preprocessing import strokes_to_model_input  # noqa: E402
from desktop_app.core.samples import Sample, SampleSet, to_uint8  # noqa: E402
from desktop_app.core.weights import load_weights  # noqa: E402
from devtools.unipen import PENDIGITS_PATH, read_pendigits  # noqa: E402


def rendered(digits) -> tuple[np.ndarray, np.ndarray]:
    images = np.stack([to_uint8(strokes_to_model_input(d.strokes)) for d in digits])
    return images, np.array([d.label for d in digits], dtype=np.int64)


def split_writer(digits, per_digit: int, seed: int):
    """``per_digit`` of each digit as corrections, the rest as future writing."""
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(digits))
    taken = [0] * 10
    corrections, future = [], []
    for index in order:
        digit = digits[index]
        if taken[digit.label] < per_digit:
            taken[digit.label] += 1
            corrections.append(digit)
        else:
            future.append(digit)
    return corrections, future


def accuracy(model, images: np.ndarray, labels: np.ndarray) -> float:
    return evaluate(model, DigitData(torch.from_numpy(images), torch.from_numpy(labels))).accuracy


def one_writer(writer: int, digits, args, mnist_train, mnist_test) -> dict:
    corrections, future = split_writer(digits, args.per_digit, seed=writer)
    images, labels = rendered(corrections)
    samples = SampleSet([Sample(f"w{writer}-{i}", int(label), image) for i, (image, label)
                         in enumerate(zip(images, labels, strict=True))])
    future_images, future_labels = rendered(future)
    base = shipped_weights_path()
    before = accuracy(load_weights(base).model, future_images, future_labels)
    plan = FineTunePlan(samples, base, mnist_train=mnist_train, mnist_test=mnist_test)
    with tempfile.TemporaryDirectory() as folder:
        started, cpu_started = time.perf_counter(), time.process_time()
        _, result = run_finetune(plan, Path(folder) / "tuned.pt", device="cpu",
                                 checkpoint=Path(folder) / "tuned.ckpt")
        seconds = time.perf_counter() - started
        cpu_seconds = time.process_time() - cpu_started
        if result.status != "completed":
            raise SystemExit(f"writer {writer}: the run {result.status}: {result.failure}")
        after = accuracy(load_weights(result.weights_path).model, future_images, future_labels)
    report = plan.report
    return {"writer": writer, "corrections": len(corrections), "future": len(future),
            "before": before, "after": after,
            "error_reduction": (after - before) / max(1 - before, 1e-9),
            "mnist_before": report.mnist_before, "mnist_after": report.mnist_after,
            "held_out_before": report.before, "held_out_after": report.after,
            "recommended": report.recommended, "seconds": seconds, "cpu_seconds": cpu_seconds}


def choose_writers(digits, count: int) -> list[int]:
    writers = sorted({d.writer for d in digits})
    step = max(1, len(writers) // count)
    return writers[::step][:count]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=3)
    parser.add_argument("--per-digit", type=int, default=10)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not PENDIGITS_PATH.is_file():
        print(f"skipped: {PENDIGITS_PATH} is absent", file=sys.stderr)
        return 0
    torch.set_num_threads(args.threads)
    digits = read_pendigits()
    mnist_train, mnist_test = load_mnist(train=True), load_mnist(train=False)
    rows = []
    for writer in choose_writers(digits, args.writers):
        row = one_writer(writer, [d for d in digits if d.writer == writer], args, mnist_train, mnist_test)
        rows.append(row)
        print(f"writer {row['writer']:>2}: {row['corrections']} corrections, {row['future']} future digits: "
              f"{row['before']:.2%} -> {row['after']:.2%} (error {row['error_reduction']:+.0%} reduced); "
              f"MNIST {row['mnist_before']:.2%} -> {row['mnist_after']:.2%}; held-out "
              f"{row['held_out_before']:.0%} -> {row['held_out_after']:.0%}, recommended {row['recommended']}; "
              f"{row['seconds']:.1f} s ({row['cpu_seconds']:.1f} CPU s)", flush=True)
    total_future = sum(r["future"] for r in rows)
    before = sum(r["before"] * r["future"] for r in rows) / total_future
    after = sum(r["after"] * r["future"] for r in rows) / total_future
    mnist_change = sum(r["mnist_after"] - r["mnist_before"] for r in rows) / len(rows)
    summary = {"writers": len(rows), "future_digits": total_future, "before": before, "after": after,
               "relative_error_reduction": (after - before) / max(1 - before, 1e-9),
               "mean_mnist_change_points": 100 * mnist_change,
               "mean_seconds": sum(r["seconds"] for r in rows) / len(rows),
               "mean_cpu_seconds": sum(r["cpu_seconds"] for r in rows) / len(rows), "threads": args.threads}
    print(f"all: {before:.2%} -> {after:.2%} on {total_future} future digits, relative error reduction "
          f"{summary['relative_error_reduction']:.0%}; MNIST change {summary['mean_mnist_change_points']:+.2f} "
          f"points; {summary['mean_seconds']:.1f} s per fine-tune, {summary['mean_cpu_seconds']:.1f} CPU s "
          f"({args.threads} threads)")
    if args.json:
        print(json.dumps({"summary": summary, "writers": rows}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
