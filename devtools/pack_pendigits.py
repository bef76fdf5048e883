"""Pack the UCI pendigits trajectories into the compact file the app ships and trains on.

    .venv/bin/python -m devtools.pack_pendigits [--source ../shared/data/pendigits/pendigits-orig.tra]

Reads the UNIPEN text file (:mod:`devtools.unipen`) and writes ``resources/pendigits/pendigits-strokes.npz``:
every digit's strokes, screen-oriented (y down), as whole tablet units, with its label and writer
(:mod:`desktop_app.core.pen_digits` reads it). 3.6 MB of text become about 1 MB, read in milliseconds
with no parsing. The data is CC BY 4.0 (E. Alpaydin, F. Alimoglu); resources/pendigits/LICENSE.md
carries the attribution. Run it again only if the source changes: the file is committed.
"""

from __future__ import annotations

import argparse
import sys

import numpy as np

from desktop_app.core.pen_digits import PenStrokes, pen_strokes_path, write_pen_strokes
from devtools.unipen import PENDIGITS_PATH, read_pendigits


def pack(source=PENDIGITS_PATH) -> PenStrokes:
    digits = read_pendigits(source)
    return PenStrokes(
        labels=np.array([digit.label for digit in digits], dtype=np.uint8),
        writers=np.array([digit.writer for digit in digits], dtype=np.uint8),
        strokes=[[np.rint(stroke).astype(np.int16) for stroke in digit.strokes] for digit in digits],
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", default=str(PENDIGITS_PATH))
    parser.add_argument("--out", default=str(pen_strokes_path()))
    args = parser.parse_args()
    packed = pack(args.source)
    write_pen_strokes(packed, args.out)
    print(f"{len(packed.labels):,} digits by {len(set(packed.writers.tolist()))} writers -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
