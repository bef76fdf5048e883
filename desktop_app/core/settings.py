"""Training settings: one plain object used by the CLI, the GUI's settings dialog and the trainer.

Each setting is defined once, as a field of :class:`TrainingSettings` made by :func:`setting`: its name,
type (the annotation) and default, and everything people see or type about it (label, wording, bounds
or choices, help text, CLI flags, whether the dialog shows it and whether a preset decides it).
:data:`SETTINGS` holds those definitions as :class:`SettingSpec` objects, and everything else is
generated from them: ``validate()``, the coercion of stored strings, the dialog's rows and the CLI's
``train`` options. Adding a setting is one field here, plus its test.

The GUI persists the settings with QSettings (as a dict); the CLI builds them from flags.
``validate()`` is the one place that knows which values are possible, so the dialog and the CLI refuse
the same things with the same words.
"""

from __future__ import annotations

import math
import typing
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from .architectures import ARCHITECTURE_DESCRIPTIONS, DEFAULT_ARCHITECTURE
from .errors import UserError
from .texts import QT_TRANSLATE_NOOP, Text, english

# Names for people are marked for the GUI's translation (core/texts.py); the CLI shows them as they are.
OPTIMIZERS = {"adam": "Adam", "adamw": "AdamW", "sgd": QT_TRANSLATE_NOOP("Settings", "SGD with momentum")}
LR_SCHEDULES = {
    "onecycle": QT_TRANSLATE_NOOP("Settings", "One-cycle (warm up, then anneal)"),
    "cosine": QT_TRANSLATE_NOOP("Settings", "Cosine decay"),
    "step": QT_TRANSLATE_NOOP("Settings", "Step decay (x0.1 at 50% and 75%)"),
    "constant": QT_TRANSLATE_NOOP("Settings", "Constant"),
}
ARCHITECTURE_CHOICES = dict(ARCHITECTURE_DESCRIPTIONS)
PRECISIONS = {
    "auto": QT_TRANSLATE_NOOP("Settings", "Auto: bfloat16 where the processor computes it natively"),
    "float32": QT_TRANSLATE_NOOP("Settings", "float32 throughout"),
    "bfloat16": QT_TRANSLATE_NOOP("Settings", "bfloat16 mixed precision (slow where emulated)"),
}

#: How a stored (QSettings) string says "on".
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
#: How a stored (QSettings) string says "not set" for a setting that may be None.
NONE_WORDS = frozenset({"", "None", "none"})


class SettingsError(UserError, ValueError):
    """Settings that cannot be used; the message lists what is wrong with each invalid field.

    A ``ValueError`` too, as ``check()`` raised before settings errors were meant for people.
    """


