"""Pictures of digits written with a bold pen: are they found and read right?

Real pen digits (UCI pendigits, ../shared/data/pendigits/pendigits-orig.tra) are drawn with Pillow
into 280x280 pictures, black on white, 60-85 % of the height at a random place, with round strokes
of a width that is a given fraction of the digit's height (a marker, a felt pen, a thick brush in a
drawing program), and read by ``Predictor.predict_image`` as ``digit-studio predict`` reads a file.
Printed per width: how many pictures give no digit at all, and how many are read right.
Also a scanned variant: the same pictures on grey, slightly blurred, with sensor noise.

    .venv/bin/python benchmarks/bench_bold_pictures.py [--limit N] [--weights WEIGHTS]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from devtools.pictures import bold_picture  # noqa: E402
from devtools.unipen import PENDIGITS_PATH, read_pendigits  # noqa: E402

WIDTH_FRACTIONS = (0.05, 0.10, 0.15, 0.20, 0.25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=1000, help="pen digits per width (spread over the file)")
    parser.add_argument("--weights", default=None)
    args = parser.parse_args()
    if not PENDIGITS_PATH.is_file():
        print(f"skipped: {PENDIGITS_PATH} not found")
        return
    from desktop_app.core.inference import Predictor

    predictor = Predictor.from_file(args.weights or Path(__file__).resolve().parents[1] / "weights" / "default.pt")
    digits = read_pendigits(PENDIGITS_PATH)
    digits = digits[:: max(1, len(digits) // args.limit)][: args.limit]
    for scanned in (False, True):
        for fraction in WIDTH_FRACTIONS:
            rng = np.random.default_rng(0)
            missing = right = 0
            for digit in digits:
                prediction = predictor.predict_image(bold_picture(digit.strokes, fraction, rng, scanned=scanned))
                missing += prediction.digit is None
                right += prediction.digit == digit.label
            kind = "scanned" if scanned else "clean  "
            print(f"{kind} pen {fraction:4.0%} of the height: read right {right / len(digits):7.2%}, "
                  f"no digit {missing / len(digits):6.2%}  ({len(digits)} pictures)", flush=True)


if __name__ == "__main__":
    main()
