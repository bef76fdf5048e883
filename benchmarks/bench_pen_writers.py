"""How well does a recipe read pen digits from writers it has never seen? Writer-grouped cross-validation.

The 7,494 pen digits (UCI pendigits, 30 writers, shipped in resources/pendigits) are split by writer into
``--folds`` groups (writer id modulo the count). For each group, a run of the preset trains on MNIST
plus the pen digits of the *other* writers only, and is scored on the group's digits, rendered as the
canvas renders strokes: a digit counts as right when the network reads it and does not call it "not a
digit". The reference row is the same preset with no pen digits at all (``--baseline-weights``: a
file already trained that way, e.g. an older shipped ``weights/default.pt``, instead of training it).

Prints per fold and overall: pen accuracy on unseen writers, its weakest digit, rejected digits, MNIST
test accuracy and training time; then per digit and the confusions left. About 10 minutes a recipe on
2 cores (3 folds).

    .venv/bin/python benchmarks/bench_pen_writers.py [--preset fast] [--folds 3] [--baseline-weights W]
        [--no-baseline] [--epochs N] [--threads N]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("DIGIT_STUDIO_DATA_DIR", tempfile.mkdtemp(prefix="digit-studio-bench-"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
import torch  # noqa: E402

from desktop_app.core import data as data_mod  # noqa: E402
from desktop_app.core.inference import Predictor  # noqa: E402
from desktop_app.core.pen_digits import pen_digit_images, read_pen_strokes  # noqa: E402
from desktop_app.core.rejection import REJECT_PROBABILITY, digit_probabilities, not_a_digit_probability  # noqa: E402
from desktop_app.core.settings import PRESETS  # noqa: E402
from desktop_app.core.training import Trainer  # noqa: E402

#: Written beside the networks of ``--keep``: how many writer groups they were trained for.
HELD_OUT_MANIFEST = "folds.json"


def read_fold(weights: Path, images: np.ndarray) -> np.ndarray:
    """What the network answers for each image: its digit, or -1 for "not a digit"."""
    outputs = Predictor.from_file(weights).predict_outputs(images.astype(np.float32) / 255.0)
    answers = digit_probabilities(outputs).argmax(axis=1)
    return np.where(not_a_digit_probability(outputs) >= REJECT_PROBABILITY, -1, answers)


def train_without(settings, held_out: np.ndarray | None, images: np.ndarray, labels: np.ndarray,
                  folder: Path, name: str) -> tuple[Path, float]:
    """Train the recipe on MNIST plus the pen digits not ``held_out``, as the app's runs add them (after
    the non-digits, data.PEN_DIGIT_REPEAT times each); ``held_out`` None: no pen digits at all."""
    pen = None if held_out is None else (images[~held_out], labels[~held_out])
    out = folder / f"{name}.pt"
    start = time.perf_counter()
    result = Trainer(settings.with_changes(pen_digits=pen is not None), out_path=out, checkpoint=folder / f"{name}.ckpt",
                     pen_digits=pen).fit()
    if result.status != "completed":
        raise SystemExit(f"{name}: the run ended {result.status}: {result.failure}")
    return out, time.perf_counter() - start


def report(name: str, answers: np.ndarray, labels: np.ndarray, folds: np.ndarray, extra: list[str]) -> None:
    right = answers == labels
    per_fold = "  ".join(f"{right[folds == f].mean():6.2%}" for f in np.unique(folds))
    per_digit = [right[labels == d].mean() for d in range(10)]
    print(f"{name:<34} unseen writers {right.mean():6.2%} (folds {per_fold}); weakest digit "
          f"{int(np.argmin(per_digit))} {min(per_digit):.1%}; rejected {int((answers == -1).sum())}; " + "; ".join(extra))
    print("    per digit: " + "  ".join(f"{d}:{a:.1%}" for d, a in enumerate(per_digit)))
    confusions = Counter((int(t), int(a)) for t, a in zip(labels[~right], answers[~right], strict=True))
    print("    confusions: " + ", ".join(f"{t}->{'reject' if a < 0 else a} {n}" for (t, a), n in confusions.most_common(8)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default="fast", choices=sorted(PRESETS))
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--epochs", type=int, help="override the preset's epochs")
    parser.add_argument("--baseline-weights", type=Path, help="a file trained without pen digits, as the reference")
    parser.add_argument("--no-baseline", action="store_true", help="skip the reference row")
    parser.add_argument("--threads", type=int)
    parser.add_argument("--keep", type=Path, metavar="FOLDER",
                        help="keep each fold's network as FOLDER/fold<G>.pt (bench_core_numbers.py --held-out reads them)")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)

    pen = read_pen_strokes()
    images, labels = pen_digit_images(pen)
    folds = pen.writers.astype(int) % args.folds
    settings = PRESETS[args.preset].settings.with_changes(device="cpu")
    if args.epochs:
        settings = settings.with_changes(epochs=args.epochs)
    print(f"{len(labels):,} pen digits by {len(np.unique(pen.writers))} writers in {args.folds} writer groups; "
          f"preset {args.preset} ({settings.epochs} epochs), each pen digit {data_mod.PEN_DIGIT_REPEAT}x an epoch; "
          f"{torch.get_num_threads()} threads")
    rows = [("with pen digits of other writers", True)]
    if not args.no_baseline:
        rows.insert(0, ("without pen digits", False))
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        # Networks of an earlier split would be read as held out by bench_core_numbers.py: start clean,
        # and write the split down only once every fold's network is there.
        for stale in [*args.keep.glob("fold*.pt"), args.keep / HELD_OUT_MANIFEST]:
            stale.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="pen-writers-") as work:
        folder = args.keep if args.keep is not None else work
        for name, with_pen in rows:
            answers, extra = np.empty_like(labels), []
            if not with_pen:  # no writer is seen: one network serves every fold
                weights = args.baseline_weights
                if weights is None:
                    weights, seconds = train_without(settings, None, images, labels, Path(folder), "none")
                    extra.append(f"MNIST {Predictor.from_file(weights).test_accuracy:.2%} in {seconds:.0f} s")
                answers[:] = read_fold(weights, images)
            for fold in range(args.folds) if with_pen else ():
                held_out = folds == fold
                weights, seconds = train_without(settings, held_out, images, labels, Path(folder), f"fold{fold}")
                answers[held_out] = read_fold(weights, images[held_out])
                extra.append(f"MNIST {Predictor.from_file(weights).test_accuracy:.2%} in {seconds:.0f} s")
                print(f"  writers {fold} mod {args.folds}: {(answers[held_out] == labels[held_out]).mean():.2%}, {extra[-1]}",
                      flush=True)
            report(name, answers, labels, folds, extra)
        if args.keep is not None:
            (args.keep / HELD_OUT_MANIFEST).write_text(json.dumps({"folds": args.folds, "preset": args.preset}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
