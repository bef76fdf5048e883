"""A spin box for a training setting's number: arrows, the wheel and Up/Down step it within the
setting's bounds, and any text can still be typed, so the dialog shows the core's own words for a
value it refuses (as the CLI does) rather than the box silently refusing keys."""

from __future__ import annotations

import math

from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QAbstractSpinBox, QDoubleSpinBox, QWidget

#: Enough decimals for a learning rate of 1e-6; the text shows only what the value needs ("%g").
DECIMALS = 12


class NumberSpinBox(QDoubleSpinBox):
    """Whole numbers (``whole``, up to 2**53: a seed may exceed a 32-bit int) or decimals, shown
    without trailing zeros ("0.003", "3e-05"). ``text()``/``setText()`` read and type the text."""

    def __init__(self, low: float, high: float, *, whole: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._whole = whole
        self.setDecimals(0 if whole else DECIMALS)
        self.setRange(low, high)
        self.setKeyboardTracking(True)
        if whole:
            self.setSingleStep(1)
        else:
            # 0.003 -> 0.0031: a tenth of the value's own decade, whatever its size.
            self.setStepType(QAbstractSpinBox.StepType.AdaptiveDecimalStepType)
        self.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToPreviousValue)

    def textFromValue(self, value: float) -> str:
        return str(int(round(value))) if self._whole else f"{value:g}"

    def valueFromText(self, text: str) -> float:
        try:
            return float(text)
        except ValueError:
            return self.value()

    def validate(self, text: str, pos: int) -> object:
        """Every text may be typed (the dialog says what is wrong with it); a number in range is
        acceptable, so the box's value follows it."""
        try:
            value = float(text)
        except ValueError:
            return QValidator.State.Intermediate, text, pos
        in_range = math.isfinite(value) and self.minimum() <= value <= self.maximum()
        if self._whole and not value.is_integer():
            in_range = False
        return (QValidator.State.Acceptable if in_range else QValidator.State.Intermediate), text, pos

    def fixup(self, text: str) -> str:
        return text

    def text(self) -> str:  # noqa: D102 - the editor's text, as QLineEdit.text()
        return self.lineEdit().text()

    def setText(self, text: str) -> None:
        """Put ``text`` in the box, as if typed; the arrows then step from its value (clamped to the range)."""
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        self.lineEdit().setText(text)  # the dialog reads and judges the text on this change
        if math.isfinite(value):
            edit = self.lineEdit()
            blocked = edit.blockSignals(True)
            self.setValue(value)  # rewrites the text in its own format: the typed text goes back
            edit.setText(text)
            edit.blockSignals(blocked)
