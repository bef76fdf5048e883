"""The core training loop: callbacks, stop/pause/resume, the divergence guard and failures."""

from __future__ import annotations

import threading

import pytest
import torch

from desktop_app.core import training
from desktop_app.core.settings import PRESETS, TrainingSettings
from desktop_app.core.training import Callback, Trainer
from desktop_app.core.weights import load_weights, save_weights

SMALL = TrainingSettings(epochs=2, batch_size=100, train_subset=1000, device="cpu")  # 10 batches an epoch


class Recorder(Callback):
    def __init__(self, stop_at_step: int | None = None, pause_at_step: int | None = None):
        self.events: list[str] = []
        self.losses: list[float] = []
        self.epochs = []
        self.failures = []
        self.pauses: list[bool] = []
        self.info = None
        self.stop_at_step = stop_at_step
        self.pause_at_step = pause_at_step

    def on_fit_start(self, trainer, info):
        self.events.append("fit_start")
        self.info = info

    def on_batch_end(self, trainer, progress):
        self.losses.append(progress.loss)
        if progress.step == self.stop_at_step:
            trainer.request_stop()
        if progress.step == self.pause_at_step:
            trainer.pause()
            threading.Timer(0.3, trainer.resume).start()

    def on_epoch_end(self, trainer, result):
        self.events.append(f"epoch_end {result.epoch}")
        self.epochs.append(result)

    def on_checkpoint(self, trainer, path):
        self.events.append("checkpoint")

    def on_pause_changed(self, trainer, paused):
        self.pauses.append(paused)

    def on_failure(self, trainer, failure):
        self.events.append("failure")
        self.failures.append(failure)

    def on_fit_end(self, trainer, result):
        self.events.append(f"fit_end {result.status}")


def make_trainer(tmp_path, mnist_train, mnist_test, settings=SMALL, callbacks=(), **kwargs):
    return Trainer(settings, list(callbacks), out_path=tmp_path / "trained.pt", checkpoint=tmp_path / "last.ckpt",
                   train_data=mnist_train, test_data=mnist_test, **kwargs)


def test_a_short_run_reports_every_batch_and_saves_weights_with_metrics(tmp_path, mnist_train, mnist_test):
    recorder = Recorder()
    result = make_trainer(tmp_path, mnist_train, mnist_test, callbacks=[recorder]).fit()

    assert result.status == "completed"
    assert recorder.events == ["fit_start", "epoch_end 1", "checkpoint", "epoch_end 2", "checkpoint",
                               "fit_end completed"]
    assert recorder.info.batches_per_epoch == 10 and recorder.info.train_samples == 1000
    assert len(recorder.losses) == 20 and len(result.history["batch_loss"]) == 20
    assert recorder.losses[-1] < recorder.losses[0]  # it learns
    assert result.metrics["test_accuracy"] > 0.7
    saved = load_weights(result.weights_path)
    assert saved.metadata["metrics"]["test_accuracy"] == result.metrics["test_accuracy"]
    assert len(saved.metadata["history"]["epochs"]) == 2
    assert saved.metadata["settings"]["train_subset"] == 1000
    assert saved.training_state is None
    assert not (tmp_path / "last.ckpt").exists()  # finished: nothing left to resume


def test_stop_then_resume_continues_at_the_right_batch_and_matches_an_uninterrupted_run(
        tmp_path, mnist_train, mnist_test):
    uninterrupted = make_trainer(tmp_path / "a", mnist_train, mnist_test).fit()

    first = Recorder(stop_at_step=13)  # epoch 2, batch 3
    stopped = make_trainer(tmp_path / "b", mnist_train, mnist_test, callbacks=[first]).fit()
    assert stopped.status == "stopped"
    assert stopped.checkpoint_path.is_file()
    state = load_weights(stopped.checkpoint_path).training_state
    assert (state["epoch_index"], state["batch_index"]) == (1, 3)

    second = Recorder()
    resumed = make_trainer(tmp_path / "b", mnist_train, mnist_test, callbacks=[second],
                           resume_from=stopped.checkpoint_path).fit()
    assert resumed.status == "completed"
    assert (second.info.start_epoch, second.info.start_batch) == (2, 3)
    assert len(second.info.history["batch_loss"]) == 13  # the chart can continue from here
    assert len(second.losses) == 7
    assert resumed.history["batch_loss"] == pytest.approx(uninterrupted.history["batch_loss"], abs=1e-5)
    a = load_weights(uninterrupted.weights_path).model.state_dict()
    b = load_weights(resumed.weights_path).model.state_dict()
    assert all(torch.allclose(a[k].float(), b[k].float(), atol=1e-5) for k in a)


def test_pause_holds_the_run_until_resumed(tmp_path, mnist_train, mnist_test):
    recorder = Recorder(pause_at_step=4)
    settings = SMALL.with_changes(epochs=1)
    result = make_trainer(tmp_path, mnist_train, mnist_test, settings, callbacks=[recorder]).fit()
    assert result.status == "completed"
    assert recorder.pauses == [True, False]
    assert len(recorder.losses) == 10


