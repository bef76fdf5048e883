"""The GUI's training settings, kept in the app's QSettings (group ``training``).

They load and save as the core's :class:`TrainingSettings`, the same object ``digit-studio train``
builds from its flags, so a run started from the GUI and one started from the CLI mean the same thing.
"""

from __future__ import annotations

from ..core.settings import NONE_WORDS, SETTINGS, TrainingSettings
from ..core.texts import translated_name
from .qsettings import app_settings

GROUP = "training"


def _stored_values() -> dict:
    store = app_settings()
    store.beginGroup(GROUP)
    try:
        return {key: store.value(key) for key in store.childKeys()}
    finally:
        store.endGroup()


def repair_training_settings() -> list[str]:
    """Reset every stored setting that does not parse or is not allowed to its default, and return
    their labels (in the GUI's language), so the user is told once (the file is fixed; the next start
    finds nothing)."""
    unusable = []
    for key, raw in _stored_values().items():
        spec = SETTINGS.get(key)
        if spec is None or raw is None or (spec.optional and isinstance(raw, str) and raw in NONE_WORDS):
            continue
        try:
            usable = spec.accepts(spec.parse(raw))
        except (TypeError, ValueError):
            usable = False
        if not usable:
            unusable.append(translated_name(spec.label))
    if unusable:
        save_training_settings(load_training_settings())
    return unusable


def load_training_settings() -> TrainingSettings:
    """The stored settings; a value that is missing or no longer valid falls back to its default.

    A file edited by hand or written by an older version must never stop training from starting,
    so each invalid field is dropped on its own rather than the whole group (``from_dict`` already
    gives a value that does not parse its default).
    """
    settings = TrainingSettings.from_dict(_stored_values())
    errors = settings.validate()
    if errors:
        settings = settings.with_changes(**{name: SETTINGS[name].default for name in errors})
    return settings


def save_training_settings(settings: TrainingSettings) -> None:
    """Store every field (refusing invalid settings: the dialog never offers them)."""
    settings.check()
    store = app_settings()
    store.beginGroup(GROUP)
    try:
        for name in SETTINGS:
            value = getattr(settings, name)
            # QSettings' ini format cannot tell None from "missing"; from_dict reads "" back as None.
            store.setValue(name, "" if value is None else value)
    finally:
        store.endGroup()
    store.sync()
