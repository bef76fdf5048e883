""""My handwriting": the user's samples as a gallery by digit, with their counts, and what to do with them.

A view: the controller (handwriting.py) gives it the samples and counts and acts on its signals
(delete, relabel, import, export, guided mode, train). The gallery is a list model (thumbnails as
``DecorationRole``) shown by a ``QListView`` in icon mode; a tab per digit filters it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QAbstractListModel, QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QPushButton,
    QTabBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

THUMBNAIL = 48
ALL_DIGITS = -1


def thumbnail(image: np.ndarray) -> QPixmap:
    """A 28x28 rendering (white on black) as dark ink on light, scaled up for the gallery."""
    ink = np.ascontiguousarray(255 - np.asarray(image, dtype=np.uint8))
    picture = QImage(ink.data, 28, 28, 28, QImage.Format.Format_Grayscale8).copy()
    return QPixmap.fromImage(picture).scaled(THUMBNAIL, THUMBNAIL, Qt.AspectRatioMode.KeepAspectRatio,
                                             Qt.TransformationMode.SmoothTransformation)


class SampleListModel(QAbstractListModel):
    """(id, label, image) rows; the thumbnail is made when first shown and cached."""

    IdRole = Qt.ItemDataRole.UserRole + 1
    LabelRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, int, np.ndarray]] = []
        self._pixmaps: dict[str, QPixmap] = {}

    def set_rows(self, rows: list[tuple[str, int, np.ndarray]]) -> None:
        self.beginResetModel()
        self._rows = rows
        still_shown = {row[0] for row in rows}
        self._pixmaps = {key: pixmap for key, pixmap in self._pixmaps.items() if key in still_shown}
        self.endResetModel()

    def append_row(self, row: tuple[str, int, np.ndarray]) -> None:
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows))
        self._rows.append(row)
        self.endInsertRows()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        sample_id, label, image = self._rows[index.row()]
        if role == Qt.ItemDataRole.DecorationRole:
            if sample_id not in self._pixmaps:
                self._pixmaps[sample_id] = thumbnail(image)
            return self._pixmaps[sample_id]
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{label} ({sample_id})"
        if role == self.IdRole:
            return sample_id
        if role == self.LabelRole:
            return label
        return None


class HandwritingView(QWidget):
    """The "My handwriting" panel."""

    delete_requested = Signal(list)  # sample ids
    relabel_requested = Signal(list, int)  # sample ids, new digit
    import_requested = Signal()
    export_requested = Signal()
    train_requested = Signal()
    guided_toggled = Signal(bool)
    guided_keep_clicked = Signal()
    guided_skip_clicked = Signal()
    filter_changed = Signal(int)  # a digit, or ALL_DIGITS

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("handwritingView")
        self.model = SampleListModel(self)
        self._build_guided_row()
        self._build_gallery()
        self._build_buttons()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.total_label)
        layout.addLayout(self._guided_row)
        layout.addWidget(self.guided_prompt)
        layout.addWidget(self.tabs)
        layout.addWidget(self.gallery, 1)
        layout.addLayout(self._button_row)
        layout.addWidget(self.train_button)
        self.set_counts([0] * 10)
        self.set_guided(None)

    def sizeHint(self) -> QSize:
        return QSize(400, 520)  # six thumbnails a row; the canvas keeps the room

    # --- construction
    def _build_guided_row(self) -> None:
        self.total_label = QLabel(self)
        self.total_label.setObjectName("sampleTotal")
        self.total_label.setWordWrap(True)
        self.guided_button = QPushButton(self.tr("Guided mode"), self)
        self.guided_button.setObjectName("guidedMode")
        self.guided_button.setCheckable(True)
        self.guided_button.setToolTip(self.tr("Asks for each digit in turn, five times each"))
        self.guided_button.toggled.connect(self.guided_toggled)
        self.keep_button = QPushButton(self.tr("Keep (Enter)"), self)
        self.keep_button.setObjectName("guidedKeep")
        self.keep_button.clicked.connect(self.guided_keep_clicked)
        self.skip_button = QPushButton(self.tr("Skip"), self)
        self.skip_button.setObjectName("guidedSkip")
        self.skip_button.clicked.connect(self.guided_skip_clicked)
        self._guided_row = QHBoxLayout()
        for button in (self.guided_button, self.keep_button, self.skip_button):
            self._guided_row.addWidget(button)
        self.guided_prompt = QLabel(self)
        self.guided_prompt.setObjectName("guidedPrompt")
        self.guided_prompt.setWordWrap(True)
        font = self.guided_prompt.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.guided_prompt.setFont(font)

    def _build_gallery(self) -> None:
        self.tabs = QTabBar(self)
        self.tabs.setObjectName("digitTabs")
        self.tabs.setExpanding(False)
        self.tabs.setUsesScrollButtons(True)  # narrower than its eleven tabs: it scrolls
        for _ in range(11):
            self.tabs.addTab("")
        self.tabs.currentChanged.connect(lambda index: self.filter_changed.emit(index - 1))
        self.gallery = QListView(self)
        self.gallery.setObjectName("sampleGallery")
        self.gallery.setAccessibleName(self.tr("Your samples"))
        self.gallery.setViewMode(QListView.ViewMode.IconMode)
        self.gallery.setIconSize(QSize(THUMBNAIL, THUMBNAIL))
        self.gallery.setGridSize(QSize(THUMBNAIL + 8, THUMBNAIL + 8))
        self.gallery.setUniformItemSizes(True)
        self.gallery.setResizeMode(QListView.ResizeMode.Adjust)
        self.gallery.setMovement(QListView.Movement.Static)
        self.gallery.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.gallery.setModel(self.model)
        self.gallery.selectionModel().selectionChanged.connect(self._update_buttons)

    def _build_buttons(self) -> None:
        self.delete_button = QPushButton(self.tr("Delete"), self)
        self.delete_button.setObjectName("deleteSamples")
        self.delete_button.clicked.connect(lambda: self.delete_requested.emit(self.selected_ids()))
        self.relabel_button = QToolButton(self)
        self.relabel_button.setObjectName("relabelSamples")
        self.relabel_button.setText(self.tr("Relabel as"))
        self.relabel_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.relabel_button)
        for digit in range(10):
            action = menu.addAction(str(digit))
            action.setObjectName(f"relabelAs{digit}")
            action.triggered.connect(lambda _checked=False, d=digit: self.relabel_requested.emit(self.selected_ids(), d))
        self.relabel_button.setMenu(menu)
        self.import_button = QPushButton(self.tr("Import…"), self)
        self.import_button.setObjectName("importSamples")
        self.import_button.clicked.connect(self.import_requested)
        self.export_button = QPushButton(self.tr("Export…"), self)
        self.export_button.setObjectName("exportSamples")
        self.export_button.clicked.connect(self.export_requested)
        self._button_row = QHBoxLayout()
        for button in (self.delete_button, self.relabel_button, self.import_button, self.export_button):
            self._button_row.addWidget(button)
        self.train_button = QPushButton(self.tr("Train on my handwriting"), self)
        self.train_button.setObjectName("trainOnHandwriting")
        self.train_button.setToolTip(self.tr("Fine-tune the model in use on your samples, mixed with MNIST; "
                                             "the result is a new model, judged before you use it"))
        self.train_button.clicked.connect(self.train_requested)

    # --- what the controller tells it
    def set_counts(self, counts: list[int]) -> None:
        total = sum(counts)
        self.tabs.setTabText(0, self.tr("All ({count})").format(count=total))
        for digit, count in enumerate(counts):
            self.tabs.setTabText(digit + 1, f"{digit} ({count})")
        missing = [str(d) for d, c in enumerate(counts) if not c]
        text = self.tr("{count} samples of your handwriting.").format(count=f"{total:,}")
        if missing and total:
            text += " " + self.tr("None yet of: {digits}.").format(digits=", ".join(missing))
        elif not total:
            text = self.tr("No samples yet: correct a reading under the prediction, or start the guided mode.")
        self.total_label.setText(text)
        self.export_button.setEnabled(total > 0)
        self.train_button.setEnabled(total > 0)

    def set_samples(self, rows: list[tuple[str, int, np.ndarray]]) -> None:
        self.model.set_rows(rows)
        self._update_buttons()

    def add_sample(self, row: tuple[str, int, np.ndarray]) -> None:
        """One new sample at the end of the gallery, if the digit shown is its digit (or all are)."""
        if self.current_filter() in (ALL_DIGITS, row[1]):
            self.model.append_row(row)

    def set_guided(self, prompt: str | None) -> None:
        """The guided mode's request ("Write a 4 …"), or None when the mode is off."""
        self.guided_prompt.setVisible(prompt is not None)
        self.guided_prompt.setText(prompt or "")
        self.keep_button.setVisible(prompt is not None)
        self.skip_button.setVisible(prompt is not None)
        if prompt is None and self.guided_button.isChecked():
            self.guided_button.blockSignals(True)
            self.guided_button.setChecked(False)
            self.guided_button.blockSignals(False)

    def selected_ids(self) -> list[str]:
        return [index.data(SampleListModel.IdRole) for index in self.gallery.selectionModel().selectedIndexes()]

    def current_filter(self) -> int:
        return self.tabs.currentIndex() - 1

    def _update_buttons(self, *_args) -> None:
        selected = bool(self.gallery.selectionModel().selectedIndexes())
        self.delete_button.setEnabled(selected)
        self.relabel_button.setEnabled(selected)
