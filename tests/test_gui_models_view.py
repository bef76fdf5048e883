"""The Models view, Compare view, ONNX export from the Model menu, and the library's bad input in the
window: a model folder deleted behind the app's back, corrupt weights in the library, an export to a
path that cannot be written, a run stopped with weights, the trained.pt of a version before the library."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
import torch
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop_app.core.model import create_model
from desktop_app.core.model_library import SHIPPED_ID, ModelLibrary
from desktop_app.core.paths import trained_weights_path
from desktop_app.core.weights import save_weights
from desktop_app.ui.model_choice import LEGACY_IMPORT_MARKER, keep_stopped_run
from desktop_app.ui.models_table import ARCHITECTURE, CREATED, ID_ROLE, NAME, TEST_ACCURACY


def weights(tmp_path, name: str, accuracy: float, seed: int = 0, history=None):
    torch.manual_seed(seed)
    metadata = {"metrics": {"test_accuracy": accuracy}}
    if history is not None:
        metadata["history"] = history
    return save_weights(tmp_path / f"{name}.pt", create_model("compact_cnn"), "compact_cnn", metadata)


@pytest.fixture
def two_models(tmp_path):
    library = ModelLibrary()
    history = {"batch_loss": [2.3, 1.5, 0.9, 0.5], "epochs": [{"step": 4, "val_loss": 0.4, "val_accuracy": 0.9}]}
    first = library.add(weights(tmp_path, "a", 0.5, history=history), "Zeta model")
    second = library.add(weights(tmp_path, "b", 0.7, seed=1), "alpha model")
    return first, second


def column(view, col: int) -> list:
    proxy = view.proxy
    return [proxy.index(row, col).data(Qt.ItemDataRole.DisplayRole) for row in range(proxy.rowCount())]


def select(view, model_id: str) -> None:
    view.select(model_id)
    assert view._selected_id() == model_id


def test_the_models_table_lists_the_library_and_sorts_by_each_column(window, two_models):
    first, second = two_models
    view = window.model_tools.show_models()
    assert view.objectName() == "modelsView" and view.isVisible()
    assert column(view, NAME)[0] == "Shipped weights  (in use)"
    view.table.sortByColumn(TEST_ACCURACY, Qt.SortOrder.DescendingOrder)
    assert column(view, TEST_ACCURACY) == ["99.54%", "70.00%", "50.00%"]
    view.table.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
    assert [name.split("  ")[0] for name in column(view, NAME)] == ["alpha model", "Shipped weights", "Zeta model"]
    view.table.sortByColumn(CREATED, Qt.SortOrder.DescendingOrder)
    assert view.proxy.index(0, 0).data(ID_ROLE) == second.id
    assert set(column(view, ARCHITECTURE)) == {"compact_cnn"}


def test_rename_in_place_use_and_delete_with_confirmation(window, two_models, qtbot, monkeypatch):
    first, second = two_models
    view = window.model_tools.show_models()
    select(view, first.id)
    index = view.table.selectionModel().selectedRows(NAME)[0]
    assert view.proxy.setData(index, "  Renamed  ")
    assert ModelLibrary().get(first.id).name == "Renamed"
    assert not view.proxy.setData(index, "")
    assert "name cannot be empty" in view.message.text() and ModelLibrary().get(first.id).name == "Renamed"

    select(view, SHIPPED_ID)
    assert not view.buttons["deleteModel"].isEnabled() and not view.buttons["renameModel"].isEnabled()
    select(view, second.id)
    qtbot.mouseClick(view.buttons["useModel"], Qt.MouseButton.LeftButton)
    assert ModelLibrary().active_id() == second.id
    assert window.weights_label.toolTip() == str(second.weights_path)

    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args: asked.append(args) or QMessageBox.StandardButton.Cancel)
    select(view, first.id)
    qtbot.mouseClick(view.buttons["deleteModel"], Qt.MouseButton.LeftButton)
    assert len(asked) == 1 and "Renamed" in asked[0][2] and ModelLibrary().get(first.id)
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(view.buttons["deleteModel"], Qt.MouseButton.LeftButton)
    assert [e.id for e in ModelLibrary().entries()] == [SHIPPED_ID, second.id]
    assert view.proxy.rowCount() == 2
    select(view, second.id)  # the active model cannot go
    qtbot.mouseClick(view.buttons["deleteModel"], Qt.MouseButton.LeftButton)
    assert "is the active model" in view.message.text() and len(ModelLibrary().entries()) == 2


def test_a_model_folder_deleted_behind_the_apps_back_gives_one_message(window, two_models):
    first, _second = two_models
    view = window.model_tools.show_models()
    select(view, first.id)
    shutil.rmtree(first.weights_path.parent)
    view.buttons["useModel"].click()
    assert view.message.text() == (f"\u201cZeta model\u201d ({first.id}) is no longer in the library: its folder "
                                   "was removed outside Digit Studio. The list shows the library as it is now.")
    assert view.proxy.rowCount() == 2  # the list is the library as it is now
    assert window.weights_label.toolTip().endswith("default.pt")


def test_corrupt_weights_in_the_library_give_one_message_and_nothing_changes(window, two_models, qtbot):
    first, _second = two_models
    first.weights_path.write_bytes(first.weights_path.read_bytes()[:3000])
    view = window.model_tools.show_models()
    select(view, first.id)
    view.buttons["useModel"].click()
    assert window.message().startswith("Cannot use these weights:") and "truncated or corrupt" in window.message()
    assert ModelLibrary().active_id() == SHIPPED_ID
    damaged = first.weights_path.parent / "entry.json"
    damaged.write_text("{not json")
    view.refresh()
    assert "not a usable model" in view.message.text() and view.proxy.rowCount() == 2


def test_import_and_reopen_a_models_training_chart(window, two_models, qtbot, tmp_path):
    first, _second = two_models
    view = window.model_tools.show_models()
    view.import_file(weights(tmp_path, "imported", 0.6, seed=3), "From elsewhere")
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 4, timeout=20_000)
    assert "Imported as \u201cFrom elsewhere\u201d" in view.message.text()
    view.import_file(tmp_path / "missing.pt")
    qtbot.waitUntil(lambda: "Cannot import" in view.message.text(), timeout=20_000)
    assert "file not found" in view.message.text() and view.proxy.rowCount() == 4

    select(view, first.id)
    dialog = view.show_history()
    assert dialog.objectName() == "modelHistory"
    assert dialog.chart.point_count == 4 and dialog.chart.epoch_count() == 1
    dialog.close()


def test_compare_two_models(window, two_models, qtbot, mnist_test):
    first, second = two_models
    from desktop_app.ui.compare_view import CompareView

    view = CompareView(window, data=mnist_test.subset(torch.arange(300)))
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.comparison_shown, timeout=60_000) as shown:
        view.refresh(first.id, second.id)
    comparison = shown.args[0]
    disagreements = comparison.disagreements()
    assert view.gallery.model().rowCount() == len(disagreements) > 0
    matrix = view.difference.model().matrix()
    assert matrix.sum() == 0 and np.array_equal(matrix, comparison.second.confusion - comparison.first.confusion)
    assert "First, Zeta model" in view.summary.text() and "Second, alpha model" in view.summary.text()
    assert len(view.bars.values()) == 2

    # Both models read the drawing on the canvas (here: a test image of a 7, as a picture).
    from desktop_app.ui.model_tools import picture_of

    seven = int(np.flatnonzero(mnist_test.labels.numpy() == 7)[0])
    view.read_canvas(picture_of(mnist_test.images[seven].numpy()), [])
    qtbot.waitUntil(lambda: "the first reads" in view.canvas_label.text(), timeout=30_000)
    assert view.canvas_label.text().startswith("The drawing on the canvas: the first reads ")
    view.read_canvas(None, [])
    qtbot.waitUntil(lambda: view.canvas_label.text().startswith("Draw on the canvas"), timeout=10_000)


def test_onnx_export_to_a_path_that_cannot_be_written_says_so(window, qtbot, tmp_path):
    window.model_tools.export_onnx(window.model_info.path, tmp_path / "no such folder" / "model.onnx")
    qtbot.waitUntil(lambda: not window.model_tools.export_task.running, timeout=30_000)
    assert window.message().startswith("Cannot export to ONNX:") and "does not exist" in window.message()
    assert window.findChild(type(window.model_tools.actions["exportOnnx"]), "exportOnnx") is not None


@pytest.mark.slow
def test_onnx_export_from_the_menu_writes_the_file(window, qtbot, tmp_path):
    out = tmp_path / "model.onnx"
    window.model_tools.export_onnx(window.model_info.path, out)
    qtbot.waitUntil(lambda: not window.model_tools.export_task.running, timeout=120_000)
    assert out.is_file() and "Exported" in window.statusBar().currentMessage()


def test_a_stopped_runs_checkpoint_is_kept_as_a_model(tmp_path):
    checkpoint = weights(tmp_path, "last", 0.3)
    entry, problem = keep_stopped_run(checkpoint, "cpu", 2)
    assert problem is None and entry.name.endswith("(stopped after 2 epochs)")
    assert ModelLibrary().active_id() == SHIPPED_ID and len(ModelLibrary().entries()) == 2
    _entry, problem = keep_stopped_run(tmp_path / "gone.ckpt", "cpu", 0)
    assert problem.startswith("The stopped run's weights could not be kept as a model:")


def test_the_trained_weights_of_a_version_before_the_library_are_imported_once(qtbot, tmp_path):
    from desktop_app.ui import MainWindow

    save_weights(trained_weights_path(), create_model("compact_cnn"), "compact_cnn",
                 {"metrics": {"test_accuracy": 0.42}})
    for launch in range(2):
        window = MainWindow()
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda w=window: w.model_ready, timeout=30_000)
        qtbot.waitUntil(lambda: (ModelLibrary().root / LEGACY_IMPORT_MARKER).is_file(), timeout=30_000)
        qtbot.waitUntil(lambda w=window: not w.model_tools.import_task.running, timeout=30_000)
        if launch == 0:
            assert "from before the model library" in window.message()
        window.close()
    entries = ModelLibrary().entries()
    assert len(entries) == 2 and entries[1].test_accuracy == 0.42
    assert ModelLibrary().active_id() == SHIPPED_ID
