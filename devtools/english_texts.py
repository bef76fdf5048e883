"""Finds English left in a translated screen: the texts a user sees, walked from a widget down.

``english_texts(widget)`` lists ``(where, text)`` for every visible text that still holds an English
word: labels, buttons, group titles, placeholders, combo-box items, tab titles, tooltips, accessible
descriptions, window titles, and the actions of menus, menu bars and toolbars (submenus too).
Names that stay as they are in any language (CPU, CUDA, MNIST, UCI pendigits, ONNX, PyTorch, AdamW, ...) are allowed,
and so are file patterns and units. Custom-painted text is not a widget property: a widget that
paints text should expose it (``DrawingCanvas.hint_text``) so that tests can check it with
:func:`english_words`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator

from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTabWidget,
    QWidget,
)

#: Words that are names, not English: products, standards, optimizers, architectures, units, devices.
ALLOWED = frozenset({
    "CPU", "GPU", "CUDA", "cuDNN", "MPS", "MNIST", "ONNX", "PyTorch", "AdamW", "Adam", "SGD", "Nesterov",
    "CNN", "NumberRecognition", "Digit", "Studio", "NaN", "inf", "PNG", "JPEG", "BMP", "GIF", "WebP",
    "auto", "cpu", "cuda", "mps", "compact_cnn", "number_recognition", "lr", "px", "ms", "KiB", "MiB",
    "GiB", "Ctrl", "Shift", "Alt", "Esc", "Del", "English", "pt", "onnx", "png", "jpg", "jpeg", "bmp",
    "gif", "webp", "tif", "tiff", "OK", "TensorBoard", "UCI", "pendigits", "bfloat", "float",
})

#: Names of more than one word (a word of them alone, "Runtime", is still English).
PRODUCT_NAMES = ("ONNX Runtime",)

# A word of two or more Latin letters (an apostrophe inside, as in "network's", belongs to it).
_WORD = re.compile(r"[A-Za-z][A-Za-z_']*[A-Za-z]")
_TAG = re.compile(r"<[^>]+>")
_PATTERN = re.compile(r"\*\.\w+")


def english_words(text: str, allowed: Iterable[str] = ALLOWED) -> list[str]:
    """The English words of ``text``, names and file patterns aside."""
    allowed = set(allowed)
    # Tags and entities (&nbsp;) of rich text first, then the mnemonic ampersands of plain text.
    plain = html.unescape(_TAG.sub(" ", text)) if _TAG.search(text) else text.replace("&&", "&").replace("&", "")
    plain = _PATTERN.sub(" ", plain)
    for name in PRODUCT_NAMES:
        plain = plain.replace(name, " ")
    return [word for word in _WORD.findall(plain) if word not in allowed]


def _widget_texts(widget: QWidget) -> Iterator[tuple[str, str]]:
    if isinstance(widget, QLabel):
        yield "text", widget.text()
    if isinstance(widget, QAbstractButton):
        yield "text", widget.text()
    if isinstance(widget, QGroupBox):
        yield "title", widget.title()
    if isinstance(widget, QLineEdit):
        yield "placeholder", widget.placeholderText()
    if isinstance(widget, QComboBox):
        for index in range(widget.count()):
            yield f"item {index}", widget.itemText(index)
    if isinstance(widget, QTabWidget):
        for index in range(widget.count()):
            yield f"tab {index}", widget.tabText(index)
    if widget.isWindow():
        yield "window title", widget.windowTitle()
    yield "tooltip", widget.toolTip()
    yield "accessible description", widget.accessibleDescription()


def _action_texts(widget: QWidget, seen: set[int]) -> Iterator[tuple[str, str]]:
    for action in widget.actions():
        if action.isSeparator() or not action.isVisible() or id(action) in seen:
            continue
        seen.add(id(action))
        yield f"action {action.objectName() or action.text()!r}", action.text()
        if action.toolTip() != action.text().replace("&", ""):
            yield f"action {action.objectName() or action.text()!r} tooltip", action.toolTip()
        menu = action.menu()
        if isinstance(menu, QMenu):
            yield f"menu {menu.objectName() or menu.title()!r}", menu.title()
            yield from _action_texts(menu, seen)


def visible_texts(root: QWidget) -> list[tuple[str, str]]:
    """``(where, text)`` for every non-empty text of ``root`` and its visible descendants."""
    widgets = [root, *(child for child in root.findChildren(QWidget) if child.isVisibleTo(root))]
    found: list[tuple[str, str]] = []
    seen: set[int] = set()
    for widget in widgets:
        name = widget.objectName() or type(widget).__name__
        for what, text in (*_widget_texts(widget), *_action_texts(widget, seen)):
            if text and text.strip():
                found.append((f"{name}: {what}", text))
    return found


def english_texts(root: QWidget, allowed: Iterable[str] = ALLOWED) -> list[tuple[str, str]]:
    """The visible texts under ``root`` that still hold English words."""
    allowed = set(allowed)
    return [(where, text) for where, text in visible_texts(root) if english_words(text, allowed)]
