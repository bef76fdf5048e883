"""The Models view: every model of the library in a sortable table, and what can be done with one.

Use, evaluate, compare, reopen its training chart, rename (in place, or with Rename), delete (after a
confirmation; the shipped weights are read-only), import a weights file, export to ONNX. The library
is read afresh whenever the view opens or acts, so a model removed or renamed elsewhere (the CLI,
another window, a file manager) shows as it is now; acting on a model that has gone says so once and
refreshes the list. Importing opens the weights (torch) on a background thread.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import UserError
from ..core.model_library import ModelEntry, ModelLibrary
from ..core.texts import translated
from .background_task import BackgroundTask
from .i18n import error_text
from .models_table import CREATED, ID_ROLE, NAME, SORT_ROLE, ModelsTableModel
from .screen_fit import resize_to_fit

WEIGHTS_FILTER = "Weights (*.pt *.pth *.ckpt);;All files (*)"


class ModelsView(QDialog):
    """Non-modal. Asks the window to use, evaluate, compare or export a model through its signals."""

    use_requested = Signal(Path)
    evaluate_requested = Signal(Path, str)
    export_requested = Signal(Path, str)
    compare_requested = Signal(str, str)  # two model ids (the second may be "")

    def __init__(self, parent: QWidget | None = None, library: ModelLibrary | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("modelsView")
        self.setWindowTitle(self.tr("Models"))
        resize_to_fit(self, 860, 420)
        self.library = library if library is not None else ModelLibrary()
        self.import_task = BackgroundTask(self, "modelImportThread")
        self.import_task.succeeded.connect(self._on_imported)
        self.import_task.failed.connect(self._on_import_failed)
        self._history_dialogs: list[QDialog] = []
        self._build()

    def _build(self) -> None:
        self.message = QLabel(self)
        self.message.setObjectName("modelsMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        self.table_model = ModelsTableModel(self.library, self)
        self.table_model.problem.connect(self.show_problem)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.table_model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView(self)
        self.table.setObjectName("modelsTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(CREATED, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.SelectedClicked)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.use_selected())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        buttons = QHBoxLayout()
        self.buttons = {}
        for name, text, slot in (
            ("useModel", self.tr("&Use"), self.use_selected),
            ("evaluateModel", self.tr("&Evaluate\u2026"), self.evaluate_selected),
            ("compareModel", self.tr("C&ompare\u2026"), self.compare_selected),
            ("showHistory", self.tr("Training &chart\u2026"), self.show_history),
            ("renameModel", self.tr("&Rename"), self.rename_selected),
            ("deleteModel", self.tr("&Delete\u2026"), self.delete_selected),
            ("importModel", self.tr("&Import\u2026"), self.import_with_dialog),
            ("exportModel", self.tr("Export to &ONNX\u2026"), self.export_selected),
        ):
            button = QPushButton(text, self)
            button.setObjectName(name)
            button.clicked.connect(lambda _checked=False, slot=slot: slot())
            buttons.addWidget(button)
            self.buttons[name] = button
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    # --- reading the library
    def refresh(self) -> None:
        """Read the library again; keeps the selected model selected when it is still there."""
        selected = self._selected_id()
        try:
            contents = self.library.contents()
            problems = [translated(problem) for problem in contents.problems]
        except UserError as error:
            contents, problems = None, [error_text(error)]
        try:
            active = self.library.active_id()
        except UserError as error:
            active, problems = None, [*problems, error_text(error)]
        self.table_model.set_entries(contents.entries if contents else [], active)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        self.show_problem(" ".join(problems))
        self.select(selected or active)

    def select(self, model_id: str | None) -> None:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(ID_ROLE) == model_id:
                self.table.selectRow(row)
                break
        self._update_buttons()

    def show_problem(self, text: str) -> None:
        self.message.setText(text[:1].upper() + text[1:] if text else "")
        self.message.setVisible(bool(text))

    def _selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(ID_ROLE) if rows else None

    def selected_entry(self) -> ModelEntry | None:
        """The selected model as the library has it now; None (and a message) when it has gone."""
        model_id = self._selected_id()
        if model_id is None:
            return None
        try:
            return self.library.get(model_id)
        except UserError as error:
            name = next((e.name for e in self.table_model.entries if e.id == model_id), model_id)
            gone = not (self.library.root / model_id).exists()
            self.refresh()
            if gone:
                self.show_problem(self.tr("\u201c%1\u201d (%2) is no longer in the library: its folder was removed "
                                          "outside Digit Studio. The list shows the library as it is now.").replace(
                    "%1", name).replace("%2", model_id))
            else:
                self.show_problem(self.tr("\u201c%1\u201d cannot be used: %2").replace("%1", name).replace(
                    "%2", error_text(error)))
            return None

    def _update_buttons(self) -> None:
        model_id = self._selected_id()
        entry = next((e for e in self.table_model.entries if e.id == model_id), None)
        for name in ("useModel", "evaluateModel", "compareModel", "exportModel"):
            self.buttons[name].setEnabled(entry is not None)
        self.buttons["showHistory"].setEnabled(entry is not None and bool(entry.history.get("batch_loss")))
        for name in ("renameModel", "deleteModel"):
            self.buttons[name].setEnabled(entry is not None and not entry.read_only)

    # --- acting on the selected model
    def use_selected(self) -> None:
        entry = self.selected_entry()
        if entry is not None:
            self.use_requested.emit(entry.weights_path)
            self.refresh()

    def evaluate_selected(self) -> None:
        entry = self.selected_entry()
        if entry is not None:
            self.evaluate_requested.emit(entry.weights_path, entry.name)

    def export_selected(self) -> None:
        entry = self.selected_entry()
        if entry is not None:
            self.export_requested.emit(entry.weights_path, entry.name)

    def compare_selected(self) -> None:
        entry = self.selected_entry()
        if entry is not None:
            active = self.table_model.active_id
            self.compare_requested.emit(entry.id, active if active and active != entry.id else "")

    def rename_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows(NAME)
        if rows and self.selected_entry() is not None:
            self.table.edit(rows[0])

    def delete_selected(self) -> None:
        entry = self.selected_entry()
        if entry is None or entry.read_only:
            return
        answer = QMessageBox.question(
            self, self.tr("Delete Model"),
            self.tr("Delete \u201c%1\u201d and its weights file? This cannot be undone.").replace("%1", entry.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.library.remove(entry.id)
        except UserError as error:
            self.refresh()
            self.show_problem(self.tr("Cannot delete \u201c%1\u201d: %2").replace("%1", entry.name).replace(
                "%2", error_text(error)))
            return
        self.refresh()

    def show_history(self) -> QDialog | None:
        """The model's loss and accuracy chart, as it was drawn during its run."""
        from .history_chart import HistoryDialog

        entry = self.selected_entry()
        if entry is None:
            return None
        dialog = HistoryDialog(entry, self)
        dialog.finished.connect(lambda _result, d=dialog: self._history_dialogs.remove(d))
        self._history_dialogs.append(dialog)
        dialog.show()
        return dialog

    # --- importing
    def import_with_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import Weights File"), "", WEIGHTS_FILTER)
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path, name: str | None = None) -> None:
        """Keep a copy of a weights file as a new model (checked on a background thread first)."""
        library = self.library
        self.show_problem(self.tr("Importing %1\u2026").replace("%1", str(path)))
        self.import_task.start(lambda _progress, _stop: library.add(path, name))

    def _on_imported(self, entry: ModelEntry) -> None:
        self.refresh()
        self.select(entry.id)
        self.show_problem(self.tr("Imported as \u201c%1\u201d.").replace("%1", entry.name))

    def _on_import_failed(self, message: str) -> None:
        self.show_problem(self.tr("Cannot import: %1").replace("%1", message))

    def stop(self) -> None:
        self.import_task.stop()
