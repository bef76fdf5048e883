"""Pen digits written the European way, for tests and benchmarks: 7s with a crossbar, 1s on a foot.

The UCI pen digits hold few of either, and MNIST few crossed 7s. Each real pen digit gets the extra
stroke a European writer adds, placed from the digit's own points, so that the rest of it stays as
its writer wrote it.
"""

from __future__ import annotations

import numpy as np


def with_crossbar(strokes: list[np.ndarray], rng: np.random.Generator) -> list[np.ndarray]:
    """A 7 with a bar across its stem, 45-60% of the way down, 30-50% of the digit's height long."""
    points = np.concatenate(strokes).astype(float)
    top, bottom = points[:, 1].min(), points[:, 1].max()
    height = bottom - top
    level = top + height * rng.uniform(0.45, 0.6)
    stem_x = _crossing_x(strokes, level)
    half, tilt = height * rng.uniform(0.15, 0.25), height * rng.uniform(-0.04, 0.04)
    return [*strokes, np.array([[stem_x - half, level + tilt], [stem_x + half, level - tilt]])]


def _crossing_x(strokes: list[np.ndarray], level: float) -> float:
    """Where the strokes cross the height ``level`` (the mean of the crossings): the 7's stem. Points are
    sparse on a fast stroke, so between two points the crossing is interpolated."""
    crossings = []
    for stroke in strokes:
        stroke = np.asarray(stroke, dtype=float)
        for (x0, y0), (x1, y1) in zip(stroke[:-1], stroke[1:], strict=True):
            if y0 != y1 and (y0 - level) * (y1 - level) <= 0:
                crossings.append(x0 + (x1 - x0) * (level - y0) / (y1 - y0))
    if crossings:
        return float(np.mean(crossings))
    points = np.concatenate(strokes).astype(float)
    return float(points[np.argmin(np.abs(points[:, 1] - level)), 0])


def with_foot(strokes: list[np.ndarray], rng: np.random.Generator) -> list[np.ndarray]:
    """A 1 standing on a foot: a bar under its lowest point, 35-60% of the digit's height long."""
    points = np.concatenate(strokes).astype(float)
    bottom = points[:, 1].max()
    foot_x, half = points[np.argmax(points[:, 1]), 0], (bottom - points[:, 1].min()) * rng.uniform(0.175, 0.3)
    return [*strokes, np.array([[foot_x - half, bottom], [foot_x + half, bottom]])]


#: digit -> how it is written the European way.
EUROPEAN = {7: with_crossbar, 1: with_foot}


def european_drawings(strokes: list[list[np.ndarray]], labels: np.ndarray, digit: int,
                      rng: np.random.Generator) -> list[list[np.ndarray]]:
    """Every ``digit`` among the pen digits ``strokes`` (with their ``labels``), written the European way."""
    variant = EUROPEAN[digit]
    return [variant([np.asarray(stroke) for stroke in strokes[i]], rng) for i in np.flatnonzero(labels == digit)]
