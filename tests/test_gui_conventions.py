"""Desktop conventions: mnemonics, the Training and Help menus, light and dark."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QDesktopServices, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication, QLabel

from desktop_app import __version__
from desktop_app.core.paths import shipped_weights_path, user_data_location
from desktop_app.ui.help_menu import AboutDialog, ShortcutsDialog

pytestmark = pytest.mark.skipif(not shipped_weights_path().is_file(), reason="weights/default.pt is not built yet")


def menus(window) -> dict:
    return {action.text(): action.menu() for action in window.menuBar().actions()}


def test_every_menu_and_entry_has_a_mnemonic(window):
    titles = menus(window)
    assert list(titles) == ["&File", "&Edit", "&View", "&Model", "&Training", "&Help"]
    for title in ("&File", "&Edit", "&View", "&Training", "&Help"):
        for action in titles[title].actions():
            if not action.isSeparator():
                assert "&" in action.text(), (title, action.text())


def test_the_training_menu_mirrors_the_panel_buttons(qtbot, window):
    training = {action.objectName(): action for action in menus(window)["&Training"].actions()}
    assert [name for name in training if name] == ["trainStart", "trainPause", "trainStop", "trainSettings"]
    assert {name: training[name].shortcut().toString() for name in training if name} == {
        "trainStart": "Ctrl+T", "trainPause": "Ctrl+P", "trainStop": "Ctrl+.", "trainSettings": "Ctrl+,"}
    panel = window.training_panel
    assert training["trainStart"].isEnabled() and not training["trainStop"].isEnabled()
    training["trainSettings"].trigger()
    dialog = panel.controller._settings_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.reject()
    panel.set_buttons(running=True, stopping=False, paused=True, can_resume=False, trained_weights_saved=False)
    assert not training["trainStart"].isEnabled() and training["trainStop"].isEnabled()
    assert training["trainPause"].text() == "&Resume Training"


def test_about_names_the_version_the_licences_and_opens_the_data_folder(qtbot, monkeypatch):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    about = AboutDialog()
    qtbot.addWidget(about)
    assert __version__ in about.findChild(QLabel, "aboutVersion").text()
    licences = about.findChild(QLabel, "aboutLicences").text()
    for part in ("MNIST", "CC BY-SA 3.0", "PyTorch", "Qt", "LGPL", "pyqtgraph"):
        assert part in licences
    assert str(user_data_location()) in about.findChild(QLabel, "aboutDataFolder").text()
    about.open_folder_button.click()
    assert opened == [str(user_data_location())]


def test_the_shortcut_list_is_made_from_the_actions(qtbot, window):
    dialog = window.show_shortcuts()
    assert isinstance(dialog, ShortcutsDialog)
    table = dialog.table
    rows = {table.item(row, 0).text(): table.item(row, 1).text() for row in range(table.rowCount())}
    native = QKeySequence.SequenceFormat.NativeText
    assert rows["Start Training"] == window.training_actions["trainStart"].shortcut().toString(native)
    assert rows["Training Panel"] == "Ctrl+Shift+T"
    assert "Undo" in rows and "Open Image" in rows
    dialog.close()


@pytest.fixture
def scheme(window):
    yield window.color_scheme
    window.color_scheme.choose("system")  # the next tests get the usual palette back


def test_dark_scheme_reaches_the_chart_the_canvas_and_persists(qtbot, window, scheme):
    scheme.choose("dark")
    assert scheme.dark
    assert QApplication.instance().palette().color(QPalette.ColorRole.Window).lightness() < 80
    window.training_dock.show()
    chart = window.training_panel.chart
    # The palette reaches the widgets through posted events.
    qtbot.waitUntil(lambda: chart.plots.backgroundBrush().color().lightness() < 80)  # not a white block
    paper = window.canvas.grab().toImage().pixelColor(5, 5)
    assert paper.lightness() < 80
    assert menus(window)["&View"].findChild(type(scheme.menu), "colorSchemeMenu") is scheme.menu
    assert scheme.actions["dark"].isChecked()

    from desktop_app.ui.theme import stored_scheme

    assert stored_scheme() == "dark"
    scheme.choose("light")
    qtbot.waitUntil(lambda: chart.plots.backgroundBrush().color().lightness() > 200)
