"""The main window: draw on the canvas, see what the network reads beside it.

The window composes small parts and wires them: the views (:mod:`.canvas`, :mod:`.prediction_view`,
:mod:`.message_bar`, :mod:`.training_dock`), the actions, menus and toolbar (:mod:`.window_actions`),
and the controllers that do the work (:mod:`.live_prediction`, :mod:`.image_controller`,
:mod:`.window_state`); the model runs in a :class:`~.model_loader.ModelService`.

This module must not import torch (nor ``desktop_app.core.inference``) at import time, nor must
anything it imports: ``import torch`` takes over a second, and the window has to be on screen in
under 1.5 s. The model thread (:mod:`.model_loader`) opens the model with onnxruntime once the window
is showing, and a second thread imports torch for the training panel; the canvas takes strokes meanwhile.
"""

from __future__ import annotations

import time
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ..core.paths import shipped_weights_path
from ..core.texts import QT_TRANSLATE_NOOP, translated_name
from . import i18n
from .canvas import DrawingCanvas
from .first_run_hint import FirstRunHint
from .gui_thread_gc import collect_garbage_on_gui_thread
from .handwriting import HandwritingController
from .help_menu import AboutDialog, ShortcutsDialog
from .image_controller import ImageController
from .live_prediction import LivePrediction
from .message_bar import MessageBar
from .model_choice import ModelsMenuSection, remember_choice, startup_weights
from .model_loader import ModelInfo, ModelService
from .model_tools import ModelTools
from .prediction_view import PredictionPanel
from .recent_files import RecentImagesMenu, last_folder, remember_folder
from .screen_fit import fitted_size
from .scrolling import scrollable
from .theme import ColorSchemeMenu
from .training_dock import TrainingDock
from .training_status import TrainingStatus
from .window_actions import create_actions, create_menus, create_pen_width_box, create_toolbar
from .window_state import restore_window_state, save_window_state

if TYPE_CHECKING:
    from .training_panel import TrainingPanel

#: What a screen reader says for the window's parts (the views name themselves after their object
#: names, which tests and automation use; people hear words).
ACCESSIBLE_NAMES = {
    "drawingCanvas": QT_TRANSLATE_NOOP("MainWindow", "Drawing canvas"),
    "predictedDigit": QT_TRANSLATE_NOOP("MainWindow", "Predicted digit"),
    "predictionCaption": QT_TRANSLATE_NOOP("MainWindow", "Prediction confidence"),
    "probabilityChart": QT_TRANSLATE_NOOP("MainWindow", "Probability of each digit"),
    "modelInputPreview": QT_TRANSLATE_NOOP("MainWindow", "What the network sees"),
    "predictedNumber": QT_TRANSLATE_NOOP("MainWindow", "Predicted number"),
}

#: The Training menu's actions and the panel buttons they stand for (attributes of TrainingView).
TRAINING_BUTTONS = {
    "trainStart": "start_button",
    "trainPause": "pause_button",
    "trainStop": "stop_button",
    "trainSettings": "settings_button",
}
APP_TITLE = "Digit Studio"
#: The training panel's width when it first opens: room for a 600-pixel chart, where the window has it.
TRAINING_PANEL_WIDTH = 640
#: The prediction panel's width beside an open training panel (its bars need 220).
PREDICTION_NARROW_WIDTH = 250
#: The least width the training panel opens with: its buttons and a chart still worth reading.
TRAINING_PANEL_MIN_WIDTH = 320
#: Seconds a fresh window leaves the user to begin drawing before PyTorch is imported in the background
#: (once they draw, it waits for the pen to rest instead): a second or so after the first reading.
FIRST_STROKE_GRACE_S = 1.5
#: Splitter and dock handles and margins beside an opening training panel.
HANDLES_WIDTH = 40
WEIGHTS_FILTER = QT_TRANSLATE_NOOP("MainWindow", "Weights (*.pt *.pth *.ckpt);;All files (*)")
#: How long a message stays in the status bar besides the message bar (ms), and a passing note.
MESSAGE_STATUS_MS = 10_000
NOTE_STATUS_MS = 5000


