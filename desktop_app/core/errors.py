"""The one base class of every error meant for people rather than programmers.

A :class:`UserError`'s message is one line that names what is wrong (and usually what to do): the
CLI prints it after ``digit-studio: error:``, the GUI shows it in a message bar or banner, and a
training run that ends with one reports it as its :class:`~desktop_app.core.training.TrainingFailure`.
Anything else that escapes is a bug and may show a traceback.
"""

from __future__ import annotations

import errno

_OS_REASONS = {
    errno.ENOSPC: "the disk is full", errno.EACCES: "permission denied", errno.EPERM: "permission denied",
    errno.EROFS: "the disk is read-only", errno.ENAMETOOLONG: "the name is too long",
}


class UserError(Exception):
    """A failure the user caused or can fix; ``str(error)`` is the one-line message."""

    #: The ``TrainingFailure.kind`` when this error ends a training run.
    failure_kind = "error"
    #: How a training run's failure message presents it; ``{}`` is the error's message.
    failure_template = "{}"

    def failure_message(self) -> str:
        """The message as a training run reports it."""
        return self.failure_template.format(self)


def os_reason(exc: BaseException) -> str:
    """An operating-system error in a few words for people ("the disk is full")."""
    code = getattr(exc, "errno", None)
    if code == errno.ENOSPC or "No space left" in str(exc):
        return _OS_REASONS[errno.ENOSPC]
    return _OS_REASONS.get(code) or getattr(exc, "strerror", None) or str(exc)
