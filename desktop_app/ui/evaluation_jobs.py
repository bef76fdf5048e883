"""The background jobs of the evaluation and comparison views (run by :class:`.background_task.BackgroundTask`).

Each returns what its view shows: the core's :class:`~desktop_app.core.evaluation_report.EvaluationReport`
(from the cache when it is still valid) and the test images for the galleries. The MNIST test set is
read once per process and shared (it is read-only). Torch is imported here only inside the jobs,
which run on a worker thread.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

_test_set_lock = threading.Lock()
_test_set = None


def test_set():
    """The MNIST test set (DigitData), read on first use (DataError when it cannot be)."""
    global _test_set
    with _test_set_lock:
        if _test_set is None:
            from ..core.data import load_mnist

            _test_set = load_mnist(train=False)
        return _test_set


@dataclass(frozen=True)
class EvaluationResult:
    weights_path: Path
    report: object  # EvaluationReport
    images: np.ndarray  # (N, 28, 28) uint8, white on black
    from_cache: bool


def evaluation_job(weights_path: Path, data=None):
    """A job computing (or reading from the cache) the report of ``weights_path``."""
    def job(progress, should_stop) -> EvaluationResult:
        from ..core.evaluation_report import cached_or_computed

        digits = data if data is not None else test_set()
        report, cached = cached_or_computed(weights_path, digits, progress=progress, should_stop=should_stop)
        return EvaluationResult(Path(weights_path), report, digits.images.numpy(), cached)

    return job


def comparison_job(first: Path, second: Path, data=None):
    """A job returning both models' EvaluationResults (progress runs over both)."""
    def job(progress, should_stop) -> tuple[EvaluationResult, EvaluationResult]:
        first_job, second_job = evaluation_job(first, data), evaluation_job(second, data)
        one = first_job(lambda done, total: progress(done, 2 * total), should_stop)
        two = second_job(lambda done, total: progress(total + done, 2 * total), should_stop)
        return one, two

    return job
