"""Sentences for people: English in the core and the CLI, translated in the GUI.

The core never translates. A message it makes for people (a :class:`~.errors.UserError`, a training
failure, its "not learning" advice) keeps its template and its parameters as a :class:`Text`:
``str(text)`` is the English sentence (the CLI and the logs print it, and scripts parse it), and
``text.format(translate)`` formats the same parameters into a translated template (the GUI does,
through ``ui/i18n.py``). Templates are ``str.format`` templates with named fields.

Templates are marked with :func:`QT_TRANSLATE_NOOP`, the name ``pyside6-lupdate`` looks for, so the
translators' ``.ts`` file lists them (``make translations``); the marker returns a :class:`Template`,
the source text with its translation context. Plain-Python modules of the GUI that may not import
Qt (``ui/training_messages.py``) translate through a :class:`Context` (``Context("X").tr(...)`` is
what lupdate reads as Qt's ``tr``, plural forms included); it uses whatever translator the GUI has
installed with :func:`install_translator`, and English without one.

English plural forms follow Qt's convention: the source text says ``%n epoch(s)`` or ``%n
batch(es)``, and :func:`english` picks the singular or the plural (``%Ln`` groups the digits).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

#: ``(context, source text, count)`` -> the translated text (count -1 when it is not a plural).
Translate = Callable[[str, str, int], str]

# "epoch(s)", "batch(es)": an English plural ending in parentheses after a word.
_PLURAL_ENDING = re.compile(r"(?<=\w)\((e?s)\)")


class Template(str):
    """A message template as written in the source, with the translation context it is filed under."""

    context: str

    def __new__(cls, context: str, source: str) -> Template:
        template = super().__new__(cls, source)
        template.context = context
        return template

    def __getnewargs__(self) -> tuple[str, str]:  # copy and pickle: both arguments of __new__
        return self.context, str(self)


def QT_TRANSLATE_NOOP(context: str, source: str) -> Template:  # noqa: N802 - the name lupdate extracts
    """Marks ``source`` for translation under ``context`` (lupdate reads the call; nothing is translated)."""
    return Template(context, source)


def english(context: str, source: str, count: int = -1) -> str:
    """The source text itself, with its English plural chosen and ``%n`` / ``%Ln`` replaced by ``count``."""
    del context  # English is the source language: every context reads the same
    if count < 0:
        return source
    text = _PLURAL_ENDING.sub("" if count == 1 else r"\1", source)
    return text.replace("%Ln", f"{count:,}").replace("%n", str(count))


@dataclass(frozen=True)
class Text:
    """A sentence for people: a template (translatable when it has a ``context``) and its parameters.

    A parameter may itself be a Text (a reason inside a message); it is translated with its host.
    """

    template: str
    params: Mapping[str, Any] = field(default_factory=dict)
    context: str | None = None
    count: int = -1

    @classmethod
    def of(cls, message: str | Text, params: Mapping[str, Any] | None = None) -> Text:
        """A Text from a marked :class:`Template` (translatable), a Text, or a plain string (shown as it is)."""
        if isinstance(message, Text):
            return message
        context = message.context if isinstance(message, Template) else None
        return cls(str(message), dict(params or {}), context)

    def format(self, translate: Translate = english) -> str:
        """The sentence in the language of ``translate``; English where the translation does not fit."""
        values = {name: value.format(translate) if isinstance(value, Text) else value
                  for name, value in self.params.items()}
        if self.context is None:
            return self.template.format(**values) if values else self.template
        try:
            return translate(self.context, self.template, self.count).format(**values)
        except (KeyError, IndexError, ValueError):  # a translation naming a field the source does not have
            return english(self.context, self.template, self.count).format(**values)

    def __str__(self) -> str:
        return self.format(english)


# --------------------------------------------------------------------------------------------------
# Translation for the GUI's plain-Python modules (the core itself never calls these).

_installed: Translate = english


def install_translator(translate: Translate | None) -> None:
    """The GUI's translator for :class:`Context` and :func:`translated` (None: back to English)."""
    global _installed
    _installed = translate or english


def translated(text: Text) -> str:
    """``text`` in the GUI's language (English until the GUI installs a translator)."""
    return text.format(_installed)


def translated_name(name: str) -> str:
    """A name marked with :func:`QT_TRANSLATE_NOOP` (a preset, a setting's label) in the GUI's language;
    any other string as it is."""
    return translated(Text.of(name))


class Context:
    """A translation context for plain Python: ``Context("Name").tr(source, "", n)`` works as Qt's ``tr``.

    Assign it to a module-level name equal to its context (``TrainingMessages = Context(
    "TrainingMessages")``): lupdate files ``TrainingMessages.tr(...)`` under that name.
    """

    def __init__(self, name: str) -> None:
        self.name = name

    def tr(self, source: str, disambiguation: str = "", n: int = -1) -> str:
        del disambiguation  # a hint for translators only; no two sources of one context need it yet
        return _installed(self.name, source, n)
