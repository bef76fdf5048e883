"""What the network reads: the digit, large, with a caption; all ten probabilities; its 28x28 input.

Custom-painted widgets rather than pyqtgraph: ten bars need no axes, zooming or a 0.3 s import at
start-up, and painting from the palette keeps them right in light and dark themes.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPainterPath, QPalette
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ..core.rejection import NOT_A_DIGIT
from .i18n import percent
from .number_view import NumberView, describe

#: Magnification of the 28x28 model input in the preview (nearest neighbour).
PREVIEW_SCALE = 5


class ProbabilityChart(QWidget):
    """Ten bars, one per digit; the likeliest is drawn in the highlight colour with its percentage."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("probabilityChart")
        self.setAccessibleName("probabilityChart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(220)
        self._probabilities: tuple[float, ...] | None = None
        self._muted = False
        self._update_description()

    @property
    def probabilities(self) -> tuple[float, ...] | None:
        return self._probabilities

    def set_probabilities(self, probabilities, muted: bool = False) -> None:
        """Ten probabilities, or None to show empty bars; ``muted``: no bar in the highlight colour (the
        drawing was read as no digit, so none of them is the answer)."""
        self._probabilities = None if probabilities is None else tuple(float(p) for p in probabilities)
        self._muted = muted
        self._update_description()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(280, 8 * self.fontMetrics().height())

    def _update_description(self) -> None:
        if self._probabilities is None:
            self.setAccessibleDescription(self.tr("Probabilities: none (no digit)"))
        else:
            listed = self.tr(", ").join(f"{digit}: {percent(p)}" for digit, p in enumerate(self._probabilities))
            self.setAccessibleDescription(self.tr("Probabilities: {listed}").format(listed=listed))

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        metrics = self.fontMetrics()
        text_height = metrics.height()
        area = QRectF(self.rect()).adjusted(2, text_height + 4, -2, -(text_height + 4))
        slot = area.width() / 10
        bar_width = slot * 0.62
        top = self._top_digit()

        baseline = palette.color(QPalette.ColorRole.Mid)
        painter.setPen(baseline)
        painter.drawLine(area.bottomLeft(), area.bottomRight())

        rest = QColor(palette.color(QPalette.ColorRole.Text))
        rest.setAlphaF(0.35)
        highlight = palette.color(QPalette.ColorRole.Highlight)
        for digit in range(10):
            centre_x = area.left() + slot * (digit + 0.5)
            probability = self._probabilities[digit] if self._probabilities else 0.0
            height = max(area.height() * probability, 0.0)
            if height >= 0.5:
                bar = QRectF(centre_x - bar_width / 2, area.bottom() - height, bar_width, height)
                painter.fillPath(_rounded_top(bar, min(4.0, bar_width / 4)),
                                 highlight if digit == top and not self._muted else rest)
            label_rect = QRectF(centre_x - slot / 2, area.bottom() + 2, slot, text_height)
            font = painter.font()
            font.setBold(digit == top)
            painter.setFont(font)
            painter.setPen(palette.color(QPalette.ColorRole.Text))
            painter.drawText(label_rect, Qt.AlignmentFlag.AlignCenter, str(digit))
            if digit == top:
                value_rect = QRectF(centre_x - slot, area.bottom() - height - text_height - 2, 2 * slot, text_height)
                painter.drawText(value_rect, Qt.AlignmentFlag.AlignCenter, percent(probability))
        painter.end()

    def _top_digit(self) -> int | None:
        if not self._probabilities or max(self._probabilities) <= 0:
            return None
        return int(np.argmax(self._probabilities))


def _rounded_top(rect: QRectF, radius: float) -> QPainterPath:
    """A bar with rounded top corners and a square foot on the baseline."""
    radius = min(radius, rect.height())
    path = QPainterPath()
    path.moveTo(rect.bottomLeft())
    path.lineTo(rect.left(), rect.top() + radius)
    path.quadTo(rect.topLeft(), QPointF(rect.left() + radius, rect.top()))
    path.lineTo(rect.right() - radius, rect.top())
    path.quadTo(rect.topRight(), QPointF(rect.right(), rect.top() + radius))
    path.lineTo(rect.bottomRight())
    path.closeSubpath()
    return path


class ModelInputPreview(QWidget):
    """The 28x28 image the network receives, enlarged with visible pixels (white ink on black)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("modelInputPreview")
        self.setAccessibleName("modelInputPreview")
        self.setAccessibleDescription(self.tr("The 28 by 28 pixel image the network reads"))
        side = 28 * PREVIEW_SCALE + 2
        self.setFixedSize(side, side)
        self._image: QImage | None = None

    def set_model_input(self, image28: np.ndarray | None) -> None:
        if image28 is None:
            self._image = None
        else:
            pixels = np.ascontiguousarray(np.clip(image28 * 255.0 + 0.5, 0, 255).astype(np.uint8))
            height, width = pixels.shape
            self._image = QImage(pixels.data, width, height, width, QImage.Format.Format_Grayscale8).copy()
        self.update()

    def has_image(self) -> bool:
        return self._image is not None

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        frame = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        inner = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        painter.fillRect(inner, QColor("black"))  # the model's background is black in any theme
        if self._image is not None:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
            painter.drawImage(inner, self._image)
        painter.setPen(self.palette().color(QPalette.ColorRole.Mid))
        painter.drawRect(frame)
        painter.end()


class PredictionPanel(QWidget):
    """The side panel: big digit and caption, probability chart, model-input preview."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("predictionPanel")
        self.digit_label = QLabel("", self)
        self.digit_label.setObjectName("predictedDigit")
        self.digit_label.setAccessibleName("predictedDigit")
        self.digit_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 7)
        font.setBold(True)
        self.digit_label.setFont(font)
        # Room for a digit even when empty, so the layout does not jump when one appears.
        self.digit_label.setMinimumHeight(self.digit_label.fontMetrics().height())

        self.caption_label = QLabel("", self)
        self.caption_label.setObjectName("predictionCaption")
        self.caption_label.setAccessibleName("predictionCaption")
        self.caption_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        caption_font = QFont(self.font())
        caption_font.setPointSizeF(caption_font.pointSizeF() * 1.25)
        self.caption_label.setFont(caption_font)

        self.chart = ProbabilityChart(self)
        self.preview = ModelInputPreview(self)
        self.number_view = NumberView(self)
        self.number_view.digit_selected.connect(self.select_digit)
        self._reading = None
        self._selected = 0
        self._chosen = False  # whether the user clicked the part to detail (else: the first digit)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(6)
        layout.addWidget(_heading(self.tr("Prediction"), self))
        layout.addWidget(self.number_view)
        layout.addWidget(self.digit_label)
        layout.addWidget(self.caption_label)
        layout.addSpacing(8)
        layout.addWidget(_separator(self))
        layout.addWidget(_heading(self.tr("Probabilities"), self))
        layout.addWidget(self.chart)
        layout.addSpacing(8)
        layout.addWidget(_separator(self))
        layout.addWidget(_heading(self.tr("What the network sees (28 × 28)"), self))
        layout.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        self.show_loading()

    def show_loading(self) -> None:
        self._show(self.tr("Loading model…"))

    def show_no_model(self) -> None:
        """No weights could be loaded: nothing will be read until a weights file is chosen."""
        self._show(self.tr("No model loaded"))

    @property
    def selected_digit(self) -> int:
        """Which digit of several the panel details (left to right)."""
        return self._selected

    def show_reading(self, reading) -> None:
        """A NumberReading, or None for an empty canvas: the number, and the selected digit in detail."""
        self._reading = reading
        if reading is None or self._selected >= len(reading.digits):
            self._chosen = False
        if not self._chosen:  # the first digit read, not a dash before it, until the user clicks a part
            parts = [] if reading is None else reading.digits
            self._selected = next((i for i, part in enumerate(parts) if part.prediction.digit is not None), 0)
        self.number_view.show_reading(reading, self._selected)
        self.show_prediction(None if reading is None else self._selected_prediction())

    def select_digit(self, index: int) -> None:
        """Show one digit's probabilities and 28x28 input (a click on its button)."""
        if self._reading is None or not 0 <= index < len(self._reading.digits):
            return
        self._selected = index
        self._chosen = True
        self.show_prediction(self._selected_prediction())
        for button in self.number_view.digit_buttons():
            button.setChecked(self.number_view.digit_buttons().index(button) == index)

    def _selected_prediction(self):
        digits = self._reading.digits
        return digits[self._selected].prediction if digits else self._reading.prediction

    def show_prediction(self, prediction) -> None:
        """A Prediction, or None for an empty canvas."""
        if prediction is None:
            self._show(self.tr("Draw a digit"))
            return
        if prediction.reason == NOT_A_DIGIT:
            # No big digit, a short caption; the ten bars and the input stay, to show what it looked like.
            self._show(self.tr("Not a digit"), clear_number=False)
            self.chart.set_probabilities(prediction.probabilities, muted=True)
            self.preview.set_model_input(prediction.model_input)
            return
        if prediction.digit is None:  # the number strip keeps what it shows
            self._show(self.tr("No digit found"), clear_number=False)
            return
        self.digit_label.setText(str(prediction.digit))
        # A guess the network is unsure of is shown muted; the caption says "not sure: 4 or 9".
        # A role, not a colour, so the label follows a later switch between light and dark palettes.
        confident = prediction.is_confident
        self.digit_label.setForegroundRole(
            QPalette.ColorRole.WindowText if confident else QPalette.ColorRole.PlaceholderText
        )
        # Confident: the digit is already large above, so say how sure; unsure: "not sure: 4 or 9".
        self.caption_label.setText(
            self.tr("{percent} confident").format(percent=percent(prediction.confidence)) if confident
            else describe(prediction)
        )
        self.chart.set_probabilities(prediction.probabilities)
        self.preview.set_model_input(prediction.model_input)

    def _show(self, caption: str, *, clear_number: bool = True) -> None:
        """No digit to show: only a caption (and, unless told otherwise, no number)."""
        if clear_number:
            self.number_view.show_reading(None)
        self.digit_label.setText("")
        self.caption_label.setText(caption)
        self.chart.set_probabilities(None)
        self.preview.set_model_input(None)


def _heading(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def _separator(parent: QWidget) -> QFrame:
    line = QFrame(parent)
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Plain)
    line.setForegroundRole(QPalette.ColorRole.Mid)  # a quiet rule in light and dark palettes
    return line
