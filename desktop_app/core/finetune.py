"""Fine-tune a model on the user's own handwriting, through the one training loop, and judge it.

:class:`FineTunePlan` turns a sample set and a base weights file into what :class:`~.training.Trainer`
needs (``data_source`` and ``initial_model``), so a fine-tune is an ordinary run: the CLI's progress
bar, the GUI's chart, pause and stop work unchanged. The data: the user's samples (a stratified part
held out) repeated up to :data:`USER_IMAGES_PER_EPOCH`, mixed half and half with MNIST images
replayed so the network does not forget MNIST, all augmented as any run. Validation is on the held-out
samples, the test on MNIST's test set.

:class:`FineTuneJudge`, a training callback, measures the base model before the first batch (held-out
samples and MNIST test) and the new one at the end; :class:`FineTuneReport` recommends the new model
only when it is better on the held-out samples and loses at most :data:`MAX_MNIST_LOSS` on MNIST.
The base weights file is never written: the run saves to its own ``out_path``.
"""

from __future__ import annotations

import copy
import math
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from . import data as data_mod
from .data import DigitData
from .errors import UserError
from .evaluation import evaluate
from .model import MNIST_MEAN, MNIST_STD
from .samples import SampleError, SampleSet
from .settings import TrainingSettings
from .texts import QT_TRANSLATE_NOOP
from .training import Callback, FitResult, Trainer
from .weights import load_weights

#: Fewer samples than this cannot be split into a training part and a held-out part worth judging.
MIN_SAMPLES = 10
# "there is 1" / "there are 3": two templates, so that the English stays exact and each translates whole.
_TOO_FEW_ONE = QT_TRANSLATE_NOOP(
    "SampleError", "fine-tuning needs at least {least} samples of your handwriting; there is {count}. Add some "
    "with \u201cWrong? It is\u2026\u201d or My handwriting's guided mode")
_TOO_FEW = QT_TRANSLATE_NOOP(
    "SampleError", "fine-tuning needs at least {least} samples of your handwriting; there are {count}. Add some "
    "with \u201cWrong? It is\u2026\u201d or My handwriting's guided mode")
#: Share of each digit's samples held out to judge the new model (at least one where a digit has two).
HELD_OUT_RATIO = 0.2
#: The user's training samples are repeated (each copy augmented differently) up to this many per epoch.
USER_IMAGES_PER_EPOCH = 1000
#: MNIST images replayed per epoch, as many as the user's (at least this many).
MIN_REPLAY_IMAGES = 1000
#: The most MNIST accuracy (a fraction) a recommended model may lose.
MAX_MNIST_LOSS = 0.002


#: Epochs of the default recipe; a large sample set gets fewer, so a run sees about the same number of images.
EPOCHS = 4


def finetune_settings(architecture: str, device: str = "auto", seed: int = 0, epochs: int = EPOCHS) -> TrainingSettings:
    """The default recipe: short and gentle, a few passes at a sixth of training's peak rate.
    Measured (benchmarks/bench_finetune.py): about 25 s of CPU per core for 100 samples. Without weight
    averaging: a fine-tune takes a few dozen steps from a trained network, and is judged as it ends."""
    return TrainingSettings(
        epochs=epochs, learning_rate=5e-4, batch_size=128, optimizer="adamw", weight_decay=5e-4,
        lr_schedule="cosine", architecture=architecture, augment=True, pen_digits=False, label_smoothing=0.05,
        device=device, seed=seed, val_ratio=0.2, weight_average=0.0,
    )


