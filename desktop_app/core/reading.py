"""What reading digits gives (:class:`Prediction`, :class:`NumberReading`) and how any runtime reads them.

:class:`DigitReader` holds the whole reading path (preprocessing, cutting a drawing or picture into
digits, turning probabilities into readings) over one method, ``predict_outputs`` (the network's raw outputs), that a
runtime supplies: PyTorch (:class:`~desktop_app.core.inference.Predictor`) or onnxruntime
(:class:`~desktop_app.core.onnx_inference.OnnxPredictor`). Both therefore read the same input the same
way, up to their float rounding, and both say "not a digit" by the same rule: each output row goes
to :func:`.rejection.decide`. Plain numpy and Pillow: this module never imports torch.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from . import preprocessing, rejection, segmentation

#: Below this top probability the app says "not sure" and names the two likeliest digits.
CONFIDENT_PROBABILITY = 0.6


@dataclass(frozen=True)
class Prediction:
    """What the network reads. ``digit`` is None when there is no digit to read, ``reason`` says why."""

    digit: int | None
    confidence: float
    probabilities: tuple[float, ...]  # ten values summing to 1, or all zeros when there is no digit
    model_input: np.ndarray | None = None  # the 28x28 image the network saw, white on black in [0, 1]
    reason: str | None = None  # with no digit: "blank" or rejection.NOT_A_DIGIT ("not a digit")

    @property
    def is_confident(self) -> bool:
        return self.digit is not None and self.confidence >= CONFIDENT_PROBABILITY

    @property
    def runner_up(self) -> int | None:
        if self.digit is None:
            return None
        order = np.argsort(self.probabilities)[::-1]
        return int(order[1])

    def describe(self) -> str:
        """A short sentence for people: "7 (98%)", "not sure: 4 or 9", "no digit"."""
        if self.digit is None:
            return self.reason or "no digit"
        if not self.is_confident:
            return f"not sure: {self.digit} or {self.runner_up}"
        return f"{self.digit} ({self.confidence:.0%})"

    def to_json(self) -> dict[str, Any]:
        return {
            "digit": self.digit,
            "confidence": round(float(self.confidence), 6),
            "probabilities": [round(float(p), 6) for p in self.probabilities],
            "reason": self.reason,
        }


NO_DIGIT = Prediction(None, 0.0, (0.0,) * 10, None, "blank")


@dataclass(frozen=True)
class DigitReading:
    """One digit of a number: what the network reads and where, ``box`` = (x, y, width, height).
    A part that is no digit keeps its place and box, with ``digit`` None and the reason."""

    prediction: Prediction
    box: tuple[float, float, float, float]

    def to_json(self) -> dict[str, Any]:
        return {
            "digit": self.prediction.digit,
            "confidence": round(float(self.prediction.confidence), 6),
            "box": [round(float(value)) for value in self.box],
            "reason": self.prediction.reason,
        }


@dataclass(frozen=True)
class NumberReading:
    """The digits read in a drawing or picture, left to right (empty when there is nothing)."""

    digits: tuple[DigitReading, ...] = ()

    @property
    def number(self) -> str | None:
        """The digits read, left to right ("2048"), or None when there is none; parts that are no digit
        are left out (they are still in ``digits``, to be shown)."""
        text = "".join(str(d.prediction.digit) for d in self.digits if d.prediction.digit is not None)
        return text or None

    @property
    def prediction(self) -> Prediction:
        """The reading of a lone digit as single-digit code knows it (the first digit of several)."""
        return self.digits[0].prediction if self.digits else NO_DIGIT

    def to_json(self) -> dict[str, Any]:
        return {"number": self.number, "digits": [digit.to_json() for digit in self.digits]}


class DigitReader:
    """Reads digits and numbers; a subclass supplies :meth:`predict_batch` and says what it runs.

    ``architecture``, ``test_accuracy`` (0-1 or None), ``runtime`` ("PyTorch", "ONNX Runtime") and
    ``device_name`` ("CPU", "cuda:0") describe it for the status bar."""

    runtime = ""
    device_name = "CPU"

    @property
    def architecture(self) -> str:
        raise NotImplementedError

    @property
    def test_accuracy(self) -> float | None:
        raise NotImplementedError

    def predict_outputs(self, images: np.ndarray) -> np.ndarray:
        """The network's outputs (N, 10 or 11) for model-ready images (N, 28, 28) in [0, 1], white on
        black: logits, or anything that differs from them by a constant per row (log-probabilities),
        which is all :mod:`.rejection` needs."""
        raise NotImplementedError

    def predict_batch(self, images: np.ndarray) -> np.ndarray:
        """The ten digits' probabilities (N, 10) for model-ready images (N, 28, 28) in [0, 1], white on black."""
        return rejection.digit_probabilities(self.predict_outputs(images))

    def predict_model_input(self, image28: np.ndarray | None) -> Prediction:
        if image28 is None:
            return NO_DIGIT
        return _prediction(self.predict_outputs(image28[None])[0], image28)

    def predict_image(self, image) -> Prediction:
        """Any picture (PIL image or array, any size and polarity)."""
        return self.predict_model_input(preprocessing.to_model_input(image))

    def predict_strokes(self, strokes) -> Prediction:
        """The canvas's vector strokes, rendered at MNIST's stroke width."""
        return self.predict_model_input(preprocessing.strokes_to_model_input(strokes))

    def predict_number_strokes(self, strokes) -> NumberReading:
        """Every digit of a drawing, left to right; one digit reads exactly as predict_strokes."""
        polylines = preprocessing.as_polylines(strokes)
        reading = self._read_segments(segmentation.segment_strokes(polylines, self.predict_batch), 1.0, 1.0)
        return self._whole_if_not_a_digit(reading, lambda: preprocessing.strokes_to_model_input(polylines))

    def predict_number_image(self, image) -> NumberReading:
        """Every digit of a picture, left to right, boxes in the picture's pixels."""
        found = preprocessing.ink_map(image)
        if found is None:
            return NumberReading()
        ink, scale_x, scale_y = found
        reading = self._read_segments(segmentation.segment_ink(ink, self.predict_batch), scale_x, scale_y)
        return self._whole_if_not_a_digit(reading, lambda: preprocessing.ink_to_model_input(ink))

    def _whole_if_not_a_digit(self, reading: NumberReading, whole_input) -> NumberReading:
        """A drawing cut into parts that lie over or against one another, some of them no digit, and that
        is no digit as a whole either (an X cut into its two strokes, one read as a 1; a bold dash in a
        picture cut into slivers read as 1s), is one "not a digit". Parts with gaps between them stay
        parts: a dash written before "17" is a dash and a number."""
        if len(reading.digits) < 2 or all(d.prediction.reason is None for d in reading.digits) \
                or not _parts_overlap(reading.digits):
            return reading
        whole = self.predict_model_input(whole_input())
        if whole.reason != rejection.NOT_A_DIGIT:
            return reading
        boxes = np.array([d.box for d in reading.digits])
        left, top = boxes[:, :2].min(axis=0)
        right, bottom = (boxes[:, :2] + boxes[:, 2:]).max(axis=0)
        return NumberReading((DigitReading(whole, (left, top, right - left, bottom - top)),))

    def _read_segments(self, segments, scale_x: float, scale_y: float) -> NumberReading:
        """Classify all segments in one batch (segments without ink are left out)."""
        segments = [segment for segment in segments if segment.model_input is not None]
        if not segments:
            return NumberReading()
        outputs = self.predict_outputs(np.stack([segment.model_input for segment in segments]))
        digits = []
        for segment, row in zip(segments, outputs, strict=True):
            prediction = _prediction(row, segment.model_input)
            x, y, width, height = segment.box
            digits.append(DigitReading(prediction, (x * scale_x, y * scale_y, width * scale_x, height * scale_y)))
        return NumberReading(tuple(digits))


def _prediction(outputs: np.ndarray, model_input: np.ndarray) -> Prediction:
    """The reading of one output row: a digit, or "not a digit" (:func:`.rejection.decide`)."""
    decision = rejection.decide(outputs)
    return Prediction(decision.digit, decision.confidence, decision.probabilities, model_input, decision.reason)


def _parts_overlap(digits) -> bool:
    """Whether two neighbouring parts (left to right) overlap or touch horizontally: one drawing or one
    band of ink cut apart (an X's strokes, a bold dash in a picture cut into slivers), not digits written
    side by side with a gap between them."""
    boxes = sorted((d.box[0], d.box[2]) for d in digits)
    return any(x2 <= x1 + w1 for (x1, w1), (x2, _) in zip(boxes, boxes[1:], strict=False))
