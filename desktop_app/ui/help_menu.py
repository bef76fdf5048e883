"""The Help menu's windows: About (version, licences, the data folder) and Keyboard Shortcuts, a list
generated from the window's actions so it can never disagree with them."""

from __future__ import annotations

import re
from collections.abc import Iterable

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .. import __version__
from ..core.paths import user_data_location

#: What Digit Studio is built on, and under which licence each part comes.
LICENCES: tuple[tuple[str, str], ...] = (
    ("MNIST", "CC BY-SA 3.0 (Yann LeCun, Corinna Cortes, Christopher J. C. Burges)"),
    ("UCI pendigits", "CC BY 4.0 (E. Alpaydin, F. Alimoglu)"),
    ("PyTorch", "BSD 3-Clause"),
    ("Qt 6 / PySide6", "LGPL v3"),
    ("pyqtgraph", "MIT"),
    ("superqt", "BSD 3-Clause"),
    ("Digit Studio", "MIT"),
)


_MNEMONIC_IN_PARENTHESES = re.compile(r"\(&\w\)")


class AboutDialog(QDialog):
    """The version, the licences of what the app is built on, and where it keeps the user's files."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About Digit Studio"))
        title = QLabel(self.tr("<h2>Digit Studio %1</h2>").replace("%1", __version__))
        title.setObjectName("aboutVersion")
        blurb = QLabel(self.tr("Draw a digit and see what a neural network reads; train that network "
                               "from the same window."))
        blurb.setWordWrap(True)
        rows = "".join(f"<tr><td><b>{name}</b>&nbsp;&nbsp;</td><td>{licence}</td></tr>" for name, licence in LICENCES)
        licences = QLabel(f"<table>{rows}</table>")
        licences.setObjectName("aboutLicences")
        licences.setAccessibleName(self.tr("Licences"))
        folder = user_data_location()
        folder_label = QLabel(self.tr("Your models, checkpoints and settings are kept in:<br><code>%1</code>")
                              .replace("%1", str(folder)))
        folder_label.setObjectName("aboutDataFolder")
        folder_label.setWordWrap(True)
        self.open_folder_button = QPushButton(self.tr("&Open Data Folder"))
        self.open_folder_button.setObjectName("openDataFolder")
        self.open_folder_button.setToolTip(self.tr("Show the data folder in the file manager"))
        self.open_folder_button.clicked.connect(self.open_data_folder)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        folder_row = QHBoxLayout()
        folder_row.addWidget(folder_label, 1)
        folder_row.addWidget(self.open_folder_button)
        layout = QVBoxLayout(self)
        for widget in (title, blurb, QLabel(self.tr("<b>Built on</b>")), licences):
            layout.addWidget(widget)
        layout.addLayout(folder_row)
        layout.addWidget(buttons)

    def open_data_folder(self) -> bool:
        """Open the data folder in the desktop's file manager (it is created if it is not there yet)."""
        folder = user_data_location()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            pass  # the file manager (or its error) says more than we could
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def _without_mnemonic(text: str) -> str:
    """A menu text as words: "&Open Image…" -> "Open Image", "打开图片(&O)…" -> "打开图片" (the
    mnemonic of a language without Latin letters is a letter in parentheses)."""
    text = _MNEMONIC_IN_PARENTHESES.sub("", text)
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def shortcut_rows(actions: Iterable[QAction]) -> list[tuple[str, str]]:
    """(what it does, its keys) for each action that has a shortcut, in the order given."""
    rows = []
    for action in actions:
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts() if not k.isEmpty()]
        if keys:
            rows.append((_without_mnemonic(action.text()), ", ".join(keys)))
    return rows


class ShortcutsDialog(QDialog):
    """Every keyboard shortcut of the window, read from its actions."""

    def __init__(self, actions: Iterable[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard Shortcuts"))
        rows = shortcut_rows(actions)
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setObjectName("shortcutsTable")
        self.table.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.table.setHorizontalHeaderLabels([self.tr("Action"), self.tr("Keys")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (what, keys) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(what))
            self.table.setItem(row, 1, QTableWidgetItem(keys))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(540, min(520, 80 + 30 * len(rows)))
