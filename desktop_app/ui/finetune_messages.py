"""The end of a fine-tune in the training panel: keep the new model in the library under the samples'
name and say how it compares, on the held-out samples and on MNIST, and whether to use it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ..core.errors import UserError
from .i18n import error_text


def _tr(text: str) -> str:
    return QCoreApplication.translate("finetune", text)


def finish_finetune(plan, result, trainer) -> tuple[str | None, list[str]]:
    """The banner (None: none) and the log lines for a fine-tune's end; a stopped or failed run leaves
    no checkpoint behind (a fine-tune is started again, not resumed)."""
    if result.status != "completed":
        trainer.checkpoint_file.unlink(missing_ok=True)
        if result.status == "stopped":
            return None, [_tr("Fine-tune stopped; nothing was kept. Train on my handwriting starts it again.")]
        return None, []
    from ..core.finetune import keep_in_library

    report = plan.report
    lines = [*report.lines()[:-1]]
    device = str(trainer.device) if trainer.device is not None else None
    try:
        entry = keep_in_library(plan, result.weights_path, device)
        lines.append(_tr("Kept as the model \u201c{name}\u201d ({id}).").format(name=entry.name, id=entry.id))
    except UserError as error:
        lines.append(_tr("The weights are saved at {path} but could not be kept as a model: {error}")
                     .format(path=result.weights_path, error=error_text(error)))
    advice = (_tr("Choose \"Use new weights\" to read your digits with it.") if report.recommended
              else _tr("Keep the model you have; the new one stays in the Model menu."))
    banner = f"{report.lines()[0]}; {report.lines()[1]}. {report.verdict()} " + advice
    return banner, lines
