""""Not a digit": the decision from a network's outputs, the 11-output networks, the non-digit drawings,
and weights with ten outputs (older files, the seed tutorial's) that load and never say it."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from desktop_app.core import data as data_mod
from desktop_app.core import rejection
from desktop_app.core.evaluation import evaluate
from desktop_app.core.inference import NO_DIGIT, Predictor
from desktop_app.core.model import create_model, outputs_in
from desktop_app.core.non_digits import KINDS, non_digit_images, non_digit_strokes
from desktop_app.core.preprocessing import strokes_to_model_input
from desktop_app.core.weights import SaveError, WeightsError, load_weights, save_weights

DASH = [np.array([[100.0, 200.0], [160.0, 204.0], [220.0, 206.0]])]


def always_rejecting(outputs: int = 11) -> torch.nn.Module:
    """A Compact CNN whose last layer ignores its input: "not a digit" (or, with 10 outputs, a 3) always."""
    model = create_model("compact_cnn", outputs=outputs).eval()
    head = model.head[-1]
    with torch.no_grad():
        head.weight.zero_()
        head.bias.zero_()
        head.bias[outputs - 1 if outputs == 11 else 3] = 8.0
    return model


def test_ten_outputs_never_reject_and_keep_their_softmax():
    logits = np.array([0.1, 3.0, -1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 2.0])
    decision = rejection.decide(logits)
    assert decision.digit == 1 and decision.reason is None
    expected = np.exp(logits - logits.max()) / np.exp(logits - logits.max()).sum()
    np.testing.assert_allclose(decision.probabilities, expected, rtol=1e-5)
    assert float(rejection.not_a_digit_probability(logits)) == 0.0


def test_the_eleventh_output_decides_and_the_digits_stay_inspectable():
    digits = np.array([0.0, 0.0, 0.0, 0.0, 2.0, 0.0, 0.0, 0.0, 0.0, 1.5])
    rejected = rejection.decide(np.append(digits, 5.0))
    assert rejected.digit is None and rejected.reason == rejection.NOT_A_DIGIT
    assert rejected.confidence > 0.5
    # The ten bars are a softmax over the digits alone: the same with or without the 11th output.
    np.testing.assert_allclose(rejected.probabilities, rejection.decide(digits).probabilities, rtol=1e-5)
    assert sum(rejected.probabilities) == pytest.approx(1.0)
    kept = rejection.decide(np.append(digits, -5.0))
    assert kept.digit == 4 and kept.reason is None
    # Batches: one row per image.
    batch = np.stack([np.append(digits, 5.0), np.append(digits, -5.0)])
    assert rejection.digit_probabilities(batch).shape == (2, 10)
    assert (rejection.not_a_digit_probability(batch) > 0.5).tolist() == [True, False]


def test_new_networks_have_eleven_outputs_and_older_files_load_with_ten(tmp_path):
    for architecture in ("compact_cnn", "number_recognition"):
        assert create_model(architecture)(torch.zeros(2, 1, 28, 28)).shape == (2, 11)
    path = save_weights(tmp_path / "new.pt", always_rejecting(11), "compact_cnn")
    assert outputs_in(load_weights(path).model.state_dict()) == 11
    old = save_weights(tmp_path / "old.pt", always_rejecting(10), "compact_cnn")
    assert outputs_in(load_weights(old).model.state_dict()) == 10
    plain = tmp_path / "seed.pt"  # the seed tutorial saved a bare state_dict of a 10-output network
    torch.save(create_model("number_recognition", outputs=10).state_dict(), plain)
    assert load_weights(plain).architecture == "number_recognition"


def test_weights_of_another_output_count_are_refused(tmp_path):
    with pytest.raises(SaveError, match="7 outputs"):  # a save that would not load back is refused
        save_weights(tmp_path / "seven.pt", create_model("compact_cnn", outputs=7), "compact_cnn")
    plain = tmp_path / "plain-seven.pt"
    torch.save(create_model("compact_cnn", outputs=7).state_dict(), plain)
    with pytest.raises(WeightsError, match="7 outputs"):
        load_weights(plain)


def test_the_predictor_rejects_only_with_an_eleventh_output(tmp_path):
    new = Predictor.from_file(save_weights(tmp_path / "new.pt", always_rejecting(11), "compact_cnn"))
    old = Predictor.from_file(save_weights(tmp_path / "old.pt", always_rejecting(10), "compact_cnn"))
    rejected = new.predict_strokes(DASH)
    assert rejected.digit is None and rejected.reason == "not a digit"
    assert rejected.describe() == "not a digit" and rejected.model_input is not None
    assert rejected.to_json()["digit"] is None and rejected.to_json()["reason"] == "not a digit"
    assert len(rejected.to_json()["probabilities"]) == 10
    assert new.predict_number_strokes(DASH).number is None
    assert new.predict_batch(np.zeros((3, 28, 28), np.float32)).shape == (3, 10)
    kept = old.predict_strokes(DASH)
    assert kept.digit == 3 and kept.reason is None and kept.to_json()["reason"] is None
    assert NO_DIGIT.reason == "blank" and NO_DIGIT.to_json()["reason"] == "blank"


def test_evaluation_stays_ten_by_ten_on_the_digit_outputs(mnist_test):
    small = mnist_test.subset(torch.arange(200))
    result = evaluate(always_rejecting(11), small)
    assert len(result.confusion) == 10 and all(len(row) == 10 for row in result.confusion)
    assert sum(map(sum, result.confusion)) == 200


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_non_digit_renders_as_the_canvas_renders(kind):
    rng = np.random.default_rng(3)
    for _ in range(20):
        name, strokes = non_digit_strokes(rng, kind)
        image = strokes_to_model_input(strokes)
        assert name == kind and image is not None and image.sum() > 1.0


def test_training_data_gains_a_tenth_of_non_digits_labelled_ten(mnist_test):
    digits = mnist_test.subset(torch.arange(500))
    mixed = data_mod.with_non_digits(digits, seed=4)
    assert len(mixed) == 550 and (mixed.labels[500:] == rejection.NOT_A_DIGIT_CLASS).all()
    assert torch.equal(mixed.images[:500], digits.images)
    assert (mixed.images[500:].flatten(1).sum(1) > 0).all()
    assert torch.equal(mixed.images, data_mod.with_non_digits(digits, seed=4).images)  # reproducible
    assert not np.array_equal(non_digit_images(20, 1), non_digit_images(20, 2))
    within = data_mod.with_non_digits(digits, seed=4, within=True)  # a training subset keeps its size
    assert len(within) == 500 and int((within.labels == rejection.NOT_A_DIGIT_CLASS).sum()) == 45


def test_evaluation_counts_a_digit_read_as_no_digit_wrong_only_when_asked():
    class FixedOutputs(torch.nn.Module):
        """Eleven outputs per image: a confident 1; a 2 by its digits that is "not a digit" overall; a 5."""

        def forward(self, x):
            rows = torch.full((3, 11), -5.0)
            rows[0, 1], rows[1, 2], rows[1, 10], rows[2, 5] = 5.0, 3.0, 8.0, 5.0
            return rows[: len(x)]

    data = data_mod.DigitData(torch.zeros(3, 28, 28, dtype=torch.uint8), torch.tensor([1, 2, 3]))
    by_digits = evaluate(FixedOutputs(), data)
    assert by_digits.accuracy == pytest.approx(2 / 3) and by_digits.rejected == 1
    as_answered = evaluate(FixedOutputs(), data, rejections_wrong=True)
    assert as_answered.accuracy == pytest.approx(1 / 3) and as_answered.per_class_accuracy[2] == 0.0
    assert as_answered.confusion == by_digits.confusion  # what each looked like is kept either way
