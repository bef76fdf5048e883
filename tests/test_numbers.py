"""Reading whole numbers: pen digits composed into numbers, and pictures of several digits (no Qt)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PIL import Image

from desktop_app import cli
from desktop_app.core import segmentation
from desktop_app.core.inference import Predictor
from desktop_app.core.paths import shipped_weights_path
from devtools.numbers import compose_number, giant_over_small, random_numbers, slanted, written_right_to_left
from devtools.unipen import PENDIGITS_PATH, read_pendigits

needs_weights = pytest.mark.skipif(not shipped_weights_path().is_file(), reason="weights/default.pt is not built yet")
needs_pendigits = pytest.mark.skipif(not PENDIGITS_PATH.is_file(), reason=f"pendigits data not found at {PENDIGITS_PATH}")


@pytest.fixture(scope="module")
def predictor():
    import torch

    torch.set_num_threads(1)  # as the canvas's model thread runs it
    return Predictor.from_file(shipped_weights_path())


@pytest.fixture(scope="module")
def pendigits():
    return read_pendigits(PENDIGITS_PATH)


def _bar(x0: float, x1: float, y: float) -> np.ndarray:
    return np.array([[x0, y], [x1, y]], dtype=float)


def _upright(x: float, y0: float, y1: float) -> np.ndarray:
    return np.array([[x, y0], [x, y1]], dtype=float)


def test_a_bar_over_a_digit_and_a_second_stroke_join_their_digit():
    five_body = np.array([[10, 0], [8, 40], [30, 45], [32, 80], [5, 95]], dtype=float)
    five_bar = _bar(12, 45, 0)  # sticks out to the right, as a 5's top bar often does
    seven = np.array([[70, 0], [110, 0], [85, 100]], dtype=float)
    seven_bar = _bar(80, 105, 50)
    groups = segmentation.group_strokes([five_body, seven, five_bar, seven_bar])
    assert [sorted(group) for group in groups] == [[0, 2], [1, 3]]


def test_specks_are_dropped_and_groups_come_left_to_right():
    right, left = _upright(100, 0, 100), _upright(0, 0, 100)
    speck = np.array([[50, 50], [51, 50]], dtype=float)
    assert segmentation.group_strokes([right, speck, left]) == [[2], [0]]
    assert segmentation.group_strokes([]) == []


@needs_weights
@needs_pendigits
def test_one_pen_digit_reads_exactly_as_before(predictor, pendigits):
    for digit in pendigits[:150]:
        single = predictor.predict_strokes(digit.strokes)
        reading = predictor.predict_number_strokes(digit.strokes)
        if len(reading.digits) == 1:
            assert reading.prediction.digit == single.digit
            assert reading.prediction.probabilities == pytest.approx(single.probabilities, abs=1e-6)
            assert np.array_equal(reading.prediction.model_input, single.model_input)
    counted = [len(predictor.predict_number_strokes(d.strokes).digits) for d in pendigits[:300]]
    assert counted.count(1) >= 0.98 * len(counted)


@needs_weights
@needs_pendigits
def test_composed_pen_numbers_are_read_left_to_right(predictor, pendigits):
    numbers = random_numbers(pendigits, 60, 3, seed=11)
    read = [predictor.predict_number_strokes(number.strokes).number for number in numbers]
    whole = np.mean([text == number.text for text, number in zip(read, numbers, strict=True)])
    count = np.mean([len(text or "") == 3 for text in read])
    assert whole >= 0.8 and count >= 0.93, (whole, count)


@needs_weights
@needs_pendigits
def test_boxes_are_in_input_coordinates_left_to_right(predictor, pendigits):
    rng = np.random.default_rng(5)
    chosen = [pendigits[i] for i in (0, 10, 20)]
    number = compose_number(chosen, rng)
    reading = predictor.predict_number_strokes(number.strokes)
    assert len(reading.digits) == 3
    xs = [digit.box[0] for digit in reading.digits]
    assert xs == sorted(xs)
    for digit, truth in zip(reading.digits, number.boxes, strict=True):
        assert digit.box == pytest.approx(truth, abs=1.0)
    assert reading.to_json()["number"] == reading.number


@needs_weights
def test_nothing_drawn_reads_no_number(predictor):
    reading = predictor.predict_number_strokes([])
    assert reading.number is None and reading.digits == ()
    assert predictor.predict_number_image(Image.new("L", (80, 80), 255)).number is None


# --------------------------------------------------------------------------------------------------
# Bad input: an answer, no crash. (How fast: benchmarks/bench_canvas_numbers.py; timed asserts here
# would fail on a busy machine.)


@needs_weights
@needs_pendigits
def test_thirty_digits_are_read(predictor, pendigits):
    number = random_numbers(pendigits, 1, 30, seed=3)[0]
    reading = predictor.predict_number_strokes(number.strokes)
    assert 25 <= len(reading.number or "") <= 35


@needs_weights
@needs_pendigits
def test_digits_written_right_to_left_read_left_to_right(predictor, pendigits):
    number = random_numbers(pendigits, 1, 4, seed=8)[0]
    forward = predictor.predict_number_strokes(number.strokes).number
    assert predictor.predict_number_strokes(number.strokes[::-1]).number == forward
    assert predictor.predict_number_strokes(written_right_to_left(number)).number == forward


@needs_weights
@needs_pendigits
def test_a_slanted_number_and_a_giant_digit_get_an_answer(predictor, pendigits):
    number = random_numbers(pendigits, 1, 5, seed=4)[0]
    assert predictor.predict_number_strokes(slanted(number.strokes)).number
    giant = [stroke * 6 - 50 for stroke in pendigits[7].strokes]
    assert predictor.predict_number_strokes([*giant, *number.strokes]).number
    assert predictor.predict_number_strokes(giant_over_small(pendigits[7].strokes, number)).number


# --------------------------------------------------------------------------------------------------
# Pictures and the command line


def _number_picture(mnist_test, indices, gap=12):
    """MNIST test digits side by side, black on white, enlarged 3x, as a photo or scan would have them."""
    tiles = [255 - mnist_test.images[i].numpy() for i in indices]
    strip = np.full((28, 28 * len(tiles) + gap * (len(tiles) - 1)), 255, dtype=np.uint8)
    for k, tile in enumerate(tiles):
        strip[:, k * (28 + gap) : k * (28 + gap) + 28] = np.minimum(strip[:, k * (28 + gap) : k * (28 + gap) + 28], tile)
    return Image.fromarray(strip).resize((strip.shape[1] * 3, 84), Image.Resampling.BILINEAR)


@needs_weights
def test_a_picture_of_a_number_is_read_with_boxes_in_image_pixels(predictor, mnist_test):
    picture = _number_picture(mnist_test, [0, 1, 2, 3])
    labels = "".join(str(int(mnist_test.labels[i])) for i in range(4))
    reading = predictor.predict_number_image(picture)
    assert reading.number == labels
    for k, digit in enumerate(reading.digits):
        x, _, width, _ = digit.box
        assert k * 120 - 6 <= x and x + width <= k * 120 + 84 + 6


@needs_weights
def test_predict_json_adds_number_and_digits(mnist_test, tmp_path, capsys):
    path = tmp_path / "number.png"
    _number_picture(mnist_test, [4, 5, 6]).save(path)
    labels = "".join(str(int(mnist_test.labels[i])) for i in (4, 5, 6))
    assert cli.main(["predict", str(path), "--json"]) == 0
    line = json.loads(capsys.readouterr().out)
    assert line["number"] == labels
    assert [d["digit"] for d in line["digits"]] == [int(c) for c in labels]
    assert all(len(d["box"]) == 4 and 0 < d["confidence"] <= 1 for d in line["digits"])
    assert [d["box"][0] for d in line["digits"]] == sorted(d["box"][0] for d in line["digits"])
    assert cli.main(["predict", str(path)]) == 0
    assert capsys.readouterr().out.startswith(f"{path}: {labels}  [")


# --------------------------------------------------------------------------------------------------
# One digit stays one digit: the whole drawing competes with its parts


@needs_weights
@needs_pendigits
def test_single_pen_digits_are_not_cut_in_two(predictor, pendigits):
    # A 4 whose upright stands apart, or a 0 closed by a second stroke, comes apart into groups; the
    # whole drawing, one digit wide and read confidently, must win over reading it as 11 or 01.
    digits = pendigits[:1000]
    cut = [d.label for d in digits if len(predictor.predict_number_strokes(d.strokes).digits) != 1]
    assert len(cut) <= 2, cut
    fours = [d for d in digits if d.label == 4]
    assert all(len(predictor.predict_number_strokes(d.strokes).digits) == 1 for d in fours)


@needs_weights
def test_mnist_digits_read_as_one_digit(predictor, mnist_test):
    # A wide or broken scanned digit must not read as two: at most 0.15 % of them (cutting by the
    # pieces alone, without weighing the whole, cut about 1 % of these).
    images = mnist_test.images[:2000].numpy()
    cut = [i for i, image in enumerate(images) if len(predictor.predict_number_image(image).digits) != 1]
    assert len(cut) <= 3, cut


# --------------------------------------------------------------------------------------------------
# Cutting numbers: cases from benchmarks/bench_core_numbers.py that were cut wrongly (seed 100 + length)


def _benchmark_number(pendigits, length: int, index: int, seed: int = 100):
    return random_numbers(pendigits, index + 1, length, seed=seed + length)[index]


def _cut_groups(predictor, number) -> list[tuple[int, ...]]:
    """The strokes of each digit segmentation cut the number into."""
    return [segment.strokes for segment in segmentation.segment_strokes(number.strokes, predictor.predict_batch)]


def _strokes_per_digit(number) -> list[tuple[int, ...]]:
    owners = np.array(number.digit_of_stroke)
    return [tuple(np.flatnonzero(owners == digit)) for digit in range(len(number.text))]


@needs_weights
@needs_pendigits
@pytest.mark.parametrize("index", [111, 150])
def test_a_4s_upright_standing_apart_stays_with_its_bar(predictor, pendigits, index):
    # 374 and 477: the 4's stem stands right of its bar without touching it and goes on below it
    # (read as 61 and 11 when the stem was a group of its own).
    number = _benchmark_number(pendigits, 3, index)
    assert _cut_groups(predictor, number) == _strokes_per_digit(number)


@needs_weights
@needs_pendigits
def test_touching_digits_are_cut_between_groups_not_inside_one(predictor, pendigits):
    # 417: a 4 whose stem crosses its bar touches the 1; the cut used to part the 4's bar from its
    # stem (617).
    number = _benchmark_number(pendigits, 3, 204)
    assert _cut_groups(predictor, number) == _strokes_per_digit(number)


@needs_weights
@needs_pendigits
@pytest.mark.parametrize("index", [89, 207])
def test_three_groups_side_by_side_are_a_number_though_the_whole_reads_as_one_digit(predictor, pendigits, index):
    # 981 read as one 8, 404 as one 4: a confident one-digit reading of the whole overrules two
    # parts (a single digit come apart), not three.
    number = _benchmark_number(pendigits, 3, index)
    assert len(predictor.predict_number_strokes(number.strokes).digits) == 3


@needs_weights
@needs_pendigits
@pytest.mark.parametrize(("length", "index"), [(4, 291), (6, 70), (6, 123), (6, 229)])
def test_a_stroke_lying_inside_its_digit_is_not_cut_off(predictor, pendigits, length, index):
    # 7574, 997507, 536450, 428221: a 4's stem crossing its bar, a stroke through a 0; the group was
    # wide, and the cut between its strokes read 61, 10, 10, 21.
    number = _benchmark_number(pendigits, length, index)
    assert _cut_groups(predictor, number) == _strokes_per_digit(number)


@needs_weights
@needs_pendigits
@pytest.mark.parametrize(("length", "index"), [(4, 126), (6, 141)])
def test_a_4s_stem_stepping_down_beside_its_angle_joins_it(predictor, pendigits, length, index):
    # 4638 and 294593: the stem, a little too wide or slanted for an upright, starts and ends lower
    # than the angle beside it (read as 61 and 61).
    number = _benchmark_number(pendigits, length, index)
    assert _cut_groups(predictor, number) == _strokes_per_digit(number)


@needs_weights
@needs_pendigits
@pytest.mark.parametrize(("length", "index", "seed"), [(4, 131, 100), (5, 177, 100), (6, 157, 100), (4, 103, 200), (5, 155, 200)])
def test_a_1_beside_a_digit_stays_a_digit_of_its_own(predictor, pendigits, length, index, seed):
    # 1433 (14 read as a 4) and 71172 (71 as a 7): the 1 touches its neighbour; 146708 and 3153: it
    # was grouped with its neighbour's strokes and never weighed; 64714: its foot a little below the
    # 7's made it a 4's stem.
    number = _benchmark_number(pendigits, length, index, seed)
    assert _cut_groups(predictor, number) == _strokes_per_digit(number)


def test_the_whole_rule_is_skipped_only_where_no_reading_could_change_it():
    # surely_several lets a wide drawing skip reading its whole (30 digits were read twice); it must
    # agree with several for the worst scores: every part at the floor of a top probability (1/10),
    # the whole read with certainty.
    rule = segmentation._STROKES_RULE
    skipped = 0
    for parts in range(2, 31):
        for aspect in np.linspace(0.2, 30.0, 300):
            if rule.surely_several(aspect, parts):
                skipped += 1
                assert rule.several(0.0, parts * np.log(0.1), aspect, parts), (parts, aspect)
    assert skipped > 0
    assert not rule.surely_several(1.0, 2)  # two digits as narrow as one: the classifier decides
