"""Reading real pen trajectories (UNIPEN pendigits) and rendering them as the model's input."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from desktop_app.core.preprocessing import DIGIT_BOX, strokes_to_model_input
from devtools.unipen import PENDIGITS_PATH, PenDigit, read_pendigits

SNIPPET = """\
.INCLUDE        dene.doc

.LEXICON "0" "1" "2" "3" "4" "5" "6" "7" "8" "9"
.HIERARCHY      DIGIT

.SEGMENT DIGIT    0 ? "7"
.COMMENT 7 3  101
.PEN_DOWN
 10  200
 60  200
 30  100
.PEN_UP
.DT 100
.PEN_DOWN
 20  150
 50  150
.PEN_UP

.SEGMENT DIGIT    1 ? "1"
.COMMENT 1 4  102
.PEN_DOWN
 5  90
 5  10
.PEN_UP
"""


@pytest.fixture(scope="module")
def pendigits() -> list[PenDigit]:
    if not PENDIGITS_PATH.is_file():
        pytest.skip(f"pendigits data not found at {PENDIGITS_PATH} (the shared data folder is absent)")
    return read_pendigits(PENDIGITS_PATH)


def test_whole_file(pendigits):
    assert len(pendigits) == 7494
    per_label = Counter(digit.label for digit in pendigits)
    assert sorted(per_label) == list(range(10))
    assert min(per_label.values()) > 700 and max(per_label.values()) < 800  # roughly balanced
    assert len({digit.writer for digit in pendigits}) == 30
    for digit in pendigits:
        assert len(digit.strokes) >= 1
        for stroke in digit.strokes:
            assert stroke.ndim == 2 and stroke.shape[1] == 2 and len(stroke) >= 1
            assert stroke.dtype == np.float64
    first = pendigits[0]
    assert (first.label, first.writer) == (8, 12)


def test_parses_a_snippet_and_flips_y_to_screen(tmp_path):
    path = tmp_path / "snippet.tra"
    path.write_text(SNIPPET)
    seven, one = read_pendigits(path)
    assert (seven.label, seven.writer, len(seven.strokes)) == (7, 3, 2)
    # Tablet y grows upwards; on screen it grows downwards: y -> max_y - y, per digit.
    np.testing.assert_array_equal(seven.strokes[0], [[10, 0], [60, 0], [30, 100]])
    np.testing.assert_array_equal(seven.strokes[1], [[20, 50], [50, 50]])
    assert (one.label, one.writer) == (1, 4)
    np.testing.assert_array_equal(one.strokes[0], [[5, 0], [5, 80]])
    with pytest.raises(ValueError):
        seven.strokes[0][0, 0] = 1.0  # the points are read-only, like the dataclass


MALFORMED = {
    "point outside a stroke": (SNIPPET.replace(".PEN_DOWN\n 5  90", " 5  90"), "outside"),
    "not integers": (SNIPPET.replace(" 5  90", " 5  abc"), "integers"),
    "three numbers": (SNIPPET.replace(" 5  90", " 5  90 1"), "expected 'x y'"),
    "stroke not closed": (SNIPPET.replace(".PEN_UP\n.DT 100", ".DT 100"), "PEN_DOWN inside a stroke"),
    "last stroke not closed": (SNIPPET.rstrip().removesuffix(".PEN_UP"), "not closed"),
    "no strokes": (SNIPPET + '.SEGMENT DIGIT 2 ? "3"\n.COMMENT 3 4 1\n', "no strokes"),
    "no comment": (SNIPPET.replace(".COMMENT 1 4  102\n", ""), ".COMMENT"),
    "labels disagree": (SNIPPET.replace(".COMMENT 1 4", ".COMMENT 2 4"), "differs"),
    "bad segment": (SNIPPET.replace('? "1"', '? "x"'), "SEGMENT"),
    "empty stroke": (SNIPPET.replace(".PEN_DOWN\n 5  90\n 5  10\n", ".PEN_DOWN\n"), "no points"),
    "no digits": (".INCLUDE dene.doc\n", "no digits"),
}


@pytest.mark.parametrize("case", MALFORMED)
def test_malformed_input_raises_a_clear_error(tmp_path, case):
    text, expected = MALFORMED[case]
    path = tmp_path / "bad.tra"
    path.write_text(text)
    with pytest.raises(ValueError, match=expected) as caught:
        read_pendigits(path)
    assert str(path) in str(caught.value)


def test_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_pendigits(tmp_path / "absent.tra")


def test_real_pen_digits_render_like_mnist(pendigits):
    rows, cols = np.indices((28, 28))
    for digit in pendigits[::750]:  # ten digits from across the file
        image = strokes_to_model_input(digit.strokes)
        assert image is not None, digit
        mass = image.sum()
        assert 40 < mass < 200, (digit.label, mass)  # MNIST: ink sum 60-147 for 80 % of digits
        assert abs((rows * image).sum() / mass - 14) <= 0.501
        assert abs((cols * image).sum() / mass - 14) <= 0.501
        inked_rows = np.flatnonzero(image.any(axis=1))
        inked_cols = np.flatnonzero(image.any(axis=0))
        longer = max(inked_rows[-1] - inked_rows[0], inked_cols[-1] - inked_cols[0]) + 1
        assert longer == DIGIT_BOX
