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
    parser = _Parser(Path(path))
    with open(parser.path, encoding="ascii", errors="replace") as file:
        for line_number, raw_line in enumerate(file, start=1):
            line = raw_line.strip()
            if line:
                parser.read_line(line_number, line)
    return parser.finish()


class _Parser:
    """The state of the digit being read: its label from .SEGMENT, writer from .COMMENT, strokes so far."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.digits: list[PenDigit] = []
        self.label: int | None = None
        self.writer: int | None = None
        self.strokes: list[list[tuple[int, int]]] = []
        self.stroke: list[tuple[int, int]] | None = None  # the open stroke, between .PEN_DOWN and .PEN_UP
        self.segment_line = 0
        self.line_number = 0

    def fail(self, message: str, line_number: int | None = None) -> ValueError:
        return ValueError(f"{self.path}: line {line_number or self.line_number}: {message}")

    def read_line(self, line_number: int, line: str) -> None:
        self.line_number = line_number
        if not line.startswith("."):
            self._point(line)
            return
        command = line.split(maxsplit=1)[0]
        if command == ".SEGMENT":
            self._segment(line)
        elif self.label is None:
            if command in (".COMMENT", ".PEN_DOWN", ".PEN_UP"):
                raise self.fail(f"{command} before the first .SEGMENT DIGIT line")
            # Anything else before the first digit is the file header.
        elif command == ".COMMENT":
            self._comment(line)
        elif command == ".PEN_DOWN":
            self._pen_down()
        elif command == ".PEN_UP":
            self._pen_up()
        # Other commands (.DT: pause between strokes, ...) carry nothing we need.

    def finish(self) -> list[PenDigit]:
        if self.label is not None:
            self._finish_digit()
        if not self.digits:
            raise ValueError(f"{self.path}: no digits found (no .SEGMENT DIGIT lines)")
        return self.digits

    def _point(self, line: str) -> None:
        if self.stroke is None:
            raise self.fail(f"point {line!r} outside a .PEN_DOWN ... .PEN_UP stroke")
        fields = line.split()
        if len(fields) != 2:
            raise self.fail(f"expected 'x y', got {line!r}")
        try:
            self.stroke.append((int(fields[0]), int(fields[1])))
        except ValueError:
            raise self.fail(f"expected two integers 'x y', got {line!r}") from None

    def _segment(self, line: str) -> None:
        match = _SEGMENT.match(line)
        if match is None:
            raise self.fail(f'expected .SEGMENT DIGIT ... "<0-9>", got {line!r}')
        if self.label is not None:
            self._finish_digit()
        self.label, self.writer, self.strokes = int(match.group(1)), None, []
        self.segment_line = self.line_number

    def _comment(self, line: str) -> None:
        fields = line.split()
        if len(fields) < 3 or not fields[1].isdigit() or not fields[2].isdigit():
            raise self.fail(f"expected .COMMENT <label> <writer> ..., got {line!r}")
        if int(fields[1]) != self.label:
            raise self.fail(f".COMMENT label {fields[1]} differs from .SEGMENT label {self.label}")
        self.writer = int(fields[2])

    def _pen_down(self) -> None:
        if self.stroke is not None:
            raise self.fail(".PEN_DOWN inside a stroke (missing .PEN_UP)")
        self.stroke = []

    def _pen_up(self) -> None:
        if self.stroke is None:
            raise self.fail(".PEN_UP without .PEN_DOWN")
        if not self.stroke:
            raise self.fail("stroke has no points")
        self.strokes.append(self.stroke)
        self.stroke = None

    def _finish_digit(self) -> None:
        if self.stroke is not None:
            raise self.fail("a stroke is not closed by .PEN_UP before the next digit")
        if self.writer is None:
            raise self.fail("digit has no .COMMENT <label> <writer> line", self.segment_line)
        if not self.strokes:
            raise self.fail("digit has no strokes", self.segment_line)
        self.digits.append(PenDigit(label=self.label, writer=self.writer, strokes=_to_screen(self.strokes)))


def _to_screen(strokes: list[list[tuple[int, int]]]) -> tuple[np.ndarray, ...]:
    """Convert tablet strokes (y up) to read-only screen-oriented arrays (y down) for one digit."""
    arrays = [np.array(stroke, dtype=np.float64) for stroke in strokes]
    top = max(float(array[:, 1].max()) for array in arrays)
    for array in arrays:
        array[:, 1] = top - array[:, 1]
        array.flags.writeable = False  # PenDigit is frozen; so are its points
    return tuple(arrays)
