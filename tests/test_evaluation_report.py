"""The evaluation report (core, no Qt): per-image readings of the test set, the confusion matrix and
its cells, the hardest examples, comparing two models, and the cache keyed by the weights' SHA-256."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from desktop_app.core import evaluation_report as er
from desktop_app.core.model import create_model
from desktop_app.core.model_library import ModelLibrary
from desktop_app.core.paths import shipped_weights_path
from desktop_app.core.weights import WeightsError, load_weights, save_weights


def make_report(labels, probabilities) -> er.EvaluationReport:
    return er.EvaluationReport("x", np.array(labels, np.int64), np.array(probabilities, np.float32))


def one_hot(digit: int, confidence: float) -> list[float]:
    rest = (1 - confidence) / 9
    return [confidence if d == digit else rest for d in range(10)]


def test_the_shipped_models_matrix_holds_every_test_image_and_its_reported_accuracy(mnist_test):
    report = er.compute_report(shipped_weights_path(), mnist_test)
    reported = load_weights(shipped_weights_path()).metadata["metrics"]
    assert report.confusion.sum() == 10_000
    assert np.trace(report.confusion) / 10_000 == pytest.approx(reported["test_accuracy"], abs=1e-12)
    assert report.confusion.tolist() == reported["confusion"]
    assert np.allclose(report.per_class_accuracy, reported["per_class_accuracy"])


def test_a_cell_holds_exactly_its_images_most_confident_first():
    report = make_report([3, 3, 3, 5, 3], [one_hot(5, 0.6), one_hot(5, 0.9), one_hot(3, 0.99), one_hot(5, 0.7),
                                           one_hot(5, 0.8)])
    assert report.cell(3, 5).tolist() == [1, 4, 0]
    assert report.cell(3, 3).tolist() == [2]
    assert report.cell(5, 3).tolist() == []
    assert report.confusion[3, 5] == 3 and report.confusion[5, 5] == 1
    assert report.most_confident_wrong(2).tolist() == [1, 4]
    assert report.least_confident_correct(5).tolist() == [3, 2]


def test_comparison_shows_the_difference_and_where_they_disagree():
    first = make_report([1, 1, 2], [one_hot(1, 0.9), one_hot(7, 0.8), one_hot(2, 0.9)])
    second = make_report([1, 1, 2], [one_hot(1, 0.9), one_hot(1, 0.6), one_hot(3, 0.95)])
    comparison = er.Comparison(first, second)
    assert comparison.disagreements().tolist() == [2, 1]
    difference = comparison.confusion_difference
    assert difference[1, 1] == 1 and difference[1, 7] == -1 and difference[2, 2] == -1 and difference[2, 3] == 1
    assert difference.sum() == 0
    with pytest.raises(ValueError):
        er.Comparison(first, make_report([1, 2, 2], first.probabilities))


@pytest.fixture
def library_model(tmp_path):
    torch.manual_seed(0)
    weights = save_weights(tmp_path / "w.pt", create_model("compact_cnn"), "compact_cnn")
    library = ModelLibrary()
    return library, library.add(weights, "small")


def test_the_cache_is_used_until_the_weights_change(library_model, mnist_test):
    library, entry = library_model
    data = mnist_test.subset(torch.arange(300))
    steps = []
    first, cached = er.cached_or_computed(entry.weights_path, data, progress=lambda done, total: steps.append(done))
    assert not cached and steps[-1] == 300 and len(steps) == 2
    assert (entry.weights_path.parent / er.CACHE_NAME).is_file()
    again, cached = er.cached_or_computed(entry.weights_path, data)
    assert cached and np.array_equal(again.probabilities, first.probabilities)

    torch.manual_seed(1)  # new weights in the same place: the cache no longer matches them
    save_weights(entry.weights_path, create_model("compact_cnn"), "compact_cnn")
    changed, cached = er.cached_or_computed(entry.weights_path, data)
    assert not cached and not np.array_equal(changed.probabilities, first.probabilities)
    assert er.read_cached(entry.weights_path.parent / er.CACHE_NAME, changed.weights_sha256) is not None


def test_a_damaged_cache_is_computed_again(library_model, mnist_test):
    _library, entry = library_model
    data = mnist_test.subset(torch.arange(50))
    er.cached_or_computed(entry.weights_path, data)
    (entry.weights_path.parent / er.CACHE_NAME).write_bytes(b"PK\x03\x04 not a zip")
    report, cached = er.cached_or_computed(entry.weights_path, data)
    assert not cached and report.samples == 50


def test_weights_from_elsewhere_are_cached_in_the_shared_folder(tmp_path, mnist_test):
    torch.manual_seed(0)
    weights = save_weights(tmp_path / "elsewhere.pt", create_model("compact_cnn"), "compact_cnn")
    report, _ = er.cached_or_computed(weights, mnist_test.subset(torch.arange(20)))
    path = er.cache_path(weights, report.weights_sha256)
    assert path.parent.name == er.SHARED_CACHE_FOLDER and path.is_file()
    assert ModelLibrary().contents().problems == []  # the cache folder is no model


def test_corrupt_weights_and_a_stop_request_give_their_errors(tmp_path, mnist_test):
    bad = tmp_path / "bad.pt"
    bad.write_bytes(b"PK\x03\x04" + bytes(100))
    with pytest.raises(WeightsError, match="bad.pt"):
        er.cached_or_computed(bad, mnist_test)
    with pytest.raises(WeightsError, match="file not found"):
        er.cached_or_computed(tmp_path / "gone.pt", mnist_test)
    with pytest.raises(er.Stopped):
        er.compute_report(shipped_weights_path(), mnist_test, should_stop=lambda: True)
