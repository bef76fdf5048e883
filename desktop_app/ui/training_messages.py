"""What the training panel says: the core's run events turned into the lines and banners a user reads.

Plain functions from the core's values to strings, with no Qt, so they are tested without a window
(tests/test_training_messages.py) and the view only ever receives text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.settings import OPTIMIZERS, TrainingSettings, recipe_name
from .durations import duration

if TYPE_CHECKING:
    from ..core.training import BatchProgress, FitInfo, FitResult, TrainingFailure

#: The status line's first word once a run has ended, by FitResult.status.
OUTCOMES = {"completed": "Finished", "stopped": "Stopped", "failed": "Failed"}


def count(n: int, one: str, many: str) -> str:
    """``"1 epoch"``, ``"1,250 batches"``."""
    return f"{n:,} {one if n == 1 else many}"


def idle_status(settings: TrainingSettings, outcome: str | None = None) -> str:
    """The status line between runs: how the last one ended (if it did) and what Start would train."""
    next_run = (f"Next run: {recipe_name(settings)}, {count(settings.epochs, 'epoch', 'epochs')}, "
                f"device {settings.device}.")
    return f"{outcome}. {next_run}" if outcome else f"Ready. {next_run}"


def outcome(result: FitResult) -> str:
    return OUTCOMES.get(result.status, "Idle")


def steps_done(info: FitInfo) -> int:
    """Batches the run had done before this start: none for a new run, more for a resumed one."""
    return (info.start_epoch - 1) * info.batches_per_epoch + info.start_batch


def recipe(info: FitInfo) -> str:
    s = info.settings
    return (f"{recipe_name(s)}: {s.architecture} ({info.parameters:,} parameters), "
            f"{OPTIMIZERS.get(s.optimizer, s.optimizer)}, lr {s.learning_rate:g}, batch {s.batch_size}")


def fit_started_line(info: FitInfo) -> str:
    """The log's first line for a run: where it starts (or resumes) and with what recipe."""
    per_epoch = info.batches_per_epoch
    if steps_done(info):
        return (f"Resumed at epoch {info.start_epoch}, batch {info.start_batch + 1} of {per_epoch} "
                f"on {info.device}. {recipe(info)}.")
    shape = f"{count(info.settings.epochs, 'epoch', 'epochs')} of {count(per_epoch, 'batch', 'batches')}"
    return (f"Started on {info.device}: {info.train_samples:,} training / {info.val_samples:,} "
            f"validation samples, {shape}. {recipe(info)}.")


def epoch_label(epoch: int, epochs: int) -> str:
    return f"Epoch {epoch}/{epochs}"


def rate_line(progress: BatchProgress) -> str:
    return (f"{progress.samples_per_second:,.0f} samples/s · ETA {duration(progress.eta_seconds)} · "
            f"loss {progress.loss:.4f} · lr {progress.learning_rate:.2g}")


def failure_text(failure: TrainingFailure) -> str:
    """The core's own message, plus what a failed save means for the user's weights."""
    if failure.kind == "save_failed":
        return f"{failure.message} Your previous weights are unchanged."
    return failure.message


def completed_texts(result: FitResult, kept=None, active=None) -> tuple[str, str]:
    """The result banner and the log line for a completed run; ``kept`` is its model-library entry and
    ``active`` the model in use (ModelEntry objects, or None): switching is recommended only when the
    new model is better on the test set."""
    accuracy = result.metrics.get("test_accuracy")
    text = f"Test accuracy {accuracy:.2%}." if accuracy is not None else "Finished."
    line = f"Finished: {text} Weights saved to {result.weights_path}."
    if kept is not None:
        line += f" Kept as the model \u201c{kept.name}\u201d ({kept.id})."
    in_use = active.test_accuracy if active is not None else None
    if accuracy is None or in_use is None:
        banner = (f"Training finished. {text} The new weights are saved; choose \"Use new weights\" to read "
                  f"your digits with them.")
    elif accuracy > in_use:
        banner = (f"Training finished. Test accuracy {accuracy:.2%}, better than the model in use "
                  f"({active.name}, {in_use:.2%}): choose \"Use new weights\" to read your digits with it.")
    else:
        banner = (f"Training finished. Test accuracy {accuracy:.2%}, not better than the model in use "
                  f"({active.name}, {in_use:.2%}): keep using it. The new model is kept in the Model menu.")
    return banner, line


def stopped_line(result: FitResult) -> str:
    done = len(result.history.get("batch_loss", []))
    return (f"Stopped after {count(done, 'batch', 'batches')} "
            f"({count(result.epochs_done, 'full epoch', 'full epochs')}); "
            "\"Resume last run\" continues from the checkpoint.")
