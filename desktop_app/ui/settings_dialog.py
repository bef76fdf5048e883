"""The training settings dialog: every field of the core's TrainingSettings, presets and the device.

``TrainingSettings.validate()`` is the one judge of what is allowed (the CLI refuses the same values
with the same words): each change rebuilds the settings from the form, and each invalid field shows
the core's message right under it, with OK disabled until every field is valid. The dialog only
adds "not a number" for text that does not parse. Accepting stores the settings for the next run.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ..core.devices import DeviceOption, available_devices
from ..core.model import ARCHITECTURES
from ..core.settings import LR_SCHEDULES, OPTIMIZERS, PRESETS, TrainingSettings, apply_preset, matching_preset
from .settings_store import load_training_settings, save_training_settings

#: The preset combo's entry for settings that match no preset.
CUSTOM = "custom"

ERROR_STYLE = "color: #b00020;"


class signals_blocked:
    """superqt's ``signals_blocked``: load values into widgets without firing their change signals."""

    def __init__(self, *widgets: QWidget) -> None:
        self._widgets = widgets
        self._blockers: list[QSignalBlocker] = []

    def __enter__(self) -> None:
        self._blockers = [QSignalBlocker(widget) for widget in self._widgets]

    def __exit__(self, *exc_info: Any) -> None:
        for blocker in self._blockers:
            blocker.unblock()
        self._blockers.clear()


def _device_text(option: DeviceOption) -> str:
    return option.label if option.available else f"{option.label} (unavailable: {option.reason})"


