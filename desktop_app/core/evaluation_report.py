"""A model's reading of every MNIST test image, for the evaluation and comparison views.

:func:`compute_report` runs the network over the 10,000 test images in small batches (calling back
after each, so a caller can show progress and stop it) and keeps, per image, the ten probabilities;
everything else is derived from them: the predicted digit and its confidence, the 10x10 confusion
matrix (row = true digit, column = predicted), per-class accuracy, the images of one cell sorted from
most to least confident, the hardest examples, and where two models disagree.

Reports are cached beside the model (``<library>/<ID>/evaluation.npz``; weights from elsewhere, the
shipped ones included, under ``<library>/.evaluations/``), keyed by the weights file's SHA-256: a
cache whose key no longer matches the file, or that cannot be read, is ignored and rewritten.
Plain Python and numpy; torch is imported only to compute.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from .model_library import LIBRARY_FOLDER, WEIGHTS_NAME, file_sha256, write_file_atomically
from .paths import user_data_location

CACHE_NAME = "evaluation.npz"
SHARED_CACHE_FOLDER = ".evaluations"
CACHE_FORMAT = "digit-studio-evaluation-1"
#: Images per forward pass: small enough that a progress step (and a stop) comes every ~0.1 s on a
#: laptop core, large enough that the per-batch overhead stays negligible.
BATCH_SIZE = 250
DIGITS = 10


@dataclass(frozen=True)
class EvaluationReport:
    """Per test image, the true digit and the model's ten probabilities (float32)."""

    weights_sha256: str
    labels: np.ndarray  # (N,) int64
    probabilities: np.ndarray  # (N, 10) float32

    @property
    def samples(self) -> int:
        return len(self.labels)

    @cached_property
    def predicted(self) -> np.ndarray:
        return self.probabilities.argmax(1)

    @cached_property
    def confidence(self) -> np.ndarray:
        """The probability of the predicted digit."""
        return self.probabilities.max(1)

    @cached_property
    def confusion(self) -> np.ndarray:
        """(10, 10) int64 counts: row = true digit, column = predicted."""
        return np.bincount(self.labels * DIGITS + self.predicted, minlength=DIGITS * DIGITS).reshape(DIGITS, DIGITS)

    @property
    def accuracy(self) -> float:
        return float(np.trace(self.confusion)) / max(self.samples, 1)

    @property
    def per_class_accuracy(self) -> np.ndarray:
        """(10,) share of each digit's images read right (0 where a digit has no image)."""
        totals = self.confusion.sum(1)
        return np.diag(self.confusion) / np.maximum(totals, 1)

    def cell(self, true_digit: int, predicted_digit: int) -> np.ndarray:
        """Indices of the test images of one matrix cell, most confident first."""
        chosen = np.flatnonzero((self.labels == true_digit) & (self.predicted == predicted_digit))
        return chosen[np.argsort(-self.confidence[chosen], kind="stable")]

    def least_confident_correct(self, count: int) -> np.ndarray:
        """The correct readings the model was least sure of (lowest confidence first)."""
        correct = np.flatnonzero(self.labels == self.predicted)
        return correct[np.argsort(self.confidence[correct], kind="stable")[:count]]

    def most_confident_wrong(self, count: int) -> np.ndarray:
        """The wrong readings the model was surest of (highest confidence first)."""
        wrong = np.flatnonzero(self.labels != self.predicted)
        return wrong[np.argsort(-self.confidence[wrong], kind="stable")[:count]]


@dataclass(frozen=True)
class Comparison:
    """Two reports of the same test images: ``first`` and ``second``."""

    first: EvaluationReport
    second: EvaluationReport

    def __post_init__(self) -> None:
        if not np.array_equal(self.first.labels, self.second.labels):
            raise ValueError("the two reports are not of the same test images")

    @property
    def confusion_difference(self) -> np.ndarray:
        """second minus first, per cell: on the diagonal, positive means the second reads more right."""
        return self.second.confusion - self.first.confusion

    def disagreements(self) -> np.ndarray:
        """Images the two read as different digits; those where either is wrong with high
        confidence first (by the larger of the two confidences)."""
        chosen = np.flatnonzero(self.first.predicted != self.second.predicted)
        surest = np.maximum(self.first.confidence[chosen], self.second.confidence[chosen])
        return chosen[np.argsort(-surest, kind="stable")]


# -- computing ------------------------------------------------------------------------------------


class Stopped(Exception):
    """The caller asked :func:`compute_report` to stop."""


