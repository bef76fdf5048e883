"""Pictures of digits written with a bold pen (a marker, a thick brush, a scan): found and read right.

The background estimate once assumed ink covers less than half of every cell of an 8x8 grid, so a
bold 8 (two thick rings) was taken for paper and the picture gave no digit at all.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from desktop_app.core.preprocessing import DIGIT_BOX, to_model_input
from devtools.pictures import bold_picture
from devtools.unipen import PENDIGITS_PATH, read_pendigits

SHIPPED_WEIGHTS = Path(__file__).resolve().parents[1] / "weights" / "default.pt"
needs_pendigits = pytest.mark.skipif(not PENDIGITS_PATH.is_file(),
                                     reason=f"pendigits data not found at {PENDIGITS_PATH}")


def ring_eight(pen: int = 26, side: int = 280) -> Image.Image:
    """An 8 drawn as two rings with a pen `pen` px wide, black on a white PNG-like picture."""
    image = Image.new("L", (side, side), 255)
    draw = ImageDraw.Draw(image)
    draw.ellipse((90, 30, 190, 130), outline=0, width=pen)
    draw.ellipse((80, 120, 200, 250), outline=0, width=pen)
    return image


def unevenly_lit(image: Image.Image, seed: int = 0) -> np.ndarray:
    """The picture as a phone photo of paper: lit from the left, grey, noisy."""
    height, width = image.height, image.width
    xs = np.arange(width)[None, :] / width
    paper = 0.9 - 0.3 * xs + np.zeros((height, 1))
    ink = 1.0 - np.asarray(image, dtype=np.float64) / 255.0
    photo = paper * (1.0 - 0.7 * ink) + np.random.default_rng(seed).normal(0.0, 0.02, paper.shape)
    return (np.clip(photo, 0.0, 1.0) * 255).astype(np.uint8)


@pytest.mark.parametrize("pen", [18, 26, 40, 56])
def test_a_bold_ring_eight_is_found_whole(pen):
    result = to_model_input(ring_eight(pen))
    assert result is not None
    rows = np.flatnonzero((result > 0.1).any(axis=1))
    assert rows[-1] - rows[0] + 1 in (DIGIT_BOX - 1, DIGIT_BOX, DIGIT_BOX + 1)
    # Both rings are ink: the top and bottom halves each hold a good share of it.
    top, bottom = result[:14].sum(), result[14:].sum()
    assert min(top, bottom) > 0.25 * (top + bottom)


def test_a_bold_eight_on_an_unevenly_lit_photo_is_found():
    result = to_model_input(unevenly_lit(ring_eight(40)))
    assert result is not None
    assert result[:14].sum() > 20 and result[14:].sum() > 20


@needs_pendigits
@pytest.mark.parametrize("fraction", [0.075, 0.15, 0.25])
def test_bold_pen_eights_are_all_found(fraction):
    eights = [digit for digit in read_pendigits(PENDIGITS_PATH) if digit.label == 8][:50]
    rng = np.random.default_rng(1)
    missing = [i for i, digit in enumerate(eights) if to_model_input(bold_picture(digit.strokes, fraction, rng)) is None]
    assert missing == []


@pytest.fixture(scope="module")
def predictor():
    from desktop_app.core.inference import Predictor

    return Predictor.from_file(SHIPPED_WEIGHTS)


@needs_pendigits
@pytest.mark.parametrize("scanned", [False, True], ids=["marker", "scan"])
def test_bold_pen_digits_read_right_with_the_shipped_weights(predictor, scanned):
    digits = read_pendigits(PENDIGITS_PATH)[::75]  # 100 digits of every class and many writers
    rng = np.random.default_rng(2)
    right = 0
    for index, digit in enumerate(digits):
        fraction = (0.10, 0.15, 0.20, 0.25)[index % 4]  # up to a quarter of the digit's height
        right += predictor.predict_image(bold_picture(digit.strokes, fraction, rng, scanned=scanned)).digit == digit.label
    assert right >= 95, f"{right} of {len(digits)} bold digits read right"
    assert predictor.predict_image(ring_eight()).digit == 8
