"""Mixed precision: which arithmetic a run's setting gives on which processor, and a run that uses it."""

from __future__ import annotations

import pytest
import torch

from desktop_app.core import precision
from desktop_app.core.precision import autocast_dtype
from desktop_app.core.settings import TrainingSettings
from desktop_app.core.training import Callback, Trainer
from desktop_app.core.weights import load_weights

CPU = torch.device("cpu")


@pytest.mark.parametrize("native", [True, False])
def test_auto_uses_bfloat16_only_where_the_processor_has_it(monkeypatch, native):
    monkeypatch.setattr(precision, "_cpu_has_bfloat16", lambda: native)
    assert autocast_dtype("auto", CPU) == (torch.bfloat16 if native else None)
    assert autocast_dtype("float32", CPU) is None
    assert autocast_dtype("bfloat16", CPU) == torch.bfloat16  # asked for: emulated if need be
    assert autocast_dtype("auto", torch.device("mps")) is None


def test_an_unknown_precision_is_refused_with_the_choices():
    assert TrainingSettings(precision="half").validate() == {
        "precision": "precision must be one of: auto, float32, bfloat16"}


@pytest.mark.parametrize(("choice", "computed"), [("bfloat16", torch.bfloat16), ("float32", torch.float32)])
def test_a_run_computes_in_its_precision_and_keeps_float32_weights(tmp_path, mnist_train, mnist_test, monkeypatch,
                                                                     choice, computed):
    seen: set[torch.dtype] = set()
    real_forward = torch.nn.Conv2d.forward

    def recording_forward(self, x):
        out = real_forward(self, x)
        if torch.is_grad_enabled():  # a training step, not validation
            seen.add(out.dtype)
        return out

    monkeypatch.setattr(torch.nn.Conv2d, "forward", recording_forward)

    class DeviceText(Callback):
        def on_fit_start(self, trainer, info):
            self.text = str(info.device)

    device_text = DeviceText()
    settings = TrainingSettings(epochs=1, batch_size=100, train_subset=500, device="cpu", precision=choice)
    result = Trainer(settings, [device_text], out_path=tmp_path / "w.pt", checkpoint=tmp_path / "c.ckpt",
                     train_data=mnist_train, test_data=mnist_test).fit()
    assert result.status == "completed"
    assert seen == {computed}
    assert all(t.dtype == torch.float32 for t in load_weights(result.weights_path).model.state_dict().values()
               if t.is_floating_point())
    assert device_text.text.endswith(", bfloat16 mixed precision") == (computed == torch.bfloat16)
