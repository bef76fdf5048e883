""""Not a digit" along the whole reading path: both runtimes decide alike (an 11-output network's ONNX
twin says it exactly when PyTorch does; a 10-output twin never does), a number leaves such parts out
but keeps them in its digits (``predict --json``: ``"digit": null`` and the reason), and a fine-tune
keeps the eleventh output.

The network that can say it is trained here in seconds (``devtools/rejecting_network.py``), so that
these tests do not depend on the shipped weights."""

from __future__ import annotations

import numpy as np
import pytest

from desktop_app.core import finetune
from desktop_app.core.data import NON_DIGIT_SHARE
from desktop_app.core.evaluation_report import compute_report
from desktop_app.core.inference import Predictor
from desktop_app.core.model import outputs_in
from desktop_app.core.non_digits import non_digit_images, non_digit_strokes
from desktop_app.core.onnx_export import export_onnx
from desktop_app.core.onnx_inference import OnnxPredictor
from desktop_app.core.paths import shipped_weights_path
from desktop_app.core.preprocessing import strokes_to_model_input
from desktop_app.core.reading import DigitReader
from desktop_app.core.rejection import NOT_A_DIGIT, decide
from desktop_app.core.samples import Sample, SampleSet
from desktop_app.core.weights import load_weights
from devtools.rejecting_network import ONE_DASH_SEVEN, DashesAreNoDigits, train_rejecting_weights

ONE, DASH, SEVEN = ONE_DASH_SEVEN[:1], ONE_DASH_SEVEN[1:2], ONE_DASH_SEVEN[2:]


@pytest.fixture(scope="module")
def rejecting_weights(tmp_path_factory, mnist_train, mnist_test):
    return train_rejecting_weights(tmp_path_factory.mktemp("rejecting"), mnist_train, mnist_test)


def answers(reader: DigitReader, images: np.ndarray) -> list:
    """Each image's answer, as ``predict_model_input`` gives it: its digit, or None for "not a digit"."""
    return [decide(row).digit for row in reader.predict_outputs(images)]


def canvas_non_digits(count: int) -> np.ndarray:
    """Non-digit drawings of every kind, through the canvas's stroke path (a seed training never uses)."""
    rng = np.random.default_rng(2026)
    return np.stack([strokes_to_model_input(non_digit_strokes(rng)[1]) for _ in range(count)])


def test_the_twin_of_an_eleven_output_network_says_not_a_digit_exactly_when_pytorch_does(
        rejecting_weights, tmp_path, mnist_test):
    by_pytorch = Predictor.from_file(rejecting_weights)
    by_onnx = OnnxPredictor.from_file(export_onnx(rejecting_weights, tmp_path / "twin.onnx").path)
    digits = mnist_test.images[:300].numpy().astype(np.float32) / 255.0
    drawings = np.concatenate([non_digit_images(150, seed=77) / np.float32(255), canvas_non_digits(50)])
    for images in (digits, drawings):
        expected = answers(by_pytorch, images)
        assert answers(by_onnx, images) == expected
        assert np.abs(by_onnx.predict_batch(images) - by_pytorch.predict_batch(images)).max() <= 1e-4
    # Both answers occur, so the comparison above is about the decision and not a constant.
    assert sum(a is None for a in answers(by_pytorch, drawings)) >= 0.8 * len(drawings)
    assert sum(a is None for a in answers(by_pytorch, digits)) <= 3
    first = answers(by_pytorch, drawings).index(None)
    rejected = by_onnx.predict_model_input(drawings[first])
    assert rejected.digit is None and rejected.reason == NOT_A_DIGIT and len(rejected.probabilities) == 10
    assert sum(rejected.probabilities) == pytest.approx(1.0, abs=1e-5)
    metadata = OnnxPredictor.from_file(tmp_path / "twin.onnx")._session.get_modelmeta().custom_metadata_map
    assert metadata["outputs"] == "11" and metadata["labels"].endswith('"not a digit"]')


def ten_output_weights(folder) -> tuple:
    """A weights file as Digit Studio wrote them before "not a digit": the shipped network's ten digit
    outputs alone; and its twin as made then, with the probabilities and no ``logits`` output."""
    import onnx
    import torch

    from desktop_app.core.model import create_model
    from desktop_app.core.weights import save_weights

    shipped = load_weights(shipped_weights_path())
    state = shipped.model.state_dict()
    state["head.2.weight"], state["head.2.bias"] = state["head.2.weight"][:10], state["head.2.bias"][:10]
    network = create_model(shipped.architecture, outputs=10)
    network.load_state_dict(state)
    path = save_weights(folder / "ten.pt", network, shipped.architecture, {"metrics": {"test_accuracy": 0.99}})
    graph = onnx.load(export_onnx(path, folder / "ten-new.onnx").path)
    kept = [output for output in graph.graph.output if output.name != "logits"]
    del graph.graph.output[:]
    graph.graph.output.extend(kept)
    onnx.save(graph, folder / "ten-old.onnx")
    assert torch.equal(network.head[2].weight, shipped.model.head[2].weight[:10])
    return path, folder / "ten-new.onnx", folder / "ten-old.onnx"


