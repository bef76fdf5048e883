""""Wrong? It is …" under the prediction: ten digit buttons and a confirm for a right reading.

A view: it shows the reading it is given and says which digit the user chose (``digit_chosen``); the
handwriting controller (handwriting.py) keeps the drawing as a sample of that digit.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget


class CorrectionBar(QWidget):
    """Ten digit buttons (``correctDigit0`` … ``correctDigit9``) and ``confirmReading``."""

    #: The user says the drawing is this digit (a correction, or a confirmed reading).
    digit_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("correctionBar")
        self._predicted: int | None = None
        self.confirm_button = QPushButton(self)
        self.confirm_button.setObjectName("confirmReading")
        self.confirm_button.clicked.connect(self._on_confirm_clicked)
        self.question = QLabel(self.tr("Wrong? It is …"), self)
        self.question.setObjectName("correctionQuestion")
        self.note = QLabel(self)
        self.note.setObjectName("correctionNote")
        self.note.setWordWrap(True)
        self.note.hide()  # shown with a note only: the prediction panel has no height to spare
        self.digit_buttons: list[QPushButton] = []
        digits = QHBoxLayout()  # one row of ten: the 28x28 preview below must stay in view at 1366x768
        digits.setSpacing(2)
        for digit in range(10):
            button = QPushButton(str(digit), self)
            button.setObjectName(f"correctDigit{digit}")
            button.setAccessibleName(self.tr("It is a {digit}").format(digit=digit))
            button.setToolTip(self.tr("Keep this drawing as a {digit} in My handwriting (key {digit} on the canvas)")
                              .format(digit=digit))
            button.setMinimumWidth(18)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _checked=False, d=digit: self.digit_chosen.emit(d))
            digits.addWidget(button)
            self.digit_buttons.append(button)
        top = QHBoxLayout()
        top.addWidget(self.question)
        top.addStretch(1)
        top.addWidget(self.confirm_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addLayout(digits)
        layout.addWidget(self.note)
        self.set_prediction(None)

    def set_prediction(self, digit: int | None, usable: bool = True, rejected: bool = False) -> None:
        """The digit read (None: nothing to correct); ``usable`` False for a drawing of several digits;
        ``rejected``: read as no digit at all, which the user may still correct to the digit it is
        (nothing to confirm then)."""
        self._predicted = digit if usable else None
        enabled = digit is not None and usable
        for button in self.digit_buttons:
            button.setEnabled(enabled or (rejected and usable))
        self.confirm_button.setEnabled(enabled)
        text = self.tr("Right: keep it as a {digit}").format(digit=digit) if enabled else self.tr("Right: keep it")
        self.confirm_button.setText(text)
        if digit is not None and not usable:
            self.show_note(self.tr("Draw one digit at a time to keep it as a sample."))

    def show_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def note_text(self) -> str:
        return self.note.text()

    def _on_confirm_clicked(self) -> None:
        if self._predicted is not None:
            self.digit_chosen.emit(self._predicted)
