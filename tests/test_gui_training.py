"""The training panel: a real (small) run in a QThread, the live chart, pause/stop/resume, failures, closing.

Runs train on a few hundred to a couple of thousand in-memory MNIST samples (the session fixtures),
so each takes seconds. Every wait is on a signal or a condition, never a sleep.
"""

from __future__ import annotations

import errno
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThread, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QMainWindow, QMessageBox, QWidget

from desktop_app.core import training
from desktop_app.core.model_library import ModelLibrary
from desktop_app.core.paths import checkpoint_path, trained_weights_path
from desktop_app.core.settings import TrainingSettings
from desktop_app.core.weights import SaveError
from desktop_app.ui.loss_chart import LossChart, smoothed
from desktop_app.ui.settings_store import load_training_settings, save_training_settings
from desktop_app.ui.training_panel import TrainingPanel, make_training_dock
from desktop_app.ui.training_view import TrainingView
from desktop_app.ui.training_worker import QtTrainingCallback, TrainingWorker

RUN_TIMEOUT_MS = 60_000
# Small but real: 1,024 samples in batches of 64 -> 16 batches an epoch; the core caps validation at 256.
SMALL = TrainingSettings(train_subset=1024, batch_size=64, epochs=2, device="cpu")


@pytest.fixture
def panel(qtbot, mnist_train, mnist_test):
    panel = TrainingPanel(train_data=mnist_train, test_data=mnist_test)
    qtbot.addWidget(panel)
    yield panel
    panel.shutdown()


def start_and_wait(qtbot, panel, settings=None, **kwargs) -> training.FitResult:
    with qtbot.waitSignal(panel.run_finished, timeout=RUN_TIMEOUT_MS) as blocker:
        panel.start_training(settings, **kwargs)
    return blocker.args[0]


# --------------------------------------------------------------------------------------- no thread
def test_smoothing_matches_tensorboard():
    assert smoothed([1.0, 2.0, 3.0], 0.0) == [1.0, 2.0, 3.0]
    # Debiased: the first value is itself, not pulled towards zero.
    values = smoothed([2.0, 2.0, 2.0], 0.99)
    assert values == pytest.approx([2.0, 2.0, 2.0])
    ema = smoothed([0.0, 10.0], 0.5)
    assert ema[1] == pytest.approx((0.5 * 0.5 * 0 + 0.5 * 10) / (1 - 0.25))


def test_chart_buffers_grow_and_keep_every_point(qtbot):
    chart = LossChart()
    qtbot.addWidget(chart)
    chart.append_losses(1, [2.3] * 1000)
    chart.append_losses(1001, [1.0] * 1500)  # past the first buffer size
    chart.add_epoch(2500, 0.9, 0.8)
    chart.redraw()
    assert chart.point_count == 2500
    assert chart.losses()[999] == 2.3 and chart.losses()[-1] == 1.0
    assert chart.epoch_count() == 1
    chart.set_smoothing(0.0)
    chart.redraw()
    x, y = chart.smooth_curve.getOriginalDataset()
    assert len(x) == 2500 and y[-1] == 1.0


def test_callback_batches_losses_and_flushes_at_epoch_end(qtbot):
    """The adapter's logic without a thread (as superqt tests call worker.work() directly)."""
    worker = TrainingWorker(SMALL)
    callback = QtTrainingCallback(worker, send_interval=3600)  # never by time: only by events
    sent: list[tuple[int, list[float]]] = []
    worker.batch_losses.connect(lambda first, losses: sent.append((first, losses)))

    def progress(step):
        return training.BatchProgress(1, 1, step, 3, float(step), step, 3, 1e-3, 100.0, 1.0)

    for step in (1, 2, 3):
        callback.on_batch_end(worker.trainer, progress(step))
    assert sent == []
    callback.on_epoch_end(worker.trainer, training.EpochResult(1, 1, 2.0, 1.0, 0.5, 1e-3, 1.0))
    assert sent == [(1, [1.0, 2.0, 3.0])]
    worker.deleteLater()


def test_the_smoothing_slider_is_labelled_with_its_value(qtbot):
    chart = LossChart()
    qtbot.addWidget(chart)
    slider = chart.findChild(QWidget, "lossSmoothing")
    assert slider is chart.smoothing_slider and slider.accessibleName() == "Loss smoothing"
    assert (slider.minimum(), slider.maximum(), chart.smoothing) == (0.0, 0.999, 0.9)
    chart.append_losses(1, [1.0, 3.0])
    chart.set_smoothing(0.5)
    assert chart.smoothing == 0.5 and slider.findChild(QLineEdit).text() == "0.500"
    chart.redraw()
    assert list(chart.smooth_curve.getOriginalDataset()[1]) == pytest.approx(smoothed([1.0, 3.0], 0.5))


