"""The model library as a Qt table model: name, architecture, test accuracy, pen accuracy, created.

Every column sorts by its value (:data:`SORT_ROLE`: numbers as numbers, unknown accuracies last), the
active model is bold, and the name is edited in place (``setData`` renames the model in the library;
a refused name is reported by :attr:`ModelsTableModel.problem` and the old name stays).
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont

from ..core.errors import UserError
from ..core.model_library import ModelEntry, ModelLibrary
from ..core.texts import QT_TRANSLATE_NOOP
from .i18n import error_text
from .training_messages import model_name

COLUMNS = (QT_TRANSLATE_NOOP("ModelsTableModel", "Name"), QT_TRANSLATE_NOOP("ModelsTableModel", "Architecture"),
           QT_TRANSLATE_NOOP("ModelsTableModel", "Test accuracy"), QT_TRANSLATE_NOOP("ModelsTableModel", "Pen accuracy"),
           QT_TRANSLATE_NOOP("ModelsTableModel", "Created"))
NAME, ARCHITECTURE, TEST_ACCURACY, PEN_ACCURACY, CREATED = range(len(COLUMNS))
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2


def pen_accuracy(entry: ModelEntry) -> float | None:
    """Accuracy on real pen digits, where a benchmark or the user measured it and stored it."""
    value = entry.scores.get("pen_accuracy")
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def created_text(created: str) -> str:
    try:
        return datetime.fromisoformat(created).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return created


class ModelsTableModel(QAbstractTableModel):
    #: A rename was refused: one line for the user.
    problem = Signal(str)

    def __init__(self, library: ModelLibrary, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._library = library
        self.entries: list[ModelEntry] = []
        self.active_id: str | None = None

    def set_entries(self, entries: list[ModelEntry], active_id: str | None) -> None:
        self.beginResetModel()
        self.entries, self.active_id = list(entries), active_id
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(COLUMNS[section])
        return None

    def flags(self, index):
        flags = super().flags(index)
        if index.isValid() and index.column() == NAME and not self.entries[index.row()].read_only:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        entry, column = self.entries[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(entry, column)
        if role == Qt.ItemDataRole.EditRole:
            return entry.name if column == NAME else self._text(entry, column)
        if role == SORT_ROLE:
            return self._sort_key(entry, column)
        if role == ID_ROLE:
            return entry.id
        if role == Qt.ItemDataRole.FontRole and entry.id == self.active_id:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            state = self.tr("in use") if entry.id == self.active_id else self.tr("not in use")
            kept = self.tr("part of the app, read-only") if entry.read_only else str(entry.weights_path)
            return f"{model_name(entry)} ({entry.id}), {state}; {kept}"
        return None

    def _text(self, entry: ModelEntry, column: int) -> str:
        if column == NAME:
            return model_name(entry) + (self.tr("  (in use)") if entry.id == self.active_id else "")
        if column == ARCHITECTURE:
            return entry.architecture
        if column in (TEST_ACCURACY, PEN_ACCURACY):
            value = entry.test_accuracy if column == TEST_ACCURACY else pen_accuracy(entry)
            return "\u2014" if value is None else f"{value:.2%}"
        return created_text(entry.created)

    @staticmethod
    def _sort_key(entry: ModelEntry, column: int):
        if column == NAME:
            return entry.name.casefold()
        if column == ARCHITECTURE:
            return entry.architecture
        if column in (TEST_ACCURACY, PEN_ACCURACY):
            value = entry.test_accuracy if column == TEST_ACCURACY else pen_accuracy(entry)
            return -1.0 if value is None else value
        return entry.created

    def setData(self, index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != NAME or role != Qt.ItemDataRole.EditRole:
            return False
        entry = self.entries[index.row()]
        if str(value).strip() == entry.name:
            return False
        try:
            renamed = self._library.rename(entry.id, str(value))
        except UserError as error:
            self.problem.emit(self.tr("Cannot rename \u201c%1\u201d: %2").replace("%1", entry.name).replace(
                "%2", error_text(error)))
            return False
        self.entries[index.row()] = renamed
        self.dataChanged.emit(index, index)
        return True