def _number_text(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _finite(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


@dataclass(frozen=True)
class Bounds:
    """The values a number may take: from ``low`` to ``high`` (None: no limit), each end included or not."""

    low: float | None = None
    high: float | None = None
    include_low: bool = True
    include_high: bool = True

    def __contains__(self, value: float) -> bool:
        above = self.low is None or (value >= self.low if self.include_low else value > self.low)
        below = self.high is None or (value <= self.high if self.include_high else value < self.high)
        return above and below

    def describe(self, whole: bool) -> str:
        """The range in words, as a validation message ends: "a whole number from 1 to 1000"."""
        return str(self.describe_text(whole))

    def describe_text(self, whole: bool) -> Text:
        """:meth:`describe` as a :class:`Text` the GUI translates."""
        low = None if self.low is None else _number_text(self.low)
        high = None if self.high is None else _number_text(self.high)
        if low is not None and high is not None and self.include_low == self.include_high:
            if whole and self.include_low:
                return Text.of(QT_TRANSLATE_NOOP("Settings", "a whole number from {low} to {high}"),
                               {"low": low, "high": high})
            return Text.of(QT_TRANSLATE_NOOP("Settings", "between {low} and {high}"), {"low": low, "high": high})
        limits = []
        if low is not None:
            limits.append(Text.of(QT_TRANSLATE_NOOP("Settings", "at least {value}") if self.include_low
                                  else QT_TRANSLATE_NOOP("Settings", "greater than {value}"), {"value": low}))
        if high is not None:
            limits.append(Text.of(QT_TRANSLATE_NOOP("Settings", "at most {value}") if self.include_high
                                  else QT_TRANSLATE_NOOP("Settings", "below {value}"), {"value": high}))
        words = limits[0] if len(limits) == 1 else Text.of(
            QT_TRANSLATE_NOOP("Settings", "{first} and {second}"), {"first": limits[0], "second": limits[1]})
        if whole:
            return Text.of(QT_TRANSLATE_NOOP("Settings", "a whole number {range}"), {"range": words})
        return words


@dataclass(frozen=True)
class SettingName(Text):
    """A setting named inside a sentence: its noun in English ("learning rate"), its translated row label
    in the GUI's language (a lowercased noun has no entry of its own in the translations)."""

    noun: str = ""

    def format(self, translate=english) -> str:
        return self.noun if translate is english else super().format(translate)


@dataclass(frozen=True)
class SettingSpec:
    """Everything about one training setting besides its value; :data:`SETTINGS` holds one per field."""

    #: The field's name in TrainingSettings, QSettings, weights metadata and the CLI's ``dest``.
    name: str
    #: ``int``, ``float``, ``bool`` or ``str``: the field's annotation, without ``None``.
    kind: type
    default: Any
    #: Whether None is a valid value (it means "not set").
    optional: bool
    #: The dialog's row label.
    label: str
    #: The setting inside a sentence ("learning rate"): validation messages and accessible names.
    noun: str
    #: The dialog's tooltip and the CLI's help.
    help: str
    #: For numbers: the values allowed.
    bounds: Bounds | None = None
    #: For a choice: value -> text shown to people (the dialog's combo box).
    choices: Mapping[str, str] | None = None
    #: Replaces the generated validation message; may use ``{value!r}`` and ``{choices}``.
    message: str = ""
    #: Appended to the generated validation message (an example, say).
    hint: str = ""
    #: What a check box says beside it (``bool`` settings in the dialog).
    caption: str = ""
    #: The CLI's option strings for ``digit-studio train``; none: not a CLI option.
    cli_flags: tuple[str, ...] = ()
    in_dialog: bool = True
    #: Whether a preset decides the value (not so for where to train, or the test knobs).
    in_preset: bool = True
    #: ``(other field, value)``: the setting only matters while the other field has that value, so
    #: the dialog disables it (and does not read it) otherwise.
    only_when: tuple[str, Any] | None = None

    def accepts(self, value: Any) -> bool:
        """Whether ``value`` is possible for this setting."""
        if value is None:
            return self.optional
        if self.choices is not None:
            return value in self.choices
        if self.kind is bool:
            return isinstance(value, bool)
        if self.kind is str:
            return isinstance(value, str) and bool(value)
        if self.kind is int:
            is_number = isinstance(value, int) and not isinstance(value, bool)
        else:
            is_number = _finite(value)
        return is_number and (self.bounds is None or value in self.bounds)

    def error(self, value: Any) -> str:
        """What is wrong with ``value``, in the words the dialog and the CLI show."""
        return str(self.error_text(value))

    def error_text(self, value: Any) -> Text:
        """:meth:`error` as a :class:`Text`: English in the CLI, translated in the GUI's dialog."""
        choices = ", ".join(self.choices or ())
        if self.message:
            return Text.of(self.message, {"value": value, "choices": choices})
        noun = SettingName(str(self.label), context="Settings", noun=self.noun)
        if self.choices is not None:
            return Text.of(QT_TRANSLATE_NOOP("Settings", "{noun} must be one of: {choices}"),
                           {"noun": noun, "choices": choices})
        if self.kind is bool:
            return Text.of(QT_TRANSLATE_NOOP("Settings", "{noun} must be on or off"), {"noun": noun})
        whole = self.kind is int
        if self.bounds is not None:
            words = self.bounds.describe_text(whole)
        else:
            words = Text.of(QT_TRANSLATE_NOOP("Settings", "a whole number") if whole
                            else QT_TRANSLATE_NOOP("Settings", "a number"))
        hint = Text.of(self.hint) if self.hint else ""
        return Text.of(QT_TRANSLATE_NOOP("Settings", "{noun} must be {range}{hint}"),
                       {"noun": noun, "range": words, "hint": hint})

    def parse(self, raw: Any) -> Any:
        """The value ``raw`` (text typed or stored) stands for; ``ValueError`` if it is not one."""
        if self.kind is bool:
            return raw.strip().lower() in TRUE_WORDS if isinstance(raw, str) else bool(raw)
        return self.kind(raw)

    def coerce(self, raw: Any) -> Any:
        """A stored value as this setting's type; the default when it does not parse.

        A hand-edited or old settings file must not stop the window from building; ``validate()`` then
        judges what did parse.
        """
        if raw is None or (self.optional and isinstance(raw, str) and raw in NONE_WORDS):
            return None if self.optional else self.default
        try:
            return self.parse(raw)
        except (TypeError, ValueError):
            return self.default

    def format(self, value: Any) -> str:
        """``value`` as the dialog shows it in a text field."""
        return _number_text(value)


def setting(default: Any, *, label: str, help: str, noun: str = "", **details: Any) -> Any:
    """A TrainingSettings field: its default, and the rest of its :class:`SettingSpec` (see there)."""
    spec = {"label": label, "help": help, "noun": noun or label.lower(), **details}
    return field(default=default, metadata={"setting": spec})


@dataclass(frozen=True)
class TrainingSettings:
    """Every choice a training run depends on. Defaults are the "Fast (default)" preset.

    The fields are in the dialog's row order (the CLI lists its options in this order too).
    """

    epochs: int = setting(
        8, label=QT_TRANSLATE_NOOP("Settings", "Epochs"), help=QT_TRANSLATE_NOOP("Settings", "passes over the training set"), bounds=Bounds(1, 1000), cli_flags=("--epochs",))
    learning_rate: float = setting(
        3e-3, label=QT_TRANSLATE_NOOP("Settings", "Learning rate"), help=QT_TRANSLATE_NOOP("Settings", "the optimizer's step size (the peak rate of a one-cycle schedule)"),
        bounds=Bounds(0, 10, include_low=False), cli_flags=("--lr", "--learning-rate"))
    batch_size: int = setting(
        128, label=QT_TRANSLATE_NOOP("Settings", "Batch size"), help=QT_TRANSLATE_NOOP("Settings", "training images per optimizer step"), bounds=Bounds(1, 8192),
        cli_flags=("--batch-size",))
    val_ratio: float = setting(
        0.2, label=QT_TRANSLATE_NOOP("Settings", "Validation ratio"), noun="validation ratio", help=QT_TRANSLATE_NOOP("Settings", "share of the training set kept for validation"),
        bounds=Bounds(0, 0.9, include_low=False, include_high=False),
        hint=QT_TRANSLATE_NOOP("Settings", " (e.g. 0.2 keeps 20% for validation)"), cli_flags=("--val-ratio",))
    optimizer: str = setting(
        "adamw", label=QT_TRANSLATE_NOOP("Settings", "Optimizer"), help=QT_TRANSLATE_NOOP("Settings", "how the weights are updated from each batch's gradients"),
        choices=OPTIMIZERS, cli_flags=("--optimizer",))
    momentum: float = setting(
        0.9, label=QT_TRANSLATE_NOOP("Settings", "Momentum (SGD)"), noun="momentum", help=QT_TRANSLATE_NOOP("Settings", "SGD's (Nesterov) momentum; the other optimizers ignore it"),
        bounds=Bounds(0, 1, include_high=False), only_when=("optimizer", "sgd"))
    weight_decay: float = setting(
        5e-4, label=QT_TRANSLATE_NOOP("Settings", "Weight decay"), help=QT_TRANSLATE_NOOP("Settings", "how strongly the weights are pulled towards zero"), bounds=Bounds(0, 1),
        cli_flags=("--weight-decay",))
    lr_schedule: str = setting(
        "onecycle", label=QT_TRANSLATE_NOOP("Settings", "LR schedule"), noun="learning-rate schedule",
        help=QT_TRANSLATE_NOOP("Settings", "how the learning rate changes during the run"), choices=LR_SCHEDULES, cli_flags=("--schedule",))
    architecture: str = setting(
        DEFAULT_ARCHITECTURE, label=QT_TRANSLATE_NOOP("Settings", "Architecture"), help=QT_TRANSLATE_NOOP("Settings", "the network to train"), choices=ARCHITECTURE_CHOICES,
        message=QT_TRANSLATE_NOOP("Settings", "unknown architecture {value!r}; choose one of: {choices}"), cli_flags=("--arch",))
    augment: bool = setting(
        True, label=QT_TRANSLATE_NOOP("Settings", "Augmentation"), help=QT_TRANSLATE_NOOP("Settings", "augment training images (default: on for the fast preset)"),
        caption=QT_TRANSLATE_NOOP("Settings", "Augment training images (tilt, shear, shift, stroke width)"), cli_flags=("--augment",))
    pen_digits: bool = setting(
        True, label=QT_TRANSLATE_NOOP("Settings", "Pen digits"),
        help=QT_TRANSLATE_NOOP("Settings", "also train on 7,494 digits that 30 people wrote with a pen (UCI pendigits), drawn "
                                           "as the canvas draws strokes: reads people's handwriting better"),
        caption=QT_TRANSLATE_NOOP("Settings", "Train on real pen digits too (7,494, by 30 writers)"), cli_flags=("--pen-digits",))
    seed: int = setting(
        0, label=QT_TRANSLATE_NOOP("Settings", "Random seed"), help=QT_TRANSLATE_NOOP("Settings", "the same seed and settings train the same network"),
        bounds=Bounds(0, 2**32 - 1), cli_flags=("--seed",))
    label_smoothing: float = setting(
        0.05, label=QT_TRANSLATE_NOOP("Settings", "Label smoothing"), help=QT_TRANSLATE_NOOP("Settings", "share of each target spread over the other digits"),
        bounds=Bounds(0, 0.5, include_high=False))
    weight_average: float = setting(
        0.999, label=QT_TRANSLATE_NOOP("Settings", "Weight averaging"),
        help=QT_TRANSLATE_NOOP("Settings", "validate and save a moving average of the weights, which each step moves by 1 minus this "
                                           "decay (0: off, the weights as trained): reads better, sooner"),
        bounds=Bounds(0, 1, include_high=False), hint=QT_TRANSLATE_NOOP("Settings", " (0 turns it off; e.g. 0.999)"),
        cli_flags=("--weight-average",))
    device: str = setting(
        "auto", label=QT_TRANSLATE_NOOP("Settings", "Device"), help=QT_TRANSLATE_NOOP("Settings", "auto (default), cpu, cuda, cuda:N or mps"), in_preset=False,
        message=QT_TRANSLATE_NOOP("Settings", "device must be auto, cpu, cuda, cuda:N or mps"), cli_flags=("--device",))
    precision: str = setting(
        "auto", label=QT_TRANSLATE_NOOP("Settings", "Precision"),
        help=QT_TRANSLATE_NOOP("Settings", "the arithmetic of training: bfloat16 mixed precision is about 1.5x faster where the "
                                           "processor has it; the weights stay float32"),
        choices=PRECISIONS, in_preset=False, cli_flags=("--precision",))
    train_subset: int | None = setting(
        None, label=QT_TRANSLATE_NOOP("Settings", "Training subset"), help=QT_TRANSLATE_NOOP("Settings", "train on only N samples (quick tries)"), bounds=Bounds(1),
        message=QT_TRANSLATE_NOOP("Settings", "training subset must be a positive number of samples"), in_dialog=False, in_preset=False,
        cli_flags=("--subset",))
    divergence_guard: bool = setting(
        True, label=QT_TRANSLATE_NOOP("Settings", "Divergence guard"),
        help=QT_TRANSLATE_NOOP("Settings", "stop runs whose loss is NaN/inf or that are not learning, keeping the last good weights"),
        in_dialog=False, in_preset=False)

    def validate(self) -> dict[str, str]:
        """Field name -> what is wrong with it; empty when the settings can be used."""
        return {name: str(text) for name, text in self.validate_texts().items()}

    def validate_texts(self) -> dict[str, Text]:
        """:meth:`validate` as :class:`Text`, for the GUI to show in its language."""
        values = {name: getattr(self, name) for name in SETTINGS}
        return {name: spec.error_text(values[name]) for name, spec in SETTINGS.items()
                if not spec.accepts(values[name])}

    def check(self) -> TrainingSettings:
        """Return self, or raise :class:`SettingsError` listing every invalid field."""
        errors = self.validate()
        if errors:
            raise SettingsError("; ".join(errors.values()))
        return self

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> TrainingSettings:
        """Build from stored values, ignoring unknown keys and coercing types (QSettings stores strings).

        A value that does not parse takes its default; one that parses but is not allowed stays, for
        ``validate()`` to name.
        """
        return cls(**{key: SETTINGS[key].coerce(raw) for key, raw in values.items() if key in SETTINGS})

    def with_changes(self, **changes: Any) -> TrainingSettings:
        return replace(self, **changes)


def _specs_of(settings_class: type) -> dict[str, SettingSpec]:
    hints = typing.get_type_hints(settings_class)
    specs: dict[str, SettingSpec] = {}
    for each in fields(settings_class):
        kinds = typing.get_args(hints[each.name]) or (hints[each.name],)
        kind = next(k for k in kinds if k is not type(None))
        specs[each.name] = SettingSpec(name=each.name, kind=kind, default=each.default,
                                       optional=type(None) in kinds, **each.metadata["setting"])
    return specs


#: Field name -> its definition, in the fields' order.
SETTINGS: dict[str, SettingSpec] = _specs_of(TrainingSettings)


@dataclass(frozen=True)
class Preset:
    name: str
    description: str
    settings: TrainingSettings = field(default_factory=TrainingSettings)


PRESETS: dict[str, Preset] = {
    "quick": Preset(
        QT_TRANSLATE_NOOP("Settings", "Quick: about 10 s"),
        QT_TRANSLATE_NOOP("Settings", "The compact CNN at half the width, two epochs in batches of 256 at a high "
                                      "learning rate, with the same augmentation and pen digits. Reaches 99.0% MNIST test accuracy "
                                      "in about ten seconds of training on a laptop CPU; the default reads pen digits "
                                      "better."),
        TrainingSettings(architecture="quick_cnn", epochs=2, batch_size=256, learning_rate=8e-3),
    ),
    "fast": Preset(
        QT_TRANSLATE_NOOP("Settings", "Fast (default)"),
        QT_TRANSLATE_NOOP("Settings", "Compact CNN, AdamW with a one-cycle schedule, augmentation for hand-drawn "
                                      "digits, and 7,494 real pen digits beside MNIST. Reaches 99.5% MNIST test accuracy "
                                      "in a few minutes on a laptop CPU."),
        TrainingSettings(),
    ),
    "seed": Preset(
        QT_TRANSLATE_NOOP("Settings", "Seed tutorial"),
        QT_TRANSLATE_NOOP("Settings", "The original tutorial's exact recipe: NumberRecognition, Adam (weight decay "
                                      "1e-4), LR 1e-2, batch 10, 10 epochs. Kept for comparison: at LR 1e-2 it does "
                                      "not learn (stays near 11%)."),
        TrainingSettings(
            architecture="number_recognition",
            epochs=10,
            learning_rate=1e-2,
            batch_size=10,
            val_ratio=0.2,
            optimizer="adam",
            weight_decay=1e-4,
            lr_schedule="constant",
            label_smoothing=0.0,
            augment=False,
            pen_digits=False,
            weight_average=0.0,
        ),
    ),
}
DEFAULT_PRESET = "fast"

#: Fields a preset does not decide: where to train, and the hidden test/experiment knobs.
NOT_PART_OF_A_PRESET = frozenset(name for name, spec in SETTINGS.items() if not spec.in_preset)


def same_recipe(a: TrainingSettings, b: TrainingSettings) -> bool:
    """Whether two settings train the same way (device and test knobs aside; floats compared closely)."""
    for name in SETTINGS:
        if name in NOT_PART_OF_A_PRESET:
            continue
        x, y = getattr(a, name), getattr(b, name)
        if isinstance(x, float) and isinstance(y, float):
            if not math.isclose(x, y, rel_tol=1e-9):
                return False
        elif x != y:
            return False
    return True


def matching_preset(settings: TrainingSettings) -> str | None:
    """The key of the preset whose recipe ``settings`` follow, or None for custom settings."""
    return next((key for key, preset in PRESETS.items() if same_recipe(preset.settings, settings)), None)


def recipe_name(settings: TrainingSettings) -> str:
    """The preset's name, or "Custom"."""
    key = matching_preset(settings)
    return PRESETS[key].name if key is not None else QT_TRANSLATE_NOOP("Settings", "Custom")


def apply_preset(settings: TrainingSettings, key: str) -> TrainingSettings:
    """``settings`` with the recipe of preset ``key``; the device and test knobs stay as they are."""
    recipe = {name: getattr(PRESETS[key].settings, name) for name in SETTINGS if name not in NOT_PART_OF_A_PRESET}
    return settings.with_changes(**recipe)
