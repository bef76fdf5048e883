"""Messages for people: the core keeps template and parameters, says them in English, and a GUI's
translator says the same parameters in its own template (no Qt here: the core and the CLI stay English)."""

from __future__ import annotations

import errno

import pytest

from desktop_app.core import texts
from desktop_app.core.errors import UserError, os_reason_text
from desktop_app.core.preprocessing import ImageLoadError, load_image
from desktop_app.core.texts import QT_TRANSLATE_NOOP, Context, Text
from desktop_app.core.training import TrainingFailure
from desktop_app.core.weights import SaveError, WeightsError, load_weights
from desktop_app.ui import training_messages as messages


def bracketing(context: str, source: str, count: int) -> str:
    """A stand-in translation that shows which template was used: ``[context] template``."""
    return f"[{context}] {texts.english(context, source, count)}"


@pytest.fixture
def translator():
    texts.install_translator(bracketing)
    yield bracketing
    texts.install_translator(None)


def test_english_plurals_follow_the_qt_convention():
    assert texts.english("C", "%n epoch(s)", 1) == "1 epoch"
    assert texts.english("C", "%n epoch(s)", 0) == "0 epochs"
    assert texts.english("C", "%Ln batch(es)", 1250) == "1,250 batches"
    assert texts.english("C", "%Ln batch(es)", 1) == "1 batch"
    assert texts.english("C", "no count (s)") == "no count (s)"  # not a plural: left alone


def test_a_text_is_english_and_translates_with_its_parameters_nested_texts_included():
    reason = Text.of(QT_TRANSLATE_NOOP("OsReason", "the disk is full"))
    text = Text.of(QT_TRANSLATE_NOOP("SaveError", "cannot write {path}: {reason}"), {"path": "a.pt", "reason": reason})
    assert str(text) == "cannot write a.pt: the disk is full"
    assert text.format(bracketing) == "[SaveError] cannot write a.pt: [OsReason] the disk is full"


def test_a_translation_that_names_a_field_the_source_lacks_falls_back_to_english():
    text = Text.of(QT_TRANSLATE_NOOP("X", "{path}: file not found"), {"path": "a.pt"})
    assert text.format(lambda context, source, count: "{pathh}: 找不到文件") == "a.pt: file not found"


def test_a_plain_string_message_is_shown_as_it_is_braces_included():
    error = UserError("the file {not a field} is odd")
    assert str(error) == "the file {not a field} is odd"
    assert error.text.format(bracketing) == "the file {not a field} is odd"


def test_core_errors_stay_english_while_the_gui_translates_them(tmp_path, translator):
    with pytest.raises(WeightsError) as caught:
        load_weights(tmp_path / "missing.pt")
    assert str(caught.value) == f"{tmp_path / 'missing.pt'}: file not found"  # the CLI and logs
    assert texts.translated(caught.value.text) == f"[WeightsError] {tmp_path / 'missing.pt'}: file not found"
    assert caught.value.failure_message() == f"Cannot resume: {tmp_path / 'missing.pt'}: file not found"

    with pytest.raises(ImageLoadError) as caught:
        load_image(tmp_path / "missing.png")
    assert str(caught.value) == f"cannot load image '{tmp_path / 'missing.png'}': file not found"
    assert "[ImageLoadError] file not found" in texts.translated(caught.value.text)


def test_a_save_error_keeps_its_errno_and_translates(translator):
    error = SaveError(errno.ENOSPC, QT_TRANSLATE_NOOP("SaveError", "cannot write {path}: {reason}"),
                      path="w.pt", reason=os_reason_text(OSError(errno.ENOSPC, "No space left on device")))
    assert error.errno == errno.ENOSPC
    assert str(error) == "cannot write w.pt: the disk is full"
    assert texts.translated(error.failure_text()) == (
        "[SaveError] Saving failed: [SaveError] cannot write w.pt: [OsReason] the disk is full")


def test_training_failures_carry_their_text_to_the_panel(translator):
    evidence = Text.of(QT_TRANSLATE_NOOP("Training", "validation accuracy is {accuracy:.1%}"), {"accuracy": 0.11})
    failure = TrainingFailure.of("not_learning", Text.of(QT_TRANSLATE_NOOP(
        "Training", "The run is not learning: {evidence}."), {"evidence": evidence}))
    assert failure.message == "The run is not learning: validation accuracy is 11.0%."
    assert messages.failure_text(failure) == (
        "[Training] The run is not learning: [Training] validation accuracy is 11.0%.")


def test_plain_python_contexts_use_the_installed_translator(translator):
    assert Context("TrainingMessages").tr("%Ln epoch(s)", "", 2) == "[TrainingMessages] 2 epochs"
    assert messages.epochs(1) == "[TrainingMessages] 1 epoch"
    texts.install_translator(None)
    assert messages.epochs(1) == "1 epoch"
