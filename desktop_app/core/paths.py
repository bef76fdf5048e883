"""Where the app finds what it ships and where it writes what it makes.

One helper serves both a source checkout and a PyInstaller bundle (``sys._MEIPASS``). The app never
writes next to itself: user files go to the per-user data folder, the same one Qt's
``QStandardPaths.AppLocalDataLocation`` names, computed here without Qt so the CLI can use it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

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


def user_data_dir() -> Path:
    """Per-user folder for trained weights, checkpoints and unpacked data (created on demand)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        base = Path(override)
    elif sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / APP_NAME
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support" / APP_NAME
    else:
        base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / APP_NAME
    base.mkdir(parents=True, exist_ok=True)
    return base


def trained_weights_path() -> Path:
    """Where a finished training run saves the weights the canvas can switch to."""
    return user_data_dir() / "weights" / "trained.pt"


def checkpoint_path() -> Path:
    """The resumable checkpoint of the latest (possibly interrupted) training run."""
    return user_data_dir() / "checkpoints" / "last.ckpt"
