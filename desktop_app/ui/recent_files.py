"""Where the user's files are: the last folder of each file dialog, and File ▸ Recent Images (both in
QSettings, so they outlive the session)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMenu

from .qsettings import app_settings

#: Entries File ▸ Recent Images keeps.
MAX_RECENT = 8
RECENT_KEY = "recent/images"


def last_folder(kind: str) -> str:
    """The folder the ``kind`` dialog ("images", "drawings", "weights") was last left in, or ""."""
    folder = app_settings().value(f"folders/{kind}", "")
    return folder if isinstance(folder, str) and folder and Path(folder).is_dir() else ""


def remember_folder(kind: str, chosen_file: str) -> None:
    """Remember the folder of ``chosen_file`` for the next ``kind`` dialog."""
    app_settings().setValue(f"folders/{kind}", str(Path(chosen_file).parent))


def recent_images() -> list[str]:
    value = app_settings().value(RECENT_KEY, [])
    if isinstance(value, str):  # QSettings' ini format gives back a one-item list as a string
        value = [value]
    return [path for path in value if isinstance(path, str) and path][:MAX_RECENT]


class RecentImagesMenu(QObject):
    """File ▸ Recent Images: the latest images opened, newest first; ``open_file(path)`` opens one."""

    def __init__(self, menu: QMenu, open_file: Callable[[str], bool]) -> None:
        super().__init__(menu)
        self.menu = menu
        self.menu.setObjectName("recentImagesMenu")
        self._open_file = open_file
        self._rebuild()

    def add(self, path: str) -> None:
        """``path`` was opened: first in the list from now on."""
        path = str(Path(path).resolve())
        paths = [path] + [p for p in recent_images() if p != path]
        self._store(paths[:MAX_RECENT])

    def clear(self) -> None:
        self._store([])

    def paths(self) -> list[str]:
        return recent_images()

    def _store(self, paths: list[str]) -> None:
        app_settings().setValue(RECENT_KEY, paths)
        self._rebuild()

    def _rebuild(self) -> None:
        self.menu.clear()
        paths = recent_images()
        for number, path in enumerate(paths, start=1):
            name = Path(path).name.replace("&", "&&")
            action = self.menu.addAction(f"&{number} {name}" if number < 10 else name)
            action.setToolTip(path)
            action.setStatusTip(path)
            action.setData(path)
            action.triggered.connect(lambda _checked=False, p=path: self._on_chosen(p))
        if paths:
            self.menu.addSeparator()
        clear = self.menu.addAction(self.tr("&Clear List"))
        clear.setObjectName("clearRecentImages")
        clear.setEnabled(bool(paths))
        clear.triggered.connect(self.clear)
        self.menu.setEnabled(bool(paths))

    def _on_chosen(self, path: str) -> None:
        if not self._open_file(path) and not Path(path).exists():
            self._store([p for p in recent_images() if p != path])  # gone: the failure said so once