def stratified_split(labels: np.ndarray, ratio: float = HELD_OUT_RATIO, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Indices to train on and to hold out: of each digit with two samples or more, ``ratio`` of them
    (at least one) is held out; a digit's only sample is trained on."""
    rng = np.random.default_rng(seed)
    train, held = [], []
    for digit in range(10):
        indices = np.flatnonzero(labels == digit)
        rng.shuffle(indices)
        keep = 0 if len(indices) < 2 else max(1, round(len(indices) * ratio))
        held.extend(indices[:keep].tolist())
        train.extend(indices[keep:].tolist())
    return np.array(sorted(train), dtype=np.int64), np.array(sorted(held), dtype=np.int64)


def percent(fraction: float | None) -> float | None:
    return None if fraction is None else round(100.0 * fraction, 2)


@dataclass
class FineTuneReport:
    """Accuracies as fractions (0-1); ``to_json`` gives percentages (0-100) as the CLI prints them."""

    samples_train: int
    samples_held_out: int
    missing_digits: list[int]
    before: float | None = None
    after: float | None = None
    mnist_before: float | None = None
    mnist_after: float | None = None
    seconds: float | None = None
    #: Mean loss on the held-out samples: "better" is a higher accuracy, or the same and a lower loss
    #: (a user whose held-out samples are all read right already can still be read more surely).
    loss_before: float | None = None
    loss_after: float | None = None

    @property
    def better_on_samples(self) -> bool:
        if self.after is None or self.before is None:
            return False
        if self.after != self.before:
            return self.after > self.before
        return self.loss_after is not None and self.loss_before is not None and self.loss_after < self.loss_before

    @property
    def recommended(self) -> bool:
        if None in (self.before, self.after, self.mnist_before, self.mnist_after):
            return False
        return self.better_on_samples and self.mnist_after >= self.mnist_before - MAX_MNIST_LOSS - 1e-9

    def verdict(self) -> str:
        """One sentence: whether to use the new model, and why."""
        if self.after is None or self.mnist_after is None:
            return "The run did not finish: nothing to judge."
        if self.recommended:
            return "Recommended: it reads your held-out samples better and MNIST about as well."
        if not self.better_on_samples:
            return "Not recommended: it reads your held-out samples no better than the model it started from."
        return (f"Not recommended: it loses {100 * (self.mnist_before - self.mnist_after):.2f} points on MNIST "
                f"(at most {100 * MAX_MNIST_LOSS:.1f} allowed).")

    def lines(self) -> list[str]:
        def pair(a, b) -> str:
            return f"{percent(a):.2f}% -> {percent(b):.2f}%" if a is not None and b is not None else "-"

        lines = [f"Your held-out samples ({self.samples_held_out}): {pair(self.before, self.after)}",
                 f"MNIST test: {pair(self.mnist_before, self.mnist_after)}",
                 f"Trained on {self.samples_train} of your samples"
                 + (f" in {self.seconds:.0f} s" if self.seconds is not None else "")]
        if self.missing_digits:
            lines.append("No samples of " + ", ".join(map(str, self.missing_digits))
                         + ": the model learned nothing new about those digits.")
        lines.append(self.verdict())
        return lines

    def to_json(self) -> dict[str, Any]:
        return {"before": percent(self.before), "after": percent(self.after),
                "mnist_before": percent(self.mnist_before), "mnist_after": percent(self.mnist_after),
                "samples_train": self.samples_train, "samples_held_out": self.samples_held_out,
                "missing_digits": self.missing_digits, "recommended": self.recommended,
                "held_out_loss_before": self.loss_before, "held_out_loss_after": self.loss_after,
                "seconds": None if self.seconds is None else round(self.seconds, 1)}


class FineTunePlan:
    """A fine-tune of ``base_weights`` on ``samples``; hand :meth:`trainer_options` to a Trainer.

    ``mnist_train``/``mnist_test``: in-memory MNIST (tests, benchmarks); loaded in the training
    thread otherwise.
    """

    def __init__(self, samples: SampleSet, base_weights: Path, *, seed: int = 0,
                 mnist_train: DigitData | None = None, mnist_test: DigitData | None = None) -> None:
        images, labels = samples.arrays()
        if len(labels) < MIN_SAMPLES:
            template = _TOO_FEW_ONE if len(labels) == 1 else _TOO_FEW
            raise SampleError(template, least=MIN_SAMPLES, count=len(labels))
        self.base_weights = Path(base_weights)
        self.base = load_weights(self.base_weights)  # WeightsError names the file: before any training
        self.seed = seed
        train_idx, held_idx = stratified_split(labels, seed=seed)
        self.user_train = DigitData(torch.from_numpy(images[train_idx]), torch.from_numpy(labels[train_idx]))
        self.held_out = DigitData(torch.from_numpy(images[held_idx]), torch.from_numpy(labels[held_idx]))
        self.counts = samples.counts()
        self.report = FineTuneReport(len(train_idx), len(held_idx), [d for d in range(10) if not self.counts[d]])
        self._mnist_train, self._mnist_test = mnist_train, mnist_test

    @property
    def name(self) -> str:
        """The new model's name in the library, after the samples it learned."""
        total = sum(self.counts)
        return f"My handwriting ({total:,} samples, from {self.base_label()})"

    def base_label(self) -> str:
        return self.base_weights.parent.name if self.base_weights.name == "model.pt" else self.base_weights.stem

    def settings(self, device: str = "auto") -> TrainingSettings:
        """The default recipe; past 1,000 training samples fewer epochs, so 5,000 samples take no longer than 100."""
        epochs = max(1, min(EPOCHS, round(EPOCHS * USER_IMAGES_PER_EPOCH / max(len(self.user_train), 1))))
        return finetune_settings(self.base.architecture, device, self.seed, epochs)

    def trainer_options(self) -> dict[str, Any]:
        return {"data_source": self.load_data, "initial_model": self.base_model}

    def base_model(self) -> nn.Module:
        """A copy of the base network (the plan's own stays as loaded, for a second run)."""
        return copy.deepcopy(self.base.model)

    def load_data(self, settings: TrainingSettings) -> tuple[DigitData, DigitData, DigitData]:
        """Train: the user's samples repeated, and as many MNIST images; validation: the held-out
        samples; test: MNIST's test set."""
        mnist_train = self._mnist_train if self._mnist_train is not None else data_mod.load_mnist(train=True)
        mnist_test = self._mnist_test if self._mnist_test is not None else data_mod.load_mnist(train=False)
        copies = max(1, math.ceil(USER_IMAGES_PER_EPOCH / max(len(self.user_train), 1)))
        user = DigitData(self.user_train.images.repeat(copies, 1, 1), self.user_train.labels.repeat(copies))
        replay_n = min(len(mnist_train), max(len(user), MIN_REPLAY_IMAGES))
        generator = torch.Generator().manual_seed(settings.seed + 17)
        replay = mnist_train.subset(torch.randperm(len(mnist_train), generator=generator)[:replay_n])
        train = DigitData(torch.cat([user.images, replay.images]), torch.cat([user.labels, replay.labels]))
        return train, self.held_out, mnist_test

    def judge(self) -> FineTuneJudge:
        return FineTuneJudge(self)


class FineTuneJudge(Callback):
    """Scores the base model as the run starts and the new one as it ends, into ``plan.report``
    (and ``result.metrics["finetune"]``, as percentages)."""

    def __init__(self, plan: FineTunePlan) -> None:
        self.plan = plan
        self._started = 0.0

    def on_fit_start(self, trainer: Trainer, info) -> None:
        self._started = time.perf_counter()
        report, model = self.plan.report, trainer.model
        # Scored as the app answers: a held-out digit read as "not a digit" is wrong.
        held_out = evaluate(model, self.plan.held_out, trainer.device, MNIST_MEAN, MNIST_STD, rejections_wrong=True)
        report.before, report.loss_before = held_out.accuracy, held_out.loss
        test = self.plan._mnist_test if self.plan._mnist_test is not None else data_mod.load_mnist(train=False)
        report.mnist_before = evaluate(model, test, trainer.device, MNIST_MEAN, MNIST_STD).accuracy

    def on_fit_end(self, trainer: Trainer, result: FitResult) -> None:
        if result.status != "completed" or trainer.model is None:
            return
        report = self.plan.report
        held_out = evaluate(trainer.model, self.plan.held_out, "cpu", MNIST_MEAN, MNIST_STD, rejections_wrong=True)
        report.after, report.loss_after = held_out.accuracy, held_out.loss
        report.mnist_after = result.metrics.get("test_accuracy")
        report.seconds = time.perf_counter() - self._started
        result.metrics["finetune"] = report.to_json()


def check_destination(out_path: Path, base_weights: Path) -> None:
    """A fine-tune never overwrites the model it starts from."""
    try:
        same = Path(out_path).resolve() == Path(base_weights).resolve()
    except OSError:
        same = False
    if same:
        raise UserError(QT_TRANSLATE_NOOP(
            "FineTune", "{path} is the model the fine-tune starts from; write the new model to another file (the "
            "base model is never overwritten)"), path=out_path)
    if Path(out_path).is_dir():
        raise UserError(QT_TRANSLATE_NOOP("FineTune", "{path} is a folder; --out names the weights file to write"),
                        path=out_path)


def finetune_checkpoint_path() -> Path:
    """A fine-tune's own checkpoint: it never replaces an interrupted training run's."""
    from .paths import user_data_location

    return user_data_location() / "checkpoints" / "finetune.ckpt"


def run_finetune(plan: FineTunePlan, out_path: Path, callbacks: list[Callback] | None = None, *,
                 device: str = "auto", checkpoint: Path | None = None,
                 settings: TrainingSettings | None = None) -> tuple[Trainer, FitResult]:
    """Fine-tune headless (the CLI, benchmarks): ``plan.report`` holds the judgement afterwards. A stopped
    run's checkpoint is removed (a fine-tune is short: it is started again, not resumed)."""
    check_destination(out_path, plan.base_weights)
    trainer = Trainer(settings or plan.settings(device), [plan.judge(), *(callbacks or [])], out_path=out_path,
                      checkpoint=checkpoint or finetune_checkpoint_path(), **plan.trainer_options())
    result = trainer.fit()
    if result.status != "completed":
        trainer.checkpoint_file.unlink(missing_ok=True)
    return trainer, result


def keep_in_library(plan: FineTunePlan, weights_path: Path, device: str | None = None):
    """The new model into the model library under the samples' name (not made active)."""
    from .model_library import ModelLibrary

    return ModelLibrary().add(weights_path, plan.name, device=device, wall_time_s=plan.report.seconds)


def finetune_out_path(plan: FineTunePlan) -> Path:
    """Where the app's fine-tune writes its weights: the trained-weights file ("Use new weights" reads
    it), unless that is the model it starts from."""
    from .paths import trained_weights_path

    out = trained_weights_path()
    try:
        same = out.resolve() == plan.base_weights.resolve()
    except OSError:
        same = False
    return out.with_name("finetuned.pt") if same else out
