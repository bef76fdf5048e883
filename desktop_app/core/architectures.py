"""The architectures' names and descriptions, without the networks: the settings table and the
command line's options need only these, and must not import torch (``digit-studio predict`` reads
digits without it; ``core/model.py`` builds the networks)."""

from __future__ import annotations

from .texts import QT_TRANSLATE_NOOP

#: Architecture name -> one-line description shown in the settings dialog.
ARCHITECTURE_DESCRIPTIONS: dict[str, str] = {
    "compact_cnn": QT_TRANSLATE_NOOP("Settings", "Compact CNN (default): small, fast on a CPU, accurate"),
    "quick_cnn": QT_TRANSLATE_NOOP("Settings", "Quick CNN: the compact CNN at half the width, trains in seconds"),
    "number_recognition": QT_TRANSLATE_NOOP("Settings", "NumberRecognition: the seed tutorial's 15M-parameter network"),
}
DEFAULT_ARCHITECTURE = "compact_cnn"
