"""The GUI's language: which one (English or Simplified Chinese), its translators, locale and font.

Chosen in this order: ``DIGIT_STUDIO_LANG=zh_CN|en`` in the environment, then the choice stored by
View > Language (:class:`LanguageMenu`), then the system locale. :func:`install` runs before the
window is built: it installs the app's ``digit_studio_<lang>.qm`` (resources/translations, built by
``make translations``), Qt's own ``qtbase_<lang>.qm`` (so standard buttons and dialogs speak the same
language), an English plural translator (``%n epoch(s)`` -> "1 epoch", "2 epochs"), sets the default
QLocale (numbers and dates) and, for Chinese, a CJK font where the platform has one. A change of
language applies at the next start: the window's texts are set once, when it is built.

The core stays English (the CLI and the logs); its messages for people carry their template and
parameters (:class:`~desktop_app.core.texts.Text`), which :func:`error_text` and :func:`failure_text`
show in the GUI's language.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator, Signal
from PySide6.QtGui import QActionGroup, QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from ..core import texts
from ..core.paths import resource_path
from .qsettings import app_settings

#: The environment variable that chooses the language over everything else.
LANG_ENV = "DIGIT_STUDIO_LANG"
#: Where View > Language keeps its choice in the app's settings file.
SETTINGS_KEY = "ui/language"
#: The languages the app speaks, each named in itself (the menu shows these names in any language).
LANGUAGES = {"en": "English", "zh_CN": "简体中文"}
#: CJK fonts that read well on screen, best first; the first one the platform has is used for Chinese.
CJK_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC",
             "Hiragino Sans GB", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Noto Sans SC", "Droid Sans Fallback")

_installed: list[QTranslator] = []  # kept alive (and removable) while they are installed
_font_before: list[QFont] = []  # the app's font before use_cjk_font, for uninstall
#: The catalogues :func:`install` loaded (``qtbase_zh_CN``, ``digit_studio_zh_CN``), for the self-test.
loaded_catalogues: list[str] = []


def normalise(value: str | None) -> str | None:
    """``"zh_CN"``, ``"zh-CN.UTF-8"``, ``"zh"`` -> ``"zh_CN"``; ``"en_US"``, ``"C"`` -> ``"en"``; else None."""
    word = (value or "").strip().split(".")[0].replace("-", "_").lower()
    if word.startswith("zh"):
        return "zh_CN"
    if word in ("en", "c", "posix") or word.startswith("en_"):
        return "en"
    return None


def system_language() -> str:
    """Chinese for a Chinese system locale (any script: only Simplified is translated), else English."""
    return "zh_CN" if QLocale.system().language() == QLocale.Language.Chinese else "en"


def stored_language() -> str | None:
    """The language chosen in View > Language, or None (follow the system)."""
    return normalise(str(app_settings().value(SETTINGS_KEY, "") or ""))


def store_language(code: str | None) -> None:
    """Keep View > Language's choice for the next start (None: follow the system)."""
    settings = app_settings()
    if code is None:
        settings.remove(SETTINGS_KEY)
    else:
        settings.setValue(SETTINGS_KEY, code)
    settings.sync()


def choose_language() -> str:
    """``DIGIT_STUDIO_LANG``, else the stored choice, else the system locale (a bad value is reported once)."""
    raw = os.environ.get(LANG_ENV, "").strip()
    if raw:
        code = normalise(raw)
        if code is not None:
            return code
        print(f"digit-studio: {LANG_ENV}={raw!r} is not a language this app speaks (use zh_CN or en); "
              "following the system", file=sys.stderr)
    return stored_language() or system_language()


class EnglishPlurals(QTranslator):
    """Chooses English plurals for source texts written the Qt way (``%n epoch(s)``)."""

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        if n < 0 or "(" not in source:
            return None  # not found: the next translator, or the source text itself
        return texts.english(context, source, n)

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False


def _qt_translate(context: str, source: str, count: int) -> str:
    return QCoreApplication.translate(context, source, None, count)


