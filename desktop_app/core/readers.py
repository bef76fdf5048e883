"""Which runtime reads digits: onnxruntime when the weights have a current ONNX twin, else PyTorch.

``digit-studio predict`` and the app's model thread both open their reader here, so they choose the
same way: the twin (no torch import: a tenth of the start-up) when there is one made from the
weights' very bytes, PyTorch otherwise (an unknown architecture or old format that cannot be
exported, a twin not made yet). Both read every input the same way (``tests/test_onnx_twin.py``).
"""

from __future__ import annotations

from pathlib import Path

from .onnx_twin import load_twin
from .reading import DigitReader


def default_weights_path() -> Path:
    """The active model's weights file (see :meth:`~.model_library.ModelLibrary.active_weights_path`)."""
    from .model_library import ModelLibrary

    return ModelLibrary().active_weights_path()


def open_reader(path: str | Path | None = None) -> DigitReader:
    """A reader for the weights at ``path`` (default: the active model's). WeightsError (one line) when
    the weights cannot be used; PyTorch is imported only when there is no twin to read."""
    path = Path(path) if path is not None else default_weights_path()
    reader = load_twin(path)
    if reader is not None:
        return reader
    from .inference import Predictor  # imports torch

    return Predictor.from_file(path)
