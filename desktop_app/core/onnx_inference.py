"""Reading digits with onnxruntime: :class:`OnnxPredictor`, an exported model behind the shared reading path.

Why a second runtime: ``import torch`` takes about two seconds, ``import onnxruntime`` about a tenth
of that, so the canvas and ``digit-studio predict`` read digits through a model's ONNX twin (see
:mod:`.onnx_twin`) and PyTorch is loaded only to train and evaluate. The reader is the same
:class:`~.reading.DigitReader` as PyTorch's, so preprocessing, cutting numbers into digits and the
readings are shared; only ``predict_outputs`` differs. This module never imports torch.

The graph gives the network's raw outputs, ``logits`` (ten digits, and "not a digit" when it has
that eleventh output), beside the ten digits' ``probabilities``; the reader hands the logits to
:func:`.rejection.decide` as PyTorch's reader does, so both say "not a digit" for the same inputs.
Files exported before the eleventh output existed (the shipped ``weights/default.onnx`` among them)
have only ``probabilities``, a softmax over ten outputs: their logarithms differ from the logits by one
constant per row, which the decision and the ten probabilities do not see.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .errors import UserError
from .reading import DigitReader
from .texts import QT_TRANSLATE_NOOP, Text

#: The names of the exported graph's input ([batch, 1, 28, 28], normalised) and outputs: the ten
#: digits' probabilities ([batch, 10]) and the raw outputs ([batch, 10 or 11]; not in older files).
INPUT_NAME = "image"
OUTPUT_NAME = "probabilities"
LOGITS_NAME = "logits"


class OnnxModelError(UserError):
    """An ONNX file that onnxruntime cannot open, or that is not a Digit Studio model."""


def _model_name(path) -> object:
    """The file's path for a message, or "this ONNX model" (translatable) for one read from bytes."""
    return path or Text.of(QT_TRANSLATE_NOOP("OnnxModelError", "this ONNX model"))


class OnnxPredictor(DigitReader):
    """onnxruntime reading digits with a Digit Studio ONNX file, on the CPU with one thread (a digit
    at a time is what the app asks for; more threads only fight other work for the cores)."""

    runtime = "ONNX Runtime"

    def __init__(self, session, path: Path | None = None) -> None:
        self.path = path
        self._session = session
        metadata = session.get_modelmeta().custom_metadata_map
        try:
            self._mean = float(metadata["normalization_mean"])
            self._std = float(metadata["normalization_std"])
        except (KeyError, ValueError):
            raise OnnxModelError(QT_TRANSLATE_NOOP(
                "OnnxModelError", "{path} is not a Digit Studio model: its metadata has no input normalisation"),
                path=_model_name(path)) from None
        self._architecture = metadata.get("architecture") or "unknown"
        accuracy = metadata.get("test_accuracy")
        self._test_accuracy = float(accuracy) if accuracy else None
        #: The SHA-256 of the weights file this model was exported from ("" if unknown).
        self.weights_sha256 = metadata.get("weights_sha256", "")
        self._has_logits = LOGITS_NAME in {output.name for output in session.get_outputs()}

    @classmethod
    def from_file(cls, path: str | Path) -> OnnxPredictor:
        """OnnxModelError (one line) when onnxruntime cannot open it."""
        path = Path(path)
        return cls(_session(str(path), path), path)

    @classmethod
    def from_bytes(cls, data: bytes) -> OnnxPredictor:
        return cls(_session(data, None))

    @property
    def architecture(self) -> str:
        return self._architecture

    @property
    def test_accuracy(self) -> float | None:
        return self._test_accuracy

    def predict_outputs(self, images: np.ndarray) -> np.ndarray:
        """The logits (N, 10 or 11) for model-ready images (N, 28, 28) in [0, 1], white on black; from an
        older file, the log of its ten probabilities (the same answers)."""
        batch = np.ascontiguousarray(images, dtype=np.float32)[:, None]
        batch = (batch - np.float32(self._mean)) / np.float32(self._std)  # as PyTorch's Predictor does
        if self._has_logits:
            return self._session.run([LOGITS_NAME], {INPUT_NAME: batch})[0]
        probabilities = self._session.run([OUTPUT_NAME], {INPUT_NAME: batch})[0]
        # An underflowed 0 becomes the smallest normal float's log (about -87) rather than -inf.
        return np.log(np.maximum(probabilities, np.finfo(np.float32).tiny))


def _session(model: str | bytes, path: Path | None):
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.log_severity_level = 3  # errors only: a reader is quiet
    try:
        return onnxruntime.InferenceSession(model, options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime's own errors (Fail, InvalidGraph, ...) share no base class
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise OnnxModelError(QT_TRANSLATE_NOOP("OnnxModelError", "{path} cannot be opened by onnxruntime: {reason}"),
                             path=_model_name(path), reason=first) from None