def test_the_view_shows_what_it_is_told_and_reports_clicks(qtbot):
    view = TrainingView(trained_weights_location="/data/trained.pt")
    qtbot.addWidget(view)
    assert "/data/trained.pt" in view.use_trained_button.toolTip()
    view.show_progress("Epoch 2/3", 5, 10, 15, 30)
    view.show_rate("1,000 samples/s")
    assert view.epoch_label.text() == "Epoch 2/3" and view.epoch_progress.value() == 5
    assert view.run_progress.maximum() == 30 and view.rate_label.text() == "1,000 samples/s"
    view.show_error("The GPU ran out of memory.", retry_on_cpu=True)
    assert view.error_banner.isVisibleTo(view) and view.retry_cpu_button.isVisibleTo(view)
    view.set_buttons(running=True, stopping=False, paused=True, can_resume=True, trained_weights_saved=False)
    assert view.pause_button.text() == "Resume" and not view.start_button.isEnabled()
    assert not view.resume_button.isVisibleTo(view) and not view.use_trained_button.isEnabled()

    view.show_run_starting("Starting", resumed=False)
    assert view.epoch_label.text() == "Epoch" and not view.rate_label.text()
    assert not view.error_banner.isVisibleTo(view) and view.status_label.text() == "Starting"
    view.set_buttons(running=False, stopping=False, paused=False, can_resume=False, trained_weights_saved=True)
    with qtbot.waitSignal(view.start_clicked):
        view.start_button.click()
    with qtbot.waitSignal(view.use_trained_clicked):
        view.use_trained_button.click()


def test_the_view_does_not_import_the_training_loop():
    """It shows text and numbers; what a run's events mean is the controller's business."""
    code = "import sys, desktop_app.ui.training_view; print('desktop_app.core.training' in sys.modules)"
    # From the repository root, so that this checkout's desktop_app is the one imported.
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=Path(__file__).resolve().parents[1])
    assert result.stdout.strip() == "False"


# --------------------------------------------------------------------------------------- real runs
def test_run_streams_every_batch_and_offers_the_new_weights(qtbot, panel):
    result = start_and_wait(qtbot, panel, SMALL)
    assert result.status == "completed", result.failure
    batches = len(result.history["batch_loss"])
    assert batches == 2 * 16
    assert panel.chart.point_count == batches  # none dropped, none doubled
    assert list(panel.chart.losses()) == pytest.approx(result.history["batch_loss"])
    assert panel.chart.epoch_count() == 2
    log = panel.log.toPlainText()
    assert "epoch 1/2: train loss" in log and "epoch 2/2: train loss" in log
    assert f"{result.metrics['test_accuracy']:.2%}" in panel.result_banner.text()
    assert panel.run_progress.value() == panel.run_progress.maximum() == batches
    assert trained_weights_path().is_file()
    assert panel.use_trained_button.isEnabled()
    with qtbot.waitSignal(panel.use_weights_requested) as used:
        panel.use_trained_button.click()
    assert used.args == [trained_weights_path()]
    with qtbot.waitSignal(panel.use_shipped_weights_requested):
        panel.use_shipped_button.click()


def test_a_new_run_does_not_show_the_last_runs_epoch(qtbot, panel):
    start_and_wait(qtbot, panel, SMALL.with_changes(train_subset=256, epochs=2))
    assert panel.epoch_label.text() == "Epoch 2/2"
    with qtbot.waitSignal(panel.run_finished, timeout=RUN_TIMEOUT_MS):
        panel.start_training(SMALL.with_changes(train_subset=256, epochs=1))
        assert panel.epoch_label.text() == "Epoch"  # until the new run reports its first epoch


def test_start_uses_the_stored_settings(qtbot, panel):
    save_training_settings(SMALL.with_changes(epochs=1, train_subset=256))
    with qtbot.waitSignal(panel.run_finished, timeout=RUN_TIMEOUT_MS) as blocker:
        panel.start_button.click()
    assert blocker.args[0].status == "completed"
    assert panel.chart.point_count == 4  # 256 samples / 64


