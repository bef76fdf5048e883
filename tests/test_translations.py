"""The translations match the code: every text for people is in the .ts, translated, and built into the
.qm the app loads (``make translations`` fixes the first and the last; a translator the middle)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from devtools import translations


def test_the_catalogues_are_up_to_date_with_the_code():
    assert translations.formatted_sources() == []
    for language in translations.LANGUAGES:
        assert translations.problems(language) == []


def test_the_check_notices_a_text_missing_from_the_ts_and_a_stale_qm(tmp_path, monkeypatch):
    # A copy of the .ts with one message removed stands for code that gained a text since, and one
    # with a new translation for a translator's edit that the .qm has not been rebuilt with.
    language = translations.LANGUAGES[0]
    tree = ET.parse(translations.ts_path(language))
    context = next(tree.getroot().iter("context"))
    message, edited = context.findall("message")[:2]
    source = message.findtext("source")
    context.remove(message)
    edited.find("translation").text = "新的译文"
    folder = tmp_path / "translations"
    folder.mkdir()
    tree.write(folder / translations.ts_path(language).name, encoding="utf-8")
    (folder / translations.qm_path(language).name).write_bytes(translations.qm_path(language).read_bytes())
    monkeypatch.setattr(translations, "FOLDER", folder)
    found = translations.problems(language)
    assert any(source in line and "not in the .ts" in line for line in found)
    assert any("is not built from its .ts" in line for line in found)


def test_plural_texts_are_marked_as_plurals_for_the_translators():
    plurals = {text for (_, text, plural) in translations.messages(translations.ts_path("zh_CN")) if plural}
    assert {"%Ln epoch(s)", "%Ln batch(es)"} <= plurals
