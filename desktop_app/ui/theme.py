"""Light and dark: the app follows the system's colour scheme (Qt 6.5+ ``QStyleHints.colorScheme``)
unless the user picks one in View ▸ Colour Scheme (kept in QSettings ``view/colorScheme``).

The scheme is applied as the application palette (Fusion's colours, light or dark), not through
style sheets: every view already paints from the palette (canvas, bars, chart, banners), so one
palette change restyles the whole window, and a platform that cannot switch its own theme (a bare X
session, the offscreen platform) still gets a dark window when asked for one.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QMenu, QStyleFactory

from ..core.texts import QT_TRANSLATE_NOOP, translated_name
from .qsettings import app_settings

SETTING = "view/colorScheme"
#: The choices, as stored, with their menu text.
SCHEMES = {"system": QT_TRANSLATE_NOOP("ColorSchemeMenu", "&System"),
           "light": QT_TRANSLATE_NOOP("ColorSchemeMenu", "&Light"),
           "dark": QT_TRANSLATE_NOOP("ColorSchemeMenu", "&Dark")}

_DARK = {
    QPalette.ColorRole.Window: QColor(45, 45, 48),
    QPalette.ColorRole.WindowText: QColor(230, 230, 230),
    QPalette.ColorRole.Base: QColor(30, 30, 32),
    QPalette.ColorRole.AlternateBase: QColor(50, 50, 54),
    QPalette.ColorRole.ToolTipBase: QColor(60, 60, 64),
    QPalette.ColorRole.ToolTipText: QColor(230, 230, 230),
    QPalette.ColorRole.PlaceholderText: QColor(150, 150, 150),
    QPalette.ColorRole.Text: QColor(230, 230, 230),
    QPalette.ColorRole.Button: QColor(55, 55, 60),
    QPalette.ColorRole.ButtonText: QColor(230, 230, 230),
    QPalette.ColorRole.BrightText: QColor(255, 90, 90),
    QPalette.ColorRole.Light: QColor(80, 80, 85),
    QPalette.ColorRole.Midlight: QColor(65, 65, 70),
    QPalette.ColorRole.Mid: QColor(100, 100, 105),
    QPalette.ColorRole.Dark: QColor(25, 25, 28),
    QPalette.ColorRole.Shadow: QColor(0, 0, 0),
    QPalette.ColorRole.Highlight: QColor(66, 133, 244),
    QPalette.ColorRole.HighlightedText: QColor(255, 255, 255),
    QPalette.ColorRole.Link: QColor(110, 170, 255),
}
_DARK_DISABLED = {
    QPalette.ColorRole.WindowText: QColor(120, 120, 120),
    QPalette.ColorRole.Text: QColor(120, 120, 120),
    QPalette.ColorRole.ButtonText: QColor(120, 120, 120),
    QPalette.ColorRole.Highlight: QColor(80, 80, 80),
}


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in _DARK.items():
        palette.setColor(role, colour)
    for role, colour in _DARK_DISABLED.items():
        palette.setColor(QPalette.ColorGroup.Disabled, role, colour)
    return palette


def light_palette() -> QPalette:
    style = QStyleFactory.create("Fusion")
    return style.standardPalette() if style is not None else QPalette()


def system_is_dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def stored_scheme() -> str:
    value = app_settings().value(SETTING, "system")
    return value if value in SCHEMES else "system"


class ColorSchemeMenu(QObject):
    """View ▸ Colour Scheme: System, Light, Dark; applies the choice and follows the system's changes."""

    def __init__(self, view_menu: QMenu) -> None:
        super().__init__(view_menu)
        self.menu = view_menu.addMenu(self.tr("&Colour Scheme"))
        self.menu.setObjectName("colorSchemeMenu")
        group = QActionGroup(self)
        self.actions: dict[str, QAction] = {}
        for key, text in SCHEMES.items():
            action = self.menu.addAction(translated_name(text))
            action.setObjectName(f"colorScheme{key.capitalize()}")
            action.setCheckable(True)
            action.setData(key)
            group.addAction(action)
            self.actions[key] = action
        group.triggered.connect(lambda action: self.choose(action.data()))
        self._scheme = stored_scheme()
        self.actions[self._scheme].setChecked(True)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_system_scheme_changed)
        self._apply()

    @property
    def scheme(self) -> str:
        """"system", "light" or "dark": the user's choice."""
        return self._scheme

    @property
    def dark(self) -> bool:
        """Whether the window is dark now."""
        return self._scheme == "dark" or (self._scheme == "system" and system_is_dark())

    def choose(self, scheme: str) -> None:
        """Use ``scheme`` from now on, and the next time the app starts."""
        self._scheme = scheme if scheme in SCHEMES else "system"
        self.actions[self._scheme].setChecked(True)
        app_settings().setValue(SETTING, self._scheme)
        self._apply()

    def _on_system_scheme_changed(self, _scheme) -> None:
        if self._scheme == "system":
            self._apply()

    def _apply(self) -> None:
        app = QApplication.instance()
        if self._scheme == "system" and not system_is_dark():
            # The platform's own palette: a light desktop theme keeps its colours (and a palette
            # never set is not touched at all).
            if app.property("digitStudioPalette"):
                app.setPalette(QPalette())
                app.setProperty("digitStudioPalette", False)
            return
        app.setPalette(dark_palette() if self.dark else light_palette())
        app.setProperty("digitStudioPalette", True)
