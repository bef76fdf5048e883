"""The training settings' one definition: the table, validation's words, stored-value coercion, presets."""

from __future__ import annotations

import dataclasses

import pytest

from desktop_app.core.errors import UserError
from desktop_app.core.settings import (
    NOT_PART_OF_A_PRESET,
    PRESETS,
    SETTINGS,
    Bounds,
    SettingsError,
    TrainingSettings,
    apply_preset,
    matching_preset,
    recipe_name,
    same_recipe,
)

# The words the dialog and the CLI have always shown; people (and tests) match on them.
MESSAGES = {
    "epochs": (0, "epochs must be a whole number from 1 to 1000"),
    "learning_rate": (0.0, "learning rate must be greater than 0 and at most 10"),
    "batch_size": (8193, "batch size must be a whole number from 1 to 8192"),
    "val_ratio": (0.9, "validation ratio must be between 0 and 0.9 (e.g. 0.2 keeps 20% for validation)"),
    "optimizer": ("rmsprop", "optimizer must be one of: adam, adamw, sgd"),
    "momentum": (1.0, "momentum must be at least 0 and below 1"),
    "weight_decay": (1.5, "weight decay must be between 0 and 1"),
    "lr_schedule": ("linear", "learning-rate schedule must be one of: onecycle, cosine, step, constant"),
    "architecture": ("resnet", "unknown architecture 'resnet'; choose one of: compact_cnn, quick_cnn, number_recognition"),
    "seed": (2**32, "random seed must be a whole number from 0 to 4294967295"),
    "label_smoothing": (0.5, "label smoothing must be at least 0 and below 0.5"),
    "device": ("", "device must be auto, cpu, cuda, cuda:N or mps"),
    "train_subset": (0, "training subset must be a positive number of samples"),
}


def test_every_field_is_defined_once_in_the_table():
    assert list(SETTINGS) == [f.name for f in dataclasses.fields(TrainingSettings)]
    defaults = TrainingSettings()
    for name, spec in SETTINGS.items():
        assert spec.name == name and spec.default == getattr(defaults, name)
        assert spec.label and spec.noun and spec.help, name
        assert spec.accepts(spec.default), name
    assert SETTINGS["train_subset"].optional and SETTINGS["train_subset"].kind is int
    assert SETTINGS["seed"].kind is int and SETTINGS["augment"].kind is bool


@pytest.mark.parametrize("name", sorted(MESSAGES))
def test_validation_says_the_same_words_as_ever(name):
    value, message = MESSAGES[name]
    assert TrainingSettings().with_changes(**{name: value}).validate() == {name: message}


def test_wrong_types_are_refused():
    assert set(TrainingSettings(epochs=2.0, learning_rate="0.1", augment="yes", seed=True).validate()) == {
        "epochs", "learning_rate", "augment", "seed"}
    assert "learning_rate" in TrainingSettings(learning_rate=float("nan")).validate()
    assert TrainingSettings(learning_rate=1).validate() == {}  # a whole number is a number


def test_check_raises_an_error_meant_for_people():
    with pytest.raises(SettingsError) as caught:
        TrainingSettings(epochs=0, learning_rate=-1).check()
    assert isinstance(caught.value, UserError) and isinstance(caught.value, ValueError)
    assert str(caught.value) == f"{MESSAGES['epochs'][1]}; {MESSAGES['learning_rate'][1]}"


@pytest.mark.parametrize(("bounds", "whole", "inside", "outside", "words"), [
    (Bounds(1, 1000), True, [1, 1000], [0, 1001], "a whole number from 1 to 1000"),
    (Bounds(0, 10, include_low=False), False, [1e-9, 10], [0, 10.1], "greater than 0 and at most 10"),
    (Bounds(0, 0.9, include_low=False, include_high=False), False, [0.5], [0, 0.9], "between 0 and 0.9"),
    (Bounds(0, 1), False, [0, 1], [-0.1, 1.1], "between 0 and 1"),
    (Bounds(0, 1, include_high=False), False, [0, 0.99], [-0.1, 1], "at least 0 and below 1"),
    (Bounds(1), True, [1, 10**9], [0], "a whole number at least 1"),
])
def test_bounds(bounds, whole, inside, outside, words):
    assert all(value in bounds for value in inside)
    assert not any(value in bounds for value in outside)
    assert bounds.describe(whole) == words


def test_from_dict_coerces_stored_strings():
    stored = {"epochs": "3", "learning_rate": "0.002", "augment": "false", "divergence_guard": "true",
              "train_subset": "500", "seed": "4000000000", "optimizer": "sgd", "not_a_field": "1"}
    assert TrainingSettings.from_dict(stored) == TrainingSettings(
        epochs=3, learning_rate=0.002, augment=False, train_subset=500, seed=4_000_000_000, optimizer="sgd")
    assert TrainingSettings.from_dict({"train_subset": ""}).train_subset is None
    assert TrainingSettings.from_dict({"epochs": None}).epochs == TrainingSettings().epochs


def test_a_stored_value_that_does_not_parse_takes_its_default():
    stored = {"train_subset": "abc", "epochs": "1.5", "learning_rate": "fast", "seed": [1]}
    assert TrainingSettings.from_dict(stored) == TrainingSettings()


def test_a_value_that_parses_but_is_not_allowed_is_left_for_validate():
    settings = TrainingSettings.from_dict({"batch_size": "-5", "optimizer": "rmsprop"})
    assert set(settings.validate()) == {"batch_size", "optimizer"}


def test_to_dict_round_trips():
    settings = PRESETS["seed"].settings.with_changes(train_subset=100, device="cpu", divergence_guard=False)
    assert TrainingSettings.from_dict(settings.to_dict()) == settings


def test_presets_decide_the_recipe_not_where_to_train():
    assert NOT_PART_OF_A_PRESET == {"device", "precision", "train_subset", "divergence_guard"}
    mine = TrainingSettings(device="cpu", train_subset=256, divergence_guard=False, epochs=3)
    seeded = apply_preset(mine, "seed")
    assert seeded.device == "cpu" and seeded.train_subset == 256 and not seeded.divergence_guard
    assert same_recipe(seeded, PRESETS["seed"].settings)
    assert matching_preset(seeded) == "seed" and recipe_name(seeded) == "Seed tutorial"
    assert matching_preset(mine) is None and recipe_name(mine) == "Custom"
    assert same_recipe(TrainingSettings(learning_rate=0.003), TrainingSettings(learning_rate=0.1 * 0.03))


def test_the_quick_preset_is_a_valid_recipe_of_its_own():
    quick = PRESETS["quick"].settings
    assert quick.check() is quick and matching_preset(quick) == "quick"
    assert quick.architecture == "quick_cnn" and quick.augment  # it still learns what people draw
    assert recipe_name(quick) == "Quick: about 10 s"


def test_only_when_names_a_real_field_and_value():
    for spec in SETTINGS.values():
        if spec.only_when is not None:
            other, value = spec.only_when
            assert SETTINGS[other].accepts(value), spec.name
    assert SETTINGS["momentum"].only_when == ("optimizer", "sgd")
