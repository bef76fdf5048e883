"""Weight averaging: the average the core keeps (no QApplication), and what a run does with it."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from desktop_app.core.settings import PRESETS, TrainingSettings
from desktop_app.core.training import Callback, Trainer
from desktop_app.core.weight_average import WeightAverage
from desktop_app.core.weights import load_weights, save_weights


def small_network() -> nn.Module:
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4))


def test_the_average_follows_the_network_closely_at_first_then_by_its_decay():
    network = small_network()
    average = WeightAverage(network, decay=0.9)
    start = network[0].weight.detach().clone()
    with torch.no_grad():
        network[0].weight.add_(1.0)
        network[1].running_mean.add_(2.0)
        network[1].num_batches_tracked.add_(5)
    average.update()
    # First update: the warm-up keeps 2/11 of the old average (the decay, 0.9, is larger).
    assert torch.allclose(average.model[0].weight, start + 9 / 11)
    assert torch.allclose(average.model[1].running_mean, torch.full((4,), 2 * 9 / 11))
    assert int(average.model[1].num_batches_tracked) == 5  # counters are copied, not averaged
    for _ in range(200):
        average.update()
    assert torch.allclose(average.model[0].weight, start + 1, atol=1e-6)  # converged on the weights it follows
    assert not average.model[0].weight.requires_grad and not average.model.training


def test_late_updates_move_the_average_by_one_minus_the_decay():
    network = small_network()
    average = WeightAverage(network, decay=0.9)
    for _ in range(100):  # warm-up over: (1 + n) / (10 + n) > 0.9 from n = 81
        average.update()
    before = average.model[0].bias.detach().clone()
    with torch.no_grad():
        network[0].bias.add_(1.0)
    average.update()
    assert torch.allclose(average.model[0].bias, before + 0.1)


def test_an_average_continues_from_its_state():
    network = small_network()
    average = WeightAverage(network, decay=0.99)
    for _ in range(7):
        average.update()
    again = WeightAverage(small_network(), decay=0.99)
    again.load_state_dict(average.state_dict(), average.model.state_dict())
    assert again.updates == 7
    assert torch.equal(again.model[0].weight, average.model[0].weight)


@pytest.mark.parametrize("decay", [0.0, 1.0, -0.5])
def test_an_impossible_decay_is_refused(decay):
    with pytest.raises(ValueError, match="decay"):
        WeightAverage(small_network(), decay)
    assert TrainingSettings(weight_average=decay).validate() == (
        {} if decay == 0.0 else {"weight_average": "weight averaging must be at least 0 and below 1 (0 turns it off; e.g. 0.999)"})


class StopAt(Callback):
    def __init__(self, step: int) -> None:
        self.step = step

    def on_batch_end(self, trainer, progress):
        if progress.step == self.step:
            trainer.request_stop()


def test_a_run_checkpoints_and_saves_the_average_and_resumes_both(tmp_path, mnist_train, mnist_test):
    settings = TrainingSettings(epochs=1, batch_size=100, train_subset=1_000, device="cpu", weight_average=0.99)
    stopped = Trainer(settings, [StopAt(6)], out_path=tmp_path / "w.pt", checkpoint=tmp_path / "last.ckpt",
                      train_data=mnist_train, test_data=mnist_test).fit()
    kept = load_weights(stopped.checkpoint_path)
    state = kept.training_state
    assert state["average"] == {"decay": 0.99, "updates": 6}
    # The file's network (what the GUI keeps of a stopped run) is the average; the trained one rides along.
    assert not torch.equal(kept.model.state_dict()["head.2.weight"], state["trained_weights"]["head.2.weight"])

    trainer = Trainer(settings, out_path=tmp_path / "w.pt", checkpoint=tmp_path / "again.ckpt",
                      resume_from=stopped.checkpoint_path, train_data=mnist_train, test_data=mnist_test)
    finished = trainer.fit()
    assert finished.status == "completed"
    saved = load_weights(finished.weights_path).model.state_dict()
    assert all(torch.equal(saved[k], v.cpu().contiguous()) for k, v in trainer.model.state_dict().items())


def test_without_averaging_the_trained_network_is_what_a_run_keeps(tmp_path, mnist_train, mnist_test):
    settings = TrainingSettings(epochs=1, batch_size=100, train_subset=1_000, device="cpu", weight_average=0.0)
    stopped = Trainer(settings, [StopAt(3)], out_path=tmp_path / "w.pt", checkpoint=tmp_path / "last.ckpt",
                      train_data=mnist_train, test_data=mnist_test).fit()
    state = load_weights(stopped.checkpoint_path).training_state
    assert "average" not in state and "trained_weights" not in state


def test_a_checkpoint_from_before_weight_averaging_resumes_without_it(tmp_path, mnist_train, mnist_test):
    settings = TrainingSettings(epochs=1, batch_size=100, train_subset=1_000, device="cpu", weight_average=0.0)
    stopped = Trainer(settings, [StopAt(2)], out_path=tmp_path / "w.pt", checkpoint=tmp_path / "last.ckpt",
                      train_data=mnist_train, test_data=mnist_test).fit()
    old = load_weights(stopped.checkpoint_path)
    del old.training_state["settings"]["weight_average"]  # as a version before weight averaging wrote it
    save_weights(tmp_path / "old.ckpt", old.model, old.architecture, old.metadata, old.training_state)
    resumed = Trainer(settings.with_changes(weight_average=0.999), out_path=tmp_path / "w.pt", checkpoint=tmp_path / "again.ckpt",
                      resume_from=tmp_path / "old.ckpt", train_data=mnist_train, test_data=mnist_test)
    assert resumed.fit().status == "completed"
    assert resumed.settings.weight_average == 0.0


def test_the_presets_average_but_the_seed_tutorials_recipe_does_not():
    assert PRESETS["fast"].settings.weight_average > 0 and PRESETS["quick"].settings.weight_average > 0
    assert PRESETS["seed"].settings.weight_average == 0.0
