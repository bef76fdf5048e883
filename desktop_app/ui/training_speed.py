"""How fast this machine trained, per architecture, device and precision as the user chose them, so the settings
dialog can estimate a run's time before it starts (QSettings group ``speed``)."""

from __future__ import annotations

from ..core.non_digits import NON_DIGIT_SHARE
from ..core.pen_digits import PEN_DIGIT_REPEAT, SHIPPED_PEN_DIGITS
from ..core.settings import TrainingSettings
from .qsettings import app_settings

#: MNIST's training images, before the validation split.
MNIST_TRAIN_IMAGES = 60_000


def _key(settings: TrainingSettings) -> str:
    key = f"speed/{settings.architecture}/{settings.device.replace(':', '_')}"
    # A precision chosen by hand runs at its own speed; "auto" keeps the key runs had before the setting.
    return key if settings.precision == "auto" else f"{key}/{settings.precision}"


def record_speed(settings: TrainingSettings, samples_per_second: float) -> None:
    """Remember the speed a run of ``settings`` reached (the last progress report of the run)."""
    if samples_per_second > 0:
        store = app_settings()
        store.setValue(_key(settings), float(samples_per_second))


def measured_speed(settings: TrainingSettings) -> float | None:
    """Samples per second of the last run with this architecture and device, or None."""
    try:
        value = float(app_settings().value(_key(settings), 0.0))
    except (TypeError, ValueError):  # a hand-edited settings file
        return None
    return value if value > 0 else None


def training_samples(settings: TrainingSettings) -> int:
    """Images one epoch trains on: MNIST less the validation share, the non-digit drawings (a new run
    learns "not a digit") and the pen digits when the recipe has them; or the subset, which keeps its size."""
    mnist = round(MNIST_TRAIN_IMAGES * (1 - settings.val_ratio))
    if settings.train_subset:
        return min(mnist, settings.train_subset)
    pen = SHIPPED_PEN_DIGITS * PEN_DIGIT_REPEAT if settings.pen_digits else 0
    return mnist + round(mnist * NON_DIGIT_SHARE) + pen


def estimated_seconds(settings: TrainingSettings) -> float | None:
    """The run's time at the measured speed (validation and start-up left out), or None unmeasured."""
    speed = measured_speed(settings)
    if speed is None:
        return None
    return settings.epochs * training_samples(settings) / speed
