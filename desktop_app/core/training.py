"""The one training loop, used by the CLI and the GUI alike.

It knows nothing of Qt or terminals: it reports through :class:`Callback` hooks that do nothing by
default (as in Lightning), and a UI subscribes with a callback of its own. Stop and pause are
cooperative flags read at every batch. Each epoch ends with a checkpoint holding the optimizer and
scheduler state, and a stop mid-epoch writes one at the exact batch, so a resumed run continues
where it left off, with the same data order. A guard stops runs that diverge (NaN/inf loss) or do
not learn, and keeps the last good weights.
"""

from __future__ import annotations

import copy
import math
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

from . import data as data_mod
from .data import DigitData
from .devices import describe_device, resolve_device
from .errors import UserError
from .model import MNIST_MEAN, MNIST_STD, create_model, parameter_count
from .paths import checkpoint_path, trained_weights_path
from .settings import TrainingSettings
from .weights import WeightsError, load_weights, save_weights

#: Below this many samples a run is too young to judge whether it learns.
NOT_LEARNING_AFTER_SAMPLES = 5_000
#: Mean loss above this (chance level is ln 10 = 2.30) after that many samples means "not learning".
NOT_LEARNING_LOSS = 2.2
NOT_LEARNING_ACCURACY = 0.2


# --------------------------------------------------------------------------------------------- events
@dataclass(frozen=True)
class FitInfo:
    settings: TrainingSettings
    device: str
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
    message: str
    retry_on_cpu: bool = False


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


# --------------------------------------------------------------------------------------------- helpers
@dataclass(frozen=True)
class Evaluation:
    loss: float
    accuracy: float
    per_class_accuracy: list[float]
    confusion: list[list[int]]  # confusion[true][predicted]
    samples: int


@torch.no_grad()
def evaluate(model: nn.Module, data: DigitData, device: torch.device | str = "cpu",
             mean: float = MNIST_MEAN, std: float = MNIST_STD, batch_size: int = 1000) -> Evaluation:
    """Loss, accuracy, per-class accuracy and confusion matrix of ``model`` on ``data``."""
    was_training = model.training
    model.eval()
    confusion = torch.zeros(10, 10, dtype=torch.long)
    total_loss = 0.0
    for inputs, labels in data_mod.evaluation_batches(data, batch_size, mean, std, device):
        logits = model(inputs)
        total_loss += F.cross_entropy(logits, labels, reduction="sum").item()
        predicted = logits.argmax(1)
        confusion += torch.bincount(labels.cpu() * 10 + predicted.cpu(), minlength=100).view(10, 10)
    model.train(was_training)
    n = max(len(data), 1)
    per_class = (confusion.diag().float() / confusion.sum(1).clamp(min=1).float()).tolist()
    return Evaluation(total_loss / n, confusion.diag().sum().item() / n, per_class, confusion.tolist(), len(data))


def _make_optimizer(settings: TrainingSettings, model: nn.Module) -> torch.optim.Optimizer:
    params = model.parameters()
    if settings.optimizer == "adam":
        return torch.optim.Adam(params, lr=settings.learning_rate, weight_decay=settings.weight_decay)
    if settings.optimizer == "adamw":
        return torch.optim.AdamW(params, lr=settings.learning_rate, weight_decay=settings.weight_decay)
    return torch.optim.SGD(params, lr=settings.learning_rate, momentum=settings.momentum,
                           weight_decay=settings.weight_decay, nesterov=settings.momentum > 0)


def _make_scheduler(settings: TrainingSettings, optimizer, total_steps: int):
    """Stepped once per batch."""
    if settings.lr_schedule == "onecycle":
        return torch.optim.lr_scheduler.OneCycleLR(
            optimizer, max_lr=settings.learning_rate, total_steps=max(total_steps, 2), pct_start=0.2,
            cycle_momentum=settings.optimizer == "sgd",
        )
    if settings.lr_schedule == "cosine":
        return torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=max(total_steps, 1))
    if settings.lr_schedule == "step":
        milestones = [int(total_steps * 0.5), int(total_steps * 0.75)]
        return torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones=milestones, gamma=0.1)
    return torch.optim.lr_scheduler.LambdaLR(optimizer, lambda _step: 1.0)


