"""The evaluation view: how a model reads the 10,000 MNIST test images, and which ones it gets wrong.

Test accuracy, per-class accuracy as bars and the confusion matrix (``confusionMatrix``: row = true
digit, column = predicted); selecting a cell fills ``mistakesGallery`` with exactly its images, most
confident first, each with its confidence. The "Hardest examples" tab lists the correct readings the
model was least sure of and the wrong ones it was surest of. Double clicking an image emits
:attr:`EvaluationView.image_chosen`; the window puts it on the canvas, so the live prediction and the
28x28 input show it.

The report is computed by a :class:`.background_task.BackgroundTask` (the window stays responsive;
progress per batch) or read from the model's cache; the view only shows what arrives.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QProgressBar,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from .background_task import BackgroundTask
from .class_bars import ClassAccuracyBars
from .confusion_model import confusion_table
from .digit_gallery import DigitGallery
from .evaluation_jobs import EvaluationResult, evaluation_job
from .screen_fit import resize_to_fit

#: How many images each hardest-examples list shows.
HARDEST_COUNT = 60


def a_digit(digit: int) -> str:
    """ "the digit 7": how a sentence names one image of a digit, in the GUI's language."""
    return QCoreApplication.translate("EvaluationView", "the digit %1").replace("%1", str(digit))


def test_image_name(index: int, digit: int) -> str:
    """The name an image from the test set has on the canvas: "test image #412 (the digit 7)"."""
    return QCoreApplication.translate("EvaluationView", "test image #%1 (%2)").replace("%1", str(index)).replace(
        "%2", a_digit(digit))


def reading_caption(label: int, predicted: int, confidence: float) -> str:
    return f"{confidence:.1%}" if label == predicted else f"{label}\u2192{predicted} {confidence:.0%}"


def reading_tooltip(index: int, label: int, predicted: int, confidence: float) -> str:
    translate = QCoreApplication.translate
    if label == predicted:
        text = translate("EvaluationView", "Test image #%1: the digit %2, read right (%3 sure). Double click to read "
                                           "it on the canvas")
    else:
        text = translate("EvaluationView", "Test image #%1: the digit %2, read as %4 (%3 sure). Double click to read "
                                           "it on the canvas").replace("%4", str(predicted))
    return text.replace("%1", str(index)).replace("%2", str(label)).replace("%3", f"{confidence:.1%}")


def fill_gallery(gallery: DigitGallery, report, images: np.ndarray, indices: np.ndarray) -> None:
    """Put ``indices`` (test images) into ``gallery`` with the report's reading of each."""
    labels, predicted, confidence = report.labels[indices], report.predicted[indices], report.confidence[indices]
    captions = [reading_caption(int(t), int(p), float(c)) for t, p, c in zip(labels, predicted, confidence, strict=True)]
    tooltips = [reading_tooltip(int(i), int(t), int(p), float(c))
                for i, t, p, c in zip(indices, labels, predicted, confidence, strict=True)]
    gallery.gallery().set_items(images, indices, captions, tooltips)


def titled(text: str, widget: QWidget, parent: QWidget) -> QWidget:
    box = QWidget(parent)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    label = QLabel(text, box)
    label.setBuddy(widget)
    layout.addWidget(label)
    layout.addWidget(widget, 1)
    return box


