"""The app's QSettings, stored in the per-user data folder (tests point that folder elsewhere)."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from ..core.paths import user_data_dir


def app_settings() -> QSettings:
    """One ini file for window state and training settings, beside the user's trained weights."""
    return QSettings(str(user_data_dir() / "settings.ini"), QSettings.Format.IniFormat)
