"""Training settings in QSettings: a round trip, and a damaged file falling back field by field."""

from __future__ import annotations

from desktop_app.core.settings import PRESETS, TrainingSettings
from desktop_app.ui.qsettings import app_settings
from desktop_app.ui.settings_store import GROUP, load_training_settings, save_training_settings


def test_nothing_stored_gives_the_defaults():
    assert load_training_settings() == TrainingSettings()


def test_round_trip_keeps_every_field_and_type():
    settings = PRESETS["seed"].settings.with_changes(train_subset=1000, seed=4_000_000_000, device="cpu",
                                                     divergence_guard=False)
    save_training_settings(settings)
    assert load_training_settings() == settings
    save_training_settings(TrainingSettings())
    assert load_training_settings().train_subset is None


def test_an_invalid_stored_value_falls_back_to_its_default_only():
    save_training_settings(TrainingSettings(epochs=3))
    store = app_settings()
    store.setValue(f"{GROUP}/learning_rate", "abc")
    store.setValue(f"{GROUP}/batch_size", "-5")
    store.setValue(f"{GROUP}/not_a_field", "1")
    store.sync()
    assert load_training_settings() == TrainingSettings(epochs=3)


def test_a_stored_value_that_does_not_parse_falls_back_instead_of_raising():
    store = app_settings()
    store.setValue(f"{GROUP}/train_subset", "abc")  # raised while the main window was being built
    store.setValue(f"{GROUP}/epochs", "1.5")
    store.setValue(f"{GROUP}/augment", "false")
    store.sync()
    assert load_training_settings() == TrainingSettings(augment=False)
