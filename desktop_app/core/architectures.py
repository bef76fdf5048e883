"""The architectures' names and descriptions, without the networks: the settings table and the
command line's options need only these, and must not import torch (``digit-studio predict`` reads
digits without it; ``core/model.py`` builds the networks)."""

from __future__ import annotations

#: Architecture name -> one-line description shown in the settings dialog.
ARCHITECTURE_DESCRIPTIONS: dict[str, str] = {
    "compact_cnn": "Compact CNN (default): small, fast on a CPU, accurate",
    "number_recognition": "NumberRecognition: the seed tutorial's 15M-parameter network",
}
DEFAULT_ARCHITECTURE = "compact_cnn"
