"""The one base class of every error meant for people rather than programmers.

A :class:`UserError`'s message is one line that names what is wrong (and usually what to do): the
CLI prints it after ``digit-studio: error:``, the GUI shows it in a message bar or banner, and a
training run that ends with one reports it as its :class:`~desktop_app.core.training.TrainingFailure`.
Anything else that escapes is a bug and may show a traceback.

The message is kept as a :class:`~.texts.Text` (:attr:`UserError.text`): ``str(error)`` is English
(the CLI and logs), and the GUI shows the same parameters in its translated template. Raise with a
marked template and named parameters, ``WeightsError(QT_TRANSLATE_NOOP("WeightsError",
"{path}: file not found"), path=path)``; a plain string is shown as it is in every language.
"""

from __future__ import annotations

import errno

from .texts import QT_TRANSLATE_NOOP, Text

_OS_REASONS = {
    errno.ENOSPC: QT_TRANSLATE_NOOP("OsReason", "the disk is full"),
    errno.EACCES: QT_TRANSLATE_NOOP("OsReason", "permission denied"),
    errno.EPERM: QT_TRANSLATE_NOOP("OsReason", "permission denied"),
    errno.EROFS: QT_TRANSLATE_NOOP("OsReason", "the disk is read-only"),
    errno.ENAMETOOLONG: QT_TRANSLATE_NOOP("OsReason", "the name is too long"),
}


class UserError(Exception):
    """A failure the user caused or can fix; ``str(error)`` is the one-line message (English)."""

    #: The ``TrainingFailure.kind`` when this error ends a training run.
    failure_kind = "error"
    #: How a training run's failure message presents it; ``{error}`` is the error's message.
    failure_template = QT_TRANSLATE_NOOP("UserError", "{error}")

    def __init__(self, message: str | Text, /, **params: object) -> None:
        self.text = Text.of(message, params)
        super().__init__(str(self.text))

    def failure_text(self) -> Text:
        """The message as a training run reports it."""
        return Text.of(self.failure_template, {"error": self.text})

    def failure_message(self) -> str:
        """The message as a training run reports it, in English."""
        return str(self.failure_text())


def os_reason_text(exc: BaseException) -> Text:
    """An operating-system error in a few words for people ("the disk is full"), translatable."""
    code = getattr(exc, "errno", None)
    if code == errno.ENOSPC or "No space left" in str(exc):
        return Text.of(_OS_REASONS[errno.ENOSPC])
    known = _OS_REASONS.get(code)
    return Text.of(known if known is not None else getattr(exc, "strerror", None) or str(exc))


def os_reason(exc: BaseException) -> str:
    """An operating-system error in a few words for people, in English."""
    return str(os_reason_text(exc))


class DataError(UserError, RuntimeError):
    """Training data (MNIST, the pen digits) could not be found, unpacked, read or downloaded; the
    message says what to do."""

    failure_kind = "data"
