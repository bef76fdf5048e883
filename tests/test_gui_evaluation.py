"""The evaluation view, driven through the window: Model > Evaluate Model computes the report in the
background, the confusion matrix holds every test image, a cell's gallery holds exactly its images,
most confident first, and double clicking one reads it on the canvas."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QPalette

from desktop_app.core import evaluation_report as er
from desktop_app.core.paths import shipped_weights_path
from desktop_app.core.weights import load_weights
from desktop_app.ui.confusion_model import ConfusionModel
from desktop_app.ui.digit_gallery import IMAGE_INDEX_ROLE


@pytest.fixture(scope="session")
def shipped_report(mnist_test):
    return er.compute_report(shipped_weights_path(), mnist_test)


@pytest.fixture
def cached_shipped_report(shipped_report):
    """The shipped model's report already in this test's cache (so the view opens without computing)."""
    er.write_cache(shipped_report, er.cache_path(shipped_weights_path(), shipped_report.weights_sha256))
    return shipped_report


def open_evaluation(window, qtbot):
    action = window.findChild(type(window.model_tools.actions["showEvaluation"]), "showEvaluation")
    assert action is not None and "Evaluate" in action.text()
    action.trigger()
    view = window.findChild(type(window.model_tools.evaluation_view), "evaluationView")
    assert view is not None and view.isVisible()
    qtbot.waitUntil(lambda: not view.computing, timeout=120_000)
    assert view.report is not None, view.summary.text()
    return view


def matrix_of(view) -> np.ndarray:
    model = view.matrix.model()
    return np.array([[model.data(model.index(r, c), Qt.ItemDataRole.DisplayRole) for c in range(10)]
                     for r in range(10)])


def test_the_evaluation_view_shows_every_test_image_and_the_cells_images(window, qtbot):
    view = open_evaluation(window, qtbot)
    matrix = matrix_of(view)
    assert matrix.dtype.kind == "i" and matrix.sum() == 10_000
    reported = load_weights(shipped_weights_path()).test_accuracy
    assert np.trace(matrix) / 10_000 == pytest.approx(reported, abs=1e-12)
    assert f"{reported:.2%}" in view.summary.text()
    assert len(view.class_bars.values()[0]) == 10

    off_diagonal = matrix - np.diag(np.diag(matrix))
    true_digit, predicted = np.unravel_index(off_diagonal.argmax(), matrix.shape)
    assert view.matrix.currentIndex().row() == true_digit  # the commonest mistake is shown first
    view.select_cell(3, 3)
    view.select_cell(true_digit, predicted)
    gallery = view.findChild(type(view.gallery), "mistakesGallery")
    model = gallery.model()
    assert model.rowCount() == matrix[true_digit, predicted] > 0
    indices = [model.data(model.index(row, 0), IMAGE_INDEX_ROLE) for row in range(model.rowCount())]
    report = view.report
    assert all(report.labels[i] == true_digit and report.predicted[i] == predicted for i in indices)
    confidences = report.confidence[indices]
    assert np.all(np.diff(confidences) <= 0)
    assert model.data(model.index(0, 0)) == f"{true_digit}\u2192{predicted} {confidences[0]:.0%}"

    view.select_cell(3, 3)
    assert model.rowCount() == matrix[3, 3]
    assert view.tabs.currentIndex() == 0
    # Selecting a cell without moving the current index (as a script might) fills the gallery too.
    view.matrix.selectionModel().select(view.matrix.model().index(true_digit, predicted),
                                        QItemSelectionModel.SelectionFlag.ClearAndSelect)
    assert model.rowCount() == matrix[true_digit, predicted]
    cell = view.matrix.model().index(8, 8)  # and a click, as a user selects one
    qtbot.mouseClick(view.matrix.viewport(), Qt.MouseButton.LeftButton, pos=view.matrix.visualRect(cell).center())
    assert model.rowCount() == matrix[8, 8] and view.cell_caption.text().startswith(f"{matrix[8, 8]:,} images of the digit 8, read right")
    assert view.surest_wrong.model().rowCount() == min(60, 10_000 - np.trace(matrix))


def test_double_clicking_an_image_reads_it_on_the_canvas(window, qtbot, cached_shipped_report):
    view = open_evaluation(window, qtbot)
    view.select_cell(7, 7)
    gallery = view.gallery
    index = gallery.model().index(0, 0)
    image_index = gallery.model().data(index, IMAGE_INDEX_ROLE)
    gallery.scrollTo(index)
    centre = gallery.visualRect(index).center()
    with qtbot.waitSignal(window.prediction_shown, timeout=10_000,
                          check_params_cb=lambda p: p is not None):
        # What a mouse sends: a click, then the double click (QTest's alone has no press before it).
        qtbot.mouseClick(gallery.viewport(), Qt.MouseButton.LeftButton, pos=centre)
        qtbot.mouseDClick(gallery.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert window.canvas.image_name() == f"test image #{image_index} (the digit 7)"
    assert window.prediction.digit == 7


def test_a_second_opening_reads_the_cache(window, qtbot, mnist_test):
    # The first test shows a report computed in the view; here the view's cache is checked alone.
    view = window.model_tools.show_evaluation(shipped_weights_path(), "tiny", )
    view.stop()
    view._data = mnist_test.subset(torch.arange(400))
    view.evaluate(shipped_weights_path(), "tiny")
    qtbot.waitUntil(lambda: not view.computing, timeout=60_000)
    assert not view.result.from_cache and view.report.samples == 400
    view.close()
    view.evaluate(shipped_weights_path(), "tiny")
    qtbot.waitUntil(lambda: not view.computing, timeout=60_000)
    assert view.result.from_cache and view.report.samples == 400


def test_corrupt_weights_give_one_message_in_the_view(window, qtbot, tmp_path):
    broken = tmp_path / "broken.pt"
    broken.write_bytes(shipped_weights_path().read_bytes()[:5000])
    view = window.model_tools.show_evaluation(broken, "broken")
    qtbot.waitUntil(lambda: not view.computing, timeout=30_000)
    assert view.report is None
    assert view.summary.text().startswith("Cannot evaluate broken:") and "broken.pt" in view.summary.text()
    assert "\n" not in view.summary.text()


def test_cell_colours_follow_the_share_of_the_row_and_the_palette(qapp):
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Base, Qt.GlobalColor.black)
    palette.setColor(QPalette.ColorRole.Highlight, Qt.GlobalColor.white)
    model = ConfusionModel(palette=palette)
    model.set_matrix(np.diag([100] * 10) + np.eye(10, k=1, dtype=int) * 50)
    full = model.data(model.index(9, 9), Qt.ItemDataRole.BackgroundRole)
    part = model.data(model.index(0, 0), Qt.ItemDataRole.BackgroundRole)
    empty = model.data(model.index(5, 0), Qt.ItemDataRole.BackgroundRole)
    assert full.lightnessF() > part.lightnessF() > empty.lightnessF() == 0.0
    assert model.data(model.index(0, 1), Qt.ItemDataRole.DisplayRole) == 50