def test_ten_output_weights_and_their_twin_never_say_not_a_digit(tmp_path):
    path, fresh, old = ten_output_weights(tmp_path)
    assert outputs_in(load_weights(path).model.state_dict()) == 10
    drawings = np.concatenate([non_digit_images(100, seed=78) / np.float32(255), canvas_non_digits(30)])
    assert None in answers(Predictor.from_file(shipped_weights_path()), drawings)  # the 11 outputs would
    expected = answers(Predictor.from_file(path), drawings)
    assert None not in expected
    assert answers(OnnxPredictor.from_file(fresh), drawings) == expected
    assert answers(OnnxPredictor.from_file(old), drawings) == expected  # a twin made before logits


def test_a_number_leaves_out_the_parts_that_are_no_digit_and_keeps_them_in_its_digits():
    reading = DashesAreNoDigits().predict_number_strokes(ONE + DASH + SEVEN)
    assert [d.prediction.digit for d in reading.digits] == [1, None, 7]
    assert reading.number == "17"
    dash = reading.digits[1]
    assert dash.prediction.reason == NOT_A_DIGIT and dash.box == pytest.approx((300, 200, 80, 4))
    as_json = reading.to_json()  # what `predict --json` prints after the first digit's fields
    assert as_json["number"] == "17"
    assert [(d["digit"], d["reason"]) for d in as_json["digits"]] == [(1, None), (None, NOT_A_DIGIT), (7, None)]
    assert as_json["digits"][1]["box"] == [300, 200, 80, 4]
    lone_dash = DashesAreNoDigits().predict_number_strokes(DASH)
    assert lone_dash.number is None and lone_dash.prediction.reason == NOT_A_DIGIT


def test_a_fine_tune_trains_with_non_digits_and_keeps_the_eleventh_output(
        rejecting_weights, tmp_path, monkeypatch, mnist_train, mnist_test):
    monkeypatch.setattr(finetune, "USER_IMAGES_PER_EPOCH", 500)
    monkeypatch.setattr(finetune, "MIN_REPLAY_IMAGES", 500)
    rows = [Sample(f"s{i}", int(mnist_test.labels[i]), mnist_test.images[i].numpy()) for i in range(1000, 1060)]
    plan = finetune.FineTunePlan(SampleSet(rows), rejecting_weights, mnist_train=mnist_train,
                                 mnist_test=mnist_test.subset(range(300)))
    seen = {}

    class TrainSamples:
        def __getattr__(self, hook):
            return lambda trainer, info=None, *rest: seen.setdefault(hook, info)

    settings = finetune.finetune_settings("compact_cnn", "cpu").with_changes(epochs=1)
    _, result = finetune.run_finetune(plan, tmp_path / "tuned.pt", [TrainSamples()], settings=settings,
                                      checkpoint=tmp_path / "tuned.ckpt")
    assert result.status == "completed", result.failure
    user_and_replay = len(plan.load_data(settings)[0])  # the samples repeated, and as many MNIST digits
    assert seen["on_fit_start"].train_samples == user_and_replay + round(user_and_replay * NON_DIGIT_SHARE)
    drawings = canvas_non_digits(60)
    before = answers(Predictor.from_file(rejecting_weights), drawings).count(None)
    after = answers(Predictor.from_file(tmp_path / "tuned.pt"), drawings).count(None)
    assert outputs_in(load_weights(tmp_path / "tuned.pt").model.state_dict()) == 11
    assert after >= 0.8 * before > 0


def test_an_eleven_output_network_is_evaluated_on_its_ten_digit_outputs(rejecting_weights, mnist_test):
    small = mnist_test.subset(range(200))
    report = compute_report(rejecting_weights, small)  # the Evaluation and Compare views' data
    assert report.probabilities.shape == (200, 10) and report.confusion.shape == (10, 10)
    np.testing.assert_allclose(report.probabilities, Predictor.from_file(rejecting_weights).predict_batch(
        small.images.numpy() / np.float32(255)), atol=1e-5)
    assert report.accuracy > 0.8


def test_a_dash_written_beside_a_number_is_left_out_not_the_number_with_it():
    """The shipped weights read "-17" as a whole as no digit; its parts stand side by side, so the dash is
    one part that is no digit and 1 and 7 are the number (an X's two strokes lie over each other instead)."""
    reader = Predictor.from_file(shipped_weights_path())
    dash = [np.array([[60.0, 200.0], [150.0, 202.0], [240.0, 204.0]])]
    one = [np.array([[320.0, 60.0], [320.0, 200.0], [320.0, 360.0]])]
    seven = [np.array([[400.0, 110.0], [470.0, 110.0], [530.0, 112.0]]),
             np.array([[530.0, 112.0], [490.0, 230.0], [460.0, 360.0]])]
    reading = reader.predict_number_strokes(dash + one + seven)
    assert [d.prediction.digit for d in reading.digits] == [None, 1, 7] and reading.number == "17"
    cross = [np.array([[200.0, 100.0], [300.0, 200.0], [400.0, 300.0]]),
             np.array([[400.0, 100.0], [300.0, 200.0], [200.0, 300.0]])]
    x_reading = reader.predict_number_strokes(cross)
    assert x_reading.number is None and x_reading.prediction.reason == NOT_A_DIGIT


def test_a_bold_dash_in_a_picture_is_one_not_a_digit_not_a_row_of_ones():
    from PIL import Image, ImageDraw

    picture = Image.new("L", (280, 280), 255)
    ImageDraw.Draw(picture).line([(60, 140), (220, 144)], fill=0, width=18)
    reading = Predictor.from_file(shipped_weights_path()).predict_number_image(picture)
    assert reading.number is None and [d.prediction.reason for d in reading.digits] == [NOT_A_DIGIT]
