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


def test_the_first_run_hint_shows_once_and_goes_with_the_first_stroke(qtbot, window):
    from desktop_app.ui import MainWindow
    from devtools import replay

    hint = window.first_run_hint
    assert hint.isVisible() and "Draw a digit" in hint.text_label.text()
    assert hint.geometry().bottom() <= window.canvas.height()
    replay.draw_stroke(window.canvas, [[50, 50], [60, 120]])
    assert not hint.isVisible()
    again = MainWindow()
    qtbot.addWidget(again)
    again.show()
    assert not again.first_run_hint.isVisible()
    again.close()


def test_the_first_run_hint_stacks_its_button_on_a_narrow_canvas(qtbot, window):
    hint = window.first_run_hint
    window.resize(1366, 740)
    qtbot.waitUntil(lambda: window.canvas.width() > 600)
    qtbot.wait(50)
    assert hint.got_it.geometry().left() > hint.text_label.geometry().right()  # beside the text
    window.resize(1024, 600)
    window.training_dock.show()  # the canvas narrows to about 200 pixels
    qtbot.waitUntil(lambda: window.canvas.width() < 300)
    qtbot.wait(50)
    assert hint.got_it.geometry().top() > hint.text_label.geometry().bottom()  # under it
    assert hint.text_label.width() > hint.width() - 40  # the text has the width, not a column of words
    assert hint.geometry().bottom() <= window.canvas.height() and hint.isVisible()


def test_tab_reaches_every_control_in_reading_order(qtbot, window):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    window.training_dock.show()
    window.activateWindow()
    window.pen_width.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(window.pen_width.hasFocus)
    visited = [window.pen_width]
    for _ in range(40):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
        if visited[-1] is window.canvas:
            assert window.canvas._keyboard_focus  # its focus frame is drawn
    assert visited[1] is window.canvas  # the tools, then the canvas
    panel = window.training_panel
    for control in (panel.start_button, panel.settings_button, panel.chart.log_scale_check):
        assert control in visited, control.objectName()
    assert visited.index(window.canvas) < visited.index(panel.start_button)


def test_recent_images_and_remembered_folders(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QFileDialog

    from desktop_app.ui import MainWindow

    folder = tmp_path / "pictures"
    folder.mkdir()
    image = QImage(64, 64, QImage.Format.Format_RGB32)
    image.fill(0xFFFFFFFF)
    paths = [folder / f"digit{n}.png" for n in range(3)]
    for path in paths:
        image.save(str(path))
    asked = []

    def choose(parent, caption, start, filters):
        asked.append(start)
        return str(paths[len(asked) - 1]), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", choose)
    window.open_action.trigger()
    window.open_action.trigger()
    assert asked == ["", str(folder)]  # the second dialog opens where the first was left
    assert window.recent_images.paths() == [str(paths[1]), str(paths[0])]
    menu = window.recent_images.menu
    assert [a.text() for a in menu.actions()][:2] == ["&1 digit1.png", "&2 digit0.png"]

    again = MainWindow()  # the next start knows them too
    qtbot.addWidget(again)
    assert again.recent_images.paths() == [str(paths[1]), str(paths[0])]
    paths[0].unlink()
    again.recent_images.menu.actions()[1].trigger()  # a file gone since: said once, then dropped
    assert again.recent_images.paths() == [str(paths[1])]
    again.close()
