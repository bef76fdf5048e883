"""The one training loop, used by the CLI and the GUI alike.

It knows nothing of Qt or terminals: it reports through :class:`Callback` hooks that do nothing by
default (as in Lightning), and a UI subscribes with a callback of its own. Stop and pause are
cooperative flags read at every batch. Each epoch ends with a checkpoint holding the optimizer and
scheduler state, and a stop mid-epoch writes one at the exact batch, so a resumed run continues
where it left off, with the same data order. A guard stops runs that diverge (NaN/inf loss) or do
not learn, and keeps the last good weights.

Scoring a model (:func:`evaluate`, re-exported here) is in :mod:`.evaluation`; the optimizer and the
learning-rate schedule a recipe names are made in :mod:`.optim`.
"""

from __future__ import annotations

import copy
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from . import data as data_mod
from .data import DigitData
from .devices import describe_device, resolve_device
from .errors import UserError
from .evaluation import Evaluation, evaluate
from .model import MNIST_MEAN, MNIST_STD, create_model, outputs_in, parameter_count
from .optim import make_optimizer, make_scheduler
from .paths import checkpoint_path, trained_weights_path
from .precision import autocast_dtype, training_autocast
from .rejection import NOT_A_DIGIT_CLASS
from .settings import TrainingSettings
from .texts import QT_TRANSLATE_NOOP, Text
from .weight_average import WeightAverage
from .weights import LoadedWeights, WeightsError, load_weights, save_weights

#: Below this many samples a run is too young to judge whether it learns.
NOT_LEARNING_AFTER_SAMPLES = 5_000
#: Mean loss above this (chance level is ln 10 = 2.30) after that many samples means "not learning".
NOT_LEARNING_LOSS = 2.2
NOT_LEARNING_ACCURACY = 0.2


# --------------------------------------------------------------------------------------------- events
@dataclass(frozen=True)
class FitInfo:
    settings: TrainingSettings
    device: Any  # str, or a Text ("CPU (2 threads)"): str() is English, the GUI translates it
    parameters: int
    train_samples: int
    val_samples: int
    batches_per_epoch: int
    start_epoch: int  # 1-based epoch the run starts (or resumes) in
    start_batch: int  # batches of that epoch already done
    history: dict[str, Any]  # what a resumed run had already recorded


@dataclass(frozen=True)
class BatchProgress:
    epoch: int  # 1-based
    epochs: int
    batch: int  # 1-based: batches done in this epoch
    batches: int  # per epoch
    loss: float
    step: int  # batches done in the whole run, 1-based
    total_steps: int
    learning_rate: float
    samples_per_second: float
    eta_seconds: float


@dataclass(frozen=True)
class EpochResult:
    epoch: int  # 1-based
    epochs: int
    train_loss: float
    val_loss: float
    val_accuracy: float
    learning_rate: float
    seconds: float

    def summary(self) -> str:
        return (
            f"epoch {self.epoch}/{self.epochs}: train loss {self.train_loss:.4f}, "
            f"val loss {self.val_loss:.4f}, val accuracy {self.val_accuracy:.2%} ({self.seconds:.1f} s)"
        )


@dataclass(frozen=True)
class TrainingFailure:
    """Why a run stopped early. ``kind``: diverged, not_learning, cuda_oom, cuda_error, device,
    data, save_failed, resume, error."""

    kind: str
    message: str  # English: the CLI and the logs
    retry_on_cpu: bool = False
    #: The message with its parameters, for the GUI to translate (None: ``message`` is all there is).
    text: Text | None = None

    @classmethod
    def of(cls, kind: str, text: Text, retry_on_cpu: bool = False) -> TrainingFailure:
        return cls(kind, str(text), retry_on_cpu, text)


@dataclass
class FitResult:
    status: str  # completed, stopped, failed
    epochs_done: int
    history: dict[str, Any]
    metrics: dict[str, Any] = field(default_factory=dict)
    weights_path: Path | None = None
    checkpoint_path: Path | None = None
    failure: TrainingFailure | None = None


