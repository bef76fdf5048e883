"""Real pen digits to train on: the UCI pendigits trajectories, rendered as the canvas renders strokes.

MNIST's digits were written on paper forms, scanned and normalised; people drawing on a canvas write
differently (1s with a lead-in flag, open 4s, 9s with a straight stem). The 7,494 digits that 30
people wrote on a tablet (E. Alpaydin, F. Alimoglu, UCI "Pen-Based Recognition of Handwritten Digits",
CC BY 4.0) ship in ``resources/pendigits`` as strokes, and every training run that asks for them
(:attr:`TrainingSettings.pen_digits`, on in the default and Quick presets) renders them with the
canvas's own rasteriser (:func:`.preprocessing.strokes_to_model_input`): the shipped weights and a
run from the GUI learn from the same images a user's strokes become.

The file is ``pendigits-strokes.npz`` (written by ``devtools/pack_pendigits.py``): int16 points
(x, y, screen-oriented) of all strokes one after another, the index where each stroke and each
digit starts, and each digit's label and writer. Only numpy and Pillow (through the rasteriser) are
needed to read and render it.
"""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import DataError
from .paths import resource_path, write_bytes_atomically
from .preprocessing import MODEL_INPUT_SIZE, drawings_to_images
from .texts import QT_TRANSLATE_NOOP

__all__ = ["PEN_DIGIT_REPEAT", "SHIPPED_PEN_DIGITS", "PenStrokes", "pen_digit_images", "pen_strokes_path", "read_pen_strokes", "write_pen_strokes"]

_ARRAYS = ("points", "stroke_starts", "digit_starts", "labels", "writers")

#: How many digits the shipped file holds (what the settings dialog counts before anything is read).
SHIPPED_PEN_DIGITS = 7_494

#: Each pen digit is in an epoch this many times (each copy augmented differently): 15k beside MNIST's
#: 48k. Twice read writers held out better than once, 1s above all, at the same MNIST accuracy
#: (benchmarks/bench_pen_writers.py; README, "Real pen digits").
PEN_DIGIT_REPEAT = 2


@dataclass(frozen=True)
class PenStrokes:
    """Digits as strokes: ``labels`` and ``writers`` (N,) uint8, ``strokes[i]`` the (n, 2) int16 point
    arrays of digit i in screen orientation (y down)."""

    labels: np.ndarray
    writers: np.ndarray
    strokes: list[list[np.ndarray]]

    def __len__(self) -> int:
        return len(self.labels)


def pen_strokes_path() -> Path:
    return resource_path("pendigits", "pendigits-strokes.npz")


def write_pen_strokes(pen: PenStrokes, path: str | os.PathLike[str]) -> None:
    """Store ``pen`` as the compressed file :func:`read_pen_strokes` reads, atomically."""
    strokes = [stroke for digit in pen.strokes for stroke in digit]
    stroke_sizes = [len(stroke) for stroke in strokes]
    digit_sizes = [len(digit) for digit in pen.strokes]
    buffer = io.BytesIO()
    np.savez_compressed(
        buffer,
        points=np.concatenate(strokes).astype(np.int16),
        stroke_starts=np.concatenate([[0], np.cumsum(stroke_sizes)]).astype(np.int32),
        digit_starts=np.concatenate([[0], np.cumsum(digit_sizes)]).astype(np.int32),
        labels=np.asarray(pen.labels, dtype=np.uint8),
        writers=np.asarray(pen.writers, dtype=np.uint8),
    )
    write_bytes_atomically(Path(path), buffer.getvalue())


def read_pen_strokes(path: str | os.PathLike[str] | None = None) -> PenStrokes:
    """The digits in ``path`` (the shipped file by default). Raises DataError naming the file when it is
    missing, not such a file, or inconsistent (offsets out of order, labels outside 0-9, ...)."""
    path = Path(path) if path is not None else pen_strokes_path()
    try:
        # Opened here so that it is closed even when numpy finds no zip in it (np.load would leave it open).
        with open(path, "rb") as handle, np.load(handle, allow_pickle=False) as stored:
            arrays = {name: stored[name] for name in _ARRAYS}
    except (OSError, EOFError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        unreadable = isinstance(exc, (OSError, EOFError))  # else another file, or its arrays missing
        raise DataError(QT_TRANSLATE_NOOP("DataError", "cannot read the pen digits in {path}: {detail}"),
                        path=path, detail=exc if unreadable else f"not a pen-digit file ({exc})") from exc
    problem = _inconsistency(arrays)
    if problem:
        raise DataError(QT_TRANSLATE_NOOP("DataError", "{path} is damaged: {problem}"), path=path, problem=problem)
    points, stroke_starts, digit_starts = arrays["points"], arrays["stroke_starts"], arrays["digit_starts"]
    strokes = np.split(points, stroke_starts[1:-1])
    digits = [strokes[start:end] for start, end in zip(digit_starts[:-1], digit_starts[1:], strict=True)]
    return PenStrokes(arrays["labels"], arrays["writers"], digits)


def _inconsistency(arrays: dict[str, np.ndarray]) -> str | None:
    points, stroke_starts, digit_starts = arrays["points"], arrays["stroke_starts"], arrays["digit_starts"]
    labels, writers = arrays["labels"], arrays["writers"]
    if points.ndim != 2 or points.shape[1:] != (2,) or not np.issubdtype(points.dtype, np.integer):
        return f"its points have shape {points.shape} and type {points.dtype}, not (n, 2) integers"
    if labels.ndim != 1 or len(labels) == 0 or len(writers) != len(labels) or len(digit_starts) != len(labels) + 1:
        return f"{len(labels):,} labels, {len(writers):,} writers and {len(digit_starts):,} digit offsets do not match"
    if len(labels) and (labels.min() < 0 or labels.max() > 9):
        return "a label is not a digit from 0 to 9"
    for name, starts, end in (("stroke", stroke_starts, len(points)), ("digit", digit_starts, len(stroke_starts) - 1)):
        if starts.ndim != 1 or len(starts) < 2 or starts[0] != 0 or starts[-1] != end or np.any(np.diff(starts) <= 0):
            return f"its {name} offsets are out of order"
    return None


def pen_digit_images(pen: PenStrokes | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Every digit rendered as the canvas renders strokes: uint8 images (N, 28, 28) and int64 labels (N,).

    The shipped set is rendered once (about a second) and kept, in the process and on disk
    (:mod:`.render_cache`): later runs reuse it.
    """
    if pen is not None:
        return drawings_to_images(pen.strokes), pen.labels.astype(np.int64)
    global _shipped_images
    if _shipped_images is None:
        from .render_cache import cached_render

        shipped = read_pen_strokes()
        checksum = hashlib.sha256(pen_strokes_path().read_bytes()).hexdigest()
        images = cached_render("pen-digits", {"file_sha256": checksum},
                               lambda: drawings_to_images(shipped.strokes),
                               (len(shipped), MODEL_INPUT_SIZE, MODEL_INPUT_SIZE))
        _shipped_images = images, shipped.labels.astype(np.int64)
    return _shipped_images


_shipped_images: tuple[np.ndarray, np.ndarray] | None = None
