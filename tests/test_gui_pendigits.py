"""Real handwriting on the real canvas: UCI pendigits pen trajectories replayed as mouse drags.

Each digit is scaled to a random height (30-85 % of the canvas) at a random place, drawn with
press/move/release events at whole-pixel positions (as a mouse reports them), and the answer is
read from the ``predictedDigit`` label. benchmarks/bench_canvas_pendigits.py replays all 7,494.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from desktop_app.core.paths import shipped_weights_path
from devtools import replay
from devtools.unipen import PENDIGITS_PATH, read_pendigits

pytestmark = [
    pytest.mark.skipif(not PENDIGITS_PATH.is_file(), reason=f"pendigits data not found at {PENDIGITS_PATH}"),
    pytest.mark.skipif(not shipped_weights_path().is_file(), reason="weights/default.pt is not built yet"),
]

#: The accuracy the canvas must reach on real pen input (issue: at least 97.5 %).
TARGET_ACCURACY = 0.975
SAMPLE_SIZE = 300
#: A model at exactly the target still passes a 300-digit sample 99 % of the time: the bound is
#: the target minus 2.33 binomial standard deviations (sqrt(0.975 * 0.025 / 300) = 0.90 points).
SAMPLE_BOUND = TARGET_ACCURACY - 2.33 * math.sqrt(TARGET_ACCURACY * (1 - TARGET_ACCURACY) / SAMPLE_SIZE)


@pytest.fixture(scope="module")
def pendigits():
    return read_pendigits(PENDIGITS_PATH)


@pytest.fixture(scope="module")
def sample(pendigits):
    indices = np.random.default_rng(2024).choice(len(pendigits), SAMPLE_SIZE, replace=False)
    return [pendigits[i] for i in sorted(indices)]


def test_sample_bound_is_a_little_below_the_target():
    assert 0.95 < SAMPLE_BOUND < TARGET_ACCURACY


def test_canvas_passes_the_strokes_unchanged(window, sample):
    """What the canvas reads agrees with the model on the raw pen strokes (placement, pixel rounding
    and event delivery change nothing that matters)."""
    from desktop_app.core.inference import Predictor

    predictor = Predictor.from_file(window.model_info.path)
    digits = sample[:100]
    result = replay.replay_pendigits(window, digits, seed=1)
    raw = [predictor.predict_strokes(digit.strokes).digit for digit in digits]
    agreement = np.mean([a == b for a, b in zip(result.predictions, raw, strict=True)])
    assert agreement >= 0.98, f"canvas and raw strokes disagree on {1 - agreement:.0%} of digits"


def test_each_digit_drawn_with_the_mouse_is_read(window, pendigits):
    """One clear sample of every digit, drawn at random sizes and places."""
    from desktop_app.core.inference import Predictor

    predictor = Predictor.from_file(window.model_info.path)
    chosen = {}
    for digit in pendigits:
        if digit.label not in chosen:
            prediction = predictor.predict_strokes(digit.strokes)
            if prediction.digit == digit.label and prediction.confidence > 0.95:
                chosen[digit.label] = digit
        if len(chosen) == 10:
            break
    rng = np.random.default_rng(5)
    for label, digit in sorted(chosen.items()):
        assert replay.replay_pen_digit(window, digit.strokes, rng) == label


def test_sampled_pen_digits_reach_the_target_accuracy(window, sample):
    result = replay.replay_pendigits(window, sample, seed=0)
    per_digit = {d: f"{c}/{t}" for d, (c, t) in result.per_digit_accuracy().items()}
    assert result.accuracy >= SAMPLE_BOUND, (
        f"{result.accuracy:.2%} of {len(sample)} pen digits read correctly "
        f"(bound {SAMPLE_BOUND:.2%}, target {TARGET_ACCURACY:.1%}); per digit: {per_digit}"
    )