class Callback:
    """Hooks a listener overrides as needed; all default to doing nothing."""

    def on_fit_start(self, trainer: Trainer, info: FitInfo) -> None: ...
    def on_batch_end(self, trainer: Trainer, progress: BatchProgress) -> None: ...
    def on_epoch_end(self, trainer: Trainer, result: EpochResult) -> None: ...
    def on_checkpoint(self, trainer: Trainer, path: Path) -> None: ...
    def on_pause_changed(self, trainer: Trainer, paused: bool) -> None: ...
    def on_fit_end(self, trainer: Trainer, result: FitResult) -> None: ...
    def on_failure(self, trainer: Trainer, failure: TrainingFailure) -> None: ...


class _StopRun(Exception):
    def __init__(self, failure: TrainingFailure) -> None:
        super().__init__(failure.message)
        self.failure = failure


# --------------------------------------------------------------------------------------------- run state
def _copy_state(model: nn.Module) -> dict[str, torch.Tensor]:
    """The weights as they are now. Tensor clones release the GIL; ``copy.deepcopy`` of the seed's 60 MB
    of weights held it for up to 16 ms at each epoch end (a GUI thread waits for it)."""
    return {name: tensor.detach().clone() for name, tensor in model.state_dict().items()}


def empty_history() -> dict[str, Any]:
    """``batch_loss``: every batch's training loss in order; ``epochs``: one dict per finished epoch."""
    return {"batch_loss": [], "epochs": []}


@dataclass(eq=False)
class _Run:
    """What one call of :meth:`Trainer.fit` works on and where it stands, so that each step of the loop
    is a method taking the run rather than a long list of arguments. Made by ``Trainer._prepare``."""

    settings: TrainingSettings  # a resumed run's own recipe
    device: torch.device
    model: nn.Module  # the network being trained
    average: WeightAverage | None  # the average of its weights (settings.weight_average), or None
    autocast: torch.dtype | None  # what the forward pass computes in (settings.precision); None: float32
    optimizer: torch.optim.Optimizer
    scheduler: torch.optim.lr_scheduler.LRScheduler  # stepped once per batch
    criterion: nn.Module
    history: dict[str, Any]  # see empty_history(); a resumed run continues its own
    train: DigitData
    val: DigitData
    test: DigitData
    per_epoch: int  # batches per epoch
    total_steps: int  # batches in the whole run
    # Where the run starts: a resumed run's epoch (0-based) and the batches of it already done.
    start_epoch: int = 0
    start_batch: int = 0
    # Where it is.
    epoch_index: int = 0  # 0-based
    step: int = 0  # batches done in the whole run
    samples_seen: int = 0
    # The guard's fallback (a snapshot()): the weights of the last validated epoch (good_epoch, 1-based),
    # or with good_epoch 0 those the run started with.
    last_good: dict[str, dict[str, torch.Tensor] | None] = field(default_factory=dict)
    good_epoch: int = 0
    # Losses not yet reported, as tensors (on the GPU, each .item() is a device sync), each with the
    # learning rate it was trained with (the scheduler has moved on since): reported in groups of flush_every.
    pending: list[tuple[torch.Tensor, float]] = field(default_factory=list)
    last_rate: float | None = None  # the rate the latest reported batch was trained with
    flush_every: int = 1
    # perf_counter() times for speed, ETA and epoch times, which leave out the time paused.
    started: float = 0.0
    paused: float = 0.0
    steps_at_start: int = 0
    epoch_started: float = 0.0
    epoch_paused: float = 0.0

    @property
    def result_model(self) -> nn.Module:
        """The network the run validates, checkpoints and saves: the weight average when there is one."""
        return self.average.model if self.average is not None else self.model

    def snapshot(self) -> dict[str, dict[str, torch.Tensor] | None]:
        """The weights as they are now (the trained network's and the average's), for :meth:`fall_back`."""
        return {"trained": _copy_state(self.model),
                "average": _copy_state(self.average.model) if self.average is not None else None}

    def fall_back(self) -> None:
        """Put the last good weights (``last_good``, a :meth:`snapshot`) back."""
        self.model.load_state_dict(self.last_good["trained"])
        if self.average is not None:
            self.average.model.load_state_dict(self.last_good["average"])


