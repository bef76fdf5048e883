"""The handwriting loop in the real window: correct a reading, collect, relabel, delete, guided mode,
zip round trip, and "Train on my handwriting" through the training panel (issue 15)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDockWidget, QLabel, QPushButton

from desktop_app.core.samples import SampleStore
from devtools import replay


def _one(window) -> np.ndarray:
    canvas = window.canvas
    x = canvas.width() / 2
    return np.array([[x, canvas.height() * y] for y in np.linspace(0.2, 0.8, 25)])


def _seven(window) -> np.ndarray:
    w, h = window.canvas.width(), window.canvas.height()
    return np.array([[w * 0.35, h * 0.25], [w * 0.65, h * 0.25], [w * 0.45, h * 0.8]])


def _draw(window, points) -> None:
    replay.draw_stroke(window.canvas, points)
    replay.wait_for_prediction(window)


def _click(window, name: str) -> None:
    button = window.findChild(QPushButton, name)
    assert button is not None and button.isEnabled(), name
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def test_correcting_a_reading_keeps_the_drawing_as_a_labelled_sample(window, user_data_dir):
    bar = window.handwriting.bar
    assert not bar.digit_buttons[4].isEnabled()  # nothing drawn: nothing to correct
    _draw(window, _one(window))
    _click(window, "correctDigit4")
    store = SampleStore()
    assert store.counts()[4] == 1
    sample = store.load().samples[0]
    assert sample.label == 4 and sample.image.shape == (28, 28) and sample.image.max() > 200
    assert sample.strokes and len(sample.strokes[0]) >= 2  # canvas coordinates kept
    assert [len(times) for times in sample.times] == [len(points) for points in sample.strokes]  # and timing
    assert sample.times[0][0] == 0.0 and sample.times[0] == sorted(sample.times[0])
    assert (user_data_dir / "handwriting" / "4" / f"{sample.id}.png").is_file()
    assert "Kept as a 4" in bar.note_text()
    assert not bar.digit_buttons[4].isEnabled()  # once per drawing


def test_confirming_a_right_reading_and_keys_on_the_canvas(window):
    _draw(window, _one(window))
    assert window.findChild(QPushButton, "confirmReading").text().endswith("1")
    _click(window, "confirmReading")
    window.canvas.clear()
    _draw(window, _seven(window))
    window.canvas.setFocus()
    QTest.keyClick(window.canvas, Qt.Key.Key_7)
    assert SampleStore().counts()[1] == 1 and SampleStore().counts()[7] == 1


def test_gallery_counts_relabel_and_delete(window, qtbot):
    dock = window.findChild(QDockWidget, "handwritingDock")
    dock.show()
    for _ in range(3):
        window.canvas.clear()
        _draw(window, _one(window))
        _click(window, "correctDigit1")
    view = window.handwriting.view
    qtbot.waitUntil(lambda: view.model.rowCount() == 3)
    assert view.tabs.tabText(2) == "1 (3)"
    gallery = view.gallery
    gallery.selectionModel().select(view.model.index(0), QItemSelectionModel.SelectionFlag.Select)
    view.relabel_requested.emit(view.selected_ids(), 7)  # what the "Relabel as ▸ 7" menu item sends
    assert SampleStore().counts()[1] == 2 and SampleStore().counts()[7] == 1
    gallery.selectionModel().select(view.model.index(0), QItemSelectionModel.SelectionFlag.Select)
    _click(window, "deleteSamples")
    assert sum(SampleStore().counts()) == 2
    assert view.tabs.tabText(0) == "All (2)"


def test_guided_mode_asks_for_each_digit_five_times(window):
    dock = window.findChild(QDockWidget, "handwritingDock")
    assert not dock.isVisible()  # out of the way until the user opens it
    next(a for a in window.view_menu.actions() if a.text() == "My &Handwriting").trigger()
    assert dock.isVisible()
    _click(window, "guidedMode")
    prompt = window.findChild(QLabel, "guidedPrompt")
    assert prompt.text().startswith("Write a 0 (1 of 5)")
    _draw(window, _one(window))
    window.canvas.setFocus()
    QTest.keyClick(window.canvas, Qt.Key.Key_Return)
    assert SampleStore().counts()[0] == 1
    assert window.canvas.is_empty()
    assert prompt.text().startswith("Write a 0 (2 of 5)")
    for _ in range(4):
        _click(window, "guidedSkip")
    assert prompt.text().startswith("Write a 1 (1 of 5)")
    _click(window, "guidedMode")
    assert not prompt.isVisible()


def test_export_and_import_round_trip(window, tmp_path):
    _draw(window, _one(window))
    _click(window, "correctDigit1")
    archive = tmp_path / "mine.zip"
    assert window.handwriting.export_to(archive)
    store = SampleStore()
    sample_id = store.load().samples[0].id
    store.delete(sample_id)
    assert window.handwriting.import_from(archive)
    assert store.counts()[1] == 1
    (tmp_path / "bad.zip").write_bytes(b"PK\x03\x04 not really")
    assert not window.handwriting.import_from(tmp_path / "bad.zip")
    assert "not a zip file" in window.message()
    assert store.counts()[1] == 1


def test_train_without_enough_samples_says_so(window, qtbot):
    qtbot.waitUntil(lambda: window.training_panel is not None, timeout=60_000)  # torch loads in the background
    _draw(window, _one(window))
    _click(window, "correctDigit1")
    assert window.handwriting.start_finetune() is False
    assert "at least 10 samples" in window.message()


@pytest.mark.slow
def test_train_on_my_handwriting_runs_in_the_training_panel(window, qtbot, monkeypatch, mnist_train, mnist_test):
    store = SampleStore()
    for index in range(20):
        digit = index % 10
        store.add(digit, image=mnist_test.images[(mnist_test.labels == digit).nonzero()[index // 10, 0]].numpy())
    qtbot.waitUntil(lambda: window.training_panel is not None, timeout=60_000)  # torch loads in the background
    panel = window.training_panel
    import desktop_app.core.finetune as finetune

    original = finetune.FineTunePlan.__init__

    def in_memory(self, samples, base, **kwargs):  # MNIST already in memory, as the GUI training tests do
        original(self, samples, base, mnist_train=mnist_train, mnist_test=mnist_test, **kwargs)

    monkeypatch.setattr(finetune.FineTunePlan, "__init__", in_memory)
    monkeypatch.setattr(finetune, "USER_IMAGES_PER_EPOCH", 256)  # a short run: the panel, not the recipe
    monkeypatch.setattr(finetune, "MIN_REPLAY_IMAGES", 256)
    from PySide6.QtCore import QThread
    from PySide6.QtWidgets import QApplication

    from desktop_app.core.model_library import ModelLibrary

    add, added_on_gui_thread = ModelLibrary.add, []

    def recording_add(library, *args, **kwargs):  # checksumming a big network froze the window there
        added_on_gui_thread.append(QThread.currentThread() is QApplication.instance().thread())
        return add(library, *args, **kwargs)

    monkeypatch.setattr(ModelLibrary, "add", recording_add)
    with qtbot.waitSignal(panel.run_finished, timeout=240_000) as finished:
        assert window.handwriting.start_finetune()
    result = finished.args[0]
    assert result.status == "completed"
    assert added_on_gui_thread == [False]
    assert "Kept as the model \u201cMy handwriting (20 samples" in panel.log.toPlainText()
    assert set(result.metrics["finetune"]) >= {"before", "after", "mnist_before", "mnist_after"}
    assert any(entry.name.startswith("My handwriting (20 samples") for entry in ModelLibrary().entries())
    # 10 samples trained on (one of each digit held out), 26 copies = 260, and 260 MNIST: 5 batches an epoch
    assert len(result.history["batch_loss"]) == 4 * 5
    assert panel.chart.isVisible()
    assert not (window.service.info.path == result.weights_path)  # the base model is not replaced
