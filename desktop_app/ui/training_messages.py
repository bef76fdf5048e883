"""What the training panel says: the core's run events turned into the lines and banners a user reads.

Plain functions from the core's values to strings, with no Qt, so they are tested without a window
(tests/test_training_messages.py) and the view only ever receives text. They speak the GUI's language
through :class:`~desktop_app.core.texts.Context` (English until ``ui/i18n.py`` installs a translator);
``TrainingMessages.tr(...)`` is what ``pyside6-lupdate`` extracts, plural forms (``%Ln``) included.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.model_library import SHIPPED_ID
from ..core.settings import OPTIMIZERS, PRESETS, TrainingSettings, recipe_name
from ..core.texts import QT_TRANSLATE_NOOP, Context, translated, translated_name
from .durations import duration

if TYPE_CHECKING:
    from ..core.training import BatchProgress, EpochResult, FitInfo, FitResult, TrainingFailure

#: The translation context of these sentences.
TrainingMessages = Context("TrainingMessages")

#: The status line's first word once a run has ended, by FitResult.status.
OUTCOMES = {"completed": QT_TRANSLATE_NOOP("TrainingMessages", "Finished"),
            "stopped": QT_TRANSLATE_NOOP("TrainingMessages", "Stopped"),
            "failed": QT_TRANSLATE_NOOP("TrainingMessages", "Failed")}


def model_name(entry) -> str:
    """A library model's name as the GUI shows it: the shipped model's and the names the app made up
    ("Fast (default), 2025-01-14 15:30") in the GUI's language; a name the user gave, as it is.

    The library keeps the English names: the CLI lists the same models (``models list``)."""
    if entry.id == SHIPPED_ID:
        return TrainingMessages.tr("Shipped weights")
    for preset in PRESETS.values():
        if entry.name.startswith(f"{preset.name}, "):
            return translated_name(preset.name) + TrainingMessages.tr(", ") + entry.name[len(preset.name) + 2:]
    return entry.name


def epochs(n: int) -> str:
    """``"1 epoch"``, ``"8 epochs"``."""
    return TrainingMessages.tr("%Ln epoch(s)", "", n)


def batches(n: int) -> str:
    """``"1 batch"``, ``"1,250 batches"``."""
    return TrainingMessages.tr("%Ln batch(es)", "", n)


def recipe_title(settings: TrainingSettings) -> str:
    """The preset's name ("Fast (default)") or "Custom", in the GUI's language."""
    return translated_name(recipe_name(settings))


def idle_status(settings: TrainingSettings, outcome: str | None = None) -> str:
    """The status line between runs: how the last one ended (if it did) and what Start would train."""
    next_run = TrainingMessages.tr("Next run: {recipe}, {epochs}, device {device}.").format(
        recipe=recipe_title(settings), epochs=epochs(settings.epochs), device=settings.device)
    if outcome:
        return TrainingMessages.tr("{outcome}. {next_run}").format(outcome=outcome, next_run=next_run)
    return TrainingMessages.tr("Ready. {next_run}").format(next_run=next_run)


def outcome(result: FitResult) -> str:
    word = OUTCOMES.get(result.status)
    return translated_name(word) if word is not None else TrainingMessages.tr("Idle")


def steps_done(info: FitInfo) -> int:
    """Batches the run had done before this start: none for a new run, more for a resumed one."""
    return (info.start_epoch - 1) * info.batches_per_epoch + info.start_batch


def recipe(info: FitInfo) -> str:
    s = info.settings
    return TrainingMessages.tr(
        "{recipe}: {architecture} ({parameters:,} parameters), {optimizer}, lr {rate:g}, batch {batch}").format(
        recipe=recipe_title(s), architecture=s.architecture, parameters=info.parameters,
        optimizer=translated_name(OPTIMIZERS.get(s.optimizer, s.optimizer)), rate=s.learning_rate,
        batch=s.batch_size)


def fit_started_line(info: FitInfo) -> str:
    """The log's first line for a run: where it starts (or resumes) and with what recipe."""
    if steps_done(info):
        return TrainingMessages.tr(
            "Resumed at epoch {epoch}, batch {batch} of {per_epoch} on {device}. {recipe}.").format(
            epoch=info.start_epoch, batch=info.start_batch + 1, per_epoch=info.batches_per_epoch,
            device=translated_name(info.device), recipe=recipe(info))
    shape = TrainingMessages.tr("{epochs} of {batches}").format(
        epochs=epochs(info.settings.epochs), batches=batches(info.batches_per_epoch))
    return TrainingMessages.tr(
        "Started on {device}: {train:,} training / {validation:,} validation samples, {shape}. {recipe}.").format(
        device=translated_name(info.device), train=info.train_samples, validation=info.val_samples, shape=shape, recipe=recipe(info))


