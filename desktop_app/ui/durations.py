"""A length of time in words, for the training panel's ETA and the settings dialog's estimate (a module
of its own: the dialog, a view, must not import the run messages, which know the core's training loop)."""

from __future__ import annotations

from ..core.texts import Context

#: The translation context of these words (shared with the run messages that first had them).
TrainingMessages = Context("TrainingMessages")


def duration(seconds: float) -> str:
    """``"45 s"``, ``"3 min 07 s"``, ``"2 h 05 min"``: as precise as an estimate deserves."""
    seconds = max(0, round(seconds))
    if seconds < 60:
        return TrainingMessages.tr("{seconds} s").format(seconds=seconds)
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return TrainingMessages.tr("{minutes} min {seconds:02d} s").format(minutes=minutes, seconds=seconds)
    hours, minutes = divmod(minutes, 60)
    return TrainingMessages.tr("{hours} h {minutes:02d} min").format(hours=hours, minutes=minutes)
