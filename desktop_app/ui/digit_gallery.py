"""A gallery of test images: a list model (thumbnail and caption per image) and its icon-mode view.

The model holds indices into one (N, 28, 28) uint8 array of images (MNIST: white on black) with a
caption and a tooltip each; thumbnails are made the first time a row is painted and kept, so a cell of
a thousand images costs nothing until it scrolls into view. They are drawn dark on light, like ink on
the canvas. Activating an image (double click, Enter) emits :attr:`DigitGallery.image_activated` with
its index in the array.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QListView, QWidget

THUMBNAIL_SIZE = 56
#: The role holding an item's index in the image array.
IMAGE_INDEX_ROLE = Qt.ItemDataRole.UserRole + 1


def thumbnail(image28: np.ndarray, size: int = THUMBNAIL_SIZE) -> QPixmap:
    """A 28x28 white-on-black image as a dark-on-light pixmap, enlarged without blurring."""
    pixels = np.ascontiguousarray(255 - np.asarray(image28, dtype=np.uint8))
    image = QImage(pixels.data, pixels.shape[1], pixels.shape[0], pixels.strides[0], QImage.Format.Format_Grayscale8)
    return QPixmap.fromImage(image.copy()).scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio,
                                                   Qt.TransformationMode.FastTransformation)


class GalleryModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._images = np.zeros((0, 28, 28), np.uint8)
        self._indices: list[int] = []
        self._captions: list[str] = []
        self._tooltips: list[str] = []
        self._pixmaps: dict[int, QPixmap] = {}

    def set_items(self, images: np.ndarray, indices: Sequence[int], captions: Sequence[str],
                  tooltips: Sequence[str] | None = None) -> None:
        self.beginResetModel()
        self._images = images
        self._indices = [int(i) for i in indices]
        self._captions = list(captions)
        self._tooltips = list(tooltips) if tooltips is not None else list(captions)
        self._pixmaps = {}
        self.endResetModel()

    def clear(self) -> None:
        self.set_items(np.zeros((0, 28, 28), np.uint8), [], [])

    def image_index(self, row: int) -> int:
        return self._indices[row]

    def image(self, row: int) -> np.ndarray:
        return self._images[self._indices[row]]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._indices)

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._indices):
            return None
        row = index.row()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._captions[row]
        if role == Qt.ItemDataRole.DecorationRole:
            if row not in self._pixmaps:
                self._pixmaps[row] = thumbnail(self.image(row))
            return self._pixmaps[row]
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._tooltips[row]
        if role == IMAGE_INDEX_ROLE:
            return self._indices[row]
        return None


class DigitGallery(QListView):
    """Icon-mode view of a GalleryModel; double click (or Enter) on an image emits its index."""

    #: The index (in the image array) of the image the user activated.
    image_activated = Signal(int)

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setModel(GalleryModel(self))
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(True)
        self.setWrapping(True)
        self.setSpacing(4)
        self.setIconSize(QSize(THUMBNAIL_SIZE, THUMBNAIL_SIZE))
        self.setGridSize(QSize(THUMBNAIL_SIZE + 28, THUMBNAIL_SIZE + 2 * self.fontMetrics().height() + 6))
        self.setWordWrap(True)
        self.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.setToolTip(self.tr("Double click an image to read it on the canvas"))
        self.activated.connect(self._on_activated)

    def gallery(self) -> GalleryModel:
        return self.model()

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.image_activated.emit(self.gallery().image_index(index.row()))