def compute_report(weights_file: Path, data=None, *, batch_size: int = BATCH_SIZE,
                   progress: Callable[[int, int], None] | None = None,
                   should_stop: Callable[[], bool] | None = None, sha256: str | None = None) -> EvaluationReport:
    """The report of ``weights_file`` on ``data`` (default: the MNIST test set). WeightsError or
    DataError (one line) when either cannot be used; :class:`Stopped` when ``should_stop()`` said so."""
    import torch

    from .data import evaluation_batches, load_mnist
    from .weights import load_weights

    loaded = load_weights(weights_file)
    digest = sha256 or file_sha256(weights_file)
    data = data if data is not None else load_mnist(train=False)
    mean, std = loaded.normalization
    model = loaded.model.eval()
    parts, done, total = [], 0, len(data)
    with torch.inference_mode():
        for inputs, _labels in evaluation_batches(data, batch_size, mean, std):
            if should_stop is not None and should_stop():
                raise Stopped
            # The ten digits' probabilities: a network's eleventh output ("not a digit") is left out, as
            # MNIST holds digits only and the reader's probabilities are the same softmax (core/rejection.py).
            parts.append(torch.softmax(model(inputs).float()[:, :DIGITS], dim=1).numpy())
            done += len(inputs)
            if progress is not None:
                progress(done, total)
    probabilities = np.concatenate(parts) if parts else np.zeros((0, DIGITS), np.float32)
    return EvaluationReport(digest, data.labels.numpy().astype(np.int64), probabilities.astype(np.float32))


# -- the cache ------------------------------------------------------------------------------------


def cache_path(weights_file: Path, sha256: str, library_root: Path | None = None) -> Path:
    """Where the report of ``weights_file`` is cached: beside it for a library model, else in the
    library's shared cache folder under its SHA-256."""
    root = Path(library_root) if library_root is not None else user_data_location() / LIBRARY_FOLDER
    weights_file = Path(weights_file)
    if weights_file.name == WEIGHTS_NAME and weights_file.parent.parent == root:
        return weights_file.parent / CACHE_NAME
    return root / SHARED_CACHE_FOLDER / f"{sha256}.npz"


def read_cached(path: Path, sha256: str) -> EvaluationReport | None:
    """The report cached at ``path`` if it is one for weights with this SHA-256; None when there is
    none, it is of other weights (they changed) or it cannot be read (it will be rewritten)."""
    try:
        with open(path, "rb") as handle, np.load(handle, allow_pickle=False) as stored:  # closed on any error
            if str(stored["format"]) != CACHE_FORMAT or str(stored["sha256"]) != sha256:
                return None
            labels, probabilities = stored["labels"].astype(np.int64), stored["probabilities"]
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        return None
    if (probabilities.ndim != 2 or probabilities.shape != (len(labels), DIGITS) or probabilities.dtype != np.float32
            or not np.isfinite(probabilities).all() or (len(labels) and not 0 <= labels.min() <= labels.max() < DIGITS)):
        return None
    return EvaluationReport(sha256, labels, probabilities)


def write_cache(report: EvaluationReport, path: Path) -> None:
    """Store ``report`` at ``path`` atomically (ModelLibraryError when it cannot be written)."""
    buffer = io.BytesIO()
    np.savez(buffer, format=np.array(CACHE_FORMAT), sha256=np.array(report.weights_sha256),
             labels=report.labels.astype(np.uint8), probabilities=report.probabilities)
    if path.parent.name == SHARED_CACHE_FOLDER:  # never a model's folder: one deleted meanwhile stays gone
        os.makedirs(path.parent, exist_ok=True)
    write_file_atomically(path, lambda handle: handle.write(buffer.getvalue()))


def cached_or_computed(weights_file: Path, data=None, *, library_root: Path | None = None,
                       progress: Callable[[int, int], None] | None = None,
                       should_stop: Callable[[], bool] | None = None) -> tuple[EvaluationReport, bool]:
    """The report of ``weights_file``, from the cache when it is still valid, else computed and cached
    (a cache that cannot be written is no error: the report is returned all the same). Returns the
    report and whether it came from the cache."""
    from .errors import UserError

    weights_file = Path(weights_file)
    try:
        digest = file_sha256(weights_file)
    except OSError:  # load_weights below says what is wrong with the file, in one line
        digest = None
    target = cache_path(weights_file, digest or "", library_root) if digest else None
    if target is not None:
        report = read_cached(target, digest)
        if report is not None and (data is None or len(data) == report.samples):
            return report, True
    report = compute_report(weights_file, data, progress=progress, should_stop=should_stop, sha256=digest)
    if target is not None:
        try:
            write_cache(report, target)
        except (UserError, OSError):
            pass
    return report, False
