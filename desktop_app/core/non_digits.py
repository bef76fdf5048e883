"""Drawings that are no digit: dots, dashes, waves, crosses, hashes, scribbles, blobs, letter-like loops.

A network learns to answer "not a digit" (:mod:`.rejection`) from these, rendered by the canvas's own
rasteriser (:func:`.preprocessing.strokes_to_model_input`), so that they look exactly like what a
person's mouse drawing becomes. Each kind is drawn with random size, slant, proportions and hand
tremor; none may look like a digit: dashes stay within 35 degrees of horizontal (a steeper line is
a 1), waves have at least one and a half periods (one period is an S, near a 2 or a 5), loops come
in threes or more (a single loop is a 0 or a 6).

Only numpy is imported.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from .preprocessing import MODEL_INPUT_SIZE, drawings_to_images

__all__ = ["KINDS", "NON_DIGIT_SHARE", "non_digit_images", "non_digit_strokes"]

Strokes = list[np.ndarray]

#: Non-digit drawings added to a training set that can learn "not a digit", as a share of its digits.
NON_DIGIT_SHARE = 0.1


def _tremor(points: np.ndarray, rng: np.random.Generator, amount: float) -> np.ndarray:
    """A hand's wobble: smooth random offsets of about `amount` canvas pixels."""
    noise = rng.normal(0.0, amount, points.shape)
    kernel = np.ones(5) / 5.0
    smooth = np.stack([np.convolve(noise[:, i], kernel, mode="same") for i in range(2)], axis=1)
    return points + smooth


def _line(start, end, rng: np.random.Generator, steps: int = 24) -> np.ndarray:
    t = np.linspace(0.0, 1.0, steps)[:, None]
    return _tremor(np.asarray(start) + t * (np.asarray(end) - np.asarray(start)), rng, 0.6)


def _rotated(strokes: Strokes, angle: float) -> Strokes:
    c, s = math.cos(angle), math.sin(angle)
    matrix = np.array([[c, -s], [s, c]])
    return [stroke @ matrix.T for stroke in strokes]


def _dot(rng: np.random.Generator) -> Strokes:
    """A tap of the pen: one point, or the same point reported a few times.

    (A wobble of even two pixels is scaled up to the digit's full size by the rasteriser, where it
    can look like any digit; such a drawing is no dot to the network.)"""
    return [np.repeat(rng.uniform(0.0, 400.0, (1, 2)), int(rng.integers(1, 4)), axis=0)]


def _dash(rng: np.random.Generator) -> Strokes:
    """A short or long dash within 35 degrees of horizontal."""
    length = rng.uniform(15.0, 300.0)
    angle = rng.uniform(-0.6, 0.6)
    end = np.array([math.cos(angle), math.sin(angle)]) * length
    return [_line((0.0, 0.0), end, rng)]


def _wave(rng: np.random.Generator) -> Strokes:
    """A wavy line: one and a half to four periods, lying down."""
    length = rng.uniform(80.0, 320.0)
    periods = rng.uniform(1.5, 4.0)
    amplitude = length * rng.uniform(0.03, 0.6) / periods
    x = np.linspace(0.0, length, 80)
    y = amplitude * np.sin(2 * math.pi * periods * x / length + rng.uniform(0, 2 * math.pi))
    return _rotated([_tremor(np.stack([x, y], axis=1), rng, 0.6)], rng.uniform(-0.4, 0.4))


def _cross(rng: np.random.Generator, upright: bool) -> Strokes:
    """An X (two diagonals) or a plus (a bar and an upright), crossing near their middles."""
    size = rng.uniform(40.0, 300.0)
    a, b = rng.uniform(0.35, 0.65, 2)
    first = _line((0.0, size * a), (size, size * b), rng) if upright else _line((0, 0), (size, size), rng)
    second = _line((size * a, 0.0), (size * b, size), rng) if upright else _line((size, 0), (0, size), rng)
    aspect = rng.uniform(0.7, 1.4)
    return _rotated([s * (1.0, aspect) for s in (first, second)], rng.uniform(-0.25, 0.25))