def install(app: QApplication, language: str | None = None) -> str:
    """Make ``app`` speak ``language`` (default :func:`choose_language`); returns the language used."""
    code = normalise(language) or choose_language()
    uninstall(app)
    translators = [EnglishPlurals(app)]
    qt_own = QTranslator(app)
    if qt_own.load(f"qtbase_{code}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        translators.append(qt_own)
        loaded_catalogues.append(f"qtbase_{code}")
    ours = QTranslator(app)
    if ours.load(f"digit_studio_{code}", str(resource_path("translations"))):
        translators.append(ours)
        loaded_catalogues.append(f"digit_studio_{code}")
    for translator in translators:  # the last one installed is asked first
        QCoreApplication.installTranslator(translator)
        _installed.append(translator)
    QLocale.setDefault(QLocale(code))
    texts.install_translator(_qt_translate)
    if code == "zh_CN":
        use_cjk_font(app)
    return code


def uninstall(app: QApplication) -> None:
    """Back to the source texts (English) and the system locale's numbers (tests switch languages)."""
    while _installed:
        translator = _installed.pop()
        QCoreApplication.removeTranslator(translator)
        translator.deleteLater()
    loaded_catalogues.clear()
    texts.install_translator(None)
    QLocale.setDefault(QLocale.system())
    if _font_before:
        app.setFont(_font_before.pop())


def use_cjk_font(app: QApplication) -> str | None:
    """Give ``app`` a font with Simplified Chinese glyphs, if its own has none; the family, or None."""
    chinese = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    if not chinese:
        return None  # nothing better to offer: Qt falls back glyph by glyph where it can
    font = app.font()
    if font.family() in chinese:
        return font.family()
    family = next((name for name in CJK_FONTS if name in chinese), chinese[0])
    chosen = QFont(font)
    chosen.setFamilies([family, *font.families()])
    _font_before.append(font)
    app.setFont(chosen)
    return family


def percent(fraction: float, decimals: int = 0) -> str:
    """``0.98`` -> "98%" in the default QLocale's digits and percent sign."""
    locale = QLocale()
    return locale.toString(fraction * 100, "f", decimals) + locale.percent()


def error_text(error: BaseException) -> str:
    """A core error's message in the GUI's language (an error without a template as it is)."""
    text = getattr(error, "text", None)
    return texts.translated(text) if isinstance(text, texts.Text) else str(error)


def failure_text(failure) -> str:
    """A :class:`~desktop_app.core.training.TrainingFailure`'s message in the GUI's language."""
    return texts.translated(failure.text) if failure.text is not None else failure.message


class LanguageMenu(QMenu):
    """View > Language: follow the system, English or 简体中文; the choice is kept for the next start."""

    #: A language was chosen (its code, or "" for the system's); ``notice`` tells the user when it applies.
    language_chosen = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("&Language"), parent)
        self.setObjectName("languageMenu")
        group = QActionGroup(self)
        group.setExclusive(True)
        stored = stored_language()
        choices = [("", self.tr("System language")), *LANGUAGES.items()]
        for code, name in choices:
            action = self.addAction(name)
            action.setObjectName(f"language_{code or 'system'}")
            action.setCheckable(True)
            action.setChecked(code == (stored or ""))
            action.setData(code)
            group.addAction(action)
        group.triggered.connect(self._on_triggered)

    def _on_triggered(self, action) -> None:
        code = action.data() or ""
        store_language(code or None)
        if os.environ.get(LANG_ENV, "").strip():
            notice = self.tr("Saved. {variable} is set, so it still chooses the language.").format(variable=LANG_ENV)
        else:
            notice = self.tr("The language changes the next time Digit Studio starts.")
        self.language_chosen.emit(code, notice)


def build_language_menu(parent: QWidget | None = None) -> LanguageMenu:
    """The View > Language submenu, for the window's View menu."""
    return LanguageMenu(parent)