def test_nan_loss_stops_with_advice_and_keeps_the_last_good_weights(tmp_path, mnist_train, mnist_test,
                                                                    monkeypatch):
    recorder = Recorder()
    trainer = make_trainer(tmp_path, mnist_train, mnist_test, callbacks=[recorder])
    real_loss = torch.nn.CrossEntropyLoss.forward
    calls = {"n": 0}

    def loss_that_explodes_in_epoch_two(self, logits, labels):
        calls["n"] += 1
        value = real_loss(self, logits, labels)
        return value * float("nan") if calls["n"] == 15 else value

    monkeypatch.setattr(torch.nn.CrossEntropyLoss, "forward", loss_that_explodes_in_epoch_two)
    result = trainer.fit()
    assert result.status == "failed"
    failure = recorder.failures[0]
    assert failure.kind == "diverged"
    assert "epoch 2, batch 5: the loss became nan" in failure.message
    assert "Lower the learning rate" in failure.message
    assert "epoch 1, the last good ones, are kept" in failure.message
    kept = load_weights(tmp_path / "last.ckpt")
    assert kept.training_state["epoch_index"] == 1
    assert all(torch.isfinite(t).all() for t in kept.model.state_dict().values() if t.is_floating_point())
    assert not (tmp_path / "trained.pt").exists()


def test_a_run_that_does_not_learn_is_stopped_early(tmp_path, mnist_train, mnist_test, monkeypatch):
    monkeypatch.setattr(training, "NOT_LEARNING_AFTER_SAMPLES", 500)
    recorder = Recorder()
    # Adam at LR 1.0 saturates the network: the loss sits at chance level.
    settings = SMALL.with_changes(optimizer="adam", learning_rate=1.0, lr_schedule="constant", label_smoothing=0.0)
    result = make_trainer(tmp_path, mnist_train, mnist_test, settings, callbacks=[recorder]).fit()
    assert result.status == "failed"
    failure = recorder.failures[0]
    assert failure.kind in {"not_learning", "diverged"}
    assert "Lower the learning rate (now 1), e.g. to 0.1" in failure.message
    assert len(recorder.losses) < 20  # stopped before the end


def test_missing_device_is_a_clear_failure(tmp_path, mnist_train, mnist_test):
    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU")
    recorder = Recorder()
    result = make_trainer(tmp_path, mnist_train, mnist_test, SMALL.with_changes(device="cuda:1"),
                          callbacks=[recorder]).fit()
    assert result.status == "failed"
    assert result.failure.kind == "device"
    assert "'cuda:1' is not available: no CUDA GPU found" in result.failure.message


def test_resuming_from_plain_weights_is_refused(tmp_path, mnist_train, mnist_test):
    from desktop_app.core.model import create_model

    path = save_weights(tmp_path / "plain.pt", create_model(), "compact_cnn")
    result = make_trainer(tmp_path, mnist_train, mnist_test, resume_from=path).fit()
    assert result.failure.kind == "resume"
    assert "is a weights file, not a training checkpoint" in result.failure.message


def test_full_disk_at_the_end_reports_and_keeps_previous_weights(tmp_path, mnist_train, mnist_test, monkeypatch):
    from desktop_app.core import weights

    out = tmp_path / "trained.pt"
    out.write_bytes(b"previous weights")
    real_save = weights.torch.save

    def full_disk_for_final_weights(obj, handle, *args, **kwargs):
        if obj.get("kind") == "weights":
            raise OSError(28, "No space left on device")
        return real_save(obj, handle, *args, **kwargs)

    monkeypatch.setattr(weights.torch, "save", full_disk_for_final_weights)
    result = make_trainer(tmp_path, mnist_train, mnist_test, SMALL.with_changes(epochs=1)).fit()
    assert result.failure.kind == "save_failed"
    assert "the disk is full" in result.failure.message
    assert out.read_bytes() == b"previous weights"


def test_invalid_settings_are_refused_before_anything_runs():
    with pytest.raises(ValueError, match="learning rate must be greater than 0"):
        Trainer(TrainingSettings(learning_rate=-1))


def test_seed_preset_is_the_tutorials_recipe():
    seed = PRESETS["seed"].settings
    assert (seed.architecture, seed.optimizer, seed.learning_rate, seed.batch_size, seed.epochs) == (
        "number_recognition", "adam", 1e-2, 10, 10)
    assert seed.weight_decay == 1e-4 and seed.val_ratio == 0.2 and not seed.augment


