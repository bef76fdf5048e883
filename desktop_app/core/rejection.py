"""When a drawing is no digit at all: the decision, from a network's raw outputs alone.

A network trained by Digit Studio has eleven outputs: the ten digits and one more, "not a digit",
learnt from synthetic non-digit drawings (dots, dashes, waves, crosses, scribbles, blobs, letter-like
loops: :mod:`.non_digits`) rendered exactly as the canvas renders strokes. Older weights (the seed
tutorial's, or any file from before) have ten outputs: they load as they are and never say "not a
digit".

The digits' probabilities are always a softmax over the ten digit outputs alone, so they stay
comparable between old and new networks and the ten bars still show what the drawing looked most
like; MNIST accuracy and the confusion matrix are the argmax over those ten. The decision is a
function of the output row only, so every reader (PyTorch, onnxruntime) applies the same rule.

Only numpy is imported.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

__all__ = [
    "DIGIT_CLASSES",
    "NOT_A_DIGIT",
    "NOT_A_DIGIT_CLASS",
    "REJECT_PROBABILITY",
    "Decision",
    "decide",
    "digit_probabilities",
    "not_a_digit_probability",
]

#: The ten digit outputs come first; a network that can reject has this one more output after them.
DIGIT_CLASSES = 10
NOT_A_DIGIT_CLASS = 10
#: The reason given when a drawing is read as no digit at all.
NOT_A_DIGIT = "not a digit"
#: "Not a digit" when the network gives that output at least this probability (a softmax over all
#: eleven outputs): then it outweighs every digit together.
REJECT_PROBABILITY = 0.5


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=-1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=-1, keepdims=True)


def digit_probabilities(logits: np.ndarray) -> np.ndarray:
    """The ten digits' probabilities (..., 10): a softmax over the digit outputs alone."""
    logits = np.asarray(logits, dtype=np.float64)
    return _softmax(logits[..., :DIGIT_CLASSES]).astype(np.float32)


def not_a_digit_probability(logits: np.ndarray) -> np.ndarray:
    """The probability (...) of "not a digit" among all outputs; 0 for a ten-output network."""
    logits = np.asarray(logits, dtype=np.float64)
    if logits.shape[-1] <= NOT_A_DIGIT_CLASS:
        return np.zeros(logits.shape[:-1], dtype=np.float32)
    return _softmax(logits)[..., NOT_A_DIGIT_CLASS].astype(np.float32)


class Decision(NamedTuple):
    """What one output row says: a digit (``reason`` None), or no digit (``digit`` None) and why."""

    digit: int | None
    confidence: float  # the digit's probability; for "not a digit", that answer's probability
    probabilities: tuple[float, ...]  # the ten digits' probabilities, shown either way
    reason: str | None


def decide(logits: np.ndarray) -> Decision:
    """The answer for one output row (10 or 11 raw outputs, before any softmax)."""
    probabilities = digit_probabilities(logits)
    as_tuple = tuple(float(p) for p in probabilities)
    rejected = float(not_a_digit_probability(logits))
    if rejected >= REJECT_PROBABILITY:
        return Decision(None, rejected, as_tuple, NOT_A_DIGIT)
    digit = int(probabilities.argmax())
    return Decision(digit, as_tuple[digit], as_tuple, None)