def test_the_worker_is_destroyed_on_the_gui_thread(qtbot, panel):
    # Destroyed on its own thread, it deadlocked once against the GUI thread (Qt's signal-slot
    # mutex against the GIL); on the GUI thread the locks are only ever taken in one order.
    on_gui_thread: list[bool] = []
    with qtbot.waitSignal(panel.run_finished, timeout=RUN_TIMEOUT_MS):
        panel.start_training(SMALL.with_changes(train_subset=256, epochs=1))
        panel._run.worker.destroyed.connect(
            lambda: on_gui_thread.append(QThread.currentThread() is QApplication.instance().thread()),
            Qt.ConnectionType.DirectConnection)
    qtbot.waitUntil(lambda: bool(on_gui_thread), timeout=10_000)
    assert on_gui_thread == [True]


def test_the_finished_run_is_kept_as_a_model_off_the_gui_thread(qtbot, panel, monkeypatch):
    # Adding checksums the weights file: 110-290 ms for the seed's 60 MB network, a frozen window if
    # done on the GUI thread.
    add = ModelLibrary.add
    on_gui_thread: list[bool] = []

    def recording_add(library, *args, **kwargs):
        on_gui_thread.append(QThread.currentThread() is QApplication.instance().thread())
        return add(library, *args, **kwargs)

    monkeypatch.setattr(ModelLibrary, "add", recording_add)
    result = start_and_wait(qtbot, panel, SMALL.with_changes(train_subset=256, epochs=1))
    assert result.status == "completed", result.failure
    assert on_gui_thread == [False]
    kept = ModelLibrary().entry_for_weights(result.weights_path)
    assert kept is not None and f"({kept.id})" in panel.log.toPlainText()


def test_a_fault_in_keeping_the_run_is_logged_and_the_run_still_ends(qtbot, panel, monkeypatch):
    def broken_add(library, *args, **kwargs):
        raise RuntimeError("library on fire")

    monkeypatch.setattr(ModelLibrary, "add", broken_add)
    result = start_and_wait(qtbot, panel, SMALL.with_changes(train_subset=256, epochs=1))
    assert result.status == "completed", result.failure
    assert "The run could not be kept as a model: RuntimeError: library on fire" in panel.log.toPlainText()
    assert f"{result.metrics['test_accuracy']:.2%}" in panel.result_banner.text()
    assert panel.start_button.isEnabled()


def test_pause_holds_points_then_stop_and_resume_continue_the_chart(qtbot, panel):
    settings = SMALL.with_changes(train_subset=2048, epochs=2)  # 32 batches an epoch
    panel.start_training(settings)
    qtbot.waitUntil(lambda: panel.chart.point_count >= 3, timeout=RUN_TIMEOUT_MS)

    with qtbot.waitSignal(panel.paused_changed, timeout=10_000, check_params_cb=lambda paused: paused):
        panel.pause_button.click()
    assert panel.pause_button.text() == "Resume"
    assert panel.status_label.text() == "Paused"
    held = panel.chart.point_count
    with qtbot.assertNotEmitted(panel.progress_changed, wait=400):  # no batch runs while paused
        pass
    assert panel.chart.point_count == held

    panel.pause_button.click()
    qtbot.waitUntil(lambda: panel.chart.point_count > held, timeout=10_000)
    assert panel.pause_button.text() == "Pause"

    with qtbot.waitSignal(panel.run_finished, timeout=RUN_TIMEOUT_MS) as stopped:
        panel.stop_button.click()
    result = stopped.args[0]
    assert result.status == "stopped"
    assert checkpoint_path().is_file()
    kept = [entry for entry in ModelLibrary().entries() if "(stopped after 0 epochs)" in entry.name]
    assert len(kept) == 1 and f"Kept as the model \u201c{kept[0].name}\u201d" in panel.log.toPlainText()
    done = len(result.history["batch_loss"])
    assert panel.chart.point_count == done
    assert panel.resume_button.isVisible() or not panel.isVisible()
    assert panel.resume_button.isEnabled()

    with qtbot.waitSignal(panel.run_finished, timeout=RUN_TIMEOUT_MS) as finished:
        panel.resume_button.click()
        # The earlier history is drawn first, then points continue from there.
        qtbot.waitUntil(lambda: panel.chart.point_count > done, timeout=RUN_TIMEOUT_MS)
    resumed = finished.args[0]
    assert resumed.status == "completed", resumed.failure
    assert panel.chart.point_count == len(resumed.history["batch_loss"]) == 2 * 32
    assert list(panel.chart.losses()[:done]) == pytest.approx(result.history["batch_loss"])
    assert f"Resumed at epoch {done // 32 + 1}, batch {done % 32 + 1} of 32" in panel.log.toPlainText()
    assert not checkpoint_path().exists()  # a completed run leaves nothing to resume
    assert not panel.resume_button.isVisible()


