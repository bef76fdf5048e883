"""The app's QSettings, stored in the per-user data folder (tests point that folder elsewhere)."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from ..core.paths import user_data_location


def app_settings() -> QSettings:
    """One ini file for window state and training settings, beside the user's trained weights."""
    # The location only: QSettings creates the folder when it writes, and a data folder that
    # cannot be used must not stop the window from opening (it only loses the settings).
    return QSettings(str(user_data_location() / "settings.ini"), QSettings.Format.IniFormat)
