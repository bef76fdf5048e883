"""Export a weights file to ONNX, for use outside Digit Studio (onnxruntime, other languages, the web).

The exported graph (``torch.onnx.export``, opset 18; the TorchScript exporter, or torch.export's where
that one is gone)::

    input  "image"          float32 [batch, 1, 28, 28]   batch size free
    output "probabilities"  float32 [batch, 10]          softmax over the digits 0-9
    output "logits"         float32 [batch, 10 or 11]    the network's raw outputs: the digits, then
                                                         "not a digit" when it has that output

The input is what Digit Studio's network receives: a 28x28 digit, white on black, scaled to [0, 1]
and then normalised as ``(x - mean) / std``. The normalisation is left to the caller, as in the
app, and stored with everything else a caller needs in the model's metadata (``metadata_props``):
``input_name``, ``input_shape``, ``input_size``, ``preprocessing``, ``normalization_mean``,
``normalization_std``, ``labels`` (a JSON list), ``output_name``, ``architecture``,
``test_accuracy``, ``outputs`` (10, or 11 when the network can say "not a digit") and ``weights_sha256`` (the SHA-256 of the weights file it was made from: the app
reads a model's ONNX twin only while that matches, see :mod:`.onnx_twin`).

Before it is written, the graph is run with onnxruntime on a fixed batch of images and must give
PyTorch's digit probabilities within :data:`PARITY_TOLERANCE`, and say "not a digit" for exactly the
images PyTorch says it for.

A network with the eleventh output keeps it in ``logits``, and Digit Studio's reader
(:mod:`.onnx_inference`) applies :func:`.rejection.decide` to them as PyTorch's reader applies it to
the network's: "not a digit" when the softmax over all the logits gives that output at least 0.5.
``probabilities`` stays what it always was, the ten digits' softmax. The file is written atomically (temporary
file beside it, then renamed), so a failed export never leaves a half-written file in place of a
good one.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn

from .errors import UserError, os_reason_text
from .model_library import file_sha256
from .onnx_inference import INPUT_NAME, LOGITS_NAME, OUTPUT_NAME, OnnxPredictor
from .paths import write_bytes_atomically
from .rejection import DIGIT_CLASSES, decide
from .texts import QT_TRANSLATE_NOOP
from .weights import LoadedWeights, load_weights

LABELS = list(range(10))
# The label of the eleventh output in the metadata's ``labels``.
NOT_A_DIGIT_LABEL = "not a digit"
OPSET = 18
PREPROCESSING = ("a 28x28 digit, white on black, scaled to [0, 1], then normalised as (x - mean) / std; "
                 "Digit Studio centres the digit by its centre of mass as MNIST does")
#: Largest difference from PyTorch's probabilities an exported graph may give (the tests check the
#: 10,000 MNIST test images against the same bound).
PARITY_TOLERANCE = 1e-4


class OnnxExportError(UserError):
    """The export cannot be done or written; the message names the file and why."""


@dataclass(frozen=True)
class OnnxExport:
    """A written ONNX file and how to call it."""

    path: Path
    input_name: str = INPUT_NAME
    output_name: str = OUTPUT_NAME
    input_shape_text: str = "[batch, 1, 28, 28] float32"


class _WithSoftmax(nn.Module):
    """The network giving the ten digits' probabilities, as the app shows them, and its raw outputs."""

    def __init__(self, network: nn.Module) -> None:
        super().__init__()
        self.network = network

    def forward(self, image: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        logits = self.network(image)
        return torch.softmax(logits[:, :DIGIT_CLASSES], dim=1), logits


def export_onnx(weights_file: str | os.PathLike, out_path: str | os.PathLike) -> OnnxExport:
    """Write ``weights_file``'s network to ``out_path`` as ONNX; OnnxExportError or WeightsError (one
    line) when it cannot be done."""
    target = Path(out_path)
    _check_destination(target)
    weights = load_weights(weights_file)
    try:
        digest = file_sha256(Path(weights_file))  # the bytes just loaded (a twin is keyed by them)
        model = _onnx_model(weights, digest)
        data = model.SerializeToString()
        _check_parity(data, weights)
    except UserError:
        raise
    except OSError as exc:
        raise OnnxExportError(QT_TRANSLATE_NOOP("OnnxExportError", "cannot read {path}: {reason}"), path=weights_file,
                              reason=os_reason_text(exc)) from None
    except Exception as exc:  # the exporter's own failure (an operation it cannot express): one line
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        raise OnnxExportError(QT_TRANSLATE_NOOP("OnnxExportError", "{path} cannot be exported to ONNX: {kind}: {reason}"),
                              path=weights_file, kind=type(exc).__name__, reason=reason) from None
    _write_atomically(data, target)
    return OnnxExport(target)


def metadata_for(weights: LoadedWeights, weights_sha256: str = "") -> dict[str, str]:
    """The ``metadata_props`` of the exported model (ONNX metadata values are strings)."""
    mean, std = weights.normalization
    accuracy = weights.test_accuracy
    outputs = _outputs_of(weights)
    labels = LABELS + [NOT_A_DIGIT_LABEL] if outputs > len(LABELS) else LABELS
    return {
        "input_name": INPUT_NAME, "input_shape": "[batch, 1, 28, 28]", "input_size": "28x28",
        "preprocessing": PREPROCESSING, "normalization_mean": repr(mean), "normalization_std": repr(std),
        "labels": json.dumps(labels), "outputs": str(outputs), "logits_name": LOGITS_NAME, "output_name": OUTPUT_NAME, "architecture": weights.architecture,
        "test_accuracy": "" if accuracy is None else repr(accuracy), "producer": "Digit Studio",
        "weights_sha256": weights_sha256,
    }


def parity_images(count: int = 64) -> np.ndarray:
    """A fixed batch of model-ready images (N, 28, 28) in [0, 1]: strokes of ink on black, as digits are."""
    rng = np.random.default_rng(2024)
    images = np.zeros((count, 28, 28), dtype=np.float32)
    for image in images:
        for _ in range(3):
            row, col = rng.integers(4, 24, size=2)
            d_row, d_col = rng.integers(-1, 2, size=2)
            for step in range(int(rng.integers(5, 14))):
                r, c = row + d_row * step, col + d_col * step
                if 0 <= r < 27 and 0 <= c < 27:
                    image[r:r + 2, c:c + 2] = rng.uniform(0.6, 1.0)
    return images


def _outputs_of(weights: LoadedWeights) -> int:
    from .model import outputs_in

    return outputs_in(weights.model.state_dict())


def _check_parity(data: bytes, weights: LoadedWeights) -> None:
    """onnxruntime must read :func:`parity_images` as PyTorch does, or nothing is written."""
    from .inference import Predictor

    images = parity_images()
    by_pytorch, by_onnx = Predictor(weights), OnnxPredictor.from_bytes(data)
    expected, got = by_pytorch.predict_batch(images), by_onnx.predict_batch(images)
    difference = float(np.abs(got - expected).max())
    same_answers = _answers(by_onnx.predict_outputs(images)) == _answers(by_pytorch.predict_outputs(images))
    if not difference <= PARITY_TOLERANCE or not same_answers:
        raise OnnxExportError(QT_TRANSLATE_NOOP(
            "OnnxExportError", "the exported graph does not read digits as PyTorch does (probabilities differ by up "
            "to {difference:.2g}); nothing was written"), difference=difference)


def _answers(outputs: np.ndarray) -> list:
    """What each row reads: a digit, or None for "not a digit"."""
    return [decide(row).digit for row in outputs]


def _onnx_model(weights: LoadedWeights, weights_sha256: str):
    """The ONNX ModelProto (checked) of the network, with its metadata."""
    import onnx

    network = _WithSoftmax(weights.model.to("cpu")).eval()
    example = torch.zeros(2, 1, 28, 28)
    try:
        model = _traced_graph(network, example)
    except Exception:  # noqa: BLE001 - a PyTorch without the TorchScript exporter: use torch.export's
        model = _exported_graph(network, example)
    model.doc_string = (f"Digit Studio {weights.architecture}: input '{INPUT_NAME}' [batch, 1, 28, 28] "
                        f"float32 ({PREPROCESSING}); outputs '{OUTPUT_NAME}' [batch, 10], digits 0-9, and "
                        f"'{LOGITS_NAME}' [batch, {_outputs_of(weights)}], labelled by the metadata's 'labels'")
    onnx.helper.set_model_props(model, metadata_for(weights, weights_sha256))
    onnx.checker.check_model(model)
    return model


def _traced_graph(network: nn.Module, example: torch.Tensor):
    """The graph from the TorchScript exporter: 0.2 s where torch.export's takes 4 to 7 s, which every
    ``digit-studio train`` and every new model's twin would wait for. Deprecated in PyTorch, so
    :func:`_exported_graph` takes over when it goes; the parity check judges either."""
    import onnx

    buffer = io.BytesIO()
    batch = {0: "batch"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the deprecation notice, for users to whom it means nothing
        torch.onnx.export(network, (example,), buffer, input_names=[INPUT_NAME],
                          output_names=[OUTPUT_NAME, LOGITS_NAME], opset_version=OPSET, dynamo=False,
                          dynamic_axes={INPUT_NAME: batch, OUTPUT_NAME: batch, LOGITS_NAME: batch})
    return onnx.load_from_string(buffer.getvalue())


def _exported_graph(network: nn.Module, example: torch.Tensor):
    """The graph from torch.export's exporter."""
    batch = torch.export.Dim("batch")
    with contextlib.redirect_stdout(io.StringIO()):  # the exporter reports its steps on stdout
        program = torch.onnx.export(network, (example,), input_names=[INPUT_NAME],
                                    output_names=[OUTPUT_NAME, LOGITS_NAME],
                                    dynamic_shapes={"image": {0: batch}}, dynamo=True, opset_version=OPSET,
                                    verbose=False)
    return program.model_proto


def _check_destination(target: Path) -> None:
    """Refuse a path that cannot be written before the (seconds long) export, in one line."""
    if target.is_dir():
        raise OnnxExportError(QT_TRANSLATE_NOOP("OnnxExportError", "{path} is a folder: give the name of a file in it, e.g. {example}"),
                              path=target, example=target / "model.onnx")
    if not target.parent.is_dir():
        raise OnnxExportError(QT_TRANSLATE_NOOP("OnnxExportError", "cannot write {path}: the folder {folder} does not exist"),
                              path=target, folder=target.parent)
    try:
        fd, probe = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise OnnxExportError(QT_TRANSLATE_NOOP("OnnxExportError", "cannot write {path}: {reason}"), path=target,
                              reason=os_reason_text(exc)) from None
    os.close(fd)
    os.unlink(probe)


def _write_atomically(data: bytes, target: Path) -> None:
    try:
        write_bytes_atomically(target, data)
    except OSError as exc:
        raise OnnxExportError(QT_TRANSLATE_NOOP("OnnxExportError", "cannot write {path}: {reason}; nothing was changed there"),
                              path=target, reason=os_reason_text(exc)) from None
