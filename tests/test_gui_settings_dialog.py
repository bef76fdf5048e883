"""The training settings dialog: the core's validation shown inline, presets, defaults, devices, persistence."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from desktop_app.core.settings import PRESETS, TrainingSettings
from desktop_app.ui.settings_dialog import TrainingSettingsDialog
from desktop_app.ui.settings_store import load_training_settings, save_training_settings


@pytest.fixture
def dialog(qtbot):
    dialog = TrainingSettingsDialog()
    qtbot.addWidget(dialog)
    return dialog


def test_names_and_stored_defaults(dialog):
    assert dialog.objectName() == "settingsDialog"
    assert dialog.settings() == TrainingSettings()
    assert dialog.preset_combo.currentText() == "Fast (default)"
    assert dialog.errors() == {} and dialog.ok_button.isEnabled()


@pytest.mark.parametrize("text", ["0", "-1", "abc", "1e9", "", "nan"])
def test_a_bad_learning_rate_is_refused_inline(dialog, text):
    dialog.learning_rate_edit.setText(text)
    label = dialog.findChild(type(dialog.preset_description), "learning_rateError")
    assert not label.isHidden()
    assert label.text() == dialog.errors()["learning_rate"]
    if text in {"0", "-1", "1e9", "nan"}:  # parses: the core's own words
        assert label.text() == TrainingSettings(learning_rate=float(text)).validate()["learning_rate"]
    else:
        assert "number" in label.text()
    assert not dialog.ok_button.isEnabled()
    dialog.accept()  # Enter in a field must not get past the check either
    assert dialog.result() != dialog.DialogCode.Accepted
    dialog.learning_rate_edit.setText("0.001")
    assert label.isHidden() and dialog.ok_button.isEnabled()


@pytest.mark.parametrize(("edit", "text", "field"), [
    ("epochs_edit", "0", "epochs"),
    ("epochs_edit", "2.5", "epochs"),
    ("batch_size_edit", "100000", "batch_size"),
    ("val_ratio_edit", "0.95", "val_ratio"),
    ("weight_decay_edit", "-0.1", "weight_decay"),
    ("label_smoothing_edit", "0.5", "label_smoothing"),
    ("seed_edit", "-3", "seed"),
])
def test_other_bad_values_are_refused_inline(dialog, edit, text, field):
    getattr(dialog, edit).setText(text)
    assert field in dialog.errors()
    assert dialog.findChild(type(dialog.preset_description), f"{field}Error").text() == dialog.errors()[field]
    assert not dialog.ok_button.isEnabled()


def test_momentum_only_for_sgd(dialog):
    assert dialog.optimizer_combo.currentData() == "adamw"
    assert not dialog.momentum_edit.isEnabled()
    dialog.momentum_edit.setText("5")  # ignored while disabled
    assert dialog.ok_button.isEnabled()
    dialog.optimizer_combo.setCurrentIndex(dialog.optimizer_combo.findData("sgd"))
    assert dialog.momentum_edit.isEnabled()
    assert dialog.errors()["momentum"] == "momentum must be at least 0 and below 1"
    dialog.momentum_edit.setText("0.8")
    assert dialog.settings().momentum == 0.8 and dialog.settings().optimizer == "sgd"


def test_presets_fill_the_fields_and_follow_edits(dialog):
    dialog.preset_combo.setCurrentIndex(dialog.preset_combo.findData("seed"))
    seed = PRESETS["seed"].settings
    assert dialog.settings() == seed
    assert dialog.learning_rate_edit.text() == "0.01"
    assert dialog.batch_size_edit.text() == "10"
    assert dialog.architecture_combo.currentData() == "number_recognition"
    assert not dialog.augment_check.isChecked()
    assert "tutorial" in dialog.preset_description.text()
    dialog.epochs_edit.setText("3")
    assert dialog.preset_combo.currentData() == "custom"
    dialog.preset_combo.setCurrentIndex(dialog.preset_combo.findData("fast"))
    assert dialog.settings() == TrainingSettings()


def test_a_preset_keeps_the_chosen_device(dialog):
    dialog.device_combo.setCurrentIndex(dialog.device_combo.findData("cpu"))
    dialog.preset_combo.setCurrentIndex(dialog.preset_combo.findData("seed"))
    assert dialog.settings() == PRESETS["seed"].settings.with_changes(device="cpu")


def test_restore_defaults(dialog):
    dialog.load(PRESETS["seed"].settings.with_changes(seed=7, learning_rate=0.5))
    dialog.restore_defaults_button.click()
    assert dialog.settings() == TrainingSettings()
    assert dialog.learning_rate_edit.text() == "0.003"


def test_values_persist_across_dialog_instances(qtbot):
    first = TrainingSettingsDialog()
    qtbot.addWidget(first)
    first.epochs_edit.setText("3")
    first.learning_rate_edit.setText("2e-3")
    first.optimizer_combo.setCurrentIndex(first.optimizer_combo.findData("sgd"))
    first.momentum_edit.setText("0.5")
    first.lr_schedule_combo.setCurrentIndex(first.lr_schedule_combo.findData("cosine"))
    first.augment_check.setChecked(False)
    first.pen_digits_check.setChecked(False)
    first.seed_edit.setText("4000000000")  # beyond a 32-bit signed int
    first.device_combo.setCurrentIndex(first.device_combo.findData("cpu"))
    first.ok_button.click()
    expected = TrainingSettings(epochs=3, learning_rate=2e-3, optimizer="sgd", momentum=0.5,
                                lr_schedule="cosine", augment=False, pen_digits=False, seed=4_000_000_000, device="cpu")
    assert load_training_settings() == expected

    second = TrainingSettingsDialog()
    qtbot.addWidget(second)
    assert second.settings() == expected
    assert second.momentum_edit.isEnabled()
    second.epochs_edit.setText("9")
    second.reject()  # Cancel stores nothing
    assert load_training_settings() == expected


def test_hidden_fields_survive_the_dialog(qtbot):
    save_training_settings(TrainingSettings(train_subset=500, divergence_guard=False))
    dialog = TrainingSettingsDialog()
    qtbot.addWidget(dialog)
    dialog.epochs_edit.setText("2")
    dialog.ok_button.click()
    assert load_training_settings() == TrainingSettings(epochs=2, train_subset=500, divergence_guard=False)


def test_unavailable_cuda_is_listed_disabled_with_the_reason(dialog):
    index = dialog.device_combo.findData("cuda:0")
    assert index >= 0
    item = dialog.device_combo.model().item(index)
    assert not item.isEnabled()  # this machine has no GPU
    reason = dialog.device_combo.itemData(index, Qt.ItemDataRole.ToolTipRole)
    assert reason and reason in dialog.device_combo.itemText(index)
    assert dialog.device_combo.itemData(0) == "auto" and dialog.device_combo.itemData(1) == "cpu"


def test_a_stored_device_missing_here_is_flagged(qtbot):
    save_training_settings(TrainingSettings(device="cuda:3"))
    dialog = TrainingSettingsDialog()
    qtbot.addWidget(dialog)
    assert dialog.device_combo.currentData() == "cuda:3"
    assert "not on this machine" in dialog.device_combo.currentText()
    assert "device" in dialog.errors() and not dialog.ok_button.isEnabled()


def test_the_rows_come_from_the_core_table(dialog):
    from PySide6.QtWidgets import QFormLayout, QWidget

    from desktop_app.core.settings import SETTINGS

    shown = [spec for spec in SETTINGS.values() if spec.in_dialog]
    rows_of_today = ["epochs", "learning_rate", "batch_size", "val_ratio", "optimizer", "momentum", "weight_decay",
                     "lr_schedule", "architecture", "augment", "pen_digits", "seed", "label_smoothing", "device"]
    assert [spec.name for spec in shown if spec.name in rows_of_today] == rows_of_today  # a new one may join
    form = dialog.findChild(QFormLayout)
    labels = [form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget().text() for row in range(2, form.rowCount())]
    assert labels == [spec.label for spec in shown]
    assert "Momentum (SGD)" in labels and "LR schedule" in labels
    for spec in shown:
        widget = dialog.findChild(QWidget, f"{spec.name}Error").parentWidget().layout().itemAt(0).widget()
        assert widget.toolTip() and widget.toolTip()[1:] == spec.help[1:], spec.name
        assert widget.accessibleName().lower() == spec.noun
    assert dialog.findChild(QWidget, "lrScheduleCombo").accessibleName() == "Learning-rate schedule"
    combo = dialog.architecture_combo
    assert [combo.itemData(i) for i in range(combo.count())] == ["compact_cnn", "quick_cnn", "number_recognition"]


def test_a_stored_value_that_does_not_parse_still_opens_the_dialog(qtbot):
    from desktop_app.ui.qsettings import app_settings
    from desktop_app.ui.settings_store import GROUP

    store = app_settings()
    store.setValue(f"{GROUP}/train_subset", "abc")
    store.sync()
    dialog = TrainingSettingsDialog()
    qtbot.addWidget(dialog)
    assert dialog.settings() == TrainingSettings() and dialog.ok_button.isEnabled()


def test_numbers_are_spin_boxes_that_step_within_the_bounds(dialog):
    from PySide6.QtWidgets import QAbstractSpinBox

    for name in ("epochs", "learning_rate", "batch_size", "val_ratio", "weight_decay", "seed", "label_smoothing"):
        assert isinstance(getattr(dialog, f"{name}_edit"), QAbstractSpinBox), name
    dialog.epochs_edit.setText("1000")
    dialog.epochs_edit.stepUp()
    assert dialog.epochs_edit.text() == "1000" and "epochs" not in dialog.errors()
    dialog.epochs_edit.stepDown()
    assert dialog.settings().epochs == 999
    dialog.learning_rate_edit.stepUp()  # 0.003 -> a tenth of its decade more
    assert dialog.settings().learning_rate == pytest.approx(0.0031)


def test_a_shown_dialog_reads_values_near_an_excluded_end_as_they_are(qtbot, dialog):
    # A spin box rewrites its text from its value once shown: a range stopping a step short of 1 turned
    # the default weight averaging, 0.999, into 0.99.
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.weight_average_edit.text() == "0.999"
    assert dialog.settings() == TrainingSettings()
    dialog.weight_average_edit.setText("0.9999")
    assert dialog.settings().weight_average == 0.9999
    for _ in range(5):
        dialog.weight_average_edit.stepUp()
    assert 0.9999 < dialog.weight_average_edit.value() < 1 and "weight_average" not in dialog.errors()


def test_an_error_line_does_not_move_the_fields_below(qtbot, dialog):
    dialog.show()
    qtbot.waitExposed(dialog)

    def gap() -> int:  # from the field with the error to the next one
        return dialog.learning_rate_edit.mapTo(dialog, QPoint()).y() - dialog.epochs_edit.mapTo(dialog, QPoint()).y()

    before = gap()
    dialog.epochs_edit.setText("0")
    qtbot.wait(20)
    assert dialog.errors()["epochs"]
    assert gap() == before


def test_it_fits_a_600_pixel_screen_and_never_clips_the_preset_description(qtbot, dialog):
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.height() <= 560
    dialog.preset_combo.setCurrentIndex(dialog.preset_combo.findData("seed"))
    qtbot.wait(20)
    label = dialog.preset_description
    assert label.text() and label.height() >= label.heightForWidth(label.width())


def test_the_run_time_is_estimated_from_the_measured_speed(dialog):
    from desktop_app.ui.training_speed import record_speed

    assert "not known yet" in dialog.estimate_label.text()
    record_speed(TrainingSettings(), 4000.0)
    dialog.epochs_edit.setText("2")  # 2 x (48,000 MNIST + 4,800 non-digits + 2 x 7,494 pen) at 4,000 samples/s
    assert "about 34 s (an estimate" in dialog.estimate_label.text()
    assert "135,576 images" in dialog.estimate_label.text()
    dialog.pen_digits_check.setChecked(False)  # 2 x 52,800
    assert "about 26 s (an estimate" in dialog.estimate_label.text()
    assert "105,600 images" in dialog.estimate_label.text()


def test_a_precision_chosen_by_hand_is_estimated_from_its_own_speed(dialog):
    from desktop_app.ui.training_speed import record_speed

    record_speed(TrainingSettings(), 4000.0)  # "auto": what runs measured before the setting existed
    record_speed(TrainingSettings(precision="float32"), 2000.0)
    dialog.epochs_edit.setText("2")
    assert "about 34 s (an estimate" in dialog.estimate_label.text()
    dialog.precision_combo.setCurrentIndex(dialog.precision_combo.findData("float32"))
    assert "about 1 min 08 s (an estimate" in dialog.estimate_label.text()
    dialog.precision_combo.setCurrentIndex(dialog.precision_combo.findData("bfloat16"))
    assert "not known yet" in dialog.estimate_label.text()
