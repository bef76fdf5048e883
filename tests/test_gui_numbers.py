"""A whole number written on the real canvas with mouse drags: the panel, the boxes, a digit's details."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QLabel

from desktop_app.core.paths import shipped_weights_path
from devtools import replay
from devtools.numbers import bad_inputs, fit_into, random_numbers
from devtools.unipen import PENDIGITS_PATH, read_pendigits

pytestmark = [
    pytest.mark.skipif(not PENDIGITS_PATH.is_file(), reason=f"pendigits data not found at {PENDIGITS_PATH}"),
    pytest.mark.skipif(not shipped_weights_path().is_file(), reason="weights/default.pt is not built yet"),
]


def _number_label(window) -> QLabel:
    return window.findChild(QLabel, "predictedNumber")


def _write(window, number) -> None:
    canvas = window.canvas
    replay.draw_strokes(canvas, fit_into(number.strokes, canvas.width(), canvas.height()))
    replay.wait_for_prediction(window)


def test_a_number_drawn_shows_its_digits_boxes_and_details(window, qtbot):
    replay.wait_for_prediction(window, timeout_s=60)
    assert _number_label(window).text() == ""
    numbers = random_numbers(read_pendigits(PENDIGITS_PATH), 8, 3, seed=21)
    read = []
    for number in numbers:
        window.clear_action.trigger()
        _write(window, number)
        read.append(_number_label(window).text() == number.text)
    assert np.mean(read) >= 0.75
    reading = window.live_prediction.reading
    assert _number_label(window).text() == reading.number and len(reading.digits) >= 2
    boxes = window.live_prediction.boxes.boxes()
    assert len(boxes) == len(reading.digits)
    assert [box.left() for box in boxes] == sorted(box.left() for box in boxes)
    assert all(window.canvas.rect().intersects(box.toRect()) for box in boxes)

    # Clicking the last digit shows its own probabilities and 28x28 input.
    buttons = window.prediction_panel.number_view.digit_buttons()
    buttons[-1].click()
    last = reading.digits[-1].prediction
    assert window.prediction_panel.chart.probabilities == pytest.approx(last.probabilities)
    assert window.findChild(QLabel, "predictedDigit").text() == str(last.digit)

    window.digit_boxes_action.setChecked(False)
    assert not window.live_prediction.boxes.isVisible()
    window.clear_action.trigger()
    replay.wait_for_prediction(window)
    assert _number_label(window).text() == ""


def test_one_digit_shows_as_before_and_in_predicted_number(window):
    replay.wait_for_prediction(window, timeout_s=60)
    digit = read_pendigits(PENDIGITS_PATH)[3]
    shown = replay.replay_pen_digit(window, digit.strokes, np.random.default_rng(0))
    assert _number_label(window).text() == str(shown)
    assert not window.prediction_panel.number_view.digit_buttons()


def test_bad_input_on_the_canvas_gets_an_answer(window):
    # The bad input written with the mouse: 30 digits packed on the canvas, a number written
    # right to left, one on a slant, a giant digit over a small number. (How fast the answer comes:
    # benchmarks/bench_canvas_numbers.py --bad-input.)
    replay.wait_for_prediction(window, timeout_s=60)
    canvas = window.canvas
    read = {}
    for kind, (strokes,) in bad_inputs(read_pendigits(PENDIGITS_PATH), 1, seed=1400).items():
        window.clear_action.trigger()
        replay.draw_strokes(canvas, fit_into(strokes, canvas.width(), canvas.height()))
        replay.wait_for_prediction(window)
        read[kind] = _number_label(window).text()
        assert len(window.live_prediction.boxes.boxes()) == len(window.live_prediction.reading.digits)
    assert 25 <= len(read["30 digits"]) <= 35, read
    assert len(read["right to left"]) == len(read["slanted"]) == 6, read
    assert read["giant over small"].isdigit(), read
