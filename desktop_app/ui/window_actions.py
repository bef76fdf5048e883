"""The window's actions, menus and toolbar, built from tables: what each action is called, its icon,
shortcuts and tip live in one row, so menus, toolbar and tooltips cannot disagree."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QSpinBox, QStyle, QToolBar

from ..core.texts import QT_TRANSLATE_NOOP, translated_name
from .canvas import DEFAULT_PEN_WIDTH, MAX_PEN_WIDTH, MIN_PEN_WIDTH


@dataclass(frozen=True)
class AllBindings:
    """Every key binding of a standard key on this platform (Redo: Ctrl+Y on Windows, and more)."""

    key: QKeySequence.StandardKey


@dataclass(frozen=True)
class ActionSpec:
    name: str  # the object name, which tests and automation find the action by
    text: str
    icon: QIcon.ThemeIcon
    fallback: QStyle.StandardPixmap | None  # for platforms without an icon theme
    # A StandardKey is the platform's first binding for it (StandardKey.Quit is Ctrl+Q on some
    # platforms only, hence "Ctrl+Q" beside it).
    shortcuts: tuple
    tip: str
    enabled: bool = True  # False: enabled once the canvas has something to act on


_ICON, _PIXMAP, _KEY = QIcon.ThemeIcon, QStyle.StandardPixmap, QKeySequence.StandardKey

ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("clearCanvas", QT_TRANSLATE_NOOP("WindowActions", "&Clear"),
               _ICON.EditClear, _PIXMAP.SP_DialogResetButton,
               (Qt.Key.Key_Escape, _KEY.Delete),
               QT_TRANSLATE_NOOP("WindowActions", "Clear the canvas"), enabled=False),
    ActionSpec("undoDrawing", QT_TRANSLATE_NOOP("WindowActions", "&Undo"),
               _ICON.EditUndo, _PIXMAP.SP_ArrowBack, (_KEY.Undo,),
               QT_TRANSLATE_NOOP("WindowActions", "Undo the last change"), enabled=False),
    ActionSpec("redoDrawing", QT_TRANSLATE_NOOP("WindowActions", "&Redo"),
               _ICON.EditRedo, _PIXMAP.SP_ArrowForward,
               ("Ctrl+Shift+Z", AllBindings(_KEY.Redo)),
               QT_TRANSLATE_NOOP("WindowActions", "Redo what was undone"), enabled=False),
    ActionSpec("openImage", QT_TRANSLATE_NOOP("WindowActions", "&Open Image…"),
               _ICON.DocumentOpen, _PIXMAP.SP_DialogOpenButton, (_KEY.Open,),
               QT_TRANSLATE_NOOP("WindowActions", "Read a digit from an image file")),
    ActionSpec("pasteImage", QT_TRANSLATE_NOOP("WindowActions", "&Paste Image"),
               _ICON.EditPaste, None, (_KEY.Paste,),
               QT_TRANSLATE_NOOP("WindowActions", "Read a digit from the image on the clipboard")),
    ActionSpec("saveDrawing", QT_TRANSLATE_NOOP("WindowActions", "&Save Drawing…"),
               _ICON.DocumentSave, _PIXMAP.SP_DialogSaveButton, (_KEY.Save,),
               QT_TRANSLATE_NOOP("WindowActions", "Save the canvas as a PNG image"), enabled=False),
    ActionSpec("quitApp", QT_TRANSLATE_NOOP("WindowActions", "&Quit"),
               _ICON.ApplicationExit, None, (_KEY.Quit, "Ctrl+Q"),
               QT_TRANSLATE_NOOP("WindowActions", "Quit Digit Studio")),
    ActionSpec("useShippedWeights", QT_TRANSLATE_NOOP("WindowActions", "Use &Shipped Weights"),
               _ICON.DocumentRevert, None, (),
               QT_TRANSLATE_NOOP("WindowActions", "Read digits with the weights that come with the app")),
    ActionSpec("openWeights", QT_TRANSLATE_NOOP("WindowActions", "Open &Weights File…"),
               _ICON.DocumentOpen, None, (),
               QT_TRANSLATE_NOOP("WindowActions", "Read digits with another weights file")),
    # The Training menu mirrors the training panel's buttons (enabled as they are); it works with
    # the panel closed, whose progress then shows in the status bar and the window title.
    ActionSpec("trainStart", QT_TRANSLATE_NOOP("WindowActions", "&Start Training"),
               _ICON.MediaPlaybackStart, _PIXMAP.SP_MediaPlay, ("Ctrl+T",),
               QT_TRANSLATE_NOOP("WindowActions", "Train a new network with the current settings"),
               enabled=False),
    ActionSpec("trainPause", QT_TRANSLATE_NOOP("WindowActions", "&Pause Training"),
               _ICON.MediaPlaybackPause, _PIXMAP.SP_MediaPause, ("Ctrl+P",),
               QT_TRANSLATE_NOOP("WindowActions", "Pause the run, or go on with a paused one"),
               enabled=False),
    ActionSpec("trainStop", QT_TRANSLATE_NOOP("WindowActions", "S&top Training"),
               _ICON.MediaPlaybackStop, _PIXMAP.SP_MediaStop, ("Ctrl+.",),
               QT_TRANSLATE_NOOP("WindowActions", "Stop after the current batch; the run can be resumed later"),
               enabled=False),
    ActionSpec("trainSettings", QT_TRANSLATE_NOOP("WindowActions", "Training S&ettings…"),
               _ICON.DocumentProperties, None, ("Ctrl+,",),
               QT_TRANSLATE_NOOP("WindowActions", "Choose the recipe, the model and the device of the next run"),
               enabled=False),
    ActionSpec("showShortcuts", QT_TRANSLATE_NOOP("WindowActions", "&Keyboard Shortcuts"),
               _ICON.InputKeyboard, None, (_KEY.HelpContents, "Ctrl+/"),
               QT_TRANSLATE_NOOP("WindowActions", "List every keyboard shortcut")),
    ActionSpec("showAbout", QT_TRANSLATE_NOOP("WindowActions", "&About Digit Studio"),
               _ICON.HelpAbout, None, (),
               QT_TRANSLATE_NOOP("WindowActions", "Version, licences and where your files are kept")),
)

#: Separates groups in a menu or the toolbar.
SEPARATOR = None
MENUS: tuple[tuple[str, tuple], ...] = (
    (QT_TRANSLATE_NOOP("WindowMenus", "&File"), ("openImage", "pasteImage", "saveDrawing", SEPARATOR, "quitApp")),
    (QT_TRANSLATE_NOOP("WindowMenus", "&Edit"), ("undoDrawing", "redoDrawing", SEPARATOR, "clearCanvas")),
    (QT_TRANSLATE_NOOP("WindowMenus", "&View"), ()),  # filled by the window: toolbar and docks
    (QT_TRANSLATE_NOOP("WindowMenus", "&Model"), ("useShippedWeights", "openWeights")),
    (QT_TRANSLATE_NOOP("WindowMenus", "&Training"), ("trainStart", "trainPause", "trainStop", SEPARATOR, "trainSettings")),
    (QT_TRANSLATE_NOOP("WindowMenus", "&Help"), ("showShortcuts", SEPARATOR, "showAbout")),
)
TOOLBAR: tuple = ("clearCanvas", "undoDrawing", "redoDrawing", SEPARATOR, "openImage", "pasteImage", "saveDrawing",
                  SEPARATOR)


def create_actions(window: QMainWindow, slots: Mapping[str, Callable]) -> dict[str, QAction]:
    """One QAction per row of :data:`ACTIONS`, by object name, each triggering ``slots[name]``.

    The actions are added to the window too, so their shortcuts work while the toolbar is hidden.
    """
    actions = {}
    for spec in ACTIONS:
        action = QAction(_icon(window, spec), translated_name(spec.text), window)
        action.setObjectName(spec.name)
        action.setShortcuts(_key_sequences(spec.shortcuts))
        shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        tip = translated_name(spec.tip)
        with_keys = QCoreApplication.translate("WindowActions", "{tip} ({shortcut})")
        action.setToolTip(with_keys.format(tip=tip, shortcut=shortcut) if spec.shortcuts else tip)
        action.setStatusTip(tip)
        action.setEnabled(spec.enabled)
        action.triggered.connect(slots[spec.name])
        window.addAction(action)
        actions[spec.name] = action
    return actions


def create_menus(window: QMainWindow, actions: Mapping[str, QAction]) -> dict[str, QMenu]:
    """The menu bar of :data:`MENUS`; returns the menus by their English title ("&View")."""
    menus = {}
    for title, entries in MENUS:
        menu = window.menuBar().addMenu(translated_name(title))
        _add_entries(menu, entries, actions)
        menus[title] = menu
    return menus


def create_toolbar(window: QMainWindow, actions: Mapping[str, QAction], pen_width: QSpinBox) -> QToolBar:
    """The toolbar of :data:`TOOLBAR`, ending with the pen width."""
    toolbar = window.addToolBar(QCoreApplication.translate("WindowActions", "Tools"))
    toolbar.setObjectName("mainToolbar")
    # With an icon theme (or native icons) every action has an icon; without one (a bare Linux
    # session) some would have none, and text alone looks tidier than half the buttons iconless.
    has_icons = QIcon.hasThemeIcon(QIcon.ThemeIcon.EditPaste)
    toolbar.setToolButtonStyle(
        Qt.ToolButtonStyle.ToolButtonTextBesideIcon if has_icons else Qt.ToolButtonStyle.ToolButtonTextOnly
    )
    toolbar.setMovable(False)
    _add_entries(toolbar, TOOLBAR, actions)
    pen_label = QLabel(QCoreApplication.translate("WindowActions", " Pen &width "), window)
    pen_label.setBuddy(pen_width)
    toolbar.addWidget(pen_label)
    toolbar.addWidget(pen_width)
    return toolbar


def create_pen_width_box(window: QMainWindow) -> QSpinBox:
    pen_width = QSpinBox(window)
    pen_width.setObjectName("penWidth")
    pen_width.setAccessibleName(QCoreApplication.translate("WindowActions", "Pen width"))
    pen_width.setToolTip(QCoreApplication.translate("WindowActions", "Pen width in pixels (how the network reads it does not depend on it)"))
    pen_width.setRange(MIN_PEN_WIDTH, MAX_PEN_WIDTH)
    pen_width.setSuffix(QCoreApplication.translate("WindowActions", " px"))
    pen_width.setValue(DEFAULT_PEN_WIDTH)
    # Tab reaches it too (every control is reachable by keyboard); a click on the canvas takes the
    # focus back, so Delete/Esc reach the canvas again.
    pen_width.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return pen_width


def _add_entries(target: QMenu | QToolBar, entries: tuple, actions: Mapping[str, QAction]) -> None:
    for name in entries:
        if name is SEPARATOR:
            target.addSeparator()
        else:
            target.addAction(actions[name])


def _icon(window: QMainWindow, spec: ActionSpec) -> QIcon:
    if spec.fallback is None:
        return QIcon.fromTheme(spec.icon)
    return QIcon.fromTheme(spec.icon, window.style().standardIcon(spec.fallback))


def _key_sequences(shortcuts: tuple) -> list[QKeySequence]:
    """The shortcuts as key sequences, without duplicates or sequences this platform leaves empty."""
    sequences: list[QKeySequence] = []
    for shortcut in shortcuts:
        if isinstance(shortcut, AllBindings):
            candidates = QKeySequence.keyBindings(shortcut.key)
        else:
            candidates = [QKeySequence(shortcut)]
        for sequence in candidates:
            if not sequence.isEmpty() and sequence not in sequences:
                sequences.append(sequence)
    return sequences
