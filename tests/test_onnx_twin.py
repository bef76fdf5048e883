"""ONNX twins: onnxruntime reads every input exactly as PyTorch does (the 10,000 MNIST test images, the
pen digits through the canvas's stroke path, pictures of numbers), ``predict`` answers without importing
torch, weights without a usable twin are read with PyTorch, and a stale or damaged twin is made again."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest
import torch
from PIL import Image

from desktop_app import cli
from desktop_app.core import onnx_export, preprocessing
from desktop_app.core.inference import Predictor
from desktop_app.core.model_library import ModelLibrary, file_sha256, set_twin_maker
from desktop_app.core.onnx_export import OnnxExportError
from desktop_app.core.onnx_inference import OnnxPredictor
from desktop_app.core.onnx_twin import FAILED_SUFFIX, load_twin, make_twin, twin_wanted
from desktop_app.core.paths import shipped_weights_path
from desktop_app.core.readers import open_reader
from desktop_app.core.weights import load_weights, save_weights
from devtools.numbers import random_numbers
from devtools.unipen import PENDIGITS_PATH, read_pendigits

pytest.importorskip("onnxruntime")
needs_pendigits = pytest.mark.skipif(not PENDIGITS_PATH.is_file(), reason=f"pendigits data not found at {PENDIGITS_PATH}")
TOLERANCE = 1e-4


@pytest.fixture(scope="module")
def torch_reader():
    return Predictor.from_file(shipped_weights_path())


@pytest.fixture(scope="module")
def onnx_reader():
    reader = load_twin(shipped_weights_path())
    assert reader is not None, "weights/default.onnx is missing or not made from weights/default.pt"
    return reader


def assert_same_reading(got: np.ndarray, expected: np.ndarray) -> None:
    assert got.shape == expected.shape
    assert np.array_equal(got.argmax(axis=1), expected.argmax(axis=1))  # the same digit for every input
    assert np.abs(got - expected).max() <= TOLERANCE


def test_the_shipped_twin_is_made_from_the_shipped_weights():
    reader = OnnxPredictor.from_file(shipped_weights_path().with_suffix(".onnx"))
    assert reader.weights_sha256 == file_sha256(shipped_weights_path())  # `make weights` remakes both
    assert reader.runtime == "ONNX Runtime" and reader.architecture == "compact_cnn"
    assert reader.test_accuracy == pytest.approx(0.9954)
    assert open_reader(shipped_weights_path()).runtime == "ONNX Runtime"


def test_onnxruntime_reads_the_10000_test_images_as_pytorch_does(onnx_reader, torch_reader, mnist_test):
    images = mnist_test.images.numpy().astype(np.float32) / 255
    assert_same_reading(onnx_reader.predict_batch(images), torch_reader.predict_batch(images))
    one = onnx_reader.predict_model_input(images[0])
    assert one.digit == int(mnist_test.labels[0]) and np.array_equal(one.model_input, images[0])


@pytest.mark.slow  # 7,494 pen digits preprocessed: about 10 s
@needs_pendigits
def test_pen_digits_and_numbers_read_the_same_through_the_stroke_path(onnx_reader, torch_reader):
    digits = read_pendigits(PENDIGITS_PATH)
    inputs = [preprocessing.strokes_to_model_input(digit.strokes) for digit in digits]
    batch = np.stack([image for image in inputs if image is not None])
    assert len(batch) == len(digits) == 7494
    assert_same_reading(onnx_reader.predict_batch(batch), torch_reader.predict_batch(batch))
    for digit in digits[:50]:  # the whole path, one digit at a time as the canvas asks
        got, expected = onnx_reader.predict_strokes(digit.strokes), torch_reader.predict_strokes(digit.strokes)
        assert got.digit == expected.digit
        assert np.abs(np.subtract(got.probabilities, expected.probabilities)).max() <= TOLERANCE
    numbers = random_numbers(digits, 60, 4, seed=3)
    got = [onnx_reader.predict_number_strokes(number.strokes) for number in numbers]
    expected = [torch_reader.predict_number_strokes(number.strokes) for number in numbers]
    assert [reading.number for reading in got] == [reading.number for reading in expected]
    assert [[d.box for d in r.digits] for r in got] == [[d.box for d in r.digits] for r in expected]


def _number_picture(mnist_test, path, indices=(0, 1, 2)) -> None:
    """MNIST test digits side by side, black ink on white, as a picture of a number."""
    strip = np.concatenate([255 - mnist_test.images[i].numpy() for i in indices], axis=1)
    Image.fromarray(np.pad(strip, 8, constant_values=255)).resize((strip.shape[1] * 4, 176)).save(path)


def test_predict_answers_through_onnxruntime_without_importing_torch(tmp_path, mnist_test, torch_reader,
                                                                    user_data_dir):
    picture = tmp_path / "number.png"
    _number_picture(mnist_test, picture)
    code = ("import sys\nfrom desktop_app import cli\nstatus = cli.main(['predict', sys.argv[1], '--json'])\n"
            "print('torch imported' if 'torch' in sys.modules else 'no torch', file=sys.stderr)\nsys.exit(status)\n")
    result = subprocess.run([sys.executable, "-c", code, str(picture)], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "DIGIT_STUDIO_DATA_DIR": str(user_data_dir)})
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "no torch"
    answer = json.loads(result.stdout)
    expected = torch_reader.predict_number_image(preprocessing.load_image(picture))
    assert answer["number"] == expected.number == "".join(str(int(mnist_test.labels[i])) for i in range(3))
    assert [d["box"] for d in answer["digits"]] == [d.to_json()["box"] for d in expected.digits]
    assert np.abs(np.subtract(answer["probabilities"], expected.prediction.probabilities)).max() <= TOLERANCE


def test_weights_from_elsewhere_are_read_with_pytorch_and_left_alone(tmp_path):
    mine = tmp_path / "mine.pt"
    shutil.copyfile(shipped_weights_path(), mine)
    assert load_twin(mine) is None and open_reader(mine).runtime == "PyTorch"
    assert not twin_wanted(mine) and make_twin(mine) is None  # nothing is written beside a user's file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.pt"]


def test_a_model_that_cannot_be_exported_is_read_with_pytorch_and_not_tried_again(monkeypatch, tmp_path):
    entry = ModelLibrary().add(shipped_weights_path(), "no twin")  # no twin maker set: no twin yet
    assert open_reader(entry.weights_path).runtime == "PyTorch"
    attempts = []

    def refuse(weights, out):
        attempts.append(weights)
        raise OnnxExportError(f"{weights} cannot be exported to ONNX: an operation it cannot express")

    monkeypatch.setattr(onnx_export, "export_onnx", refuse)
    assert twin_wanted(entry.weights_path)
    assert make_twin(entry.weights_path) is None
    assert make_twin(entry.weights_path) is None and len(attempts) == 1  # recorded for these bytes
    assert not twin_wanted(entry.weights_path)
    assert "cannot express" in entry.weights_path.with_suffix(FAILED_SUFFIX).read_text()
    reader = open_reader(entry.weights_path)
    assert reader.runtime == "PyTorch" and reader.predict_strokes([np.array([[0, 0], [0, 60.0]])]).digit == 1


def _other_weights(path) -> None:
    """Valid weights that differ from the shipped ones (scaled last layer)."""
    weights = load_weights(shipped_weights_path())
    with torch.no_grad():
        list(weights.model.parameters())[-2].mul_(0.5)
    save_weights(path, weights.model, weights.architecture, weights.metadata)


def test_a_stale_or_damaged_twin_is_never_used_and_is_made_again(tmp_path, mnist_test, capsys):
    run = tmp_path / "run.pt"
    shutil.copyfile(shipped_weights_path(), run)
    assert cli.main(["models", "import", str(run), "--name", "imported"]) == 0  # the CLI makes its twin
    assert "Added 'imported'" in capsys.readouterr().out
    entry = next(e for e in ModelLibrary().entries() if e.name == "imported")
    twin = entry.weights_path.with_suffix(".onnx")
    assert twin.is_file() and open_reader(entry.weights_path).runtime == "ONNX Runtime"
    assert load_twin(run) is not None  # the file it was imported from lends its library copy's twin

    _other_weights(tmp_path / "other.pt")
    os.replace(tmp_path / "other.pt", entry.weights_path)  # other weights, same place: the twin is stale
    assert load_twin(entry.weights_path) is None and open_reader(entry.weights_path).runtime == "PyTorch"
    picture = tmp_path / "seven.png"
    Image.fromarray(255 - mnist_test.images[0].numpy()).resize((112, 112)).save(picture)
    assert cli.main(["predict", str(picture), "--weights", str(entry.weights_path), "--json"]) == 0
    by_pytorch = json.loads(capsys.readouterr().out)
    reader = load_twin(entry.weights_path)  # predict made it again after answering
    assert reader is not None and reader.weights_sha256 == file_sha256(entry.weights_path)
    assert cli.main(["predict", str(picture), "--weights", str(entry.weights_path), "--json"]) == 0
    by_onnx = json.loads(capsys.readouterr().out)
    assert by_onnx["digit"] == by_pytorch["digit"]
    assert np.abs(np.subtract(by_onnx["probabilities"], by_pytorch["probabilities"])).max() <= TOLERANCE
    images = mnist_test.images[:500].numpy().astype(np.float32) / 255
    assert_same_reading(reader.predict_batch(images), Predictor.from_file(entry.weights_path).predict_batch(images))

    twin.write_bytes(b"not an onnx file")
    assert load_twin(entry.weights_path) is None
    assert make_twin(entry.weights_path) == twin and load_twin(entry.weights_path) is not None


def test_the_library_calls_the_twin_maker_for_each_model_added():
    made = []
    previous = set_twin_maker(made.append)
    try:
        entry = ModelLibrary().add(shipped_weights_path(), "hooked")
    finally:
        set_twin_maker(previous)
    assert made == [entry.weights_path]


def test_the_app_makes_a_twin_in_a_child_process_that_keeps_nothing():
    """The window's twin maker runs the exporter in a process of its own (`--make-twin`): the twin appears
    beside the library's weights, read with the same answers, and this process never imports the exporter."""
    from desktop_app.core.onnx_twin import make_twin_in_child, twin_beside

    previous = set_twin_maker(None)
    try:
        entry = ModelLibrary().add(shipped_weights_path(), "made by a child")
    finally:
        set_twin_maker(previous)
    assert load_twin(entry.weights_path) is None
    exporter_loaded = "torch.onnx._internal.exporter" in sys.modules
    assert make_twin_in_child(entry.weights_path)
    assert twin_beside(entry.weights_path).is_file()
    reader = load_twin(entry.weights_path)
    assert reader is not None and reader.weights_sha256 == file_sha256(entry.weights_path)
    assert ("torch.onnx._internal.exporter" in sys.modules) == exporter_loaded


def test_a_twin_child_started_while_the_app_stops_them_is_stopped_too(monkeypatch):
    """The window stops twin exports as it quits (stop_twin_children). One being started in the torch
    thread at that moment was missed, and the quit waited for its export."""
    import subprocess
    import time

    from desktop_app.core import onnx_twin

    previous = set_twin_maker(None)
    try:
        entry = ModelLibrary().add(shipped_weights_path(), "started while stopping")
    finally:
        set_twin_maker(previous)
    popen = subprocess.Popen

    def started_during_the_stop(*args, **kwargs):
        child = popen(*args, **kwargs)
        onnx_twin.stop_twin_children()  # the GUI thread, between Popen and the child's registration
        return child

    monkeypatch.setattr(subprocess, "Popen", started_during_the_stop)
    started = time.monotonic()
    assert not onnx_twin.make_twin_in_child(entry.weights_path)
    assert time.monotonic() - started < onnx_twin.CHILD_TIMEOUT_S / 2  # stopped, not waited for
    assert not onnx_twin.twin_beside(entry.weights_path).is_file()