def _hash(rng: np.random.Generator) -> Strokes:
    """A hash: two bars across two uprights (either may slant)."""
    size = rng.uniform(50.0, 300.0)
    slant = rng.uniform(-0.3, 0.3) * size
    strokes = []
    for offset in rng.uniform(0.2, 0.4), rng.uniform(0.6, 0.8):
        strokes.append(_line((offset * size + slant, 0.0), (offset * size - slant, size), rng))
        strokes.append(_line((0.0, offset * size), (size, offset * size + rng.normal(0, 0.05) * size), rng))
    return strokes


def _scribble(rng: np.random.Generator) -> Strokes:
    """A dense scribble: the pen rubbed back and forth over a patch."""
    size = rng.uniform(40.0, 250.0)
    count = int(rng.integers(12, 30))
    corners = rng.uniform(0.0, size, (count, 2)) * (1.0, rng.uniform(0.5, 1.5))
    path = np.concatenate([_line(corners[i], corners[i + 1], rng, steps=8) for i in range(count - 1)])
    return [path]


def _blob(rng: np.random.Generator) -> Strokes:
    """A filled blob: a spiral or zig-zag filling an ellipse."""
    radius = rng.uniform(15.0, 150.0)
    aspect = rng.uniform(0.5, 1.6)
    turns = rng.uniform(4.0, 9.0)
    t = np.linspace(0.0, 1.0, 300)
    angle = 2 * math.pi * turns * t
    r = radius * (1.0 - t)
    spiral = np.stack([r * np.cos(angle), aspect * r * np.sin(angle)], axis=1)
    return [_tremor(spiral, rng, 0.8)]


def _loops(rng: np.random.Generator) -> Strokes:
    """Letter-like squiggles: a row of three to six cursive loops or humps ("eee", "lll", "mmm", "www")."""
    count = int(rng.integers(3, 7))
    height = rng.uniform(30.0, 150.0)
    width = height * rng.uniform(0.4, 1.0)
    t = np.linspace(0.0, count, 40 * count)
    phase = 2 * math.pi * t
    if rng.random() < 0.5:  # loops: a cycloid whose circles cross themselves
        x = width * (t - rng.uniform(0.25, 0.5) * np.sin(phase))
        y = -height * 0.5 * (1 - np.cos(phase))
    else:  # humps or valleys: an m, an n or a w
        x = width * t
        y = -height * np.abs(np.sin(phase / 2)) * (1 if rng.random() < 0.5 else -1)
    shear = rng.uniform(-0.4, 0.2)
    points = np.stack([x + shear * y, y], axis=1)
    return [_tremor(points, rng, 0.8)]


#: Every kind, by name, with how often it is drawn.
KINDS: dict[str, tuple[Callable[[np.random.Generator], Strokes], float]] = {
    "dot": (_dot, 1.0),
    "dash": (_dash, 1.5),
    "wave": (_wave, 1.0),
    "x": (lambda rng: _cross(rng, upright=False), 1.0),
    "plus": (lambda rng: _cross(rng, upright=True), 1.0),
    "hash": (_hash, 1.0),
    "scribble": (_scribble, 1.0),
    "blob": (_blob, 1.0),
    "loops": (_loops, 1.0),
}


def non_digit_strokes(rng: np.random.Generator, kind: str | None = None) -> tuple[str, Strokes]:
    """One non-digit drawing as canvas strokes (y down): its kind and its strokes."""
    if kind is None:
        names = list(KINDS)
        weights = np.array([KINDS[name][1] for name in names])
        kind = names[int(rng.choice(len(names), p=weights / weights.sum()))]
    return kind, KINDS[kind][0](rng)


def non_digit_images(count: int, seed: int) -> np.ndarray:
    """`count` non-digit drawings rendered as the canvas renders strokes: uint8 (count, 28, 28); kept
    on disk for the next run (:mod:`.render_cache`)."""
    from .render_cache import cached_render

    def render() -> np.ndarray:
        rng = np.random.default_rng(seed)
        return drawings_to_images(non_digit_strokes(rng)[1] for _ in range(count))

    return cached_render("non-digits", {"count": count, "seed": seed}, render, (count, MODEL_INPUT_SIZE, MODEL_INPUT_SIZE))
