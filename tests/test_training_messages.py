"""What the training panel says, from the core's values alone: no QApplication, no widgets."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from desktop_app.core.settings import TrainingSettings
from desktop_app.core.training import BatchProgress, FitInfo, FitResult, TrainingFailure
from desktop_app.ui import training_messages as messages

SETTINGS = TrainingSettings(epochs=2, batch_size=64)


def fit_info(start_epoch: int = 1, start_batch: int = 0) -> FitInfo:
    return FitInfo(SETTINGS, "cpu", 141_930, 48_000, 12_000, 750, start_epoch, start_batch, {})


def test_durations_and_counts_read_naturally():
    assert messages.duration(0.4) == "0 s"
    assert messages.duration(59) == "59 s"
    assert messages.duration(187) == "3 min 07 s"
    assert messages.duration(2 * 3600 + 5 * 60 + 30) == "2 h 05 min"
    assert messages.duration(-3) == "0 s"
    assert messages.epochs(1) == "1 epoch"
    assert messages.epochs(8) == "8 epochs"
    assert messages.batches(1) == "1 batch"
    assert messages.batches(1250) == "1,250 batches"


def test_a_new_run_and_a_resumed_one_start_their_log_differently():
    started = messages.fit_started_line(fit_info())
    assert started.startswith("Started on cpu: 48,000 training / 12,000 validation samples, "
                              "2 epochs of 750 batches.")
    assert "compact_cnn (141,930 parameters), AdamW, lr 0.003, batch 64" in started
    assert messages.steps_done(fit_info()) == 0

    resumed = fit_info(start_epoch=2, start_batch=10)
    assert messages.fit_started_line(resumed).startswith("Resumed at epoch 2, batch 11 of 750 on cpu.")
    assert messages.steps_done(resumed) == 760


def test_progress_failures_and_results():
    progress = BatchProgress(1, 2, 10, 750, 0.12345, 10, 1500, 3e-3, 3100.4, 95.0)
    assert messages.rate_line(progress) == "3,100 samples/s · ETA 1 min 35 s · loss 0.1235 · lr 0.003"
    assert messages.epoch_label(1, 2) == "Epoch 1/2"

    assert messages.failure_text(TrainingFailure("diverged", "The loss became NaN.")) == "The loss became NaN."
    assert messages.failure_text(TrainingFailure("save_failed", "Saving failed.")).endswith(
        "Your previous weights are unchanged.")

    completed = FitResult("completed", 2, {"batch_loss": [1.0] * 1500}, {"test_accuracy": 0.9912},
                          weights_path=Path("trained.pt"))
    banner, line = messages.completed_texts(completed)
    assert banner.startswith("Training finished. Test accuracy 99.12%.")
    assert line == "Finished: Test accuracy 99.12%. Weights saved to trained.pt."
    assert messages.outcome(completed) == "Finished"

    stopped = FitResult("stopped", 1, {"batch_loss": [1.0] * 801})
    assert messages.stopped_line(stopped).startswith("Stopped after 801 batches (1 full epoch);")
    assert messages.outcome(stopped) == "Stopped"


def test_the_idle_status_names_the_next_run():
    assert messages.idle_status(TrainingSettings()) == "Ready. Next run: Fast (default), 8 epochs, device auto."
    assert messages.idle_status(SETTINGS, "Stopped").startswith("Stopped. Next run: Custom, 2 epochs")


def test_the_messages_need_no_qt():
    code = "import sys, desktop_app.ui.training_messages; print([m for m in sys.modules if m.startswith('PySide6')])"
    # From the repository root, so that this checkout's desktop_app is the one imported.
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=Path(__file__).resolve().parents[1])
    assert result.stdout.strip() == "[]"