def test_a_stop_after_the_last_batch_skips_validation_and_resume_validates_that_epoch(
        tmp_path, mnist_train, mnist_test):
    first = Recorder(stop_at_step=10)  # the last batch of epoch 1: the stop lands before validation
    stopped = make_trainer(tmp_path, mnist_train, mnist_test, callbacks=[first]).fit()
    assert stopped.status == "stopped" and first.epochs == []
    state = load_weights(stopped.checkpoint_path).training_state
    assert (state["epoch_index"], state["batch_index"]) == (0, 10)

    second = Recorder()
    resumed = make_trainer(tmp_path, mnist_train, mnist_test, callbacks=[second],
                           resume_from=stopped.checkpoint_path).fit()
    assert resumed.status == "completed"
    assert [e.epoch for e in second.epochs] == [1, 2]
    # Epoch 1's training loss averages all ten of its batches, though none ran after the resume.
    assert second.epochs[0].train_loss == pytest.approx(sum(first.losses) / 10)


def test_a_resumed_run_starts_from_the_checkpoints_position_recipe_and_schedule(tmp_path, mnist_train, mnist_test):
    stopped = make_trainer(tmp_path, mnist_train, mnist_test, callbacks=[Recorder(stop_at_step=13)]).fit()
    resumed = make_trainer(tmp_path, mnist_train, mnist_test, SMALL.with_changes(learning_rate=0.5),
                           resume_from=stopped.checkpoint_path)
    run = resumed._prepare()
    resumed._start(run)

    assert run.settings == SMALL and resumed.settings == SMALL  # the run's own recipe, not the new one
    assert (run.start_epoch, run.start_batch, run.step, run.steps_at_start) == (1, 3, 13, 13)
    assert (run.per_epoch, run.total_steps) == (10, 20)
    assert run.history == stopped.history and len(run.history["batch_loss"]) == 13
    assert (run.samples_seen, run.good_epoch) == (1300, 1)
    assert run.scheduler.last_epoch == 13  # restored from the checkpoint
    assert run.optimizer.state_dict()["state"]  # Adam(W)'s moments came back too
    assert run.pending == [] and run.flush_every == 1  # on the CPU every loss is reported at once
    conv = next(p for p in run.model.parameters() if p.dim() == 4)
    assert conv.is_contiguous(memory_format=torch.channels_last)


# A schedule stepped without an optimizer step makes torch warn; that is how a lengthened run stretches it.
@pytest.mark.filterwarnings("ignore:Detected call of `lr_scheduler.step\\(\\)` before:UserWarning")
def test_a_lengthened_resume_stretches_the_schedule_to_the_new_length(tmp_path, mnist_train, mnist_test):
    stopped = make_trainer(tmp_path, mnist_train, mnist_test, callbacks=[Recorder(stop_at_step=13)]).fit()
    resumed = make_trainer(tmp_path, mnist_train, mnist_test, SMALL.with_changes(epochs=3),
                           resume_from=stopped.checkpoint_path)
    run = resumed._prepare()

    assert run.settings == SMALL.with_changes(epochs=3) and run.total_steps == 30
    fresh = training.make_scheduler(run.settings, training.make_optimizer(run.settings, run.model), 30)
    for _ in range(13):
        fresh.step()
    assert run.scheduler.last_epoch == 13
    assert run.scheduler.get_last_lr() == pytest.approx(fresh.get_last_lr())


@pytest.mark.parametrize("steps", [1, 2, 3, 5])
def test_a_run_of_a_few_steps_completes_with_its_one_cycle_schedule(tmp_path, mnist_train, mnist_test, steps):
    # Five steps once meant a one-step warm-up, and OneCycleLR divided by zero (a traceback in the CLI).
    settings = TrainingSettings(epochs=1, batch_size=100, train_subset=100 * steps, device="cpu")
    rates = []

    class Rates(Callback):
        def on_batch_end(self, trainer, progress):
            rates.append(progress.learning_rate)

    result = make_trainer(tmp_path, mnist_train, mnist_test, settings, callbacks=[Rates()]).fit()
    assert result.status == "completed" and len(rates) == steps
    assert max(rates) <= settings.learning_rate


def test_each_batch_reports_the_learning_rate_it_was_trained_with(tmp_path, mnist_train, mnist_test):
    # One-cycle: up, then down to almost nothing at the last step. The rate after the last step lies
    # past the schedule's end, where its cosine turns up again: the last batch once showed the peak.
    settings = SMALL.with_changes(epochs=1)  # 10 steps
    rates = []

    class Rates(Callback):
        def on_batch_end(self, trainer, progress):
            rates.append(progress.learning_rate)

    result = make_trainer(tmp_path, mnist_train, mnist_test, settings, callbacks=[Rates()]).fit()
    assert result.history["epochs"][-1]["learning_rate"] == rates[-1]  # kept with the weights, so the same
    fresh = torch.optim.lr_scheduler.OneCycleLR(torch.optim.SGD([torch.zeros(1)], lr=1.0),
                                                max_lr=settings.learning_rate, total_steps=10, pct_start=0.2)
    assert rates[0] == pytest.approx(fresh.get_last_lr()[0])  # the first batch trains with the schedule's start
    peak = rates.index(max(rates))
    assert 0 < peak < 9 and rates[peak:] == sorted(rates[peak:], reverse=True)
    assert rates[-1] < 0.05 * max(rates)
