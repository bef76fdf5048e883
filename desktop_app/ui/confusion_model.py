"""The 10x10 confusion matrix as a Qt table model (row = true digit, column = predicted).

``Qt.DisplayRole`` holds the counts as ints; each cell's background is the palette's highlight colour
mixed into its base colour by the cell's share of its row (so a row reads the same whatever the
digit's count; on a gamma scale, so that rare mistakes still show), with the text colour switched where the background gets dark. In difference mode
(comparing two models) the cells hold signed differences and are tinted by their size instead.
Colours come from the palette given (the view's), so light and dark themes both read well.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QHeaderView, QTableView, QWidget

DIGITS = 10
#: Shade = share ** gamma: a few mistakes among a thousand (0.5%) still show as a tint (12%), while the
#: order of shades stays the order of shares.
SHADE_GAMMA = 0.4
#: Where the text switches to the highlighted-text colour (share of the highlight in the mix).
DARK_FROM = 0.55


def mix(base: QColor, tint: QColor, share: float) -> QColor:
    share = min(max(share, 0.0), 1.0)
    return QColor.fromRgbF(*(b + (t - b) * share for b, t in zip(base.getRgbF()[:3], tint.getRgbF()[:3], strict=True)))


class ConfusionModel(QAbstractTableModel):
    """Counts (or differences) per (true, predicted) cell; empty until :meth:`set_matrix`."""

    def __init__(self, parent: QObject | None = None, palette: QPalette | None = None,
                 palette_of: QWidget | None = None) -> None:
        """Colours come from ``palette``, else from ``palette_of``'s palette as it is at each paint (so a
        switch between light and dark follows at once), else from the application's."""
        super().__init__(parent)
        self._matrix = np.zeros((DIGITS, DIGITS), dtype=np.int64)
        self._difference = False
        self._fixed_palette = palette
        self._palette_of = palette_of
        self._shares = np.zeros((DIGITS, DIGITS))

    @property
    def _palette(self) -> QPalette:
        if self._fixed_palette is not None:
            return self._fixed_palette
        return self._palette_of.palette() if self._palette_of is not None else QApplication.palette()

    def set_matrix(self, matrix, difference: bool = False) -> None:
        """A (10, 10) matrix of counts; ``difference``: signed differences between two models."""
        self._matrix = np.asarray(matrix, dtype=np.int64).reshape(DIGITS, DIGITS)
        self._difference = difference
        if difference:
            self._shares = np.abs(self._matrix) / max(int(np.abs(self._matrix).max()), 1)
        else:
            self._shares = self._matrix / np.maximum(self._matrix.sum(1, keepdims=True), 1)
        self._changed()

    def matrix(self) -> np.ndarray:
        return self._matrix.copy()

    def _changed(self) -> None:
        self.dataChanged.emit(self.index(0, 0), self.index(DIGITS - 1, DIGITS - 1))

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else DIGITS

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else DIGITS

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        value = int(self._matrix[row, column])
        share = float(self._shares[row, column])
        if role == Qt.ItemDataRole.DisplayRole:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background(row, column, share ** SHADE_GAMMA)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._palette.color(QPalette.ColorRole.HighlightedText if share ** SHADE_GAMMA >= DARK_FROM
                                       else QPalette.ColorRole.Text)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column, value, share)
        return None

    def _background(self, row: int, column: int, share: float) -> QColor:
        base = self._palette.color(QPalette.ColorRole.Base)
        tint = self._palette.color(QPalette.ColorRole.Highlight)
        if self._difference and self._matrix[row, column] != 0:
            # Better (more right on the diagonal, fewer wrong off it) in green, worse in red.
            better = (self._matrix[row, column] > 0) == (row == column)
            tint = QColor(40, 160, 70) if better else QColor(210, 60, 50)
        return mix(base, tint, share)

    def _tooltip(self, row: int, column: int, value: int, share: float) -> str:
        if self._difference:
            text = self.tr("True %1, read as %2: %3 images (second model minus first)").replace("%3", f"{value:+d}")
        elif row == column:
            text = self.tr("%3 images of the digit %1 read right (%4 of the %1s)")
        else:
            text = self.tr("%3 images of the digit %1 read as %2 (%4 of the %1s)")
        return text.replace("%1", str(row)).replace("%2", str(column)).replace("%3", f"{value:,}").replace(
            "%4", f"{share:.1%}")

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            return str(section)
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self.tr("True digit %1") if orientation == Qt.Orientation.Vertical else self.tr("Read as %1")
            return text.replace("%1", str(section))
        return None


def confusion_table(parent: QWidget, object_name: str) -> QTableView:
    """A QTableView sized for a 10x10 matrix of up to four-digit counts, one cell selectable at a time."""
    view = QTableView(parent)
    view.setObjectName(object_name)
    view.setModel(ConfusionModel(view, palette_of=view))
    view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectItems)
    view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    for header in (view.horizontalHeader(), view.verticalHeader()):
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(view.fontMetrics().horizontalAdvance("00000"))
    view.horizontalHeader().setToolTip(QCoreApplication.translate("ConfusionModel", "The digit the model read"))
    view.verticalHeader().setToolTip(QCoreApplication.translate("ConfusionModel", "The true digit"))
    # At least 8 rows high, not all 10 and the header: on a 1024x600 screen the views that hold it must
    # fit in about 550 pixels, so there the matrix scrolls a little.
    view.setMinimumSize(11 * view.fontMetrics().horizontalAdvance("000000"), 8 * (view.fontMetrics().height() + 6))
    return view
