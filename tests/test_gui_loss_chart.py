"""The live loss chart: epochs on the x axis, a y range that fits the run, log scale, export, and the
training view's rate line after Stop."""

from __future__ import annotations

import numpy as np
import pytest

from desktop_app.ui.loss_chart import LossChart
from desktop_app.ui.training_view import TrainingView


@pytest.fixture
def chart(qtbot):
    chart = LossChart()
    qtbot.addWidget(chart)
    chart.resize(640, 320)
    return chart


def test_the_x_axis_is_in_fractional_epochs(chart):
    chart.append_losses(1, [1.0] * 30)
    chart.add_epoch(20, 0.9, 0.8)
    chart.set_batches_per_epoch(20)
    chart.redraw()
    x, _ = chart.raw_curve.getOriginalDataset()
    assert x[9] == pytest.approx(0.5) and x[-1] == pytest.approx(1.5)
    assert chart.val_loss_curve.getOriginalDataset()[0][0] == pytest.approx(1.0)
    assert chart._markers[0][0].value() == pytest.approx(1.0)
    assert chart.accuracy_plot.getAxis("bottom").labelText == "epoch"


def test_a_resumed_run_keeps_a_range_that_shows_its_progress(chart):
    losses = [2.3] * 10 + list(np.linspace(0.4, 0.1, 990))
    chart.set_history({"batch_loss": losses, "epochs": [{"step": 500, "val_loss": 0.2, "val_accuracy": 0.95}]})
    chart.set_batches_per_epoch(500)
    low, high = chart.loss_range()
    assert low == pytest.approx(0.0) and 0.4 <= high < 1.5  # not squashed under a 2.3 start (2.9)


def test_a_zoom_by_hand_is_kept_until_the_next_run(chart):
    chart.append_losses(1, list(np.linspace(2.0, 0.5, 100)))
    chart.redraw()
    chart.loss_plot.getViewBox().scaleBy((1, 0.5))  # as a wheel turn does
    chart.loss_plot.getViewBox().sigRangeChangedManually.emit([False, True])
    zoomed = chart.loss_range()
    chart.append_losses(101, [0.4] * 10)
    chart.redraw()
    assert chart.loss_range() == pytest.approx(zoomed)
    chart.clear()
    assert chart.loss_range() == pytest.approx((0.0, 2.5))


def test_log_scale(chart):
    chart.append_losses(1, list(np.geomspace(2.0, 0.01, 200)))
    chart.log_scale_check.click()
    chart.redraw()
    assert chart.log_scale and chart.loss_plot.getAxis("left").logMode
    low, high = chart.loss_range()
    assert 0 < low <= 0.01 * 1.01 and high >= 1.5
    chart.log_scale_check.click()
    assert not chart.loss_plot.getAxis("left").logMode


def test_export_is_in_the_context_menu_and_writes_csv(chart, tmp_path):
    from pyqtgraph.exporters import CSVExporter

    assert chart.loss_plot.getViewBox().menuEnabled()
    assert any(action.text() == "Export..." for action in chart.plots.scene().contextMenu)
    chart.append_losses(1, [1.5, 1.0, 0.5])
    chart.set_batches_per_epoch(3)
    chart.redraw()
    path = tmp_path / "loss.csv"
    CSVExporter(chart.loss_plot).export(str(path))
    text = path.read_text()
    assert "1.5" in text and "0.5" in text


def test_no_stale_eta_once_a_run_is_stopping(qtbot):
    view = TrainingView(trained_weights_location="weights.pt")
    qtbot.addWidget(view)
    view.show_run_starting("Starting", resumed=False)
    view.set_buttons(running=True, stopping=False, paused=False, can_resume=False, trained_weights_saved=False)
    view.show_rate("3,000 samples/s · ETA 2 min 00 s")
    assert "ETA" in view.rate_label.text()
    view.set_buttons(running=True, stopping=True, paused=False, can_resume=False, trained_weights_saved=False)
    assert view.rate_label.text() == ""
    view.show_rate("3,000 samples/s · ETA 1 min 59 s")  # a report still on its way from the worker
    assert view.rate_label.text() == ""
