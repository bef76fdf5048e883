"""The training settings dialog: a row for each setting the core's table shows, presets and the device.

The rows are generated from ``core.settings.SETTINGS`` (label, tooltip, choices, which settings
appear), so a new setting appears here without an edit. ``TrainingSettings.validate()`` is the one
judge of what is allowed (the CLI refuses the same values with the same words): each change rebuilds
the settings from the form, and each invalid field shows the core's message right under it, with OK
disabled until every field is valid. The dialog only adds "not a number" for text that does not
parse. Accepting stores the settings for the next run.

Numbers are spin boxes (arrows and Up/Down step within the bounds) that still take any typed text,
so the core's words reach the user. Error lines keep their room while hidden, so a message never
moves the fields under the pointer. The form scrolls inside the dialog, so it fits a 600-pixel-high
screen and the preset's description wraps at its full height instead of being clipped. Below the
form, an estimate of the run's time at the speed the last run of that model on that device reached.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import signals_blocked

from ..core.devices import DeviceOption, available_devices
from ..core.settings import PRESETS, SETTINGS, SettingSpec, TrainingSettings, apply_preset, matching_preset
from ..core.texts import translated, translated_name
from .durations import duration
from .number_spin_box import NumberSpinBox
from .settings_store import load_training_settings, save_training_settings
from .training_speed import estimated_seconds, measured_speed, training_samples

#: The preset combo's entry for settings that match no preset.
CUSTOM = "custom"
#: The one setting whose options come from the machine (core.devices), not from the table.
DEVICE = "device"

ERROR_STYLE = "color: #d0303f;"  # readable on light and dark backgrounds
#: Bounds of the spin boxes where the setting has none, or excludes its end.
UNBOUNDED = 1e15
FLOAT_EXCLUDED_END = 0.01
SMALLEST_FLOAT = 1e-6
#: The dialog's height at most: the form scrolls below this (a 600-pixel-high screen less its panel).
MAX_DIALOG_HEIGHT = 540

DIALOG_SETTINGS = tuple(spec for spec in SETTINGS.values() if spec.in_dialog)


def _device_text(option: DeviceOption) -> str:
    label = translated_name(option.label)
    if option.available:
        return label
    return QCoreApplication.translate("TrainingSettingsDialog", "{device} (unavailable: {reason})").format(
        device=label, reason=translated_name(option.reason))


def _widget_kind(spec: SettingSpec) -> str:
    """How the setting is edited: "combo", "check" or "edit" (names its attribute and object name)."""
    if spec.choices is not None or spec.name == DEVICE:
        return "combo"
    return "check" if spec.kind is bool else "edit"


def _spin_box(spec: SettingSpec) -> NumberSpinBox:
    """A spin box over the setting's bounds; an excluded end steps just inside it."""
    whole = spec.kind is int
    bounds = spec.bounds
    low = -UNBOUNDED if bounds is None or bounds.low is None else bounds.low
    high = UNBOUNDED if bounds is None or bounds.high is None else bounds.high
    if bounds is not None and bounds.low is not None and not bounds.include_low:
        low += 1 if whole else (FLOAT_EXCLUDED_END if high - low <= 1 else SMALLEST_FLOAT)
    if bounds is not None and bounds.high is not None and not bounds.include_high:
        # Just inside, not a step inside: weight averaging's 0.999 (below 1) must not read as 0.99.
        high -= 1 if whole else SMALLEST_FLOAT
    return NumberSpinBox(low, high, whole=whole)


