"""The one base class of every error meant for people rather than programmers.

A :class:`UserError`'s message is one line that names what is wrong (and usually what to do): the
CLI prints it after ``digit-studio: error:``, the GUI shows it in a message bar or banner, and a
training run that ends with one reports it as its :class:`~desktop_app.core.training.TrainingFailure`.
Anything else that escapes is a bug and may show a traceback.
"""

from __future__ import annotations


class UserError(Exception):
    """A failure the user caused or can fix; ``str(error)`` is the one-line message."""

    #: The ``TrainingFailure.kind`` when this error ends a training run.
    failure_kind = "error"
    #: How a training run's failure message presents it; ``{}`` is the error's message.
    failure_template = "{}"

    def failure_message(self) -> str:
        """The message as a training run reports it."""
        return self.failure_template.format(self)
