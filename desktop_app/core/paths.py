"""Where the app finds what it ships and where it writes what it makes.

One helper serves both a source checkout and a PyInstaller bundle (``sys._MEIPASS``). The app never
writes next to itself: user files go to the per-user data folder, the same one Qt's
``QStandardPaths.AppLocalDataLocation`` names, computed here without Qt so the CLI can use it.
"""

from __future__ import annotations

import errno
import os
import sys
import tempfile
import time
from pathlib import Path

from .errors import UserError, os_reason_text
from .texts import QT_TRANSLATE_NOOP, Text

APP_NAME = "DigitStudio"

#: Overrides the user data folder (tests and portable installs).
DATA_DIR_ENV = "DIGIT_STUDIO_DATA_DIR"


def bundle_root() -> Path:
    """The folder holding ``resources/`` and ``weights/``: the repo root, or the frozen bundle."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parents[2]


def resource_path(*parts: str) -> Path:
    """A file shipped in ``resources/``."""
    return bundle_root().joinpath("resources", *parts)


def shipped_weights_path() -> Path:
    return bundle_root() / "weights" / "default.pt"


class DataFolderError(UserError):
    """The per-user data folder cannot be created or written; the message names it and says what to do."""

    failure_kind = "data"


def user_data_dir() -> Path:
    """Per-user folder for trained weights, checkpoints and unpacked data, created if need be.

    Raises :class:`DataFolderError` when it cannot be: a file in its place, a name too long, a
    read-only disk. Code that only reads (predicting with the user's weights) uses
    :func:`user_data_location`, so it works without a usable data folder.
    """
    base = user_data_location()
    try:
        base.mkdir(parents=True, exist_ok=True)
        if not os.access(base, os.W_OK | os.X_OK):
            raise PermissionError(errno.EACCES, "permission denied")
    except OSError as exc:
        raise DataFolderError(QT_TRANSLATE_NOOP(
            "DataFolderError", "the data folder {folder} cannot be used: {reason}. Free it, or set {variable} "
                               "to a folder you can write to"),
            folder=base, reason=_reason(exc), variable=DATA_DIR_ENV) from None
    return base


def _reason(exc: OSError) -> Text:
    if exc.errno in (errno.EEXIST, errno.ENOTDIR):
        return Text.of(QT_TRANSLATE_NOOP("OsReason", "a file is in the way"))
    return os_reason_text(exc)


def usual_file_mode() -> int:
    """The mode a new file gets from ``open`` (0o666 less the umask); ``mkstemp`` makes its files
    owner-only, and a saved file should not be."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, fsync, rename over it: readers see the old
    file or the new one, and a failure (OSError, raised) leaves the old one and no temporary file."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp_name, usual_file_mode())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except OSError:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def user_data_location() -> Path:
    """Where the per-user data folder is, whether or not it exists (nothing is created)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        base = Path(override)
    elif sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / APP_NAME
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support" / APP_NAME
    else:
        base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / APP_NAME
    return base


def trained_weights_path() -> Path:
    """Where a finished training run saves the weights the canvas can switch to (folders are made
    when the file is written)."""
    return user_data_location() / "weights" / "trained.pt"


def checkpoint_path() -> Path:
    """The resumable checkpoint of the latest (possibly interrupted) training run."""
    return user_data_location() / "checkpoints" / "last.ckpt"


def is_file(path: Path) -> bool:
    """``path.is_file()``, but False rather than an exception for a name the system refuses (too
    long, say): such a file cannot be there."""
    try:
        return path.is_file()
    except OSError:
        return False


#: A temporary file older than this is no save in progress but one a killed process left behind.
STALE_TEMPORARY_SECONDS = 600


def render_cache_path() -> Path:
    """Where rendered training drawings are kept between runs (:mod:`.render_cache`); not created here."""
    return user_data_location() / "render-cache"


def remove_stale_temporary_files(folders: list[Path] | None = None) -> list[Path]:
    """Delete what saves killed mid-write (``kill -9``, a power cut) left beside the user's weights and
    checkpoints (``weights.atomic_torch_save`` names them ``.<name>.<random>.tmp``); returns what was
    removed. Best effort: a folder that cannot be read is skipped. Young files are kept, since another
    Digit Studio process may be writing them right now."""
    if folders is None:
        folders = [trained_weights_path().parent, checkpoint_path().parent, render_cache_path()]
    removed = []
    for folder in folders:
        try:
            candidates = list(folder.glob(".*.tmp"))
            for path in candidates:
                if time.time() - path.stat().st_mtime > STALE_TEMPORARY_SECONDS:
                    path.unlink()
                    removed.append(path)
        except OSError:
            continue
    return removed