# --------------------------------------------------------------------------------------------- trainer
class Trainer:
    """Trains one run. Create it, add callbacks, call :meth:`fit` (blocking; run it in a thread for a UI).

    :meth:`fit` reads as the loop: ``_prepare`` (a resumed run's recipe and position, the device, data,
    model, optimizer and schedule), ``_start``, then per epoch ``_train_epoch`` (which reports losses
    with ``_report_losses``) and ``_end_epoch`` (validate, record, checkpoint); ``_stopped`` or
    ``_completed`` ends it.
    """

    def __init__(
        self,
        settings: TrainingSettings,
        callbacks: list[Callback] | None = None,
        *,
        out_path: str | Path | None = None,
        checkpoint: str | Path | None = None,
        resume_from: str | Path | None = None,
        train_data: DigitData | None = None,
        test_data: DigitData | None = None,
        pen_digits: tuple[np.ndarray, np.ndarray] | None = None,
        data_source: Callable[[TrainingSettings], tuple[DigitData, DigitData, DigitData]] | None = None,
        initial_model: Callable[[], nn.Module] | None = None,
    ) -> None:
        """``data_source`` (called in the training thread) gives the run's train, validation and test sets
        in place of MNIST's split, and ``initial_model`` the network a new run starts from instead of a
        fresh one: how a fine-tune (core/finetune.py) runs through this same loop. ``pen_digits``: the
        (images, labels) a run whose recipe has pen digits trains on, in place of the shipped ones
        (benchmarks/bench_pen_writers.py leaves writers out)."""
        self.settings = settings.check()
        self.callbacks = list(callbacks or [])
        self.out_path = Path(out_path) if out_path else trained_weights_path()
        self.checkpoint_file = Path(checkpoint) if checkpoint else checkpoint_path()
        self.resume_from = Path(resume_from) if resume_from else None
        self._train_data = train_data
        self._test_data = test_data
        self._pen_digits = pen_digits
        self._data_source = data_source
        self._initial_model = initial_model
        self._stop = threading.Event()
        self._running = threading.Event()  # cleared while paused
        self._running.set()
        self.model: nn.Module | None = None
        self.device: torch.device | None = None
        self._history = empty_history()  # what fit() reports on a failure; a resumed run's own once it starts

    # --- control, safe to call from any thread
    def request_stop(self) -> None:
        """Stop at the next batch, writing a resumable checkpoint. Named so as not to hide QThread.terminate."""
        self._stop.set()
        self._running.set()

    def pause(self) -> None:
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    @property
    def stop_requested(self) -> bool:
        return self._stop.is_set()

    # --- running
    def _emit(self, hook: str, *args) -> None:
        for callback in self.callbacks:
            getattr(callback, hook)(self, *args)

    def fit(self) -> FitResult:
        """Run to completion, a stop request or a failure; never raises for those (see ``FitResult``)."""
        self._history = empty_history()  # replaced by a resumed run's own history
        try:
            return self._fit()
        except _StopRun as stop:
            failure = stop.failure
        except torch.cuda.OutOfMemoryError:
            failure = TrainingFailure.of("cuda_oom", Text.of(QT_TRANSLATE_NOOP(
                "Training", "The GPU ran out of memory. Lower the batch size, or train on the CPU.")), True)
        except UserError as exc:  # bad data, device, checkpoint or disk: each says what is wrong
            failure = TrainingFailure.of(exc.failure_kind, exc.failure_text())
        except RuntimeError as exc:
            text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            if "CUDA" in text or "cuda" in text or "cuDNN" in text:
                failure = TrainingFailure.of("cuda_error", Text.of(QT_TRANSLATE_NOOP(
                    "Training", "CUDA error: {error}. Training on the CPU may work."), {"error": text}), True)
            else:
                failure = TrainingFailure.of("error", Text.of(QT_TRANSLATE_NOOP(
                    "Training", "Training failed: {error}"), {"error": text}))
        self._emit("on_failure", failure)
        history = self._history
        result = FitResult("failed", len(history["epochs"]), history, failure=failure,
                           checkpoint_path=self.checkpoint_file if self.checkpoint_file.exists() else None)
        self._emit("on_fit_end", result)
        return result

    def _load_data(self, settings: TrainingSettings) -> tuple[DigitData, DigitData, DigitData]:
        full = self._train_data if self._train_data is not None else data_mod.load_mnist(train=True)
        test = self._test_data if self._test_data is not None else data_mod.load_mnist(train=False)
        train, val = data_mod.split_train_val(full, settings.val_ratio, settings.seed)
        if settings.train_subset:
            train = train.subset(torch.arange(min(settings.train_subset, len(train))))
            cap = max(200, settings.train_subset // 4)
            val = val.subset(torch.arange(min(cap, len(val))))
            test = test.subset(torch.arange(min(max(1000, settings.train_subset), len(test))))
        return train, val, test

    def _fit(self) -> FitResult:
        run = self._prepare()
        self._start(run)
        for epoch_index in range(run.start_epoch, run.settings.epochs):
            run.epoch_index = epoch_index
            batches_done = self._train_epoch(run)
            if self._stop.is_set():  # mid-epoch, or after its last batch: a stop doesn't wait for validation
                return self._stopped(run, batches_done)
            self._end_epoch(run)
        return self._completed(run)

    # --- a run's steps, in order
    def _prepare(self) -> _Run:
        """Everything the loop needs, set up in the order a reproducible run needs it."""
        resumed = self._resume_checkpoint()
        state = resumed.training_state if resumed is not None else None
        settings = self.settings
        self.device = device = resolve_device(settings.device)
        torch.manual_seed(settings.seed)
        train, val, test = self._data_source(settings) if self._data_source else self._load_data(settings)
        if resumed is not None:
            model = resumed.model
        else:
            model = self._initial_model() if self._initial_model else create_model(settings.architecture)
        if outputs_in(model.state_dict()) > NOT_A_DIGIT_CLASS:  # older 10-output weights learn digits only
            train = data_mod.with_non_digits(train, settings.seed, within=bool(settings.train_subset))
        if settings.pen_digits and self._data_source is None:  # training only: validation and test stay MNIST's
            train = data_mod.with_pen_digits(train, within=bool(settings.train_subset), pen=self._pen_digits)
        if device.type != "cpu":
            train = train.to(device)  # batches gathered and augmented there: no copy, no wait per batch
        model.to(device)
        if device.type == "cpu":
            model = model.to(memory_format=torch.channels_last)  # measured ~1.5x faster convolutions
        average = self._weight_average(model, settings, state)
        self.model = average.model if average is not None else model
        optimizer = make_optimizer(settings, model)
        per_epoch = data_mod.batches_per_epoch(len(train), settings.batch_size)
        total_steps = per_epoch * settings.epochs
        run = _Run(settings, device, model, average, autocast_dtype(settings.precision, device), optimizer, make_scheduler(settings, optimizer, total_steps),
                   nn.CrossEntropyLoss(label_smoothing=settings.label_smoothing),
                   (state or {}).get("history") or self._history, train, val, test, per_epoch, total_steps)
        if state is not None:
            self._restore(run, state)
        self._history = run.history
        return run

    def _weight_average(self, model: nn.Module, settings: TrainingSettings,
                        state: dict[str, Any] | None) -> WeightAverage | None:
        """The run's weight average, or None when its recipe has none. Made after the network has its
        device and memory format (the average holds its tensors). A resumed averaging run's checkpoint
        holds the average as its network and the trained weights beside it: both go back in place."""
        if not settings.weight_average:
            return None
        if state is None or "average" not in state:
            return WeightAverage(model, settings.weight_average)
        averaged = _copy_state(model)  # the checkpoint's network is the average
        try:
            model.load_state_dict(state["trained_weights"])
        except (KeyError, RuntimeError, TypeError):
            raise WeightsError(QT_TRANSLATE_NOOP("WeightsError", "{path}: the checkpoint's trained weights "
                                                 "are missing or do not fit its network"),
                               path=self.resume_from) from None
        average = WeightAverage(model, settings.weight_average)
        average.load_state_dict(state["average"], averaged)
        return average

    def _resume_checkpoint(self) -> LoadedWeights | None:
        """The checkpoint a resumed run continues from, whose recipe becomes ``self.settings``."""
        if self.resume_from is None:
            return None
        resumed = load_weights(self.resume_from)
        state = resumed.training_state
        if state is None:
            raise WeightsError(QT_TRANSLATE_NOOP("WeightsError", "{path}: is a weights file, not a training checkpoint"),
                               path=self.resume_from)
        # A checkpoint from before pen digits trained without them, and must go on so to resume exactly.
        # Likewise one from before weight averaging, without it.
        stored = TrainingSettings.from_dict({"pen_digits": False, "weight_average": 0.0, **state.get("settings", {})})
        # The run continues with its own recipe; only the device (and a longer run) may change.
        self.settings = stored.with_changes(device=self.settings.device, precision=self.settings.precision,
                                            epochs=max(stored.epochs, self.settings.epochs))
        return resumed

    @staticmethod
    def _restore(run: _Run, state: dict[str, Any]) -> None:
        """Put the optimizer, the schedule and the position back where a checkpoint left them."""
        run.optimizer.load_state_dict(state["optimizer"])
        if state.get("total_steps") == run.total_steps:
            run.scheduler.load_state_dict(state["scheduler"])
        else:  # the run was lengthened: keep the schedule's position, stretched to the new length
            for _ in range(state.get("step", 0)):
                run.scheduler.step()
        # batch_index == per_epoch: stopped after the last batch, before validation; the first epoch
        # then runs no batch and goes straight to its validation.
        run.start_epoch, run.start_batch = int(state["epoch_index"]), int(state["batch_index"])

    def _start(self, run: _Run) -> None:
        """Announce the run (``on_fit_start``), then set its fallback weights, counters and clocks."""
        settings, history = run.settings, run.history
        device: str | Text = describe_device(run.device)
        if run.autocast is not None:
            device = Text.of(QT_TRANSLATE_NOOP("Devices", "{device}, bfloat16 mixed precision"), {"device": device})
        self._emit("on_fit_start", FitInfo(settings, device, parameter_count(run.model),
                                           len(run.train), len(run.val), run.per_epoch, run.start_epoch + 1,
                                           run.start_batch, copy.deepcopy(history)))
        run.last_good = run.snapshot()
        run.good_epoch = len(history["epochs"])
        run.samples_seen = len(history["batch_loss"]) * settings.batch_size
        run.step = run.steps_at_start = run.start_epoch * run.per_epoch + run.start_batch
        # Materialise losses in groups on a GPU (each .item() is a device sync); every batch on the CPU.
        run.flush_every = 1 if run.device.type == "cpu" else 16
        run.started = time.perf_counter()
        run.paused = 0.0

    def _train_epoch(self, run: _Run) -> int:
        """Train the batches of epoch ``run.epoch_index`` left to do. Returns how many of the epoch's
        batches are done: all of them, or fewer when a stop request came first."""
        settings, model, optimizer, scheduler, criterion = (
            run.settings, run.model, run.optimizer, run.scheduler, run.criterion)
        channels_last = run.device.type == "cpu"
        model.train()
        run.epoch_started = time.perf_counter()
        run.epoch_paused = 0.0
        pending = run.pending = []
        first_batch = run.start_batch if run.epoch_index == run.start_epoch else 0
        for batch_index, inputs, labels in data_mod.iterate_batches(
            run.train, settings.batch_size, seed=settings.seed, epoch=run.epoch_index, start_batch=first_batch,
            augment_images=settings.augment, mean=MNIST_MEAN, std=MNIST_STD,
            flag_probability=data_mod.PEN_RUN_FLAG_PROBABILITY if settings.pen_digits else data_mod.FLAG_PROBABILITY,
            device=run.device,
        ):
            if not self._running.is_set():
                self._wait_while_paused(run)
            if self._stop.is_set():
                if pending:
                    self._report_losses(run)
                return batch_index
            if channels_last:
                inputs = inputs.contiguous(memory_format=torch.channels_last)
            # Dropout draws from the global generator: seeding it per batch makes a resumed run
            # take exactly the steps the uninterrupted run would have taken.
            torch.manual_seed(settings.seed * 1_000_003 + run.step)
            optimizer.zero_grad(set_to_none=True)
            with training_autocast(run.device, run.autocast):
                loss = criterion(model(inputs), labels)
            loss.backward()
            optimizer.step()
            rate = scheduler.get_last_lr()[0]
            scheduler.step()
            if run.average is not None:
                run.average.update()
            run.step += 1
            pending.append((loss.detach(), rate))
            if len(pending) >= run.flush_every or batch_index + 1 == run.per_epoch:
                self._report_losses(run)
        return run.per_epoch

    def _wait_while_paused(self, run: _Run) -> None:
        """Block until resumed or stopped; the time paused counts in neither the speed nor the epoch's time."""
        started = time.perf_counter()
        self._emit("on_pause_changed", True)
        while not self._running.wait(0.05):
            pass
        self._emit("on_pause_changed", False)
        waited = time.perf_counter() - started
        run.epoch_paused += waited
        run.paused += waited

    def _report_losses(self, run: _Run) -> None:
        """Report the pending losses, one ``on_batch_end`` each, after one device sync for the group.
        Raises ``_StopRun`` (with the last good weights back in the model) on a loss that is not finite
        or a run that does not learn."""
        settings = run.settings
        values = torch.stack([loss for loss, _ in run.pending]).tolist()
        rates = [rate for _, rate in run.pending]
        run.pending.clear()
        run.last_rate = rates[-1]
        first_step = run.step - len(values)
        for offset, value in enumerate(values):
            done = first_step + offset + 1
            if not math.isfinite(value):
                run.fall_back()
                raise _StopRun(self._diverged(run, done - 1, value))
            run.history["batch_loss"].append(value)
            run.samples_seen += settings.batch_size
            elapsed = time.perf_counter() - run.started - run.paused
            rate = (done - run.steps_at_start) * settings.batch_size / max(elapsed, 1e-9)
            remaining = (run.total_steps - done) * settings.batch_size / max(rate, 1e-9)
            self._emit("on_batch_end", BatchProgress(
                run.epoch_index + 1, settings.epochs, (done - 1) % run.per_epoch + 1, run.per_epoch, value, done,
                run.total_steps, rates[offset], rate, remaining,
            ))
        if settings.divergence_guard:
            self._check_learning(run)

    def _check_learning(self, run: _Run) -> None:
        """Once the run has seen enough samples, stop it if its recent training loss is still near chance."""
        if run.samples_seen < NOT_LEARNING_AFTER_SAMPLES:
            return
        window = max(20, 2_000 // run.settings.batch_size)
        recent = run.history["batch_loss"][-window:]
        mean_loss = sum(recent) / len(recent)
        if mean_loss > NOT_LEARNING_LOSS:
            run.fall_back()
            raise _StopRun(self._not_learning(run, Text.of(QT_TRANSLATE_NOOP(
                "Training", "after {samples:,} samples the loss is still {loss:.2f} (chance level is 2.30, "
                            "about 10% accuracy)"), {"samples": run.samples_seen, "loss": mean_loss})))

    def _end_epoch(self, run: _Run) -> None:
        """Validate the epoch just trained and record it; keep its weights as the last good ones, checkpoint."""
        evaluation = evaluate(run.result_model, run.val, run.device, MNIST_MEAN, MNIST_STD)
        result = self._record_epoch(run, evaluation)
        self._check_accuracy(run, evaluation)
        run.last_good = run.snapshot()
        run.good_epoch = result.epoch
        self._emit("on_epoch_end", result)
        self._save_checkpoint(run, run.epoch_index + 1, 0)

    @staticmethod
    def _record_epoch(run: _Run, evaluation: Evaluation) -> EpochResult:
        """The epoch's result, also appended to the history."""
        seconds = time.perf_counter() - run.epoch_started - run.epoch_paused
        epoch_index, per_epoch, history = run.epoch_index, run.per_epoch, run.history
        # From the history, so an epoch resumed part-way still averages all of its batches.
        epoch_losses = history["batch_loss"][epoch_index * per_epoch:(epoch_index + 1) * per_epoch]
        # The rate its last batch trained with: after the run's last step the scheduler lies past its end.
        rate = run.last_rate if run.last_rate is not None else run.scheduler.get_last_lr()[0]
        result = EpochResult(epoch_index + 1, run.settings.epochs, sum(epoch_losses) / max(len(epoch_losses), 1),
                             evaluation.loss, evaluation.accuracy, rate, seconds)
        history["epochs"].append({
            "epoch": result.epoch, "train_loss": result.train_loss, "val_loss": result.val_loss,
            "val_accuracy": result.val_accuracy, "learning_rate": result.learning_rate,
            "seconds": result.seconds, "step": run.step,
        })
        return result

    def _check_accuracy(self, run: _Run, evaluation: Evaluation) -> None:
        """Once the run has seen enough samples, stop it if its validation accuracy is still near chance."""
        if run.settings.divergence_guard and run.samples_seen >= NOT_LEARNING_AFTER_SAMPLES \
                and evaluation.accuracy < NOT_LEARNING_ACCURACY:
            run.fall_back()
            raise _StopRun(self._not_learning(run, Text.of(QT_TRANSLATE_NOOP(
                "Training", "validation accuracy is {accuracy:.1%}"), {"accuracy": evaluation.accuracy})))

    def _save_checkpoint(self, run: _Run, epoch_index: int, batch_index: int) -> Path:
        """A resumable checkpoint: the run continues at batch ``batch_index`` of epoch ``epoch_index`` (0-based)."""
        settings, history = run.settings, run.history
        metadata = {"settings": settings.to_dict(), "epoch": epoch_index, "history": history}
        training_state = {
            "optimizer": run.optimizer.state_dict(), "scheduler": run.scheduler.state_dict(),
            "epoch_index": epoch_index, "batch_index": batch_index, "step": run.step,
            "total_steps": run.total_steps, "settings": settings.to_dict(), "history": history,
        }
        if run.average is not None:  # the file's network is the average (a stopped run's model so far)
            training_state["trained_weights"] = _copy_state(run.model)
            training_state["average"] = run.average.state_dict()
        path = save_weights(self.checkpoint_file, run.result_model, settings.architecture, metadata,
                            training_state=training_state)
        self._emit("on_checkpoint", path)
        return path

    def _stopped(self, run: _Run, batches_done: int) -> FitResult:
        path = self._save_checkpoint(run, run.epoch_index, batches_done)
        result = FitResult("stopped", len(run.history["epochs"]), run.history, checkpoint_path=path)
        self._emit("on_fit_end", result)
        return result

    def _completed(self, run: _Run) -> FitResult:
        settings, history, model = run.settings, run.history, run.result_model
        evaluation = evaluate(model, run.test, run.device, MNIST_MEAN, MNIST_STD)
        metrics = {
            "test_accuracy": evaluation.accuracy, "test_loss": evaluation.loss, "test_samples": evaluation.samples,
            "per_class_accuracy": evaluation.per_class_accuracy, "confusion": evaluation.confusion,
        }
        if history["epochs"]:
            metrics.update({k: history["epochs"][-1][k] for k in ("val_accuracy", "val_loss")})
        metadata = {"settings": settings.to_dict(), "epoch": len(history["epochs"]), "metrics": metrics,
                    "history": history, "parameters": parameter_count(model)}
        model.to("cpu")
        path = save_weights(self.out_path, model.to(memory_format=torch.contiguous_format), settings.architecture,
                            metadata)
        self.checkpoint_file.unlink(missing_ok=True)  # the run is complete: nothing left to resume
        result = FitResult("completed", len(history["epochs"]), history, metrics, weights_path=path)
        self._emit("on_fit_end", result)
        return result

    # --- failure messages
    @staticmethod
    def _advice(run: _Run) -> dict[str, Any]:
        """What to do, and what became of the weights: the parameters the failure templates end with."""
        rate = run.settings.learning_rate
        lr_advice = Text.of(QT_TRANSLATE_NOOP(
            "Training", "Lower the learning rate (now {rate:g}), e.g. to {lower:g}, or use the "
                        "\"Fast (default)\" preset."), {"rate": rate, "lower": rate / 10})
        if run.good_epoch:
            kept = Text.of(QT_TRANSLATE_NOOP(
                "Training", "The weights of epoch {epoch}, the last good ones, are kept in the checkpoint."),
                {"epoch": run.good_epoch})
        else:
            kept = Text.of(QT_TRANSLATE_NOOP("Training", "No weights were saved; the weights you had are unchanged."))
        return {"advice": lr_advice, "kept": kept}

    def _diverged(self, run: _Run, step_index: int, value: float) -> TrainingFailure:
        return TrainingFailure.of("diverged", Text.of(QT_TRANSLATE_NOOP(
            "Training", "Training diverged in epoch {epoch}, batch {batch}: the loss became {value}. {advice} {kept}"),
            {"epoch": run.epoch_index + 1, "batch": step_index % run.per_epoch + 1, "value": value,
             **self._advice(run)}))

    def _not_learning(self, run: _Run, evidence: Text) -> TrainingFailure:
        return TrainingFailure.of("not_learning", Text.of(QT_TRANSLATE_NOOP(
            "Training", "The run is not learning: {evidence}. {advice} {kept}"),
            {"evidence": evidence, **self._advice(run)}))