class TrainingSettingsDialog(QDialog):
    """Edits the stored training settings; OK saves them (they apply to the next run)."""

    def __init__(self, parent: QWidget | None = None, settings: TrainingSettings | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setAccessibleName("Training settings")
        self.setWindowTitle("Training settings")
        # Fields the form does not show (train_subset, divergence_guard) travel through unchanged.
        self._base = settings if settings is not None else load_training_settings()
        self._field_errors: dict[str, str] = {}

        self.preset_combo = self._combo("presetCombo", "Preset")
        for key, preset in PRESETS.items():
            self.preset_combo.addItem(preset.name, key)
            self.preset_combo.setItemData(self.preset_combo.count() - 1, preset.description,
                                          Qt.ItemDataRole.ToolTipRole)
        self.preset_combo.addItem("Custom", CUSTOM)
        self.preset_description = QLabel()
        self.preset_description.setWordWrap(True)
        self.preset_description.setObjectName("presetDescription")

        self.epochs_edit = self._line_edit("epochsEdit", "Epochs")
        self.learning_rate_edit = self._line_edit("learningRateEdit", "Learning rate")
        self.batch_size_edit = self._line_edit("batchSizeEdit", "Batch size")
        self.val_ratio_edit = self._line_edit("valRatioEdit", "Validation ratio")
        self.optimizer_combo = self._combo("optimizerCombo", "Optimizer", OPTIMIZERS)
        self.momentum_edit = self._line_edit("momentumEdit", "Momentum")
        self.weight_decay_edit = self._line_edit("weightDecayEdit", "Weight decay")
        self.lr_schedule_combo = self._combo("lrScheduleCombo", "Learning-rate schedule", LR_SCHEDULES)
        self.architecture_combo = self._combo(
            "architectureCombo", "Architecture", {name: text for name, (_, text) in ARCHITECTURES.items()})
        self.augment_check = QCheckBox("Augment training images (tilt, shear, shift, stroke width)")
        self.augment_check.setObjectName("augmentCheck")
        self.augment_check.setAccessibleName("Augmentation")
        self.seed_edit = self._line_edit("seedEdit", "Random seed")
        self.label_smoothing_edit = self._line_edit("labelSmoothingEdit", "Label smoothing")
        self.device_combo = self._combo("deviceCombo", "Device")
        self._fill_devices()

        # field name -> (widget, its inline error label); the names are TrainingSettings' fields.
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}
        form = QFormLayout()
        form.addRow("Preset", self.preset_combo)
        form.addRow("", self.preset_description)
        for label, name, widget in (
            ("Epochs", "epochs", self.epochs_edit),
            ("Learning rate", "learning_rate", self.learning_rate_edit),
            ("Batch size", "batch_size", self.batch_size_edit),
            ("Validation ratio", "val_ratio", self.val_ratio_edit),
            ("Optimizer", "optimizer", self.optimizer_combo),
            ("Momentum (SGD)", "momentum", self.momentum_edit),
            ("Weight decay", "weight_decay", self.weight_decay_edit),
            ("LR schedule", "lr_schedule", self.lr_schedule_combo),
            ("Architecture", "architecture", self.architecture_combo),
            ("Augmentation", "augment", self.augment_check),
            ("Random seed", "seed", self.seed_edit),
            ("Label smoothing", "label_smoothing", self.label_smoothing_edit),
            ("Device", "device", self.device_combo),
        ):
            form.addRow(label, self._with_error_label(name, widget))

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.restore_defaults_button = self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.clicked.connect(self._on_button_clicked)
        note = QLabel("Changes apply to the next run.")
        note.setEnabled(False)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.buttons)

        self.load(self._base)
        for edit in (self.epochs_edit, self.learning_rate_edit, self.batch_size_edit, self.val_ratio_edit,
                     self.momentum_edit, self.weight_decay_edit, self.seed_edit, self.label_smoothing_edit):
            edit.textChanged.connect(self._on_form_changed)
        for combo in (self.optimizer_combo, self.lr_schedule_combo, self.architecture_combo, self.device_combo):
            combo.currentIndexChanged.connect(self._on_form_changed)
        self.augment_check.toggled.connect(self._on_form_changed)
        self.preset_combo.currentIndexChanged.connect(self._on_preset_chosen)

    # --- building
    @staticmethod
    def _line_edit(object_name: str, accessible_name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(object_name)
        edit.setAccessibleName(accessible_name)
        return edit

    @staticmethod
    def _combo(object_name: str, accessible_name: str, items: dict[str, str] | None = None) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(object_name)
        combo.setAccessibleName(accessible_name)
        for key, text in (items or {}).items():
            combo.addItem(text, key)
        return combo

    def _fill_devices(self) -> None:
        model = self.device_combo.model()
        for option in available_devices():
            self.device_combo.addItem(_device_text(option), option.id)
            index = self.device_combo.count() - 1
            if not option.available:
                model.item(index).setEnabled(False)
                self.device_combo.setItemData(index, option.reason, Qt.ItemDataRole.ToolTipRole)

    def _with_error_label(self, name: str, widget: QWidget) -> QWidget:
        error = QLabel()
        error.setObjectName(f"{name}Error")
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(error)
        self._fields[name] = (widget, error)
        return box

    # --- values in and out
    def load(self, settings: TrainingSettings) -> None:
        """Show ``settings`` in the form (without each widget reacting), then validate once."""
        widgets = [widget for widget, _ in self._fields.values()] + [self.preset_combo]
        with signals_blocked(*widgets):
            self.epochs_edit.setText(str(settings.epochs))
            self.learning_rate_edit.setText(f"{settings.learning_rate:g}")
            self.batch_size_edit.setText(str(settings.batch_size))
            self.val_ratio_edit.setText(f"{settings.val_ratio:g}")
            self.momentum_edit.setText(f"{settings.momentum:g}")
            self.weight_decay_edit.setText(f"{settings.weight_decay:g}")
            self.seed_edit.setText(str(settings.seed))
            self.label_smoothing_edit.setText(f"{settings.label_smoothing:g}")
            self.augment_check.setChecked(settings.augment)
            for combo, value in ((self.optimizer_combo, settings.optimizer),
                                 (self.lr_schedule_combo, settings.lr_schedule),
                                 (self.architecture_combo, settings.architecture)):
                combo.setCurrentIndex(max(combo.findData(value), 0))
            self._select_device(settings.device)
        self._base = settings
        self._on_form_changed()

    def _select_device(self, device: str) -> None:
        index = self.device_combo.findData(device)
        if index < 0 and device == "cuda":
            index = self.device_combo.findData("cuda:0")
        if index < 0:  # stored on another machine (e.g. cuda:1): say so rather than silently pick another
            self.device_combo.addItem(f"{device} (unavailable: not on this machine)", device)
            index = self.device_combo.count() - 1
            self.device_combo.model().item(index).setEnabled(False)
        self.device_combo.setCurrentIndex(index)

    def settings(self) -> TrainingSettings:
        """The settings the form shows (they may be invalid: see :meth:`errors`)."""
        return self._read_form()[0]

    def errors(self) -> dict[str, str]:
        """Field name -> the message shown under it; empty when OK is enabled."""
        return dict(self._field_errors)

    def _read_form(self) -> tuple[TrainingSettings, dict[str, str]]:
        parse_errors: dict[str, str] = {}
        values: dict[str, Any] = {}
        text_fields = [
            ("epochs", self.epochs_edit, int), ("learning_rate", self.learning_rate_edit, float),
            ("batch_size", self.batch_size_edit, int), ("val_ratio", self.val_ratio_edit, float),
            ("weight_decay", self.weight_decay_edit, float), ("seed", self.seed_edit, int),
            ("label_smoothing", self.label_smoothing_edit, float),
        ]
        # Momentum is read only for SGD: a value left in the disabled field must not block OK.
        if self.optimizer_combo.currentData() == "sgd":
            text_fields.append(("momentum", self.momentum_edit, float))
        for name, edit, kind in text_fields:
            text = edit.text().strip()
            try:
                values[name] = kind(text)
            except ValueError:
                noun = "a whole number" if kind is int else "a number"
                parse_errors[name] = f"enter {noun}" if not text else f"{text!r} is not {noun}"
        values.update(
            optimizer=self.optimizer_combo.currentData(), lr_schedule=self.lr_schedule_combo.currentData(),
            architecture=self.architecture_combo.currentData(), augment=self.augment_check.isChecked(),
            device=self.device_combo.currentData(),
        )
        settings = self._base.with_changes(**{k: v for k, v in values.items() if k not in parse_errors})
        errors = {**settings.validate(), **parse_errors}
        if not self._device_available(settings.device):
            errors["device"] = "this device is not available on this machine"
        return settings, errors

    def _device_available(self, device: str) -> bool:
        index = self.device_combo.findData(device)
        return index >= 0 and self.device_combo.model().item(index).isEnabled()

    # --- reacting
    def _on_form_changed(self, *_args: Any) -> None:
        settings, errors = self._read_form()
        self._field_errors = errors
        for name, (_widget, label) in self._fields.items():
            message = errors.get(name, "")
            label.setText(message)
            label.setVisible(bool(message))
        self.momentum_edit.setEnabled(self.optimizer_combo.currentData() == "sgd")
        self.ok_button.setEnabled(not errors)
        self._show_matching_preset(settings if not errors else None)

    def _show_matching_preset(self, settings: TrainingSettings | None) -> None:
        key = CUSTOM
        if settings is not None:
            key = matching_preset(settings) or CUSTOM
        with signals_blocked(self.preset_combo):
            self.preset_combo.setCurrentIndex(self.preset_combo.findData(key))
        self.preset_description.setText(PRESETS[key].description if key in PRESETS else "")

    def _on_preset_chosen(self, index: int) -> None:
        key = self.preset_combo.itemData(index)
        if key in PRESETS:
            self.load(apply_preset(self.settings(), key))

    def _on_button_clicked(self, button: QAbstractButton) -> None:
        if button is self.restore_defaults_button:
            self.load(TrainingSettings().with_changes(
                train_subset=self._base.train_subset, divergence_guard=self._base.divergence_guard))

    def accept(self) -> None:
        settings, errors = self._read_form()
        if errors:  # OK is disabled then; Enter in a field must not get around it
            return
        save_training_settings(settings)
        super().accept()