class MainWindow(QMainWindow):
    """Digit Studio's window. Works with no arguments: it loads the user's or the shipped weights."""

    #: The model is loaded (first time, or new weights): a ModelInfo.
    model_loaded = Signal(object)
    #: A prediction was put on screen: a Prediction, or None for an empty canvas.
    prediction_shown = Signal(object)

    def __init__(self, parent: QWidget | None = None, *, model_service: ModelService | None = None) -> None:
        """``model_service``: a ModelService not yet started (one is made when none is given); the
        window starts it, and loads the weights once it has been painted."""
        super().__init__(parent)
        self.setWindowTitle(APP_TITLE)
        self.setObjectName("mainWindow")
        self.resize(*_first_run_size())
        collect_garbage_on_gui_thread()  # before any worker thread starts (see gui_thread_gc.py)
        self.service = model_service if model_service is not None else ModelService(self)
        self._quitting = False  # set by prepare_to_quit: close without asking
        self.canvas = DrawingCanvas(self)
        self._made_at = time.monotonic()
        self.service.user_busy = self._pen_may_be_moving  # PyTorch is imported when the pen rests
        self.prediction_panel = PredictionPanel(self)
        self.message_bar = MessageBar(self.canvas)
        self.first_run_hint = FirstRunHint(self.canvas)
        self.live_prediction = LivePrediction(self.canvas, self.service, self.prediction_panel, self)
        self.image_controller = ImageController(self.canvas, self)
        self._create_central_widget()
        self._create_status_bar()
        self._create_actions()
        self.training_status = TrainingStatus(self, APP_TITLE)
        self._create_training_dock()
        self._connect()
        self._name_for_people()
        self.handwriting = HandwritingController(self)  # correction bar, My handwriting dock, fine-tune
        restore_window_state(self, self.splitter, self.pen_width)
        self.first_run_hint.show_if_first_run()
        self._training_dock_sized = not self.training_dock.isHidden()  # open last time: its width was kept
        self.canvas.setFocus()

        self.service.start()
        # app.quit() without closing the window must still stop the thread (as napari does).
        QApplication.instance().aboutToQuit.connect(self.service.shutdown)
        # Loading waits for the event loop, so the window is painted before torch is imported.
        QTimer.singleShot(0, self, self._on_start_loading)

    # ----------------------------------------------------------------------------------------------
    # Public API

    @property
    def model_ready(self) -> bool:
        return self.service.ready

    @property
    def model_info(self) -> ModelInfo | None:
        return self.service.info

    @property
    def prediction(self):
        """The Prediction on screen, or None (empty canvas, or the model is not loaded yet)."""
        return self.live_prediction.prediction

    @property
    def predicting(self) -> bool:
        """A prediction for the current content is still to come."""
        return self.live_prediction.predicting

    @property
    def training_panel(self) -> TrainingPanel | None:
        """The TrainingPanel in the training dock, or None until the model has been loaded."""
        return self.training_dock.panel

    def message(self) -> str:
        """The message shown in the message bar, or "" when there is none."""
        return self.message_bar.text()

    def show_message(self, text: str) -> None:
        text = text[:1].upper() + text[1:]
        self.message_bar.show_message(text)
        self.statusBar().showMessage(text, MESSAGE_STATUS_MS)

    def add_panel_dock(self, dock: QDockWidget, area=Qt.DockWidgetArea.RightDockWidgetArea) -> None:
        """Dock a panel (e.g. training) and list it in the View menu; its last layout is restored."""
        if not dock.objectName():
            dock.setObjectName(dock.windowTitle() or type(dock).__name__)
        self.addDockWidget(area, dock)
        self.restoreDockWidget(dock)  # where the user left it last time, if saveState knew it
        self.view_menu.addAction(dock.toggleViewAction())

    def use_weights(self, path: Path | str) -> bool:
        """Switch the canvas to a weights file. A bad file shows why and keeps the current model."""
        # Opened here, to answer True or False: through the model's ONNX twin (quick, no torch), else
        # with PyTorch, which the torch thread has loaded by then in any real use.
        from ..core.errors import UserError
        from .model_loader import describe_weights, open_weights

        path = Path(path)
        try:
            predictor = open_weights(path)
        except UserError as error:
            self.show_message(self.tr("Cannot use these weights: {error}. The current model stays in use.")
                              .format(error=i18n.error_text(error)))
            return False
        self.service.use_predictor(predictor, describe_weights(predictor, path))  # the canvas is read again
        problem = remember_choice(path)  # the next launch and the CLI use it too
        if problem:
            self.show_message(problem)
        return True

    def use_shipped_weights(self) -> bool:
        return self.use_weights(shipped_weights_path())

    def open_image_file(self, path: Path | str) -> bool:
        """Show an image file on the canvas and read it; a bad file leaves everything unchanged."""
        return self.image_controller.open_file(path)

    def paste_image(self) -> bool:
        """Paste an image, or an image file copied in a file manager, from the clipboard."""
        return self.image_controller.paste()

    def save_drawing(self, path: Path | str) -> bool:
        """Save the canvas, as shown, to a PNG file."""
        return self.image_controller.save(path)

    # ----------------------------------------------------------------------------------------------
    # Construction

    def _create_central_widget(self) -> None:
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.canvas)
        self.splitter.addWidget(scrollable(self.prediction_panel))
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setSizes([760, 340])
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(8, 8, 8, 0)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

    def _name_for_people(self) -> None:
        """Accessible names in words, and a Tab order that reads as the window does: the tools, the
        canvas, the prediction, then the training panel."""
        for object_name, words in ACCESSIBLE_NAMES.items():
            widget = self.findChild(QWidget, object_name)
            if widget is not None:
                widget.setAccessibleName(translated_name(words))
        QWidget.setTabOrder(self.pen_width, self.canvas)
        QWidget.setTabOrder(self.canvas, self.prediction_panel)

    def _create_training_dock(self) -> None:
        """Beside the canvas, closed until the user opens it (View or Training menu, toolbar): the
        window a first-time user meets is for drawing. Its progress shows in the status bar."""
        self.training_dock = TrainingDock(self)
        self.training_dock.hide()  # restore_window_state shows it where the user left it open
        self.add_panel_dock(self.training_dock, Qt.DockWidgetArea.RightDockWidgetArea)
        toggle = self.training_dock.toggleViewAction()
        toggle.setText(self.tr("&Training Panel"))
        toggle.setObjectName("showTrainingPanel")
        toggle.setShortcut("Ctrl+Shift+T")
        toggle.setToolTip(self.tr("Show or hide the training panel (Ctrl+Shift+T)"))
        toggle.setStatusTip(self.tr("Train the network and watch its loss fall, beside the canvas"))
        self.toolbar.addAction(toggle)
        self.view_menu.removeAction(toggle)  # first in the View menu: it is the one most looked for
        self.view_menu.insertAction(self.view_menu.actions()[0], toggle)
        self.training_dock.visibilityChanged.connect(self._on_training_dock_visibility_changed)
        self._training_dock_sized = False

    def _create_status_bar(self) -> None:
        self.weights_label = QLabel(self.tr("Loading model…"), self)
        self.weights_label.setObjectName("statusWeights")
        self.weights_label.setAccessibleName(self.tr("Model in use"))
        self.statusBar().addPermanentWidget(self.weights_label)

    def _create_actions(self) -> None:
        actions = create_actions(self, {
            "clearCanvas": self.canvas.clear,
            "undoDrawing": self.canvas.undo,
            "redoDrawing": self.canvas.redo,
            "openImage": self.image_controller.open_with_dialog,
            "pasteImage": self.paste_image,
            "saveDrawing": self.image_controller.save_with_dialog,
            "quitApp": self.close,
            "useShippedWeights": self.use_shipped_weights,
            "openWeights": self._on_open_weights_triggered,
            **{name: partial(self._on_training_action, name) for name in TRAINING_BUTTONS},
            "showShortcuts": self.show_shortcuts,
            "showAbout": self.show_about,
        })
        self.clear_action = actions["clearCanvas"]
        self.undo_action = actions["undoDrawing"]
        self.redo_action = actions["redoDrawing"]
        self.open_action = actions["openImage"]
        self.paste_action = actions["pasteImage"]
        self.save_action = actions["saveDrawing"]
        self.quit_action = actions["quitApp"]
        self.shipped_weights_action = actions["useShippedWeights"]
        self.open_weights_action = actions["openWeights"]
        self.training_actions = {name: actions[name] for name in TRAINING_BUTTONS}
        menus = create_menus(self, actions)
        self.view_menu = menus["&View"]
        recent = QMenu(self.tr("Recent &Images"), self)
        menus["&File"].insertMenu(actions["pasteImage"], recent)
        self.recent_images = RecentImagesMenu(recent, self.open_image_file)
        self.model_tools = ModelTools(self, menus["&Model"])  # models view, evaluation, compare, ONNX export
        self.models_menu_section = ModelsMenuSection(menus["&Model"], self.use_weights)
        self.pen_width = create_pen_width_box(self)
        self.toolbar = toolbar = create_toolbar(self, actions, self.pen_width)
        toolbar.toggleViewAction().setText(self.tr("Tool&bar"))
        self.view_menu.addAction(toolbar.toggleViewAction())
        boxes = self.live_prediction.boxes
        self.digit_boxes_action = self.view_menu.addAction(self.tr("Digit &Boxes"))
        self.digit_boxes_action.setObjectName("showDigitBoxes")
        self.digit_boxes_action.setCheckable(True)
        self.digit_boxes_action.setChecked(True)
        self.digit_boxes_action.toggled.connect(boxes.setVisible)
        self.view_menu.addSeparator()
        self.color_scheme = ColorSchemeMenu(self.view_menu)
        self.language_menu = i18n.build_language_menu(self.view_menu)
        self.view_menu.addMenu(self.language_menu)
        self.language_menu.language_chosen.connect(self._on_language_chosen)

    def _connect(self) -> None:
        self.canvas.stroke_progress.connect(self.message_bar.hide)  # the user has moved on
        self.canvas.strokes_changed.connect(self._on_first_content)
        self.canvas.strokes_changed.connect(self._on_strokes_changed)
        self.canvas.undo_stack.canUndoChanged.connect(self.undo_action.setEnabled)
        self.canvas.undo_stack.canRedoChanged.connect(self.redo_action.setEnabled)
        self.pen_width.valueChanged.connect(self.canvas.set_pen_width)
        self.image_controller.image_shown.connect(self._on_image_shown)
        self.image_controller.drawing_saved.connect(self._on_drawing_saved)
        self.image_controller.file_opened.connect(self.recent_images.add)
        self.image_controller.failed.connect(self.show_message)
        self.live_prediction.prediction_shown.connect(self.prediction_shown)
        self.service.model_loaded.connect(self._on_model_loaded)
        self.service.model_failed.connect(self._on_model_failed)
        self.service.torch_ready.connect(self._ensure_training_panel)  # digits are read before torch loads
        self.service.torch_failed.connect(self.show_message)
        self.service.prediction_failed.connect(self.show_message)

    def _ensure_training_panel(self) -> None:
        if self.training_dock.panel is None:
            panel = self.training_dock.build_panel()
            panel.use_weights_requested.connect(self.use_weights)
            panel.use_shipped_weights_requested.connect(self.use_shipped_weights)
            panel.buttons_changed.connect(self._on_training_buttons_changed)
            panel.run_finished.connect(self._on_run_finished)
            self.training_status.follow(panel)
            self._on_training_buttons_changed()
            self._tell_about_reset_settings()

    def _tell_about_reset_settings(self) -> None:
        from .settings_store import repair_training_settings

        reset = repair_training_settings()
        if reset:
            self.show_message(self.tr("Some stored training settings could not be read and are back to their "
                                      "defaults: {names}. Check them in Training settings before the next run.")
                              .format(names=self.tr(", ").join(reset)))

    # ----------------------------------------------------------------------------------------------
    # Event handlers

    def _pen_may_be_moving(self) -> bool:
        """The user is drawing, resting between two strokes, or has a fresh window and may start any
        moment: no time for the model service to import PyTorch, which holds the GIL for about 180 ms
        in one piece and froze a stroke drawn the moment the window showed."""
        if self.canvas.busy_drawing():
            return True
        return not self.canvas.drawn_once and time.monotonic() - self._made_at < FIRST_STROKE_GRACE_S

    def _on_start_loading(self) -> None:
        path, problem = startup_weights()  # the active model: a relaunch never switches by itself
        if problem:
            self.show_message(problem)
        self.service.load(path)

    def _on_model_loaded(self, info: ModelInfo) -> None:
        self.weights_label.setText(info.describe())
        self.weights_label.setToolTip(str(info.path))
        self.model_loaded.emit(info)

    def _on_model_failed(self, message: str) -> None:
        self.show_message(self.tr("{message}. Choose a weights file with Model ▸ Open Weights File…")
                          .format(message=message))
        if not self.model_ready:
            self.weights_label.setText(self.tr("No model loaded"))
            self.prediction_panel.show_no_model()

    def _on_first_content(self) -> None:
        """The first stroke (or image) shows the user has found the canvas: the hint has done its job."""
        if self.canvas.is_empty():
            return
        if self.first_run_hint.isVisibleTo(self.canvas):
            self.first_run_hint.dismiss()
        self.canvas.strokes_changed.disconnect(self._on_first_content)

    def _on_strokes_changed(self) -> None:
        empty = self.canvas.is_empty()
        self.clear_action.setEnabled(not empty)
        self.save_action.setEnabled(not empty)

    def _on_image_shown(self, name: str) -> None:
        self.message_bar.hide()
        self.statusBar().showMessage(self.tr("Reading {name}").format(name=name), NOTE_STATUS_MS)

    def _on_drawing_saved(self, path: str) -> None:
        self.statusBar().showMessage(self.tr("Saved {path}").format(path=path), NOTE_STATUS_MS)

    def _on_language_chosen(self, _code: str, notice: str) -> None:
        self.statusBar().showMessage(notice, MESSAGE_STATUS_MS)

    def _on_training_action(self, name: str) -> None:
        """A Training menu entry does what its button does (the same questions, the same checks)."""
        panel = self.training_panel
        if panel is None:
            return
        if name == "trainStart":
            self.training_dock.show()  # a run the user starts, they want to watch
        getattr(panel, TRAINING_BUTTONS[name]).click()

    def _on_run_finished(self, result) -> None:
        """A failed run opens the training panel: its banner says why and what to do (Retry on CPU)."""
        if result.status == "failed":
            self.training_dock.show()

    def _on_training_buttons_changed(self) -> None:
        panel = self.training_panel
        for name, button in TRAINING_BUTTONS.items():
            widget = getattr(panel, button)
            action = self.training_actions[name]
            action.setEnabled(widget.isEnabled())
            if name == "trainPause":
                action.setText(self.tr("&Resume Training") if panel.showing_resume else self.tr("&Pause Training"))

    def _on_training_dock_visibility_changed(self, visible: bool) -> None:
        """The first time it opens in a session, the panel gets room for its chart (half the window).

        The canvas keeps its drawable minimum and the prediction panel its whole width (the digit and
        all ten bars): on a 1024-pixel netbook the training panel gives up part of its chart for them
        rather than leave the prediction cut off at the side. Only a window too narrow for even the
        panel's minimum beside them (under about 830 pixels) squeezes the prediction. Opened before
        PyTorch is loaded, it asks for it now: the user wants the panel, not to draw."""
        if visible and self.training_panel is None and self.model_ready:
            self.service.load_torch()
        if visible and not self._training_dock_sized and not self.training_dock.isFloating():
            self._training_dock_sized = True
            narrow = self._prediction_width_beside_training()
            room = self.width() - self.canvas.minimumWidth() - narrow - HANDLES_WIDTH
            wanted = max(TRAINING_PANEL_WIDTH, (self.width() - 100) // 2)
            width = max(min(wanted, room), TRAINING_PANEL_MIN_WIDTH)
            self.resizeDocks([self.training_dock], [width], Qt.Orientation.Horizontal)
            # The canvas keeps the room: the prediction panel narrows to what its bars need.
            canvas, panel = self.splitter.sizes()
            self.splitter.setSizes([canvas + panel - narrow, narrow])

    def _prediction_width_beside_training(self) -> int:
        """The prediction panel's narrowest whole width, with room for the scroll bar it may need."""
        area = self.splitter.widget(1)
        whole = self.prediction_panel.minimumSizeHint().width() + area.verticalScrollBar().sizeHint().width()
        return max(PREDICTION_NARROW_WIDTH, whole)

    def show_about(self) -> AboutDialog:
        dialog = AboutDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_shortcuts(self) -> ShortcutsDialog:
        """The shortcuts of every action of the window, its menus and the training panel toggle."""
        dialog = ShortcutsDialog(self.actions() + [self.training_dock.toggleViewAction()], self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _on_open_weights_triggered(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open Weights File"), last_folder("weights"),
                                              translated_name(WEIGHTS_FILTER))
        if path:
            remember_folder("weights", path)
            self.use_weights(path)

    def prepare_to_quit(self) -> None:
        """The app is quitting from outside (logout, SIGTERM, ``app.quit()``): close without asking."""
        self._quitting = True

    def closeEvent(self, event) -> None:
        panel = self.training_panel
        if panel is not None:
            if not self._quitting and not panel.confirm_close():
                event.ignore()
                return
            # Stops the run at its next batch and leaves a resumable checkpoint (napari-style).
            panel.shutdown(timeout_ms=2000)
        self.live_prediction.stop()
        self.model_tools.shutdown()
        save_window_state(self, self.splitter, self.pen_width)
        self.service.shutdown()  # waits for the model thread, as napari's window does
        super().closeEvent(event)


def _first_run_size() -> tuple[int, int]:
    """Room for canvas, prediction and the training dock, within the screen."""
    return fitted_size(None, 1200, 960)
