"""Reading digits with PyTorch: :class:`Predictor`, a loaded network behind the shared reading path.

The readings themselves (:class:`Prediction`, :class:`NumberReading`, ...) and the path from a
drawing or picture to them live in :mod:`.reading`, which onnxruntime's reader
(:mod:`.onnx_inference`) shares; they are importable from here as before.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch

from .reading import (  # noqa: F401  (the readings, importable from here as before)
    CONFIDENT_PROBABILITY,
    NO_DIGIT,
    DigitReader,
    DigitReading,
    NumberReading,
    Prediction,
)
from .weights import LoadedWeights, load_weights


def default_weights_path() -> Path:
    """The active model's weights file: the user's choice in the model library, else the shipped weights.

    Raises ``ModelLibraryError`` (one line, saying what to do) when the chosen model is gone or damaged:
    reading with other weights than the user chose would be a silent switch."""
    from .model_library import ModelLibrary

    return ModelLibrary().active_weights_path()


class Predictor(DigitReader):
    """Wraps a network for single-digit reads on the CPU (fast enough: well under 2 ms a digit)."""

    runtime = "PyTorch"

    def __init__(self, weights: LoadedWeights, device: str | torch.device = "cpu") -> None:
        self.weights = weights
        self.device = torch.device(device)
        self.model = weights.model.to(self.device).eval()
        self._mean, self._std = weights.normalization

    @classmethod
    def from_file(cls, path: str | Path | None = None, device: str | torch.device = "cpu") -> Predictor:
        return cls(load_weights(path or default_weights_path()), device)

    @property
    def architecture(self) -> str:
        return self.weights.architecture

    @property
    def test_accuracy(self) -> float | None:
        return self.weights.test_accuracy

    @property
    def device_name(self) -> str:
        return "CPU" if self.device.type == "cpu" else str(self.device)

    @torch.inference_mode()
    def predict_outputs(self, images: np.ndarray) -> np.ndarray:
        """The network's logits (N, 10 or 11) for model-ready images (N, 28, 28) in [0, 1], white on black."""
        tensor = torch.as_tensor(np.ascontiguousarray(images, dtype=np.float32), device=self.device)
        tensor = (tensor.unsqueeze(1) - self._mean) / self._std
        return self.model(tensor).float().cpu().numpy()
