"""Whole numbers written with real pen digits, for tests and benchmarks of reading numbers.

A number is made of UCI pendigits trajectories (one writer's digit each, as people really write
them) set side by side as a person might write them: each digit at a random size around the
number's height, on a baseline that wanders a little, with gaps from a slight overlap to wide.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

#: Gap between neighbouring digits, as a fraction of the number's height: from a slight overlap
#: (negative) to wide.
GAP_RANGE = (-0.08, 0.6)
#: Each digit's height varies around the number's by this factor.
SIZE_RANGE = (0.8, 1.2)
#: The baseline moves up or down by up to this fraction of the height per digit.
BASELINE_JITTER = 0.08


@dataclass(frozen=True)
class ComposedNumber:
    """A number's strokes in drawing order (y down) and the digits it shows, left to right."""

    strokes: tuple[np.ndarray, ...]
    text: str
    boxes: tuple[tuple[float, float, float, float], ...]  # each digit's (x, y, width, height)
    digit_of_stroke: tuple[int, ...] = ()  # for each stroke, the index of its digit (left to right)


def compose_number(digits: Sequence, rng: np.random.Generator, height: float = 100.0) -> ComposedNumber:
    """Set PenDigits left to right into one number ``height`` tall (before size variation)."""
    strokes: list[np.ndarray] = []
    boxes = []
    owners: list[int] = []
    x = 0.0
    for index, digit in enumerate(digits):
        points = np.concatenate(digit.strokes)
        low = points.min(axis=0)
        extent = np.maximum(points.max(axis=0) - low, 1e-9)
        scale = height * rng.uniform(*SIZE_RANGE) / extent[1]
        if index:
            x += rng.uniform(*GAP_RANGE) * height
        baseline = height + rng.uniform(-BASELINE_JITTER, BASELINE_JITTER) * height
        origin = np.array([x, baseline - extent[1] * scale])
        strokes.extend((np.asarray(stroke, dtype=np.float64) - low) * scale + origin for stroke in digit.strokes)
        owners.extend([index] * len(digit.strokes))
        boxes.append((float(origin[0]), float(origin[1]), float(extent[0] * scale), float(extent[1] * scale)))
        x += extent[0] * scale
    text = "".join(str(digit.label) for digit in digits)
    return ComposedNumber(tuple(strokes), text, tuple(boxes), tuple(owners))


def fit_into(strokes: Sequence[np.ndarray], width: float, height: float, margin: float = 4.0) -> list[np.ndarray]:
    """Scale and centre strokes to fit a width x height area (a canvas), aspect kept."""
    points = np.concatenate(strokes)
    low = points.min(axis=0)
    extent = np.maximum(points.max(axis=0) - low, 1e-9)
    scale = min((width - 2 * margin) / extent[0], (height - 2 * margin) / extent[1], 0.7 * height / extent[1])
    offset = (np.array([width, height]) - extent * scale) / 2
    return [(np.asarray(stroke) - low) * scale + offset for stroke in strokes]


def random_numbers(pen_digits: Sequence, count: int, length: int, seed: int = 0) -> list[ComposedNumber]:
    """``count`` numbers of ``length`` digits drawn at random from ``pen_digits`` (same seed, same numbers)."""
    rng = np.random.default_rng(seed)
    numbers = []
    for _ in range(count):
        chosen = rng.choice(len(pen_digits), size=length, replace=True)
        numbers.append(compose_number([pen_digits[i] for i in chosen], rng))
    return numbers


# --------------------------------------------------------------------------------------------------
# Bad input (issue #14): what a person may write that is not one tidy number


#: How a slanted number rises: each point's x moves by this times its height above the baseline
#: (about 20 degrees), as in a number written uphill.
SLANT = 0.35


def slanted(strokes: Sequence[np.ndarray], slant: float = SLANT) -> list[np.ndarray]:
    """The strokes sheared so that the number rises to the right by about 20 degrees (y down)."""
    shear = np.array([[1.0, 0.0], [-slant, 1.0]])
    return [np.asarray(stroke, dtype=np.float64) @ shear.T for stroke in strokes]


def written_right_to_left(number: ComposedNumber) -> list[np.ndarray]:
    """The number's strokes with its digits written last to first (each digit's strokes in order)."""
    owners = np.array(number.digit_of_stroke)
    return [number.strokes[i] for digit in reversed(range(len(number.text))) for i in np.flatnonzero(owners == digit)]


def giant_over_small(giant: Sequence[np.ndarray], number: ComposedNumber, factor: float = 6.0) -> list[np.ndarray]:
    """One digit drawn ``factor`` times the number's size over its digits (they lie inside it), then the number."""
    points = np.concatenate(giant)
    low, extent = points.min(axis=0), np.maximum(points.max(axis=0) - points.min(axis=0), 1e-9)
    scale = factor * 100.0 / extent[1]
    centre = np.concatenate(number.strokes).mean(axis=0)
    offset = centre - extent * scale / 2
    return [(np.asarray(stroke, dtype=np.float64) - low) * scale + offset for stroke in giant] + list(number.strokes)


def bad_inputs(pen_digits: Sequence, count: int, seed: int = 0) -> dict[str, list[list[np.ndarray]]]:
    """``count`` drawings of each kind of bad input the issue names, as strokes (same seed, same drawings)."""
    rng = np.random.default_rng(seed)
    numbers = random_numbers(pen_digits, count, 6, seed=seed)
    giants = [pen_digits[i] for i in rng.choice(len(pen_digits), size=count)]
    return {
        "30 digits": [list(number.strokes) for number in random_numbers(pen_digits, count, 30, seed=seed + 1)],
        "right to left": [written_right_to_left(number) for number in numbers],
        "slanted": [slanted(number.strokes) for number in numbers],
        "giant over small": [giant_over_small(giant.strokes, number) for giant, number in zip(giants, numbers, strict=True)],
    }


def segmentation_right(reading, placed, owners, length: int) -> bool:
    """Whether a reading of a composed number cut it right: the right count (no reading: wrong), and
    each read digit's box centre over the strokes of the digit it stands for (``owners``: each placed
    stroke's digit index)."""
    if reading is None or len(reading.digits) != length:
        return False
    for index, digit in enumerate(reading.digits):
        points = np.concatenate([stroke for stroke, owner in zip(placed, owners, strict=True) if owner == index])
        centre = digit.box[0] + digit.box[2] / 2
        if not points[:, 0].min() <= centre <= points[:, 0].max():
            return False
    return True
