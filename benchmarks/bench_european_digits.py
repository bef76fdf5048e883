"""Does a network read digits written the European way? Crossed 7s and 1s on a foot.

Every 7 of the shipped pen digits (UCI pendigits) gets a crossbar and every 1 a foot
(``devtools/european_digits.py``), rendered as the canvas renders strokes and read by the weights
given (the shipped ones by default); the same digits without the extra stroke are the reference.
Prints the share read right and what the others were read as. A few seconds.

    .venv/bin/python benchmarks/bench_european_digits.py [--weights W] [--seed 0]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from desktop_app.core.inference import Predictor  # noqa: E402
from desktop_app.core.paths import shipped_weights_path  # noqa: E402
from desktop_app.core.pen_digits import read_pen_strokes  # noqa: E402
from desktop_app.core.preprocessing import drawings_to_images  # noqa: E402
from desktop_app.core.rejection import decide  # noqa: E402
from devtools.european_digits import EUROPEAN, european_drawings  # noqa: E402


def answers(predictor: Predictor, drawings: list) -> list:
    """Each drawing's answer: its digit, or None for "not a digit"."""
    outputs = predictor.predict_outputs(drawings_to_images(drawings).astype(np.float32) / 255.0)
    return [decide(row).digit for row in outputs]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weights", type=Path, default=shipped_weights_path())
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    predictor = Predictor.from_file(args.weights)
    pen = read_pen_strokes()
    print(f"weights {args.weights}")
    for digit, variant in EUROPEAN.items():
        written = answers(predictor, european_drawings(pen.strokes, pen.labels, digit, np.random.default_rng(args.seed)))
        plain = answers(predictor, [pen.strokes[i] for i in np.flatnonzero(pen.labels == digit)])
        wrong = Counter("not a digit" if a is None else a for a in written if a != digit)
        print(f"{digit}s {variant.__name__.replace('_', ' ')}: {np.mean(np.array(written) == digit):.1%} of {len(written)} "
              f"read right (without it {np.mean(np.array(plain) == digit):.1%}); read instead: {dict(wrong) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