def epoch_label(epoch: int, epochs: int) -> str:
    return TrainingMessages.tr("Epoch {epoch}/{epochs}").format(epoch=epoch, epochs=epochs)


def epoch_line(result: EpochResult) -> str:
    """The log's line for an epoch's end (the core's ``EpochResult.summary``, in the GUI's language)."""
    return TrainingMessages.tr(
        "epoch {epoch}/{epochs}: train loss {train_loss:.4f}, val loss {val_loss:.4f}, "
        "val accuracy {accuracy:.2%} ({seconds:.1f} s)").format(
        epoch=result.epoch, epochs=result.epochs, train_loss=result.train_loss, val_loss=result.val_loss,
        accuracy=result.val_accuracy, seconds=result.seconds)


def rate_line(progress: BatchProgress) -> str:
    return TrainingMessages.tr("{rate:,.0f} samples/s · ETA {eta} · loss {loss:.4f} · lr {lr:.2g}").format(
        rate=progress.samples_per_second, eta=duration(progress.eta_seconds), loss=progress.loss,
        lr=progress.learning_rate)


def failure_text(failure: TrainingFailure) -> str:
    """The core's own message, plus what a failed save means for the user's weights."""
    message = translated(failure.text) if failure.text is not None else failure.message
    if failure.kind == "save_failed":
        return TrainingMessages.tr("{message} Your previous weights are unchanged.").format(message=message)
    return message


def completed_texts(result: FitResult, kept=None, active=None) -> tuple[str, str]:
    """The result banner and the log line for a completed run; ``kept`` is its model-library entry and
    ``active`` the model in use (ModelEntry objects, or None): switching is recommended only when the
    new model is better on the test set."""
    accuracy = result.metrics.get("test_accuracy")
    if accuracy is None:
        text = TrainingMessages.tr("Finished.")
    else:
        text = TrainingMessages.tr("Test accuracy {accuracy:.2%}.").format(accuracy=accuracy)
    line = TrainingMessages.tr("Finished: {result} Weights saved to {path}.").format(
        result=text, path=result.weights_path)
    if kept is not None:
        line += TrainingMessages.tr(" Kept as the model \u201c{name}\u201d ({id}).").format(name=model_name(kept), id=kept.id)
    in_use = active.test_accuracy if active is not None else None
    if accuracy is None or in_use is None:
        banner = TrainingMessages.tr(
            "Training finished. {result} The new weights are saved; choose \"Use new weights\" to read your "
            "digits with them.").format(result=text)
    elif accuracy > in_use:
        banner = TrainingMessages.tr(
            "Training finished. Test accuracy {accuracy:.2%}, better than the model in use ({name}, "
            "{in_use:.2%}): choose \"Use new weights\" to read your digits with it.").format(
            accuracy=accuracy, name=model_name(active), in_use=in_use)
    else:
        banner = TrainingMessages.tr(
            "Training finished. Test accuracy {accuracy:.2%}, not better than the model in use ({name}, "
            "{in_use:.2%}): keep using it. The new model is kept in the Model menu.").format(
            accuracy=accuracy, name=model_name(active), in_use=in_use)
    return banner, line


def stopped_line(result: FitResult) -> str:
    done = len(result.history.get("batch_loss", []))
    return TrainingMessages.tr(
        "Stopped after {batches} ({epochs}); \"Resume last run\" continues from the checkpoint.").format(
        batches=batches(done), epochs=TrainingMessages.tr("%Ln full epoch(s)", "", result.epochs_done))


def kept_line(entry) -> str:
    """The log line for a stopped run's weights so far, kept as a model (a ModelEntry)."""
    return TrainingMessages.tr("Kept as the model \u201c{name}\u201d ({id}).").format(name=model_name(entry), id=entry.id)


def not_kept_line(error: Exception) -> str:
    """The log line when keeping a run as a model went wrong in a way the library did not foresee."""
    return TrainingMessages.tr("The run could not be kept as a model: {error}").format(
        error=f"{type(error).__name__}: {error}")
