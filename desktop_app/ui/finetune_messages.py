"""The end of a fine-tune in the training panel: keep the new model in the library under the samples'
name and say how it compares, on the held-out samples and on MNIST, and whether to use it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ..core.errors import UserError
from .i18n import error_text, percent


def _pair(before: float | None, after: float | None) -> str:
    if before is None or after is None:
        return "-"
    return f"{percent(before, 2)} \u2192 {percent(after, 2)}"


def report_lines(report) -> list[str]:
    """The core's FineTuneReport in the GUI's language: held-out samples, MNIST, what it trained on."""
    translate = QCoreApplication.translate
    lines = [translate("finetune", "Your held-out samples ({count}): {change}").format(
                 count=report.samples_held_out, change=_pair(report.before, report.after)),
             translate("finetune", "MNIST test: {change}").format(change=_pair(report.mnist_before, report.mnist_after)),
             translate("finetune", "Trained on {count} of your samples").format(count=report.samples_train)]
    if report.missing_digits:
        lines.append(translate("finetune", "No samples of {digits}: the model learned nothing new about those digits.")
                     .format(digits=", ".join(map(str, report.missing_digits))))
    return lines


def verdict(report) -> str:
    """Whether to use the new model, and why (the core's FineTuneReport.verdict, translated)."""
    from ..core.finetune import MAX_MNIST_LOSS  # after a run: torch is loaded

    translate = QCoreApplication.translate
    if report.after is None or report.mnist_after is None:
        return translate("finetune", "The run did not finish: nothing to judge.")
    if report.recommended:
        return translate("finetune", "Recommended: it reads your held-out samples better and MNIST about as well.")
    if not report.better_on_samples:
        return translate("finetune", "Not recommended: it reads your held-out samples no better than the model "
                                     "it started from.")
    return translate("finetune", "Not recommended: it loses {points} points on MNIST (at most {allowed} allowed).").format(
        points=f"{100 * (report.mnist_before - report.mnist_after):.2f}", allowed=f"{100 * MAX_MNIST_LOSS:.1f}")


def keep_finetune(plan, result, device: str | None):
    """A completed fine-tune's model into the library: its entry, or the UserError that stopped it;
    None for a run that did not complete. Called in the training thread (TrainingWorker's
    ``keep_result``): adding checksums the weights file, a long stall on the GUI thread for a big network."""
    if result.status != "completed":
        return None
    from ..core.finetune import keep_in_library

    try:
        return keep_in_library(plan, result.weights_path, device)
    except UserError as error:
        return error


def finish_finetune(plan, result, trainer, kept) -> tuple[str | None, list[str]]:
    """The banner (None: none) and the log lines for a fine-tune's end, ``kept`` being what
    :func:`keep_finetune` returned (or the exception it raised); a stopped or failed run leaves no
    checkpoint behind (a fine-tune is started again, not resumed)."""
    if result.status != "completed":
        trainer.checkpoint_file.unlink(missing_ok=True)
        if result.status == "stopped":
            return None, [QCoreApplication.translate(
                "finetune", "Fine-tune stopped; nothing was kept. Train on my handwriting starts it again.")]
        return None, []
    report = plan.report
    lines = report_lines(report)
    if isinstance(kept, Exception):  # the library's UserError, or a fault it did not foresee
        error = error_text(kept) if isinstance(kept, UserError) else f"{type(kept).__name__}: {kept}"
        lines.append(QCoreApplication.translate(
            "finetune", "The weights are saved at {path} but could not be kept as a model: {error}").format(
            path=result.weights_path, error=error))
    elif kept is not None:
        lines.append(QCoreApplication.translate("finetune", "Kept as the model \u201c{name}\u201d ({id}).").format(
            name=kept.name, id=kept.id))
    if report.recommended:
        advice = QCoreApplication.translate("finetune", "Choose \"Use new weights\" to read your digits with it.")
    else:
        advice = QCoreApplication.translate("finetune", "Keep the model you have; the new one stays in the Model menu.")
    lines.append(verdict(report))
    banner = f"{lines[0]}; {lines[1]}. {verdict(report)} {advice}"
    return banner, lines
