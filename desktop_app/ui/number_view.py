"""The number read, large, and one button per digit with its confidence; an unsure digit is marked.

Clicking a digit's button selects it: the prediction panel then shows that digit's ten
probabilities and its 28x28 input. With one digit (or none) the strip is hidden and the panel looks
as it always has; ``predictedNumber`` still holds the digit.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from ..core.rejection import NOT_A_DIGIT
from .i18n import percent

# What the strip shows for a part that is no digit (the boxes over the canvas carry the same dash).
NO_DIGIT_MARK = "\u2013"


def describe(prediction) -> str:
    """A prediction in a few words, in the GUI's language: "7 (98%)", "not sure: 4 or 9", "not a digit",
    "no digit"."""
    if prediction.reason == NOT_A_DIGIT:
        return QCoreApplication.translate("Prediction", "not a digit")
    if prediction.digit is None:
        return QCoreApplication.translate("Prediction", "no digit")
    if not prediction.is_confident:
        return QCoreApplication.translate("Prediction", "not sure: {digit} or {runner_up}").format(
            digit=prediction.digit, runner_up=prediction.runner_up)
    return QCoreApplication.translate("Prediction", "{digit} ({percent})").format(
        digit=prediction.digit, percent=percent(prediction.confidence))


class NumberView(QWidget):
    """``predictedNumber`` (the digits read, left to right) and the strip of digit buttons."""

    #: The user picked a digit: its index, left to right.
    digit_selected = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.number_label = QLabel("", self)
        self.number_label.setObjectName("predictedNumber")
        self.number_label.setAccessibleName("predictedNumber")
        self.number_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.number_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 3.5)
        font.setBold(True)
        self.number_label.setFont(font)
        self._strip = QWidget(self)
        self._strip_layout = QHBoxLayout(self._strip)
        self._strip_layout.setContentsMargins(0, 0, 0, 0)
        self._strip_layout.setSpacing(2)
        self._buttons = QButtonGroup(self)
        self._buttons.setExclusive(True)
        self._buttons.idClicked.connect(self.digit_selected)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.number_label)
        layout.addWidget(self._strip)
        self.show_reading(None)

    def digit_buttons(self) -> list[QToolButton]:
        return list(self._buttons.buttons())

    def show_reading(self, reading, selected: int = 0) -> None:
        """A NumberReading, or None (nothing drawn)."""
        for button in self._buttons.buttons():
            self._buttons.removeButton(button)
            button.deleteLater()
        number = reading.number if reading is not None else None
        self.number_label.setText(number or "")
        several = reading is not None and len(reading.digits) > 1
        self.number_label.setVisible(several)
        self._strip.setVisible(several)
        if not several:
            return
        for index, digit in enumerate(reading.digits):
            self._add_button(index, digit.prediction, index == selected)

    def _add_button(self, index: int, prediction, selected: bool) -> None:
        button = QToolButton(self._strip)
        button.setObjectName(f"digitButton{index}")
        button.setCheckable(True)
        button.setChecked(selected)
        confident = prediction.is_confident
        mark = "" if confident or prediction.digit is None else "?"  # "?": a digit the network is unsure of
        shown = NO_DIGIT_MARK if prediction.digit is None else str(prediction.digit)  # a dash: not a digit
        button.setText(f"{shown}{mark}\n{percent(prediction.confidence)}")
        button.setAccessibleName(self.tr("digit {position}: {reading}").format(position=index + 1,
                                                                              reading=describe(prediction)))
        button.setToolTip(describe(prediction))
        if not confident:
            button.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._buttons.addButton(button, index)
        self._strip_layout.addWidget(button)