def _camel_case(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(word.capitalize() for word in rest)


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


class TrainingSettingsDialog(QDialog):
    """Edits the stored training settings; OK saves them (they apply to the next run).

    Each setting's widget is the attribute ``<field>_edit``, ``<field>_combo`` or ``<field>_check``
    (object name ``<fieldInCamelCase>Edit``, ...), with its inline error label ``<field>Error``.
    """

    def __init__(self, parent: QWidget | None = None, settings: TrainingSettings | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setAccessibleName(self.tr("Training settings"))
        self.setWindowTitle(self.tr("Training settings"))
        # Fields the form does not show (train_subset, divergence_guard) travel through unchanged.
        self._base = settings if settings is not None else load_training_settings()
        self._field_errors: dict[str, str] = {}
        # field name -> (widget, its inline error label)
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._add_preset_rows(form)
        for spec in DIALOG_SETTINGS:
            form.addRow(translated_name(spec.label), self._with_error_label(spec.name, self._field_widget(spec)))
        self.estimate_label = QLabel()
        self.estimate_label.setObjectName("runEstimate")
        self.estimate_label.setAccessibleName(self.tr("Estimated run time"))
        self.estimate_label.setWordWrap(True)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.restore_defaults_button = self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.clicked.connect(self._on_button_clicked)
        note = QLabel(self.tr("Changes apply to the next run."))
        note.setEnabled(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self._scrolling(form), 1)
        layout.addWidget(self.estimate_label)
        layout.addWidget(note)
        layout.addWidget(self.buttons)

        self.load(self._base)
        self._connect_changes()
        self.preset_combo.currentIndexChanged.connect(self._on_preset_chosen)

    # --- building
    def _scrolling(self, form: QFormLayout) -> QScrollArea:
        """The form in a scroll area that lays it out at its full wrapped height (nothing clipped)."""
        inner = QWidget()
        inner.setLayout(form)
        area = QScrollArea()
        area.setObjectName("settingsScroll")
        area.setWidget(inner)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        hint = inner.sizeHint()
        area.setMinimumWidth(hint.width() + area.verticalScrollBar().sizeHint().width())
        self.resize(hint.width() + 60, min(hint.height() + 120, MAX_DIALOG_HEIGHT))
        return area

    def _add_preset_rows(self, form: QFormLayout) -> None:
        self.preset_combo = QComboBox()
        self.preset_combo.setObjectName("presetCombo")
        self.preset_combo.setAccessibleName(self.tr("Preset"))
        self.preset_combo.setToolTip(self.tr("A tried recipe: it fills the fields below (the device stays)"))
        for key, preset in PRESETS.items():
            self.preset_combo.addItem(translated_name(preset.name), key)
            self.preset_combo.setItemData(self.preset_combo.count() - 1, translated_name(preset.description),
                                          Qt.ItemDataRole.ToolTipRole)
        self.preset_combo.addItem(self.tr("Custom"), CUSTOM)
        self.preset_description = QLabel()
        self.preset_description.setWordWrap(True)
        self.preset_description.setObjectName("presetDescription")
        form.addRow(self.tr("Preset"), self.preset_combo)
        form.addRow("", self.preset_description)

    def _field_widget(self, spec: SettingSpec) -> QWidget:
        kind = _widget_kind(spec)
        widget: QWidget
        if kind == "combo":
            widget = QComboBox()
            for value, text in (spec.choices or {}).items():
                widget.addItem(translated_name(text), value)
        elif kind == "check":
            widget = QCheckBox(translated_name(spec.caption))
        else:
            widget = _spin_box(spec)
        widget.setObjectName(_camel_case(spec.name) + kind.capitalize())
        # A screen reader hears the setting's name: the noun in English ("learning-rate schedule"),
        # the translated row label in another language.
        label = translated_name(spec.label)
        widget.setAccessibleName(_sentence_case(spec.noun) if label == spec.label else label)
        help_text = translated_name(spec.help)  # a translation is cased as its language wants ("auto" stays)
        widget.setToolTip(_sentence_case(help_text) if help_text == spec.help else help_text)
        setattr(self, f"{spec.name}_{kind}", widget)
        if spec.name == DEVICE:
            self._fill_devices(widget)
        return widget

    @staticmethod
    def _fill_devices(combo: QComboBox) -> None:
        model = combo.model()
        for option in available_devices():
            combo.addItem(_device_text(option), option.id)
            index = combo.count() - 1
            if not option.available:
                model.item(index).setEnabled(False)
                combo.setItemData(index, translated_name(option.reason), Qt.ItemDataRole.ToolTipRole)

    def _with_error_label(self, name: str, widget: QWidget) -> QWidget:
        error = QLabel()
        error.setObjectName(f"{name}Error")
        error.setStyleSheet(ERROR_STYLE)
        # Keeps its line while hidden: a message appearing never pushes the fields below it down.
        # Ignored across: a long message does not widen the dialog (its tooltip has all of it).
        policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        policy.setRetainSizeWhenHidden(True)
        error.setSizePolicy(policy)
        error.hide()
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(error)
        self._fields[name] = (widget, error)
        return box

    def _connect_changes(self) -> None:
        for widget, _error in self._fields.values():
            if isinstance(widget, NumberSpinBox):
                widget.lineEdit().textChanged.connect(self._on_form_changed)
            elif isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(self._on_form_changed)
            else:
                widget.toggled.connect(self._on_form_changed)

    # --- values in and out
    def load(self, settings: TrainingSettings) -> None:
        """Show ``settings`` in the form (without each widget reacting), then validate once."""
        widgets = [widget for widget, _ in self._fields.values()] + [self.preset_combo]
        widgets += [widget.lineEdit() for widget in widgets if isinstance(widget, NumberSpinBox)]
        with signals_blocked(*widgets):
            for spec in DIALOG_SETTINGS:
                self._show_value(spec, getattr(settings, spec.name))
        self._base = settings
        self._on_form_changed()

    def _show_value(self, spec: SettingSpec, value: Any) -> None:
        widget = self._fields[spec.name][0]
        if spec.name == DEVICE:
            self._select_device(value)
        elif isinstance(widget, NumberSpinBox):
            widget.setText(spec.format(value))
        elif isinstance(widget, QComboBox):
            widget.setCurrentIndex(max(widget.findData(value), 0))
        else:
            widget.setChecked(value)

    def _select_device(self, device: str) -> None:
        combo = self.device_combo
        index = combo.findData(device)
        if index < 0 and device == "cuda":
            index = combo.findData("cuda:0")
        if index < 0:  # stored on another machine (e.g. cuda:1): say so rather than silently pick another
            combo.addItem(self.tr("{device} (unavailable: not on this machine)").format(device=device), device)
            index = combo.count() - 1
            combo.model().item(index).setEnabled(False)
        combo.setCurrentIndex(index)

    def settings(self) -> TrainingSettings:
        """The settings the form shows (they may be invalid: see :meth:`errors`)."""
        return self._read_form()[0]

    def errors(self) -> dict[str, str]:
        """Field name -> the message shown under it; empty when OK is enabled."""
        return dict(self._field_errors)

    def _read_form(self) -> tuple[TrainingSettings, dict[str, str]]:
        parse_errors: dict[str, str] = {}
        values: dict[str, Any] = {}
        for spec in DIALOG_SETTINGS:
            # A setting that does not apply (momentum without SGD) is not read: a value left in its
            # disabled field must not block OK.
            if not self._applies(spec):
                continue
            try:
                values[spec.name] = self._value_shown(spec)
            except ValueError as exc:
                parse_errors[spec.name] = str(exc)
        settings = self._base.with_changes(**values)
        errors = {**{name: translated(text) for name, text in settings.validate_texts().items()}, **parse_errors}
        if not self._device_available(settings.device):
            errors[DEVICE] = self.tr("this device is not available on this machine")
        return settings, errors

    def _value_shown(self, spec: SettingSpec) -> Any:
        """The value the setting's widget holds; ``ValueError`` (its message for people) if none."""
        widget = self._fields[spec.name][0]
        if isinstance(widget, QComboBox):
            return widget.currentData()
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        text = widget.text().strip()
        try:
            return spec.parse(text)
        except ValueError:
            if spec.kind is int:
                message = self.tr("enter a whole number") if not text else self.tr("{text!r} is not a whole number")
            else:
                message = self.tr("enter a number") if not text else self.tr("{text!r} is not a number")
            raise ValueError(message.format(text=text)) from None

    def _applies(self, spec: SettingSpec) -> bool:
        if spec.only_when is None:
            return True
        other, wanted = spec.only_when
        if other not in self._fields:
            return getattr(self._base, other) == wanted
        try:
            return self._value_shown(SETTINGS[other]) == wanted
        except ValueError:  # the other field holds no value yet, so this one cannot matter
            return False

    def _device_available(self, device: str) -> bool:
        index = self.device_combo.findData(device)
        return index >= 0 and self.device_combo.model().item(index).isEnabled()

    # --- reacting
    def _on_form_changed(self, *_args: Any) -> None:
        settings, errors = self._read_form()
        self._field_errors = errors
        for name, (widget, label) in self._fields.items():
            message = errors.get(name, "")
            label.setText(message)
            label.setToolTip(message)  # the whole message, where a narrow dialog cuts the line
            label.setVisible(bool(message))
            widget.setEnabled(self._applies(SETTINGS[name]))
        self.ok_button.setEnabled(not errors)
        self._show_matching_preset(settings if not errors else None)
        self._show_estimate(settings if not errors else None)

    def _show_estimate(self, settings: TrainingSettings | None) -> None:
        if settings is None:
            self.estimate_label.setText(self.tr("Estimated time: fix the fields above first."))
            return
        seconds = estimated_seconds(settings)
        images = f"{settings.epochs * training_samples(settings):,}"
        if seconds is None:
            text = self.tr("Estimated time: not known yet for this model with device %1; a run of it measures the speed. "
                           "It trains on %2 images.").replace("%1", settings.device).replace("%2", images)
        else:
            speed = f"{measured_speed(settings):,.0f}"
            text = self.tr("Estimated time: about %1 (an estimate: %2 images at the %3 samples/s your last run "
                           "of this model with device %4 reached; validation adds a little).").replace(
                "%1", duration(seconds)).replace("%2", images).replace("%3", speed).replace("%4", settings.device)
        self.estimate_label.setText(text)

    def _show_matching_preset(self, settings: TrainingSettings | None) -> None:
        key = CUSTOM
        if settings is not None:
            key = matching_preset(settings) or CUSTOM
        with signals_blocked(self.preset_combo):
            self.preset_combo.setCurrentIndex(self.preset_combo.findData(key))
        self.preset_description.setText(translated_name(PRESETS[key].description) if key in PRESETS else "")

    def _on_preset_chosen(self, index: int) -> None:
        key = self.preset_combo.itemData(index)
        if key in PRESETS:
            self.load(apply_preset(self.settings(), key))

    def _on_button_clicked(self, button: QAbstractButton) -> None:
        if button is self.restore_defaults_button:
            hidden = {name: getattr(self._base, name) for name, spec in SETTINGS.items() if not spec.in_dialog}
            self.load(TrainingSettings().with_changes(**hidden))

    def accept(self) -> None:
        settings, errors = self._read_form()
        if errors:  # OK is disabled then; Enter in a field must not get around it
            return
        save_training_settings(settings)
        super().accept()
