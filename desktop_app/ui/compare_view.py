"""Two models side by side: test accuracy, per-class accuracy, the confusion-matrix difference (second
minus first) and a gallery of the test images on which they disagree (double click reads one on the
canvas). Both reports come from :mod:`.evaluation_jobs` on a background thread (cached per model)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import UserError
from ..core.evaluation_report import Comparison
from ..core.model_library import ModelLibrary
from .background_task import BackgroundTask
from .canvas_readings import CanvasReadings, describe_reading
from .class_bars import ClassAccuracyBars
from .confusion_model import confusion_table
from .digit_gallery import DigitGallery
from .evaluation_jobs import comparison_job
from .evaluation_view import a_digit, test_image_name, titled
from .i18n import error_text
from .screen_fit import resize_to_fit
from .training_messages import model_name


class CompareView(QDialog):
    image_chosen = Signal(object, str)
    #: The comparison is on screen: a core Comparison.
    comparison_shown = Signal(object)

    def __init__(self, parent: QWidget | None = None, data=None) -> None:
        super().__init__(parent)
        self.setObjectName("compareView")
        self.setWindowTitle(self.tr("Compare Models"))
        resize_to_fit(self, 1040, 640)
        self._data = data
        self.comparison: Comparison | None = None
        self._images = None
        self.task = BackgroundTask(self, "comparisonThread")
        self.task.progress.connect(self._on_progress)
        self.task.succeeded.connect(self._on_succeeded)
        self.task.failed.connect(self._on_failed)
        self.canvas_readings = CanvasReadings(self)
        self.canvas_readings.readings_ready.connect(self._on_canvas_readings)
        self.canvas_readings.failed.connect(lambda message: self.canvas_label.setText(
            self.tr("The drawing on the canvas cannot be read: %1").replace("%1", message)))
        self.canvas_content = (None, [])
        self._build()

    def _build(self) -> None:
        self.first = QComboBox(self)
        self.first.setObjectName("firstModel")
        self.second = QComboBox(self)
        self.second.setObjectName("secondModel")
        self.compare_button = QPushButton(self.tr("Com&pare"), self)
        self.compare_button.setObjectName("runComparison")
        self.compare_button.clicked.connect(self.compare)
        choose = QHBoxLayout()
        for text, widget in ((self.tr("&First:"), self.first), (self.tr("&Second:"), self.second)):
            label = QLabel(text, self)
            label.setBuddy(widget)
            choose.addWidget(label)
            choose.addWidget(widget, 1)
        choose.addWidget(self.compare_button)
        self.summary = QLabel(self)
        self.summary.setObjectName("comparisonSummary")
        self.summary.setWordWrap(True)
        self.canvas_label = QLabel(self)
        self.canvas_label.setObjectName("canvasReadings")
        self.canvas_label.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("comparisonProgress")
        self.progress.hide()
        self.bars = ClassAccuracyBars("comparisonBars", self)
        self.difference = confusion_table(self, "confusionDifference")
        self.gallery = DigitGallery("disagreementsGallery", self)
        self.gallery.image_activated.connect(self._on_image_activated)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(titled(self.tr("Accuracy per digit (first in colour, second in grey)"), self.bars, left))
        left_layout.addWidget(titled(self.tr("Confusion matrix, second minus first (green: the second does "
                                             "better)"), self.difference, left), 1)
        self.gallery_title = QLabel(self)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.gallery_title)
        right_layout.addWidget(self.gallery, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        layout = QVBoxLayout(self)
        layout.addLayout(choose)
        layout.addWidget(self.summary)
        layout.addWidget(self.canvas_label)
        layout.addWidget(self.progress)
        layout.addWidget(splitter, 1)

    def refresh(self, first_id: str | None = None, second_id: str | None = None) -> None:
        """List the library's models; preselect ``first_id`` (default: the active model) and ``second_id``
        (default: the newest other one), and compare them."""
        library = ModelLibrary()
        try:
            entries = library.entries()
            active = library.active_id()
        except UserError as error:
            self.summary.setText(error_text(error))
            return
        for combo in (self.first, self.second):
            combo.clear()
            for entry in entries:
                combo.addItem(model_name(entry), entry.id)
                combo.setItemData(combo.count() - 1, str(entry.weights_path), Qt.ItemDataRole.UserRole + 1)
        ids = [entry.id for entry in entries]
        first_id = first_id if first_id in ids else active if active in ids else ids[0]
        others = [model_id for model_id in ids if model_id != first_id]
        second_id = second_id if second_id in others else (others[-1] if others else None)
        self.first.setCurrentIndex(ids.index(first_id))
        if second_id is None:
            self.summary.setText(self.tr("There is only one model: train or import another to compare them."))
            return
        self.second.setCurrentIndex(ids.index(second_id))
        self.compare()

    def compare(self) -> None:
        if self.first.currentIndex() < 0 or self.second.currentIndex() < 0:
            return
        paths = [Path(combo.currentData(Qt.ItemDataRole.UserRole + 1)) for combo in (self.first, self.second)]
        self._names = (self.first.currentText(), self.second.currentText())
        self.comparison = None
        self.summary.setText(self.tr("Reading the test images with both models\u2026"))
        self.progress.setRange(0, 0)
        self.progress.show()
        self.task.start(comparison_job(paths[0], paths[1], self._data))
        self.canvas_readings.set_models(*paths)
        self.read_canvas(*self.canvas_content)

    def read_canvas(self, image, strokes) -> None:
        """Read the canvas's content (a picture, else strokes) with both models."""
        self.canvas_content = (image, list(strokes))
        self.canvas_readings.read(image, strokes)

    def _on_canvas_readings(self, first, second) -> None:
        if first is None:
            self.canvas_label.setText(self.tr("Draw on the canvas to see both models read it."))
            return
        self.canvas_label.setText(self.tr("The drawing on the canvas: the first reads %1, the second %2.").replace(
            "%1", describe_reading(first)).replace("%2", describe_reading(second)))

    def stop(self) -> None:
        self.task.stop()
        self.canvas_readings.stop()

    def done(self, result: int) -> None:
        self.stop()
        super().done(result)

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _on_failed(self, message: str) -> None:
        self.progress.hide()
        self.summary.setText(self.tr("Cannot compare: %1").replace("%1", message))

    def _on_succeeded(self, results) -> None:
        one, two = results
        self.progress.hide()
        self.comparison = comparison = Comparison(one.report, two.report)
        self._images = one.images
        first, second = self._names
        disagree = comparison.disagreements()
        first_right = int((one.report.predicted[disagree] == one.report.labels[disagree]).sum())
        second_right = int((two.report.predicted[disagree] == two.report.labels[disagree]).sum())
        self.summary.setText(self.tr("First, %1: %2. Second, %3: %4. They read %5 test images differently: the "
                                     "first is right on %6 of them, the second on %7.").replace(
            "%1", first).replace("%2", f"{one.report.accuracy:.2%}").replace("%3", second).replace(
            "%4", f"{two.report.accuracy:.2%}").replace("%5", f"{len(disagree):,}").replace(
            "%6", f"{first_right:,}").replace("%7", f"{second_right:,}"))
        self.bars.set_series([(first, one.report.per_class_accuracy), (second, two.report.per_class_accuracy)])
        self.difference.model().set_matrix(comparison.confusion_difference, difference=True)
        self._fill_gallery(disagree)
        self.comparison_shown.emit(comparison)

    def _fill_gallery(self, indices: np.ndarray) -> None:
        one, two = self.comparison.first, self.comparison.second
        captions, tips = [], []
        for i in indices:
            a, b, label = int(one.predicted[i]), int(two.predicted[i]), int(one.labels[i])
            captions.append(f"{a} | {b}")
            tips.append(self.tr("Test image #%1, %2: the first reads %3 (%4), the second %5 (%6)").replace(
                "%1", str(int(i))).replace("%2", a_digit(label)).replace("%3", str(a)).replace(
                "%4", f"{one.confidence[i]:.1%}").replace("%5", str(b)).replace("%6", f"{two.confidence[i]:.1%}"))
        self.gallery.gallery().set_items(self._images, indices, captions, tips)
        self.gallery_title.setText(self.tr("%1 test images they read differently (first | second), surest "
                                           "first:").replace("%1", f"{len(indices):,}"))

    def _on_image_activated(self, index: int) -> None:
        if self._images is not None:
            label = int(self.comparison.first.labels[index])
            self.image_chosen.emit(self._images[index], test_image_name(index, label))
