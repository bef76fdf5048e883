"""Read real pen trajectories of handwritten digits from a UNIPEN text file (the UCI pendigits set).

These are what people really draw, stroke by stroke, so tests and benchmarks replay them through
the drawing path instead of judging it by MNIST images, which were made a different way.

The format, as used by pendigits-orig.tra: a header (.INCLUDE, .LEXICON, .HIERARCHY, ...), then
for each digit a ``.SEGMENT DIGIT <n> ? "<label>"`` line, a ``.COMMENT <label> <writer> <n>`` line,
and its strokes, each ``.PEN_DOWN``, lines of ``x y`` integers, ``.PEN_UP``. Other dot-commands
(``.DT``, the time between strokes) are allowed and ignored.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

__all__ = ["PENDIGITS_PATH", "PenDigit", "read_pendigits"]

#: The shared read-only copy beside the repository (../shared/data/pendigits/), which the project
#: must not commit; callers should handle its absence.
PENDIGITS_PATH = (
    Path(__file__).resolve().parents[1].parent / "shared" / "data" / "pendigits" / "pendigits-orig.tra"
)

_SEGMENT = re.compile(r'^\.SEGMENT\s+DIGIT\b.*"(\d)"\s*$')


@dataclass(frozen=True)
class PenDigit:
    """One handwritten digit as the pen drew it.

    ``strokes`` are (n, 2) float64 arrays of (x, y) points in screen orientation (y grows
    downwards, flipped from the tablet's y-up); the arrays are read-only.
    """

    label: int
    writer: int
    strokes: tuple[np.ndarray, ...]


def read_pendigits(path: str | os.PathLike[str] = PENDIGITS_PATH) -> list[PenDigit]:
    """Parse a UNIPEN digits file into PenDigits, in file order.

    Raises FileNotFoundError when the file is missing, and ValueError naming the file and line when
    its content is not what this format promises (points outside a stroke, a stroke never closed,
    a digit without strokes or without its .COMMENT, labels that disagree, ...).
    """
    path = Path(path)
    digits: list[PenDigit] = []
    # State of the digit being read: its label from .SEGMENT, writer from .COMMENT, strokes so far.
    label: int | None = None
    writer: int | None = None
    strokes: list[list[tuple[int, int]]] = []
    stroke: list[tuple[int, int]] | None = None  # the open stroke, between .PEN_DOWN and .PEN_UP
    segment_line = 0

    def fail(line_number: int, message: str) -> ValueError:
        return ValueError(f"{path}: line {line_number}: {message}")

    def finish_digit(line_number: int) -> None:
        if stroke is not None:
            raise fail(line_number, "a stroke is not closed by .PEN_UP before the next digit")
        if writer is None:
            raise fail(segment_line, "digit has no .COMMENT <label> <writer> line")
        if not strokes:
            raise fail(segment_line, "digit has no strokes")
        digits.append(PenDigit(label=label, writer=writer, strokes=_to_screen(strokes)))

    with open(path, encoding="ascii", errors="replace") as file:
        line_number = 0
        for line_number, raw_line in enumerate(file, start=1):
            line = raw_line.strip()
            if not line:
                continue
            if not line.startswith("."):
                if stroke is None:
                    raise fail(line_number, f"point {line!r} outside a .PEN_DOWN ... .PEN_UP stroke")
                fields = line.split()
                if len(fields) != 2:
                    raise fail(line_number, f"expected 'x y', got {line!r}")
                try:
                    stroke.append((int(fields[0]), int(fields[1])))
                except ValueError:
                    raise fail(line_number, f"expected two integers 'x y', got {line!r}") from None
                continue

            command = line.split(maxsplit=1)[0]
            if command == ".SEGMENT":
                match = _SEGMENT.match(line)
                if match is None:
                    raise fail(line_number, f'expected .SEGMENT DIGIT ... "<0-9>", got {line!r}')
                if label is not None:
                    finish_digit(line_number)
                label, writer, strokes, segment_line = int(match.group(1)), None, [], line_number
            elif label is None:
                if command in (".COMMENT", ".PEN_DOWN", ".PEN_UP"):
                    raise fail(line_number, f"{command} before the first .SEGMENT DIGIT line")
                # Anything else before the first digit is the file header.
            elif command == ".COMMENT":
                fields = line.split()
                if len(fields) < 3 or not fields[1].isdigit() or not fields[2].isdigit():
                    raise fail(line_number, f"expected .COMMENT <label> <writer> ..., got {line!r}")
                if int(fields[1]) != label:
                    raise fail(line_number, f".COMMENT label {fields[1]} differs from .SEGMENT label {label}")
                writer = int(fields[2])
            elif command == ".PEN_DOWN":
                if stroke is not None:
                    raise fail(line_number, ".PEN_DOWN inside a stroke (missing .PEN_UP)")
                stroke = []
            elif command == ".PEN_UP":
                if stroke is None:
                    raise fail(line_number, ".PEN_UP without .PEN_DOWN")
                if not stroke:
                    raise fail(line_number, "stroke has no points")
                strokes.append(stroke)
                stroke = None
            # Other commands (.DT: pause between strokes, ...) carry nothing we need.
        if label is not None:
            finish_digit(line_number)
    if not digits:
        raise ValueError(f"{path}: no digits found (no .SEGMENT DIGIT lines)")
    return digits


def _to_screen(strokes: list[list[tuple[int, int]]]) -> tuple[np.ndarray, ...]:
    """Convert tablet strokes (y up) to read-only screen-oriented arrays (y down) for one digit."""
    arrays = [np.array(stroke, dtype=np.float64) for stroke in strokes]
    top = max(float(array[:, 1].max()) for array in arrays)
    for array in arrays:
        array[:, 1] = top - array[:, 1]
        array.flags.writeable = False  # PenDigit is frozen; so are its points
    return tuple(arrays)
