"""`make screenshots` keeps working: every README picture is made from the real window."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage

from desktop_app.core.paths import shipped_weights_path


@pytest.mark.slow
@pytest.mark.skipif(not shipped_weights_path().is_file(), reason="weights/default.pt is not built yet")
def test_the_screenshots_are_made_light_and_dark(qtbot, tmp_path):
    from devtools.screenshots import SCHEMES, SIZE, shoot

    written = shoot(tmp_path)
    names = sorted(path.name for path in written)
    assert names == sorted(f"{screen}-{scheme}.png" for screen in ("first-start", "drawing", "training", "settings", "evaluation")
                           for scheme in SCHEMES)
    training = {scheme: QImage(str(tmp_path / f"training-{scheme}.png")) for scheme in SCHEMES}
    assert training["light"].size().toTuple() == SIZE
    # Dark is dark: the window's corner pixel (menu bar) is much darker than in the light picture.
    assert training["dark"].pixelColor(5, 5).lightness() + 100 < training["light"].pixelColor(5, 5).lightness()
