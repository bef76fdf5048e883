"""Learning the user's handwriting in the window: correct a reading, collect samples, fine-tune.

:class:`HandwritingController` adds the correction bar under the prediction (and keys 0-9 on the
canvas), the "My handwriting" dock (gallery, delete, relabel, guided mode, zip import and export) and
"Train on my handwriting", which hands a :class:`~desktop_app.core.finetune.FineTunePlan` to the
training panel: the run uses the same worker, chart, pause and stop as any other.

Imports no torch at import time (the window imports this module before torch is loaded); the
fine-tune's modules are imported when a fine-tune starts.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDockWidget, QFileDialog

from ..core.errors import UserError
from ..core.preprocessing import to_model_input
from ..core.rejection import NOT_A_DIGIT
from ..core.samples import Sample, SampleStore
from ..core.texts import translated
from .correction_bar import CorrectionBar
from .handwriting_view import ALL_DIGITS, HandwritingView
from .i18n import error_text

#: How many times the guided mode asks for each digit.
GUIDED_REPEATS = 5
ZIP_FILTER = "Digit Studio samples (*.zip);;All files (*)"


class HandwritingController(QObject):
    """Wires the correction bar, the "My handwriting" dock and the sample store into ``window``."""

    #: A sample was kept (a Sample).
    sample_added = Signal(object)

    def __init__(self, window, store: SampleStore | None = None) -> None:
        super().__init__(window)
        self._window = window
        self.store = store if store is not None else SampleStore()
        self.bar = CorrectionBar(window.prediction_panel)
        layout = window.prediction_panel.layout()
        layout.insertWidget(layout.indexOf(window.prediction_panel.caption_label) + 1, self.bar)
        self.view = HandwritingView()
        self.dock = QDockWidget(self.tr("My handwriting"), window)
        self.dock.setObjectName("handwritingDock")
        self.dock.setWidget(self.view)
        window.add_panel_dock(self.dock, Qt.DockWidgetArea.RightDockWidgetArea)
        self.dock.toggleViewAction().setText(self.tr("My &Handwriting"))
        self.dock.hide()  # View ▸ My handwriting opens it; the window's saved state reopens it where it was
        self._guided: list[int] = []  # the digits still to ask for, the current one first
        self._loaded = False  # the gallery is read when the dock is first shown
        self._shortcuts = [self._canvas_key(str(d), lambda d=d: self.keep_drawing(d)) for d in range(10)]
        self._shortcuts += [self._canvas_key(key, self.keep_guided) for key in ("Return", "Enter")]
        self._connect()
        self.view.set_counts(self.store.counts())
        if self.dock.isVisible():
            self.refresh()

    # --- public
    def keep_drawing(self, digit: int) -> Sample | None:
        """Keep what the canvas holds as a sample of ``digit``; None (and a note saying why) when it cannot."""
        canvas = self._window.canvas
        try:
            if canvas.is_empty():
                raise UserError(self.tr("Draw a digit first, then say which it is."))
            reading = self._window.live_prediction.reading
            if reading is not None and len(reading.digits) > 1:
                raise UserError(self.tr("Draw one digit at a time to keep it as a sample."))
            sample = self._add(canvas, digit)
        except UserError as error:
            self.bar.show_note(error_text(error))
            return None
        count = self.store.counts()[digit]
        self.bar.show_note(self.tr("Kept as a {digit} ({count} samples of {digit}).")
                           .format(digit=digit, count=count))
        self.bar.set_prediction(None)  # once per drawing
        if self._loaded:  # one more thumbnail, not the whole set read again (5,000 take seconds)
            self.view.add_sample((sample.id, sample.label, sample.image))
        self.view.set_counts(self.store.counts())
        self.sample_added.emit(sample)
        return sample

    def start_guided(self) -> None:
        self._guided = [digit for digit in range(10) for _ in range(GUIDED_REPEATS)]
        self._window.canvas.clear()
        self._show_guided()

    def stop_guided(self) -> None:
        self._guided = []
        self._show_guided()

    def keep_guided(self) -> None:
        """Keep the drawing as the digit asked for, clear the canvas and ask for the next."""
        if self._guided and self.keep_drawing(self._guided[0]) is not None:
            self._guided.pop(0)
            self._window.canvas.clear()
            self._show_guided()

    def skip_guided(self) -> None:
        if self._guided:
            self._guided.pop(0)
            self._window.canvas.clear()
            self._show_guided()

    def refresh(self) -> None:
        """Read the samples again and show them (the filter applied)."""
        sample_set = self.store.load()
        self._loaded = True
        wanted = self.view.current_filter()
        rows = [(s.id, s.label, s.image) for s in sample_set.samples if wanted in (ALL_DIGITS, s.label)]
        self.view.set_samples(rows)
        self.view.set_counts(sample_set.counts())
        if sample_set.problems:
            self._window.show_message(self.tr("Some sample files cannot be read and were left as they are: {problem}")
                                      .format(problem=translated(sample_set.problems[0])))

    def export_to(self, path: Path) -> bool:
        try:
            count = self.store.export_zip(Path(path))
        except UserError as error:
            self._window.show_message(error_text(error))
            return False
        self._window.statusBar().showMessage(self.tr("Exported {count} samples to {path}")
                                             .format(count=count, path=path), 5000)
        return True

    def import_from(self, path: Path) -> bool:
        try:
            count = self.store.import_zip(Path(path))
        except UserError as error:
            self._window.show_message(error_text(error))
            return False
        self._on_store_changed()
        self._window.statusBar().showMessage(self.tr("Imported {count} new samples").format(count=count), 5000)
        return True

    def start_finetune(self) -> bool:
        """Fine-tune the model in use on the samples, in the training panel. False (and why) if it cannot."""
        window = self._window
        panel, info = window.training_panel, window.model_info
        if panel is None or info is None:
            window.show_message(self.tr("The training panel is still loading; try again in a moment."))
            return False
        if panel.is_running:
            window.show_message(self.tr("A training run is in progress; stop it or wait for it to finish."))
            return False
        from ..core.finetune import FineTunePlan
        from .settings_store import load_training_settings

        try:
            sample_set = self.store.load()
            plan = FineTunePlan(sample_set, info.path)
        except UserError as error:
            window.show_message(error_text(error))
            return False
        panel.start_training(plan.settings(load_training_settings().device), plan=plan)
        window.training_dock.show()
        window.training_dock.raise_()
        return True

    # --- wiring
    def _canvas_key(self, key: str, slot) -> QShortcut:
        shortcut = QShortcut(QKeySequence(key), self._window.canvas)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)  # only while the canvas has focus
        shortcut.activated.connect(slot)
        return shortcut

    def _connect(self) -> None:
        self._window.prediction_shown.connect(self._on_prediction_shown)
        self.bar.digit_chosen.connect(self.keep_drawing)
        view = self.view
        view.delete_requested.connect(self._on_delete_requested)
        view.relabel_requested.connect(self._on_relabel_requested)
        view.import_requested.connect(self._on_import_requested)
        view.export_requested.connect(self._on_export_requested)
        view.train_requested.connect(self.start_finetune)
        view.guided_toggled.connect(lambda on: self.start_guided() if on else self.stop_guided())
        view.guided_keep_clicked.connect(self.keep_guided)
        view.guided_skip_clicked.connect(self.skip_guided)
        view.filter_changed.connect(lambda _digit: self.refresh())
        self.dock.visibilityChanged.connect(self._on_dock_visibility_changed)

    def _add(self, canvas, digit: int) -> Sample:
        image = canvas.image()
        if image is not None:
            rendering = to_model_input(image)
            if rendering is None:
                raise UserError(self.tr("No digit found in the picture: nothing to keep."))
            return self.store.add(digit, image=rendering, source=f"image:{canvas.image_name() or ''}")
        return self.store.add(digit, strokes=canvas.strokes(), times=canvas.stroke_times())

    def _show_guided(self) -> None:
        if not self._guided:
            self.view.set_guided(None)
            return
        digit = self._guided[0]
        done = GUIDED_REPEATS - sum(1 for d in self._guided if d == digit) + 1
        self.view.set_guided(self.tr("Write a {digit} ({done} of {repeats}), then press Enter.")
                             .format(digit=digit, done=done, repeats=GUIDED_REPEATS))

    def _on_prediction_shown(self, prediction) -> None:
        reading = self._window.live_prediction.reading
        single = reading is None or len(reading.digits) <= 1
        rejected = prediction is not None and prediction.digit is None and prediction.reason == NOT_A_DIGIT
        self.bar.set_prediction(None if prediction is None else prediction.digit, usable=single, rejected=rejected)

    def _on_store_changed(self) -> None:
        if self._loaded:
            self.refresh()
        else:
            self.view.set_counts(self.store.counts())

    def _on_dock_visibility_changed(self, visible: bool) -> None:
        if visible and not self._loaded:
            self.refresh()

    def _on_delete_requested(self, ids: list[str]) -> None:
        self._change_each(ids, self.store.delete)

    def _on_relabel_requested(self, ids: list[str], digit: int) -> None:
        self._change_each(ids, lambda sample_id: self.store.relabel(sample_id, digit))

    def _change_each(self, ids: list[str], change) -> None:
        try:
            for sample_id in ids:
                change(sample_id)
        except UserError as error:
            self._window.show_message(error_text(error))
        self._on_store_changed()

    def _on_import_requested(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self._window, self.tr("Import samples"), "", ZIP_FILTER)
        if path:
            self.import_from(Path(path))

    def _on_export_requested(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self._window, self.tr("Export samples"), "my-handwriting.zip", ZIP_FILTER)
        if path:
            self.export_to(Path(path))
