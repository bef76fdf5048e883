"""ONNX export: the exported file reads the 10,000 MNIST test images exactly as PyTorch does, takes any
batch size, says in its metadata how to call it, and a path that cannot be written is one line."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest
import torch

from desktop_app import cli
from desktop_app.core.model import outputs_in
from desktop_app.core.model_library import file_sha256
from desktop_app.core.onnx_export import INPUT_NAME, OUTPUT_NAME, OnnxExportError, export_onnx
from desktop_app.core.onnx_inference import LOGITS_NAME, OnnxPredictor
from desktop_app.core.paths import shipped_weights_path
from desktop_app.core.weights import load_weights

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    path = tmp_path_factory.mktemp("onnx") / "digits.onnx"
    assert cli.main(["export", str(shipped_weights_path()), "--onnx", str(path)]) == 0
    return path


def test_onnxruntime_reads_every_test_image_as_pytorch_does(exported, mnist_test):
    weights = load_weights(shipped_weights_path())
    mean, std = weights.normalization
    images = ((mnist_test.images.float() / 255).unsqueeze(1) - mean) / std
    with torch.inference_mode():
        logits = weights.model(images)
        expected = torch.softmax(logits[:, :10], dim=1).numpy()  # the ten digits (an 11th output: "not a digit")
    session = ort.InferenceSession(str(exported), providers=["CPUExecutionProvider"])
    got, got_logits = session.run([OUTPUT_NAME, LOGITS_NAME], {INPUT_NAME: images.numpy()})
    assert got.shape == (10_000, 10) and got_logits.shape == tuple(logits.shape)
    assert np.array_equal(got.argmax(axis=1), expected.argmax(axis=1))  # the same digit for every image
    assert np.abs(got - expected).max() <= 1e-4
    assert np.abs(got_logits - logits.numpy()).max() <= 1e-3  # the raw outputs too, that decide "not a digit"
    one = session.run([OUTPUT_NAME], {INPUT_NAME: images[:1].numpy()})[0]  # the batch size is free
    assert one.shape == (1, 10) and np.abs(one - expected[:1]).max() <= 1e-4


def test_the_file_documents_its_input_preprocessing_and_labels(exported):
    model = onnx.load(str(exported))
    graph_input, graph_output = model.graph.input[0], model.graph.output[0]
    dims = graph_input.type.tensor_type.shape.dim
    assert graph_input.name == "image" and graph_output.name == "probabilities"
    assert model.graph.output[1].name == "logits"
    assert dims[0].dim_param and [d.dim_value for d in dims[1:]] == [1, 28, 28]  # batch: symbolic
    metadata = {prop.key: prop.value for prop in model.metadata_props}
    outputs = outputs_in(load_weights(shipped_weights_path()).model.state_dict())
    assert metadata["outputs"] == str(outputs) and metadata["logits_name"] == "logits"
    assert json.loads(metadata["labels"]) == list(range(10)) + ["not a digit"] * (outputs - 10)
    assert metadata["input_size"] == "28x28" and metadata["input_name"] == "image"
    assert float(metadata["normalization_mean"]) == pytest.approx(0.1307)
    assert float(metadata["normalization_std"]) == pytest.approx(0.3081)
    assert "white on black" in metadata["preprocessing"] and metadata["architecture"] == "compact_cnn"
    assert float(metadata["test_accuracy"]) == pytest.approx(0.9954)
    assert metadata["weights_sha256"] == file_sha256(shipped_weights_path())  # what its twin is keyed by
    assert "image" in model.doc_string and "[batch, 1, 28, 28]" in model.doc_string


def test_a_path_that_cannot_be_written_is_one_line_and_leaves_what_is_there(tmp_path, capsys):
    missing = tmp_path / "no such folder" / "out.onnx"
    assert cli.main(["export", str(shipped_weights_path()), "--onnx", str(missing)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "does not exist" in err and str(missing) in err
    with pytest.raises(OnnxExportError, match="is a folder"):
        export_onnx(shipped_weights_path(), tmp_path)
    if os.geteuid() != 0:  # root may write anywhere
        locked = tmp_path / "locked"
        locked.mkdir()
        (locked / "out.onnx").write_bytes(b"keep me")
        locked.chmod(0o500)
        try:
            with pytest.raises(OnnxExportError, match="permission denied"):
                export_onnx(shipped_weights_path(), locked / "out.onnx")
        finally:
            locked.chmod(0o700)
        assert (locked / "out.onnx").read_bytes() == b"keep me"


def test_bad_weights_are_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.pt"
    bad.write_text("not weights")
    assert cli.main(["export", str(bad), "--onnx", str(tmp_path / "out.onnx")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "bad.pt" in err and not (tmp_path / "out.onnx").exists()


def test_an_export_that_does_not_read_as_pytorch_is_refused_and_nothing_is_written(tmp_path, monkeypatch):
    original = OnnxPredictor.predict_batch
    monkeypatch.setattr(OnnxPredictor, "predict_batch", lambda self, images: original(self, images)[:, ::-1].copy())
    with pytest.raises(OnnxExportError, match="does not read digits as PyTorch does"):
        export_onnx(shipped_weights_path(), tmp_path / "out.onnx")
    assert list(tmp_path.iterdir()) == []


def test_an_exporter_failure_is_one_line(tmp_path, monkeypatch, capsys):
    def fail(*args, **kwargs):
        raise RuntimeError("unsupported operator aten::mystery\n(a long trace follows)")

    monkeypatch.setattr(torch.onnx, "export", fail)
    assert cli.main(["export", str(shipped_weights_path()), "--onnx", str(tmp_path / "out.onnx")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot be exported to ONNX: RuntimeError: unsupported operator" in err
    assert not (tmp_path / "out.onnx").exists()


def test_without_the_torchscript_exporter_torch_exports_graph_reads_the_same(tmp_path, monkeypatch):
    """The fast (TorchScript) exporter is deprecated in PyTorch; once it is gone, torch.export's takes over."""
    from desktop_app.core import onnx_export

    def gone(*args, **kwargs):
        raise RuntimeError("the TorchScript-based ONNX exporter has been removed")

    monkeypatch.setattr(onnx_export, "_traced_graph", gone)
    result = export_onnx(shipped_weights_path(), tmp_path / "out.onnx")  # its parity check passed, or it raised
    session = ort.InferenceSession(str(result.path), providers=["CPUExecutionProvider"])
    assert [output.name for output in session.get_outputs()] == [OUTPUT_NAME, LOGITS_NAME]