class EvaluationView(QDialog):
    """Non-modal; :meth:`evaluate` shows a model (computing its report in the background)."""

    #: A test image to read on the canvas: its 28x28 uint8 pixels (white on black) and a name.
    image_chosen = Signal(object, str)
    #: The report is on screen (after computing or from the cache).
    report_shown = Signal(object)

    def __init__(self, parent: QWidget | None = None, data=None) -> None:
        super().__init__(parent)
        self.setObjectName("evaluationView")
        self.setWindowTitle(self.tr("Evaluate Model"))
        resize_to_fit(self, 1040, 680)
        self._data = data  # DigitData to evaluate on (tests, benchmarks); None: the MNIST test set
        self.result: EvaluationResult | None = None
        self._name = ""
        self._shown_cell: tuple[int, int] | None = None
        self.task = BackgroundTask(self, "evaluationThread")
        self.task.progress.connect(self._on_progress)
        self.task.succeeded.connect(self._on_succeeded)
        self.task.failed.connect(self._on_failed)
        self._build()

    def _build(self) -> None:
        self.summary = QLabel(self)
        self.summary.setObjectName("evaluationSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("evaluationProgress")
        self.progress.setFormat(self.tr("%v of %m test images"))
        self.class_bars = ClassAccuracyBars("classAccuracyBars", self)
        self.matrix = confusion_table(self, "confusionMatrix")
        # A click or the arrow keys move both; a script may set either one.
        self.matrix.selectionModel().currentChanged.connect(self._on_cell_changed)
        self.matrix.selectionModel().selectionChanged.connect(self._on_cell_selected)
        self.cell_caption = QLabel(self.tr("Select a cell of the matrix to see its images."), self)
        self.cell_caption.setObjectName("cellCaption")
        self.cell_caption.setWordWrap(True)
        self.gallery = DigitGallery("mistakesGallery", self)
        self.least_sure = DigitGallery("leastConfidentCorrect", self)
        self.surest_wrong = DigitGallery("mostConfidentWrong", self)
        for gallery in (self.gallery, self.least_sure, self.surest_wrong):
            gallery.image_activated.connect(self._on_image_activated)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(titled(self.tr("Accuracy per digit"), self.class_bars, left))
        left_layout.addWidget(titled(self.tr("Confusion matrix: rows are the true digits, columns what the "
                                             "model read; select a cell"), self.matrix, left), 1)
        cell_page = QWidget(self)
        cell_layout = QVBoxLayout(cell_page)
        cell_layout.addWidget(self.cell_caption)
        cell_layout.addWidget(self.gallery, 1)
        hardest_page = QWidget(self)
        hardest_layout = QVBoxLayout(hardest_page)
        hardest_layout.addWidget(titled(self.tr("Most confident mistakes"), self.surest_wrong, hardest_page), 1)
        hardest_layout.addWidget(titled(self.tr("Least confident correct readings"), self.least_sure,
                                        hardest_page), 1)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(cell_page, self.tr("Selected cell"))
        self.tabs.addTab(hardest_page, self.tr("Hardest examples"))
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(self.tabs)
        splitter.setSizes([520, 520])
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.progress)
        layout.addWidget(splitter, 1)

    # --- public
    @property
    def report(self):
        return self.result.report if self.result is not None else None

    @property
    def computing(self) -> bool:
        return self.task.running

    def evaluate(self, weights_path: Path, name: str) -> None:
        """Show ``name``'s report: computed in the background (or read from its cache)."""
        self._name = name
        self.result = None
        self._shown_cell = None
        self.setWindowTitle(self.tr("Evaluate Model: %1").replace("%1", name))
        self.summary.setText(self.tr("Reading the 10,000 test images with %1…").replace("%1", name))
        self.progress.setRange(0, 0)  # busy until the first batch says how many there are
        self.progress.show()
        self.class_bars.set_series([])
        self.matrix.model().set_matrix(np.zeros((10, 10)))
        for gallery in (self.gallery, self.least_sure, self.surest_wrong):
            gallery.gallery().clear()
        self.task.start(evaluation_job(Path(weights_path), self._data))

    def select_cell(self, true_digit: int, predicted_digit: int) -> None:
        self.matrix.setCurrentIndex(self.matrix.model().index(true_digit, predicted_digit))

    def stop(self) -> None:
        self.task.stop()

    # --- events
    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _on_failed(self, message: str) -> None:
        self.progress.hide()
        self.summary.setText(self.tr("Cannot evaluate %1: %2").replace("%1", self._name).replace("%2", message))

    def _on_succeeded(self, result: EvaluationResult) -> None:
        self.result = result
        self._shown_cell = None
        report = result.report
        self.progress.hide()
        right = int(np.trace(report.confusion))
        self.summary.setText(self.tr("%1: test accuracy %2 (%3 of %4 test images read right).").replace(
            "%1", self._name).replace("%2", f"{report.accuracy:.2%}").replace("%3", f"{right:,}").replace(
            "%4", f"{report.samples:,}"))
        self.class_bars.set_series([(self._name, report.per_class_accuracy)])
        self.matrix.model().set_matrix(report.confusion)
        fill_gallery(self.surest_wrong, report, result.images, report.most_confident_wrong(HARDEST_COUNT))
        fill_gallery(self.least_sure, report, result.images, report.least_confident_correct(HARDEST_COUNT))
        self.select_cell(*worst_cell(report.confusion))
        self.report_shown.emit(report)

    def _on_cell_selected(self, selected, _deselected) -> None:
        indexes = selected.indexes()
        if indexes:
            self._on_cell_changed(indexes[0], None)

    def _on_cell_changed(self, current, _previous) -> None:
        if self.result is None or not current.isValid():
            return
        true_digit, predicted = current.row(), current.column()
        if self._shown_cell == (true_digit, predicted):
            return
        self._shown_cell = (true_digit, predicted)
        indices = self.result.report.cell(true_digit, predicted)
        fill_gallery(self.gallery, self.result.report, self.result.images, indices)
        if true_digit == predicted:
            caption = self.tr("%1 images of the digit %2, read right, most confident first:")
        else:
            caption = self.tr("%1 images of the digit %2, read as %3, most confident first:").replace(
                "%3", str(predicted))
        self.cell_caption.setText(caption.replace("%1", f"{len(indices):,}").replace("%2", str(true_digit)))
        self.tabs.setCurrentIndex(0)

    def _on_image_activated(self, index: int) -> None:
        if self.result is None:
            return
        label = int(self.result.report.labels[index])
        self.image_chosen.emit(self.result.images[index], test_image_name(index, label))

    def done(self, result: int) -> None:
        self.task.stop()  # closing stops the computation at its next batch
        super().done(result)


def worst_cell(confusion: np.ndarray) -> tuple[int, int]:
    """The off-diagonal cell with the most images (the commonest mistake), or (0, 0) when there is none."""
    off = np.array(confusion, dtype=np.int64)
    np.fill_diagonal(off, -1)
    true_digit, predicted = np.unravel_index(int(off.argmax()), off.shape)
    return (int(true_digit), int(predicted)) if off.max() > 0 else (0, 0)