def answer_interrupted_run_question(qtbot, button_text: str) -> list[str]:
    """Click ``button_text`` in the question Start asks when a run can still be resumed; returns its text."""
    asked: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if box is None or box.objectName() != "interruptedRunQuestion":
            QTimer.singleShot(10, answer)
            return
        asked.append(f"{box.text()} {box.informativeText()}")
        button = next(b for b in box.buttons() if b.text() == button_text)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, answer)
    return asked


def interrupt_a_run(qtbot, panel, settings) -> training.FitResult:
    panel.start_training(settings)
    qtbot.waitUntil(lambda: panel.chart.point_count >= 2, timeout=RUN_TIMEOUT_MS)
    with qtbot.waitSignal(panel.run_finished, timeout=RUN_TIMEOUT_MS) as stopped:
        panel.stop_button.click()
    assert stopped.args[0].status == "stopped" and checkpoint_path().is_file()
    return stopped.args[0]


def test_start_asks_before_a_new_run_replaces_an_interrupted_one(qtbot, panel):
    settings = SMALL.with_changes(train_subset=2048, epochs=1)  # 32 batches
    save_training_settings(settings)
    interrupted = interrupt_a_run(qtbot, panel, settings)
    saved = checkpoint_path().read_bytes()

    asked = answer_interrupted_run_question(qtbot, "Cancel")
    qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    assert asked and "The last run was stopped before it finished" in asked[0]
    assert "A new run replaces that checkpoint" in asked[0]
    assert not panel.is_running and checkpoint_path().read_bytes() == saved

    with qtbot.waitSignal(panel.run_finished, timeout=RUN_TIMEOUT_MS) as finished:
        asked = answer_interrupted_run_question(qtbot, "Resume Last Run")
        qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    assert asked
    resumed = finished.args[0]
    assert resumed.status == "completed", resumed.failure
    done = len(interrupted.history["batch_loss"])
    assert f"Resumed at epoch 1, batch {done + 1} of 32" in panel.log.toPlainText()


def test_start_new_run_from_the_question_trains_afresh(qtbot, panel):
    settings = SMALL.with_changes(train_subset=512, epochs=1)  # 8 batches
    save_training_settings(settings)
    interrupt_a_run(qtbot, panel, SMALL.with_changes(train_subset=2048, epochs=1))
    with qtbot.waitSignal(panel.run_finished, timeout=RUN_TIMEOUT_MS) as finished:
        asked = answer_interrupted_run_question(qtbot, "Start New Run")
        qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    assert asked
    result = finished.args[0]
    assert result.status == "completed" and len(result.history["batch_loss"]) == 8  # the new recipe, from batch 1
    assert panel.chart.point_count == 8
    assert not checkpoint_path().exists()


def test_a_run_that_does_not_learn_shows_the_core_message(qtbot, panel, monkeypatch):
    monkeypatch.setattr(training, "NOT_LEARNING_AFTER_SAMPLES", 256)
    settings = SMALL.with_changes(learning_rate=10.0, optimizer="sgd", momentum=0.9, lr_schedule="constant",
                                  epochs=1)
    result = start_and_wait(qtbot, panel, settings)
    assert result.status == "failed"
    assert result.failure.kind == "not_learning"
    assert panel.chart.point_count == len(result.history["batch_loss"])  # the losses that led to it
    assert panel.error_banner.isVisibleTo(panel)
    assert result.failure.message in panel.error_banner.text()
    assert "Lower the learning rate" in panel.error_banner.text()
    assert f"Failed: {result.failure.message}" in panel.log.toPlainText()
    assert not panel.retry_cpu_button.isVisibleTo(panel)  # only GPU failures offer the CPU


