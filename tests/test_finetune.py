"""Fine-tuning on the user's handwriting (core/finetune.py) and ``digit-studio finetune`` (issue 15)."""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pytest
import torch

from desktop_app.cli import main
from desktop_app.core import finetune
from desktop_app.core.errors import UserError
from desktop_app.core.finetune import (
    MIN_SAMPLES,
    FineTunePlan,
    FineTuneReport,
    check_destination,
    finetune_settings,
    run_finetune,
    stratified_split,
)
from desktop_app.core.paths import shipped_weights_path
from desktop_app.core.samples import Sample, SampleError, SampleSet


def _samples(mnist_test, per_digit: int, digits=range(10)) -> SampleSet:
    rows = []
    for digit in digits:
        indices = (mnist_test.labels == digit).nonzero().flatten()[:per_digit]
        rows += [Sample(f"d{digit}-{i}", digit, mnist_test.images[int(i)].numpy()) for i in indices]
    return SampleSet(rows)


def test_stratified_split_holds_out_part_of_every_digit_with_two_samples():
    labels = np.array([0] * 10 + [1] * 2 + [2])
    train, held = stratified_split(labels)
    assert sorted(np.concatenate([train, held]).tolist()) == list(range(13))
    assert sorted(labels[held].tolist()) == [0, 0, 1]  # 20% of ten 0s, one of two 1s, not the lone 2


@pytest.mark.parametrize("count", [0, 1, MIN_SAMPLES - 1])
def test_too_few_samples_are_refused_with_a_clear_message(mnist_test, count):
    samples = SampleSet(_samples(mnist_test, 1).samples[:count])
    with pytest.raises(SampleError, match=f"at least {MIN_SAMPLES} samples.*there (is|are) {count}"):
        FineTunePlan(samples, shipped_weights_path())


def test_a_large_sample_set_trains_fewer_epochs(mnist_test):
    few = FineTunePlan(_samples(mnist_test, 10), shipped_weights_path())
    many = FineTunePlan(_samples(mnist_test, 500), shipped_weights_path())  # 5,000 samples
    assert few.settings().epochs == finetune.EPOCHS
    assert many.settings().epochs == 1 and len(many.user_train) == 4000 and len(many.held_out) == 1000


def test_the_recommendation_needs_better_samples_and_at_most_0_2_points_lost_on_mnist():
    report = FineTuneReport(80, 20, [], before=0.8, after=0.9, mnist_before=0.995, mnist_after=0.993)
    assert report.recommended
    report.mnist_after = 0.9929
    assert not report.recommended and "loses 0.21 points" in report.verdict()
    report = FineTuneReport(80, 20, [], before=1.0, after=1.0, mnist_before=0.99, mnist_after=0.99,
                            loss_before=0.3, loss_after=0.2)
    assert report.recommended  # all read right before and after, but more surely
    report.loss_after = 0.4
    assert not report.recommended and "no better" in report.verdict()
    assert FineTuneReport(1, 1, []).recommended is False


def test_a_fine_tune_never_writes_over_its_base(tmp_path):
    base = tmp_path / "base.pt"
    base.write_bytes(b"x")
    with pytest.raises(UserError, match="never overwritten"):
        check_destination(base, base)
    with pytest.raises(UserError, match="is a folder"):
        check_destination(tmp_path, base)


def test_fine_tune_through_the_trainer_judges_and_keeps_the_base(tmp_path, monkeypatch, mnist_train, mnist_test):
    monkeypatch.setattr(finetune, "USER_IMAGES_PER_EPOCH", 128)  # three batches: the loop, not the recipe
    monkeypatch.setattr(finetune, "MIN_REPLAY_IMAGES", 128)
    samples = _samples(mnist_test, 3, digits=range(9))  # no 9s: still works, and says so
    base = shipped_weights_path()
    digest = hashlib.sha256(base.read_bytes()).hexdigest()
    small_test = mnist_test.subset(torch.arange(500))
    plan = FineTunePlan(samples, base, mnist_train=mnist_train, mnist_test=small_test)
    assert plan.report.missing_digits == [9]
    settings = finetune_settings(plan.base.architecture, "cpu").with_changes(epochs=1)
    seen = []

    class Count:
        def __getattr__(self, hook):
            return lambda *args: seen.append(hook)

    trainer, result = run_finetune(plan, tmp_path / "new.pt", [Count()], settings=settings,
                                   checkpoint=tmp_path / "ck.pt")
    assert result.status == "completed", result.failure
    assert "on_batch_end" in seen and "on_epoch_end" in seen  # the ordinary loop's hooks
    report = plan.report.to_json()
    assert report["samples_train"] + report["samples_held_out"] == 27 and report["samples_held_out"] == 9
    for key in ("before", "after", "mnist_before", "mnist_after"):
        assert 0 <= report[key] <= 100
    assert report["mnist_after"] == pytest.approx(100 * result.metrics["test_accuracy"], abs=0.01)
    assert any("No samples of 9" in line for line in plan.report.lines())
    assert hashlib.sha256(base.read_bytes()).hexdigest() == digest
    assert (tmp_path / "new.pt").is_file() and not (tmp_path / "ck.pt").exists()


def test_cli_finetune_refuses_bad_input_in_one_line(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    cases = [
        ([str(tmp_path / "nowhere"), "--out", str(tmp_path / "o.pt")], "not a folder of samples"),
        ([str(tmp_path / "empty"), "--out", str(tmp_path / "o.pt")], "no subfolder named 0 to 9"),
        ([str(tmp_path / "empty"), "--out", str(shipped_weights_path()), "--weights", str(shipped_weights_path())],
         "never overwritten"),
    ]
    (tmp_path / "few" / "3").mkdir(parents=True)
    from PIL import Image

    picture = np.zeros((28, 28), np.uint8)
    picture[4:24, 12:16] = 255
    Image.fromarray(picture).save(tmp_path / "few" / "3" / "a.png")
    cases.append(([str(tmp_path / "few"), "--out", str(tmp_path / "o.pt")], "at least 10 samples"))
    for argv, words in cases:
        assert main(["finetune", *argv]) == 1
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and words in err[0], err
    assert not (tmp_path / "o.pt").exists()


@pytest.mark.slow
def test_cli_finetune_json_on_a_folder_of_images(tmp_path, capsys, mnist_test):
    from PIL import Image

    for sample in _samples(mnist_test, 4).samples:
        folder = tmp_path / "mine" / str(sample.label)
        folder.mkdir(parents=True, exist_ok=True)
        Image.fromarray(255 - sample.image).save(folder / f"{sample.id}.png")  # dark on light
    assert main(["finetune", str(tmp_path / "mine"), "--out", str(tmp_path / "new.pt"), "--json",
                 "--device", "cpu"]) == 0
    report = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert report["samples_train"] == 30 and report["samples_held_out"] == 10
    assert {"before", "after", "mnist_before", "mnist_after", "recommended", "model_id"} <= set(report)
    assert (tmp_path / "new.pt").is_file()
