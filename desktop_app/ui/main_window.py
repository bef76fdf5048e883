"""The main window: draw on the canvas, see what the network reads beside it.

This module must not import torch (nor ``desktop_app.core.inference``) at import time: ``import
torch`` takes over a second, and the window has to be on screen in under 1.5 s. The model thread
(:mod:`.model_loader`) imports it once the window is showing; the canvas takes strokes meanwhile.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QImage, QKeySequence, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core.paths import shipped_weights_path
from .canvas import DEFAULT_PEN_WIDTH, MAX_PEN_WIDTH, MIN_PEN_WIDTH, DrawingCanvas
from .model_loader import ImageInput, ModelInfo, ModelService, StrokesInput
from .prediction_view import PredictionPanel
from .qsettings import app_settings

#: While a stroke is drawn the prediction is refreshed this often (ms): 16 times a second.
LIVE_PREDICTION_INTERVAL_MS = 60
#: Image file types offered by "Open image…" (any format Pillow reads is accepted when dropped).
IMAGE_FILTER = "Images (*.png *.jpg *.jpeg *.bmp *.gif *.webp *.tif *.tiff);;All files (*)"
WEIGHTS_FILTER = "Weights (*.pt *.pth *.ckpt);;All files (*)"


class MessageBar(QFrame):
    """A non-modal message above the canvas: says what went wrong without blocking anything."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.setAccessibleName("messageBar")
        self.text_label = QLabel(self)
        self.text_label.setObjectName("messageText")
        self.text_label.setAccessibleName("messageText")
        self.text_label.setWordWrap(True)
        self.text_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton(self)
        close.setObjectName("messageClose")
        close.setAccessibleName("Dismiss message")
        close.setAutoRaise(True)
        close.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_TitleBarCloseButton))
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 6, 6)
        layout.addWidget(self.text_label, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def text(self) -> str:
        return self.text_label.text() if self.isVisibleTo(self.parentWidget()) else ""

    def show_message(self, text: str) -> None:
        self.text_label.setText(text)
        self.show()

    def paintEvent(self, event) -> None:
        # A red tint over the window colour reads as a warning in light and dark palettes alike.
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fill, border = QColor(220, 53, 69, 40), QColor(220, 53, 69, 170)
        painter.setPen(border)
        painter.setBrush(fill)
        painter.drawRoundedRect(self.rect().adjusted(1, 1, -1, -1), 5, 5)
        painter.end()


class MainWindow(QMainWindow):
    """Digit Studio's window. Works with no arguments: it loads the user's or the shipped weights."""

    #: The model is loaded (first time, or new weights): a ModelInfo.
    model_loaded = Signal(object)
    #: A prediction was put on screen: a Prediction, or None for an empty canvas.
    prediction_shown = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Digit Studio")
        self.setObjectName("mainWindow")
        # First run: room for canvas, prediction and the training dock, within the screen.
        screen = QApplication.primaryScreen()
        available = screen.availableGeometry() if screen else None
        width, height = 1200, 960
        if available is not None:
            width, height = min(width, int(available.width() * 0.92)), min(height, int(available.height() * 0.92))
        self.resize(width, height)

        self.canvas = DrawingCanvas(self)
        self.prediction_panel = PredictionPanel(self)
        # Floats over the top of the canvas rather than taking layout space: a message must not
        # resize the canvas under the user's drawing.
        self.message_bar = MessageBar(self.canvas)
        self.canvas.installEventFilter(self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.canvas)
        # Scroll areas let the window fit a 768-pixel laptop screen with the training dock open:
        # the panels scroll when squeezed instead of forcing a taller window.
        self.splitter.addWidget(_scrollable(self.prediction_panel))
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setSizes([760, 340])
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(8, 8, 8, 0)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        self.weights_label = QLabel("Loading model…", self)
        self.weights_label.setObjectName("statusWeights")
        self.weights_label.setAccessibleName("statusWeights")
        self.statusBar().addPermanentWidget(self.weights_label)

        self.service = ModelService(self)
        self._live_timer = QTimer(self)
        self._live_timer.setInterval(LIVE_PREDICTION_INTERVAL_MS)
        self._live_timer.timeout.connect(self._on_live_tick)
        self._live_dirty = False
        self._prediction = None

        self._create_actions()
        self._create_menus_and_toolbar()
        self._create_training_dock()
        self._connect()
        self._restore_settings()
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
        return self._prediction

    @property
    def predicting(self) -> bool:
        """A prediction for the current content is still to come."""
        return self.service.busy or self._live_timer.isActive()

    def message(self) -> str:
        """The message shown in the message bar, or "" when there is none."""
        return self.message_bar.text()

    def show_message(self, text: str) -> None:
        text = text[:1].upper() + text[1:]
        self.message_bar.show_message(text)
        self._place_message_bar()
        self.statusBar().showMessage(text, 10_000)

    def add_panel_dock(self, dock: QDockWidget, area=Qt.DockWidgetArea.RightDockWidgetArea) -> None:
        """Dock a panel (e.g. training) and list it in the View menu; its last layout is restored."""
        if not dock.objectName():
            dock.setObjectName(dock.windowTitle() or type(dock).__name__)
        self.addDockWidget(area, dock)
        self.restoreDockWidget(dock)  # where the user left it last time, if saveState knew it
        self.view_menu.addAction(dock.toggleViewAction())

    def use_weights(self, path: Path | str) -> bool:
        """Switch the canvas to a weights file. A bad file shows why and keeps the current model."""
        # Imported here: torch is loaded by now in any real use (the model thread loaded it), and
        # loading a small network takes ~15 ms, so doing it here lets us answer True or False.
        from ..core.inference import Predictor
        from ..core.weights import WeightsError
        from .model_loader import describe_weights

        path = Path(path)
        try:
            predictor = Predictor.from_file(path, "cpu")
        except WeightsError as error:
            self.show_message(f"Cannot use these weights: {error}. The current model stays in use.")
            return False
        self.service.use_predictor(predictor, describe_weights(predictor, path))
        self._request_prediction()
        return True

    def use_shipped_weights(self) -> bool:
        return self.use_weights(shipped_weights_path())

    def open_image_file(self, path: Path | str) -> bool:
        """Show an image file on the canvas and read it; a bad file leaves everything unchanged."""
        from ..core.preprocessing import ImageLoadError, load_image

        try:
            image = load_image(path)
        except ImageLoadError as error:
            self.show_message(str(error))
            return False
        self._show_image(image, Path(path).name)
        return True

    def paste_image(self) -> bool:
        """Paste an image, or an image file copied in a file manager, from the clipboard."""
        mime = QApplication.clipboard().mimeData()
        if mime is not None and mime.hasUrls():
            files = [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]
            if files:
                return self.open_image_file(files[0])
        if mime is not None and mime.hasImage():
            return self._open_qimage(QImage(mime.imageData()), "clipboard image")
        text = mime.text().strip() if mime is not None and mime.hasText() else ""
        if text and "\n" not in text and Path(text).is_file():
            return self.open_image_file(text)
        self.show_message("Nothing to paste: the clipboard holds no image or image file")
        return False

    def save_drawing(self, path: Path | str) -> bool:
        """Save the canvas, as shown, to a PNG file."""
        path = Path(path)
        if path.suffix.lower() != ".png":
            path = path.with_suffix(path.suffix + ".png") if path.suffix else path.with_suffix(".png")
        if not self.canvas.render_image().save(str(path), "PNG"):
            self.show_message(f"Cannot save the drawing to '{path}': the file cannot be written")
            return False
        self.statusBar().showMessage(f"Saved {path}", 5000)
        return True

    # ----------------------------------------------------------------------------------------------
    # Construction

    def _create_actions(self) -> None:
        style = self.style()

        def action(name: str, text: str, theme, fallback, shortcuts, slot, tip: str) -> QAction:
            icon = QIcon.fromTheme(theme, style.standardIcon(fallback)) if fallback is not None else QIcon.fromTheme(theme)
            created = QAction(icon, text, self)
            created.setObjectName(name)
            sequences: list[QKeySequence] = []
            for shortcut in shortcuts:  # StandardKey.Quit is Ctrl+Q on some platforms only
                sequence = QKeySequence(shortcut)
                if not sequence.isEmpty() and sequence not in sequences:
                    sequences.append(sequence)
            created.setShortcuts(sequences)
            created.setToolTip(f"{tip} ({created.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
                               if shortcuts else tip)
            created.setStatusTip(tip)
            created.triggered.connect(slot)
            self.addAction(created)  # shortcuts work even when the toolbar is hidden
            return created

        icons, pixmaps = QIcon.ThemeIcon, QStyle.StandardPixmap
        self.clear_action = action("clearCanvas", "&Clear", icons.EditClear, pixmaps.SP_DialogResetButton,
                                   [Qt.Key.Key_Escape, QKeySequence.StandardKey.Delete], self.canvas.clear,
                                   "Clear the canvas")
        self.undo_action = action("undoDrawing", "&Undo", icons.EditUndo, pixmaps.SP_ArrowBack,
                                  [QKeySequence.StandardKey.Undo], self.canvas.undo, "Undo the last change")
        self.redo_action = action("redoDrawing", "&Redo", icons.EditRedo, pixmaps.SP_ArrowForward,
                                  _redo_shortcuts(), self.canvas.redo, "Redo what was undone")
        self.open_action = action("openImage", "&Open Image…", icons.DocumentOpen, pixmaps.SP_DialogOpenButton,
                                  [QKeySequence.StandardKey.Open], self._on_open_image_triggered,
                                  "Read a digit from an image file")
        self.paste_action = action("pasteImage", "&Paste Image", icons.EditPaste, None,
                                   [QKeySequence.StandardKey.Paste], self.paste_image,
                                   "Read a digit from the image on the clipboard")
        self.save_action = action("saveDrawing", "&Save Drawing…", icons.DocumentSave, pixmaps.SP_DialogSaveButton,
                                  [QKeySequence.StandardKey.Save], self._on_save_drawing_triggered,
                                  "Save the canvas as a PNG image")
        self.quit_action = action("quitApp", "&Quit", icons.ApplicationExit, None,
                                  [QKeySequence.StandardKey.Quit, "Ctrl+Q"], self.close, "Quit Digit Studio")
        self.shipped_weights_action = action("useShippedWeights", "Use &Shipped Weights", icons.DocumentRevert,
                                             None, [], self.use_shipped_weights,
                                             "Read digits with the weights that come with the app")
        self.open_weights_action = action("openWeights", "Open &Weights File…", icons.DocumentOpen, None, [],
                                          self._on_open_weights_triggered, "Read digits with another weights file")
        for shortcut_action in (self.clear_action, self.undo_action, self.redo_action):
            shortcut_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)
        self.clear_action.setEnabled(False)
        self.save_action.setEnabled(False)

        self.pen_width = QSpinBox(self)
        self.pen_width.setObjectName("penWidth")
        self.pen_width.setAccessibleName("penWidth")
        self.pen_width.setToolTip("Pen width in pixels (how the network reads it does not depend on it)")
        self.pen_width.setRange(MIN_PEN_WIDTH, MAX_PEN_WIDTH)
        self.pen_width.setSuffix(" px")
        self.pen_width.setValue(DEFAULT_PEN_WIDTH)
        self.pen_width.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # Delete/Esc keep reaching the canvas

    def _create_menus_and_toolbar(self) -> None:
        menus = self.menuBar()
        file_menu = menus.addMenu("&File")
        file_menu.addActions([self.open_action, self.paste_action, self.save_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = menus.addMenu("&Edit")
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addAction(self.clear_action)
        self.view_menu = menus.addMenu("&View")
        model_menu = menus.addMenu("&Model")
        model_menu.addActions([self.shipped_weights_action, self.open_weights_action])

        toolbar = self.addToolBar("Tools")
        toolbar.setObjectName("mainToolbar")
        # With an icon theme (or native icons) every action has an icon; without one (a bare Linux
        # session) some would have none, and text alone looks tidier than half the buttons iconless.
        has_icons = QIcon.hasThemeIcon(QIcon.ThemeIcon.EditPaste)
        toolbar.setToolButtonStyle(
            Qt.ToolButtonStyle.ToolButtonTextBesideIcon if has_icons else Qt.ToolButtonStyle.ToolButtonTextOnly
        )
        toolbar.setMovable(False)
        toolbar.addActions([self.clear_action, self.undo_action, self.redo_action])
        toolbar.addSeparator()
        toolbar.addActions([self.open_action, self.paste_action, self.save_action])
        toolbar.addSeparator()
        pen_label = QLabel(" Pen width ", self)
        pen_label.setBuddy(self.pen_width)
        toolbar.addWidget(pen_label)
        toolbar.addWidget(self.pen_width)
        self.view_menu.addAction(toolbar.toggleViewAction())

    def _create_training_dock(self) -> None:
        """The training dock exists from the start (so its saved place is restored with the window);
        its panel is built once torch is loaded, since the panel's modules import it (over a second)."""
        self.training_dock = QDockWidget("Training", self)
        self.training_dock.setObjectName("trainingDock")
        self.training_dock.setAccessibleName("Training")
        loading = QLabel("Loading the training panel…", self.training_dock)
        loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        loading.setEnabled(False)
        self.training_dock.setWidget(loading)
        self.training_panel = None
        self.add_panel_dock(self.training_dock, Qt.DockWidgetArea.BottomDockWidgetArea)

    def _build_training_panel(self) -> None:
        from .training_panel import TrainingPanel

        panel = TrainingPanel(self.training_dock)
        panel.use_weights_requested.connect(self.use_weights)
        panel.use_shipped_weights_requested.connect(self.use_shipped_weights)
        self.training_dock.setWidget(_scrollable(panel))
        self.training_panel = panel

    def _connect(self) -> None:
        self.canvas.stroke_progress.connect(self._on_stroke_progress)
        self.canvas.strokes_changed.connect(self._on_strokes_changed)
        self.canvas.file_dropped.connect(self._on_file_dropped)
        self.canvas.image_data_dropped.connect(self._on_image_data_dropped)
        self.canvas.drop_rejected.connect(self.show_message)
        self.canvas.undo_stack.canUndoChanged.connect(self.undo_action.setEnabled)
        self.canvas.undo_stack.canRedoChanged.connect(self.redo_action.setEnabled)
        self.pen_width.valueChanged.connect(self.canvas.set_pen_width)
        self.service.model_loaded.connect(self._on_model_loaded)
        self.service.model_failed.connect(self._on_model_failed)
        self.service.prediction_ready.connect(self._on_prediction_ready)
        self.service.prediction_failed.connect(self.show_message)

    # ----------------------------------------------------------------------------------------------
    # Settings

    def _restore_settings(self) -> None:
        settings = app_settings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        state = settings.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        splitter = settings.value("window/splitter")
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.splitter.restoreState(splitter)
        try:
            self.pen_width.setValue(int(settings.value("canvas/penWidth", DEFAULT_PEN_WIDTH)))
        except (TypeError, ValueError):  # a hand-edited settings file must not stop the app
            pass

    def _save_settings(self) -> None:
        settings = app_settings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.setValue("window/splitter", self.splitter.saveState())
        settings.setValue("canvas/penWidth", self.pen_width.value())
        settings.sync()

    # ----------------------------------------------------------------------------------------------
    # Predictions

    def _current_input(self):
        image = self.canvas.image()
        if image is not None:
            return ImageInput(image)
        strokes = self.canvas.strokes()
        return StrokesInput(tuple(strokes)) if strokes else None

    def _request_prediction(self) -> None:
        self.service.request(self._current_input())

    def _on_start_loading(self) -> None:
        from ..core.paths import trained_weights_path

        trained = trained_weights_path()
        self.service.load(trained if trained.is_file() else shipped_weights_path())

    def _on_stroke_progress(self) -> None:
        self.message_bar.hide()  # the user has moved on
        self._live_dirty = True
        if not self._live_timer.isActive():
            self._live_timer.start()

    def _on_live_tick(self) -> None:
        if not self.canvas.is_drawing():
            self._live_timer.stop()
            return
        if self._live_dirty:
            self._live_dirty = False
            self.service.request(StrokesInput(tuple(self.canvas.strokes(include_live=True))), live=True)

    def _on_strokes_changed(self) -> None:
        self._live_timer.stop()
        self._live_dirty = False
        empty = self.canvas.is_empty()
        self.clear_action.setEnabled(not empty)
        self.save_action.setEnabled(not empty)
        self._request_prediction()

    def _on_prediction_ready(self, prediction) -> None:
        if not self.model_ready:
            self.prediction_panel.show_loading()
            return
        self._prediction = prediction
        self.prediction_panel.show_prediction(prediction)
        self.prediction_shown.emit(prediction)

    def _on_model_loaded(self, info: ModelInfo) -> None:
        if self.training_panel is None:
            self._build_training_panel()
        self.weights_label.setText(info.describe())
        self.weights_label.setToolTip(str(info.path))
        self.model_loaded.emit(info)
        self._request_prediction()

    def _on_model_failed(self, message: str) -> None:
        if self.training_panel is None:  # training may be just what a user with broken weights needs
            self._build_training_panel()
        self.show_message(f"{message}. Choose a weights file with Model ▸ Open Weights File…")
        if not self.model_ready:
            self.weights_label.setText("No model loaded")
            self.prediction_panel.caption_label.setText("No model loaded")

    # ----------------------------------------------------------------------------------------------
    # Images

    def _show_image(self, image, name: str) -> None:
        self.message_bar.hide()
        self.canvas.show_image(image, name)
        self.statusBar().showMessage(f"Reading {name}", 5000)

    def _open_qimage(self, image: QImage, name: str) -> bool:
        """A QImage (clipboard, dropped data) through the same loader and checks as files."""
        from ..core.preprocessing import MAX_IMAGE_PIXELS, ImageLoadError, image_from_bytes

        if image.isNull():
            self.show_message(f"Cannot load image '{name}': the image data cannot be read")
            return False
        if image.width() * image.height() > MAX_IMAGE_PIXELS:
            self.show_message(f"Cannot load image '{name}': the image is too large "
                              f"({image.width()}x{image.height()})")
            return False
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        try:
            pil_image = image_from_bytes(bytes(buffer.data()), name)
        except ImageLoadError as error:
            self.show_message(str(error))
            return False
        self._show_image(pil_image, name)
        return True

    def _on_file_dropped(self, path: str) -> None:
        self.open_image_file(path)

    def _on_image_data_dropped(self, image: QImage) -> None:
        self._open_qimage(image, "dropped image")

    def _on_open_image_triggered(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open Image", "", IMAGE_FILTER)
        if path:
            self.open_image_file(path)

    def _on_save_drawing_triggered(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save Drawing", "digit.png", "PNG image (*.png)")
        if path:
            self.save_drawing(path)

    def _on_open_weights_triggered(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open Weights File", "", WEIGHTS_FILTER)
        if path:
            self.use_weights(path)

    # ----------------------------------------------------------------------------------------------
    # Window events

    def eventFilter(self, watched, event) -> bool:
        if watched is self.canvas and event.type() == QEvent.Type.Resize:
            self._place_message_bar()
        return super().eventFilter(watched, event)

    def _place_message_bar(self) -> None:
        margin = 8
        width = max(100, self.canvas.width() - 2 * margin)
        height = self.message_bar.heightForWidth(width)
        self.message_bar.setGeometry(margin, margin, width, height if height > 0 else self.message_bar.sizeHint().height())
        self.message_bar.raise_()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self.message_bar.update()
        super().changeEvent(event)

    def closeEvent(self, event) -> None:
        if self.training_panel is not None:
            if not self.training_panel.confirm_close():
                event.ignore()
                return
            # Stops the run at its next batch and leaves a resumable checkpoint (napari-style).
            self.training_panel.shutdown(timeout_ms=2000)
        self._live_timer.stop()
        self._save_settings()
        self.service.shutdown()  # waits for the model thread, as napari's window does
        super().closeEvent(event)


def _scrollable(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area


def _redo_shortcuts() -> list:
    """Ctrl+Shift+Z everywhere, plus the platform's own (Ctrl+Y on Windows)."""
    shortcuts = [QKeySequence("Ctrl+Shift+Z")]
    for key in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo):
        if key not in shortcuts:
            shortcuts.append(key)
    return shortcuts