def test_a_gpu_failure_offers_retry_on_cpu(qtbot, panel, monkeypatch):
    failure = training.TrainingFailure("cuda_oom", "The GPU ran out of memory.", retry_on_cpu=True)
    started: list[TrainingSettings] = []
    original_fit = training.Trainer.fit

    def fit(self):
        started.append(self.settings)
        if self.settings.device != "cpu":
            self._emit("on_failure", failure)
            result = training.FitResult("failed", 0, training.empty_history(), failure=failure)
            self._emit("on_fit_end", result)
            return result
        return original_fit(self)

    monkeypatch.setattr(training.Trainer, "fit", fit)
    start_and_wait(qtbot, panel, SMALL.with_changes(device="auto", epochs=1, train_subset=128))
    assert panel.error_banner.text() == failure.message
    assert panel.retry_cpu_button.isVisibleTo(panel) and panel.retry_cpu_button.isEnabled()
    with qtbot.waitSignal(panel.run_finished, timeout=RUN_TIMEOUT_MS) as retried:
        panel.retry_cpu_button.click()
    assert retried.args[0].status == "completed"
    assert [s.device for s in started] == ["auto", "cpu"]
    assert not panel.error_banner.isVisibleTo(panel)


def test_closing_mid_run_asks_stops_within_2_s_and_leaves_a_checkpoint(qtbot, mnist_train, mnist_test,
                                                                       monkeypatch):
    class Window(QMainWindow):
        """Does what the main window's closeEvent does."""

        def closeEvent(self, event):
            if not panel.confirm_close():
                event.ignore()
                return
            panel.shutdown()
            event.accept()

    window = Window()
    dock = make_training_dock(window, train_data=mnist_train, test_data=mnist_test)
    assert dock.objectName() == "trainingDock"
    panel = dock.widget()
    window.setCentralWidget(dock)
    qtbot.addWidget(window)
    window.show()

    questions: list[str] = []
    answer = QMessageBox.StandardButton.No

    def question(parent, title, text, *args):
        questions.append(title)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    assert panel.confirm_close()  # idle: no question
    assert questions == []

    panel.start_training(SMALL.with_changes(train_subset=4096, epochs=3))
    qtbot.waitUntil(lambda: panel.chart.point_count >= 2, timeout=RUN_TIMEOUT_MS)
    assert not window.close()  # the user said No: keep training
    assert panel.is_running and questions == ["Training in progress"]

    answer = QMessageBox.StandardButton.Yes
    started = time.perf_counter()
    assert window.close()
    elapsed = time.perf_counter() - started
    assert elapsed < 2.0
    assert not panel.is_running
    assert checkpoint_path().is_file()
    assert "Stopped after" in panel.log.toPlainText()


def test_stable_names(panel):
    names = ["startTraining", "pauseTraining", "stopTraining", "lossChart", "trainingProgress", "epochProgress",
             "trainingLog", "resumeTraining", "openTrainingSettings", "useTrainedWeights", "useShippedWeights",
             "trainingStatus"]
    for name in names:
        widget = panel.findChild(QWidget, name)
        assert widget is not None, name
        assert widget.accessibleName(), name


def test_settings_button_opens_the_dialog_and_applies_to_the_next_run(qtbot, panel):
    panel.settings_button.click()
    dialog = panel.findChild(QDialog, "settingsDialog")
    assert dialog is not None and dialog.isVisible()
    dialog.epochs_edit.setText("3")
    dialog.ok_button.click()
    assert "3 epochs" in panel.status_label.text()
    assert load_training_settings().epochs == 3


def test_a_failed_save_says_so_and_keeps_the_previous_weights(qtbot, panel, monkeypatch):
    previous = trained_weights_path()
    previous.parent.mkdir(parents=True, exist_ok=True)
    previous.write_bytes(b"the weights the user had")
    real_save = training.save_weights

    def save_weights(path, *args, **kwargs):
        if path == previous:  # checkpoints still save; the final weights hit a full disk
            raise SaveError(errno.ENOSPC, f"cannot write {path}: the disk is full; the previous file is unchanged")
        return real_save(path, *args, **kwargs)

    monkeypatch.setattr(training, "save_weights", save_weights)
    result = start_and_wait(qtbot, panel, SMALL.with_changes(epochs=1, train_subset=128))
    assert result.status == "failed" and result.failure.kind == "save_failed"
    assert "Saving failed" in panel.error_banner.text() and "the disk is full" in panel.error_banner.text()
    assert "previous weights are unchanged" in panel.error_banner.text()
    assert previous.read_bytes() == b"the weights the user had"


def test_a_run_that_fails_at_once_still_returns_the_panel_to_idle(qtbot, panel):
    result = start_and_wait(qtbot, panel, SMALL.with_changes(device="cuda:0"))  # no GPU on the test machines
    assert result.failure.kind == "device"
    assert "cuda:0" in panel.error_banner.text()
    assert not panel.is_running and panel.start_button.isEnabled() and not panel.stop_button.isEnabled()