def _copy_state(model: nn.Module) -> dict[str, torch.Tensor]:
    """The weights as they are now. Tensor clones release the GIL; ``copy.deepcopy`` of the seed's 60 MB
    of weights held it for up to 16 ms at each epoch end (a GUI thread waits for it)."""
    return {name: tensor.detach().clone() for name, tensor in model.state_dict().items()}


def empty_history() -> dict[str, Any]:
    """``batch_loss``: every batch's training loss in order; ``epochs``: one dict per finished epoch."""
    return {"batch_loss": [], "epochs": []}


# --------------------------------------------------------------------------------------------- trainer
class Trainer:
    """Trains one run. Create it, add callbacks, call :meth:`fit` (blocking; run it in a thread for a UI)."""

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
    ) -> None:
        self.settings = settings.check()
        self.callbacks = list(callbacks or [])
        self.out_path = Path(out_path) if out_path else trained_weights_path()
        self.checkpoint_file = Path(checkpoint) if checkpoint else checkpoint_path()
        self.resume_from = Path(resume_from) if resume_from else None
        self._train_data = train_data
        self._test_data = test_data
        self._stop = threading.Event()
        self._running = threading.Event()  # cleared while paused
        self._running.set()
        self.model: nn.Module | None = None
        self.device: torch.device | None = None

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
            failure = TrainingFailure(
                "cuda_oom", "The GPU ran out of memory. Lower the batch size, or train on the CPU.", True
            )
        except UserError as exc:  # bad data, device, checkpoint or disk: each says what is wrong
            failure = TrainingFailure(exc.failure_kind, exc.failure_message())
        except RuntimeError as exc:
            text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            if "CUDA" in text or "cuda" in text or "cuDNN" in text:
                failure = TrainingFailure("cuda_error", f"CUDA error: {text}. Training on the CPU may work.", True)
            else:
                failure = TrainingFailure("error", f"Training failed: {text}")
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
        settings = self.settings
        history = self._history
        state: dict[str, Any] | None = None
        resumed_weights = None
        if self.resume_from is not None:
            resumed_weights = load_weights(self.resume_from)
            state = resumed_weights.training_state
            if state is None:
                raise WeightsError(f"{self.resume_from}: is a weights file, not a training checkpoint")
            stored = TrainingSettings.from_dict(state.get("settings", {}))
            # The run continues with its own recipe; only the device (and a longer run) may change.
            settings = stored.with_changes(device=settings.device, epochs=max(stored.epochs, settings.epochs))
            self.settings = settings
            history = state.get("history") or history

        self.device = device = resolve_device(settings.device)
        torch.manual_seed(settings.seed)
        train, val, test = self._load_data(settings)
        mean, std = MNIST_MEAN, MNIST_STD

        model = resumed_weights.model if resumed_weights else create_model(settings.architecture)
        model.to(device)
        if device.type == "cpu":
            model = model.to(memory_format=torch.channels_last)  # measured ~1.5x faster convolutions
        self.model = model
        optimizer = _make_optimizer(settings, model)
        per_epoch = data_mod.batches_per_epoch(len(train), settings.batch_size)
        total_steps = per_epoch * settings.epochs
        scheduler = _make_scheduler(settings, optimizer, total_steps)
        start_epoch, start_batch = 0, 0
        if state is not None:
            optimizer.load_state_dict(state["optimizer"])
            if state.get("total_steps") == total_steps:
                scheduler.load_state_dict(state["scheduler"])
            else:  # the run was lengthened: keep the schedule's position, stretched to the new length
                for _ in range(state.get("step", 0)):
                    scheduler.step()
            # batch_index == per_epoch: stopped after the last batch, before validation; the loop
            # below then runs no batch and goes straight to that epoch's validation.
            start_epoch, start_batch = int(state["epoch_index"]), int(state["batch_index"])

        self._history = history
        self._emit("on_fit_start", FitInfo(settings, describe_device(device), parameter_count(model), len(train),
                                           len(val), per_epoch, start_epoch + 1, start_batch,
                                           copy.deepcopy(history)))
        last_good = _copy_state(model)
        good_epoch = len(history["epochs"])
        samples_seen = len(history["batch_loss"]) * settings.batch_size
        criterion = nn.CrossEntropyLoss(label_smoothing=settings.label_smoothing)
        step = start_epoch * per_epoch + start_batch
        # Materialise losses in groups on a GPU (each .item() is a device sync); every batch on the CPU.
        flush_every = 1 if device.type == "cpu" else 16
        run_started = time.perf_counter()
        run_paused = 0.0
        steps_at_start = step

        for epoch_index in range(start_epoch, settings.epochs):
            model.train()
            epoch_started = time.perf_counter()
            epoch_paused = 0.0
            first_batch = start_batch if epoch_index == start_epoch else 0
            pending: list[torch.Tensor] = []

            def flush() -> None:
                """Report the pending losses: one device sync for the group."""
                nonlocal samples_seen
                values = torch.stack(pending).tolist()
                pending.clear()
                first_step = step - len(values)
                for offset, value in enumerate(values):
                    done = first_step + offset + 1
                    if not math.isfinite(value):
                        model.load_state_dict(last_good)
                        raise _StopRun(self._diverged(settings, epoch_index, done - 1, per_epoch, value, good_epoch))
                    history["batch_loss"].append(value)
                    samples_seen += settings.batch_size
                    elapsed = time.perf_counter() - run_started - run_paused
                    rate = (done - steps_at_start) * settings.batch_size / max(elapsed, 1e-9)
                    remaining = (total_steps - done) * settings.batch_size / max(rate, 1e-9)
                    self._emit("on_batch_end", BatchProgress(
                        epoch_index + 1, settings.epochs, (done - 1) % per_epoch + 1, per_epoch, value, done,
                        total_steps, scheduler.get_last_lr()[0], rate, remaining,
                    ))
                if settings.divergence_guard:
                    self._check_learning(settings, history, samples_seen, good_epoch, last_good, model)

            for batch_index, inputs, labels in data_mod.iterate_batches(
                train, settings.batch_size, seed=settings.seed, epoch=epoch_index, start_batch=first_batch,
                augment_images=settings.augment, mean=mean, std=std, device=device,
            ):
                if not self._running.is_set():
                    waited = self._wait_while_paused()
                    epoch_paused += waited
                    run_paused += waited
                if self._stop.is_set():
                    if pending:
                        flush()
                    return self._stopped(model, optimizer, scheduler, settings, history, epoch_index,
                                         batch_index, step, total_steps)
                if device.type == "cpu":
                    inputs = inputs.contiguous(memory_format=torch.channels_last)
                # Dropout draws from the global generator: seeding it per batch makes a resumed run
                # take exactly the steps the uninterrupted run would have taken.
                torch.manual_seed(settings.seed * 1_000_003 + step)
                optimizer.zero_grad(set_to_none=True)
                loss = criterion(model(inputs), labels)
                loss.backward()
                optimizer.step()
                scheduler.step()
                step += 1
                pending.append(loss.detach())
                if len(pending) >= flush_every or batch_index + 1 == per_epoch:
                    flush()

            if self._stop.is_set():  # don't make a stop wait for the validation pass
                return self._stopped(model, optimizer, scheduler, settings, history, epoch_index, per_epoch,
                                     step, total_steps)
            evaluation = evaluate(model, val, device, mean, std)
            seconds = time.perf_counter() - epoch_started - epoch_paused
            # From the history, so an epoch resumed part-way still averages all of its batches.
            epoch_losses = history["batch_loss"][epoch_index * per_epoch:(epoch_index + 1) * per_epoch]
            result = EpochResult(epoch_index + 1, settings.epochs, sum(epoch_losses) / max(len(epoch_losses), 1),
                                 evaluation.loss, evaluation.accuracy, scheduler.get_last_lr()[0], seconds)
            history["epochs"].append({
                "epoch": result.epoch, "train_loss": result.train_loss, "val_loss": result.val_loss,
                "val_accuracy": result.val_accuracy, "learning_rate": result.learning_rate,
                "seconds": result.seconds, "step": step,
            })
            if settings.divergence_guard and samples_seen >= NOT_LEARNING_AFTER_SAMPLES \
                    and evaluation.accuracy < NOT_LEARNING_ACCURACY:
                model.load_state_dict(last_good)
                raise _StopRun(self._not_learning(settings, f"validation accuracy is {evaluation.accuracy:.1%}",
                                                  good_epoch))
            last_good = _copy_state(model)
            good_epoch = result.epoch
            self._emit("on_epoch_end", result)
            self._save_checkpoint(model, optimizer, scheduler, settings, history, epoch_index + 1, 0, step,
                                  total_steps)

        return self._completed(model, settings, history, test, device, mean, std)

    def _wait_while_paused(self) -> float:
        started = time.perf_counter()
        self._emit("on_pause_changed", True)
        while not self._running.wait(0.05):
            pass
        self._emit("on_pause_changed", False)
        return time.perf_counter() - started

    def _check_learning(self, settings, history, samples_seen, good_epoch, last_good, model) -> None:
        if samples_seen < NOT_LEARNING_AFTER_SAMPLES:
            return
        window = max(20, 2_000 // settings.batch_size)
        recent = history["batch_loss"][-window:]
        mean_loss = sum(recent) / len(recent)
        if mean_loss > NOT_LEARNING_LOSS:
            model.load_state_dict(last_good)
            raise _StopRun(self._not_learning(
                settings, f"after {samples_seen:,} samples the loss is still {mean_loss:.2f} "
                          f"(chance level is 2.30, about 10% accuracy)", good_epoch))

    @staticmethod
    def _lr_advice(settings: TrainingSettings) -> str:
        lower = settings.learning_rate / 10
        return (f"Lower the learning rate (now {settings.learning_rate:g}), e.g. to {lower:g}, "
                f"or use the \"Fast (default)\" preset.")

    def _kept(self, good_epoch: int) -> str:
        if good_epoch:
            return f" The weights of epoch {good_epoch}, the last good ones, are kept in the checkpoint."
        return " No weights were saved; the weights you had are unchanged."

    def _diverged(self, settings, epoch_index, step_index, per_epoch, value, good_epoch) -> TrainingFailure:
        return TrainingFailure("diverged", (
            f"Training diverged in epoch {epoch_index + 1}, batch {step_index % per_epoch + 1}: the loss became "
            f"{value}. {self._lr_advice(settings)}{self._kept(good_epoch)}"))

    def _not_learning(self, settings, evidence: str, good_epoch: int) -> TrainingFailure:
        return TrainingFailure("not_learning", (
            f"The run is not learning: {evidence}. {self._lr_advice(settings)}{self._kept(good_epoch)}"))

    def _training_state(self, optimizer, scheduler, settings, history, epoch_index, batch_index, step, total_steps):
        return {
            "optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict(),
            "epoch_index": epoch_index, "batch_index": batch_index, "step": step, "total_steps": total_steps,
            "settings": settings.to_dict(), "history": history,
        }

    def _save_checkpoint(self, model, optimizer, scheduler, settings, history, epoch_index, batch_index, step,
                         total_steps) -> Path:
        metadata = {"settings": settings.to_dict(), "epoch": epoch_index, "history": history}
        path = save_weights(self.checkpoint_file, model, settings.architecture, metadata,
                            training_state=self._training_state(optimizer, scheduler, settings, history,
                                                                epoch_index, batch_index, step, total_steps))
        self._emit("on_checkpoint", path)
        return path

    def _stopped(self, model, optimizer, scheduler, settings, history, epoch_index, batch_index, step,
                 total_steps) -> FitResult:
        path = self._save_checkpoint(model, optimizer, scheduler, settings, history, epoch_index, batch_index,
                                     step, total_steps)
        result = FitResult("stopped", len(history["epochs"]), history, checkpoint_path=path)
        self._emit("on_fit_end", result)
        return result

    def _completed(self, model, settings, history, test, device, mean, std) -> FitResult:
        evaluation = evaluate(model, test, device, mean, std)
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
