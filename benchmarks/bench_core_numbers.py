"""Whole numbers of real pen digits through the core path the canvas uses, without a window.

The same numbers as ``bench_canvas_numbers.py`` (devtools.numbers, seed 100 + length), fitted to a
canvas of the same size, rounded to whole pixels as a mouse reports them (repeated points dropped,
as the canvas drops them), and read by ``Predictor.predict_number_strokes``: what the canvas's
model thread is given. Seconds instead of minutes, so grouping rules can be tried on many numbers.
Prints per length whole-number and digit-count accuracy, segmentation errors (wrong count, or a
digit's box not over its digit) apart from classification errors, and with ``--list`` each
segmentation failure (too many / too few groups, which digits were cut or merged).
``--pen-digits`` also counts how many of the 7,494 single pen digits read as exactly one digit.

The shipped weights train on these pen digits, so with them every writer is one the network has seen.
``--held-out FOLDER`` reads numbers of writers it has not: FOLDER holds the networks that
``bench_pen_writers.py --keep FOLDER`` trained (``fold<G>.pt``, each without the pen digits of writer
group G, writer id modulo the count of files), and each group's numbers, made of that group's digits
only, are read by the network that never saw them.

    .venv/bin/python benchmarks/bench_core_numbers.py [--count N] [--lengths 3 4 5 6] [--seed S] [--list] [--pen-digits]
        [--held-out FOLDER]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from desktop_app.core.inference import Predictor  # noqa: E402
from desktop_app.core.paths import shipped_weights_path  # noqa: E402
from devtools.numbers import fit_into, random_numbers, segmentation_right  # noqa: E402
from devtools.unipen import PENDIGITS_PATH, read_pendigits  # noqa: E402

#: The canvas bench_canvas_numbers.py draws on (its window at 1100x720).
CANVAS_SIZE = (740, 639)


def as_mouse_drew(strokes) -> list[np.ndarray]:
    """Whole-pixel positions without repeats: what the canvas keeps of a mouse drag."""
    drawn = []
    for stroke in strokes:
        points = np.round(np.asarray(stroke, dtype=np.float64))
        keep = np.concatenate([[True], np.any(np.diff(points, axis=0) != 0, axis=1)])
        drawn.append(points[keep])
    return drawn


def describe_failure(number, reading, placed) -> str:
    """Which digits came out in which group: e.g. '4|5 7 -> 3 groups' for a 4 cut in two."""
    groups = []
    for digit in reading.digits:
        x0, _, w, _ = digit.box
        inside = sorted({owner for stroke, owner in zip(placed, number.digit_of_stroke, strict=True)
                         if x0 - 0.5 <= stroke[:, 0].min() and stroke[:, 0].max() <= x0 + w + 0.5})
        groups.append("".join(number.text[i] for i in inside) or "?")
    kind = "too many" if len(reading.digits) > len(number.text) else "too few" if len(reading.digits) < len(number.text) else "misplaced"
    return f"{number.text} read {reading.number!r}: {kind}, groups {' '.join(groups)}"


def bench_length(readers, length: int, count: int, show: bool, seed: int = 100) -> None:
    """``readers``: (predictor, the pen digits its numbers are made of) pairs, ``count`` numbers each."""
    whole = counted = segmentation_errors = classification_errors = 0
    for predictor, pen_digits in readers:
        for index, number in enumerate(random_numbers(pen_digits, count, length, seed=seed + length)):
            placed = as_mouse_drew(fit_into(number.strokes, *CANVAS_SIZE))
            reading = predictor.predict_number_strokes(placed)
            text = reading.number or ""
            whole += text == number.text
            counted += len(reading.digits) == length
            if not segmentation_right(reading, placed, number.digit_of_stroke, length):
                segmentation_errors += 1
                if show:
                    print(f"  #{index}: {describe_failure(number, reading, placed)}")
            elif text != number.text:
                classification_errors += 1
    total = count * len(readers)
    print(f"{length} digits, {total} numbers: whole number {whole / total:.1%}, digit count {counted / total:.1%}; "
          f"errors: segmentation {segmentation_errors}, classification {classification_errors}", flush=True)


def bench_single_digits(predictor, pen_digits) -> None:
    """How many single pen digits, placed as the canvas benchmark places them, read as one digit."""
    one = 0
    cut: dict[int, int] = {}
    for digit in pen_digits:
        placed = as_mouse_drew(fit_into(digit.strokes, *CANVAS_SIZE))
        if len(predictor.predict_number_strokes(placed).digits) == 1:
            one += 1
        else:
            cut[digit.label] = cut.get(digit.label, 0) + 1
    print(f"single pen digits read as one digit (shipped weights): {one} of {len(pen_digits)}; "
          f"cut, by digit: {dict(sorted(cut.items()))}")


def held_out_folds(folder: Path) -> int:
    """How many writer groups the networks in ``folder`` were trained for, from the manifest that
    ``bench_pen_writers.py --keep`` writes once all of them are there; exits when it or one is missing
    (a network read with the wrong split would read writers it trained on)."""
    try:
        folds = int(json.loads((folder / "folds.json").read_text())["folds"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise SystemExit(f"{folder}: no complete set of held-out networks ({error}); "
                         f"bench_pen_writers.py --keep {folder} makes one") from error
    missing = [f"fold{group}.pt" for group in range(folds) if not (folder / f"fold{group}.pt").is_file()]
    if folds < 2 or missing:
        raise SystemExit(f"{folder}: {folds} writer groups, missing {', '.join(missing) or 'a second group'}")
    return folds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300, help="numbers per length")
    parser.add_argument("--lengths", type=int, nargs="+", default=[3, 4, 5, 6])
    parser.add_argument("--list", action="store_true", help="list each segmentation failure")
    parser.add_argument("--seed", type=int, default=100,
                        help="numbers of length L come from seed + L; 100 gives the canvas benchmark's numbers, "
                             "another gives fresh ones to check a rule was not fitted to those")
    parser.add_argument("--pen-digits", action="store_true", help="also count single pen digits read as one")
    parser.add_argument("--held-out", type=Path, metavar="FOLDER",
                        help="read each writer group's numbers with the network of FOLDER/fold<G>.pt that never saw them")
    args = parser.parse_args()
    if not PENDIGITS_PATH.is_file():
        print(f"skipped: {PENDIGITS_PATH} not found")
        return 0
    import torch

    torch.set_num_threads(1)  # as the canvas's model thread runs it
    pen_digits = read_pendigits(PENDIGITS_PATH)
    predictor = Predictor.from_file(shipped_weights_path())
    readers = [(predictor, pen_digits)]
    if args.held_out is not None:
        folds = held_out_folds(args.held_out)
        readers = [(Predictor.from_file(args.held_out / f"fold{group}.pt"),
                    [digit for digit in pen_digits if digit.writer % folds == group]) for group in range(folds)]
        print(f"writers held out: {folds} groups, each read by the network trained without them; "
              f"numbers listed by --list are counted per group")
    for length in args.lengths:
        bench_length(readers, length, args.count, args.list, args.seed)
    if args.pen_digits:
        bench_single_digits(predictor, pen_digits)
    return 0


if __name__ == "__main__":
    sys.exit(main())
