"""Per-class accuracy as bars: one group per digit, one bar per model (one, or two side by side).

Painted from the palette (like the prediction panel's bars) rather than with pyqtgraph: ten groups
need no axes or zooming. Accuracies of good models all sit near 100%, so the scale starts a little
below the lowest value shown (its floor is written at the left), which makes the differences visible.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

DIGITS = 10


def scale_floor(values: Sequence[float]) -> float:
    """The accuracy the bars start from: a round tenth below the lowest value (0 for poor models)."""
    lowest = min(values, default=1.0)
    floor = math.floor((lowest - 0.02) * 20) / 20
    return min(max(floor, 0.0), 0.9)


class ClassAccuracyBars(QWidget):
    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setAccessibleName(self.tr("Per-class accuracy"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._series: list[tuple[str, list[float]]] = []

    def set_series(self, series: Sequence[tuple[str, Sequence[float]]]) -> None:
        """``(name, ten accuracies 0-1)`` per model; an empty list clears the bars."""
        self._series = [(name, [float(v) for v in values]) for name, values in series]
        described = "; ".join(f"{name}: " + ", ".join(f"{d}: {v:.1%}" for d, v in enumerate(values))
                              for name, values in self._series)
        self.setAccessibleDescription(described or "no accuracies yet")
        self.update()

    def values(self) -> list[list[float]]:
        return [values for _name, values in self._series]

    def sizeHint(self) -> QSize:
        return QSize(360, 9 * self.fontMetrics().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(240, 7 * self.fontMetrics().height())

    def _colours(self) -> list[QColor]:
        palette = self.palette()
        second = QColor(palette.color(QPalette.ColorRole.Text))
        second.setAlphaF(0.45)
        return [palette.color(QPalette.ColorRole.Highlight), second]

    def paintEvent(self, event) -> None:
        if not self._series:
            return
        painter = QPainter(self)
        palette = self.palette()
        metrics = self.fontMetrics()
        line = metrics.height()
        floor = scale_floor([v for _name, values in self._series for v in values])
        area = QRectF(self.rect()).adjusted(metrics.horizontalAdvance("100% "), line + 2, -2, -(line + 2))
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        painter.drawText(QRectF(0, area.top() - line / 2, area.left() - 2, line),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, "100%")
        painter.drawText(QRectF(0, area.bottom() - line / 2, area.left() - 2, line),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{floor:.0%}")
        slot = area.width() / DIGITS
        count = len(self._series)
        bar = slot * 0.7 / count
        for digit in range(DIGITS):
            left = area.left() + digit * slot + slot * 0.15
            for k, ((_name, values), colour) in enumerate(zip(self._series, self._colours(), strict=False)):
                share = (values[digit] - floor) / (1.0 - floor) if floor < 1 else 0.0
                height = max(0.0, min(1.0, share)) * area.height()
                painter.fillRect(QRectF(left + k * bar, area.bottom() - height, bar - 1, height), colour)
            painter.setPen(palette.color(QPalette.ColorRole.Text))
            painter.drawText(QRectF(area.left() + digit * slot, area.bottom() + 2, slot, line),
                             Qt.AlignmentFlag.AlignCenter, str(digit))
            if count == 1:
                painter.drawText(QRectF(area.left() + digit * slot, 0, slot, line), Qt.AlignmentFlag.AlignCenter,
                                 f"{self._series[0][1][digit]:.1%}")
