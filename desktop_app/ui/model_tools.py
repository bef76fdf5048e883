"""The Model menu's tools: the Models view, the evaluation view, comparing two models, ONNX export,
and, once at start, keeping the ``trained.pt`` of a version before the model library.

:class:`ModelTools` adds its actions to the Model menu (``showModels``, ``showEvaluation``,
``compareModels``, ``exportOnnx``) and opens the views on demand: their modules (and pyqtgraph, for
the history chart) are imported when first used, so the window's start-up does not pay for them.
Slow work (evaluating, exporting, importing) runs in :class:`.background_task.BackgroundTask`\\ s;
:meth:`ModelTools.shutdown` stops and waits for them when the window closes.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu

from ..core.errors import UserError
from ..core.model_library import WEIGHTS_NAME, ModelLibrary
from ..core.paths import shipped_weights_path
from .background_task import BackgroundTask
from .model_choice import import_legacy_weights, legacy_weights_to_import
from .training_messages import model_name as shown_name

if TYPE_CHECKING:
    from .compare_view import CompareView
    from .evaluation_view import EvaluationView
    from .models_view import ModelsView

ONNX_FILTER = "ONNX model (*.onnx);;All files (*)"
EXPORT_STATUS_MS = 10_000


def model_name(path: Path) -> str:
    """What to call the model whose weights are at ``path``: its library name, else the file's name.

    Read from the library's entry files only (no weights opened, nothing hashed): it runs on the GUI
    thread as a view opens."""
    path = Path(path)
    library = ModelLibrary()
    try:
        if path.resolve() == shipped_weights_path().resolve():
            return shown_name(library.get("shipped"))
        if path.name == WEIGHTS_NAME and path.parent.parent.resolve() == library.root.resolve():
            return shown_name(library.get(path.parent.name))
    except (UserError, OSError):
        pass
    return path.name


def picture_of(pixels: np.ndarray):
    """A 28x28 test image (white on black) as a picture for the canvas: dark ink on light paper."""
    from PIL import Image

    return Image.fromarray(255 - np.asarray(pixels, dtype=np.uint8), mode="L")


class ModelTools(QObject):
    """Owns the model views and background tasks of one window (a ``MainWindow``)."""

    def __init__(self, window: QMainWindow, menu: QMenu) -> None:
        super().__init__(window)
        self._window = window
        self.evaluation_view: EvaluationView | None = None
        self.models_view: ModelsView | None = None
        self.compare_view: CompareView | None = None
        self.export_task = BackgroundTask(self, "onnxExportThread")
        self.export_task.succeeded.connect(self._on_exported)
        self.export_task.failed.connect(self._on_export_failed)
        self.import_task = BackgroundTask(self, "legacyImportThread")
        self.import_task.succeeded.connect(self._on_legacy_import_done)
        self.actions = {}
        menu.addSeparator()
        for name, text, tip, slot in (
            ("showModels", self.tr("&Models\u2026"), self.tr("Your models: rename, delete, import, use, evaluate"),
             self.show_models),
            ("showEvaluation", self.tr("&Evaluate Model\u2026"),
             self.tr("Accuracy per digit, confusion matrix and mistakes of the model in use"), self.show_evaluation),
            ("compareModels", self.tr("&Compare Models\u2026"), self.tr("Two models side by side"),
             self.show_comparison),
            ("exportOnnx", self.tr("Export to &ONNX\u2026"), self.tr("Save the model in use as an ONNX file"),
             self.export_with_dialog),
        ):
            action = QAction(text, window)
            action.setObjectName(name)
            action.setStatusTip(tip)
            action.triggered.connect(lambda _checked=False, slot=slot: slot())
            menu.addAction(action)
            self.actions[name] = action
        window.model_loaded.connect(self._on_model_loaded)

    # --- what the window shows
    def weights_in_use(self) -> Path:
        info = self._window.model_info
        if info is not None:
            return Path(info.path)
        try:
            return ModelLibrary().active_weights_path()
        except UserError:
            return shipped_weights_path()

    def show_test_image(self, pixels: np.ndarray, name: str) -> None:
        """Put a test image on the canvas through the window's own image path (the prediction follows)."""
        self._window.image_controller.show_picture(picture_of(pixels), name)

    # --- the views
    def show_evaluation(self, weights_path: Path | None = None, name: str | None = None) -> EvaluationView:
        """Open the evaluation view for a model (default: the one in use) and start its report."""
        from .evaluation_view import EvaluationView

        if self.evaluation_view is None:
            self.evaluation_view = EvaluationView(self._window)
            self.evaluation_view.image_chosen.connect(self.show_test_image)
        path = Path(weights_path) if weights_path is not None else self.weights_in_use()
        self.evaluation_view.evaluate(path, name or model_name(path))
        _raise(self.evaluation_view)
        return self.evaluation_view

    def show_models(self) -> ModelsView:
        from .models_view import ModelsView

        if self.models_view is None:
            self.models_view = ModelsView(self._window)
            self.models_view.use_requested.connect(self._use_from_models_view)
            self.models_view.evaluate_requested.connect(self.show_evaluation)
            self.models_view.export_requested.connect(self.export_with_dialog)
            self.models_view.compare_requested.connect(lambda first, second: self.show_comparison(first, second or None))
        self.models_view.refresh()
        _raise(self.models_view)
        return self.models_view

    def _use_from_models_view(self, path: Path) -> None:
        self._window.use_weights(path)
        if self.models_view is not None:
            self.models_view.refresh()

    def show_comparison(self, first: str | None = None, second: str | None = None) -> CompareView:
        """Open the comparison view; ``first``/``second`` are model ids to preselect."""
        from .compare_view import CompareView

        if self.compare_view is None:
            self.compare_view = CompareView(self._window)
            self.compare_view.image_chosen.connect(self.show_test_image)
            self._window.canvas.strokes_changed.connect(self._on_canvas_changed)
        self.compare_view.canvas_content = (self._window.canvas.image(), self._window.canvas.strokes())
        self.compare_view.refresh(first, second)
        _raise(self.compare_view)
        return self.compare_view

    def _on_canvas_changed(self) -> None:
        if self.compare_view is not None and self.compare_view.isVisible():
            canvas = self._window.canvas
            self.compare_view.read_canvas(canvas.image(), canvas.strokes())

    # --- ONNX export
    def export_with_dialog(self, weights_path: Path | None = None, name: str | None = None) -> None:
        path = Path(weights_path) if weights_path is not None else self.weights_in_use()
        suggested = f"{(name or model_name(path)).replace('/', '-').replace(',', '')}.onnx"
        out, _ = QFileDialog.getSaveFileName(self._window, self.tr("Export to ONNX"), suggested, ONNX_FILTER)
        if out:
            self.export_onnx(path, Path(out))

    def export_onnx(self, weights_path: Path, out_path: Path) -> None:
        """Export in the background; the window says where it went, or why it could not."""
        def job(_progress, _should_stop):
            from ..core.onnx_export import export_onnx

            return export_onnx(weights_path, out_path)

        self._window.statusBar().showMessage(self.tr("Exporting to %1…").replace("%1", str(out_path)))
        self.export_task.start(job)

    def _on_exported(self, export) -> None:
        self._window.statusBar().showMessage(
            self.tr("Exported %1: input \u201c%2\u201d %3, output \u201c%4\u201d [batch, 10]").replace(
                "%1", str(export.path)).replace("%2", export.input_name).replace(
                "%3", export.input_shape_text).replace("%4", export.output_name), EXPORT_STATUS_MS)

    def _on_export_failed(self, message: str) -> None:
        self._window.statusBar().clearMessage()
        self._window.show_message(self.tr("Cannot export to ONNX: %1").replace("%1", message))

    # --- the weights of a version before the library
    def _on_model_loaded(self, _info) -> None:
        self._window.model_loaded.disconnect(self._on_model_loaded)  # once, after the first model
        legacy = legacy_weights_to_import()
        if legacy is not None:
            self.import_task.start(lambda _progress, _stop: import_legacy_weights(legacy))

    def _on_legacy_import_done(self, message: str | None) -> None:
        if message:
            self._window.show_message(message)

    def shutdown(self) -> None:
        """Stop every background task and wait for it (the window is closing)."""
        for task in (self.export_task, self.import_task):
            task.stop()
        for view in (self.evaluation_view, self.compare_view, self.models_view):
            if view is not None:
                view.stop()


def _raise(dialog) -> None:
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
