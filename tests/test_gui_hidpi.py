"""HiDPI: at 150% and 200% scaling the window paints at device resolution, not a blown-up 100% image.

Qt's scale factor is fixed when the application starts, so each factor runs in a process of its own
(offscreen, QT_SCALE_FACTOR), draws a stroke with mouse events and reports what it painted."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

CHILD = r"""
import json, sys
import numpy as np
from PySide6.QtWidgets import QApplication
from desktop_app.ui import MainWindow
from devtools import replay

app = QApplication(sys.argv[:1])
window = MainWindow()
window.resize(1000, 700)
window.show()
replay.wait_for_prediction(window, timeout_s=60)
canvas = window.canvas
y = canvas.height() // 2
replay.draw_stroke(canvas, np.array([[canvas.width() * 0.2, y - canvas.width() * 0.15], [canvas.width() * 0.8, y + canvas.width() * 0.15]]))
replay.wait_for_prediction(window)
image = canvas.grab().toImage()
column = [image.pixelColor(image.width() // 2, row).lightness() for row in range(image.height())]
paper, ink = max(column), min(column)
edge = sum(1 for value in column if ink + 0.1 * (paper - ink) < value < paper - 0.1 * (paper - ink))
icon = window.open_action.icon().pixmap(16, 16)
print(json.dumps({"ratio": canvas.devicePixelRatioF(), "logical": [canvas.width(), canvas.height()],
                  "grabbed": [image.width(), image.height()], "edge_pixels": edge,
                  "icon_ratio": icon.devicePixelRatio(), "icon_size": [icon.width(), icon.height()]}))
window.close()
"""


@pytest.mark.parametrize("factor", ["1.5", "2"])
def test_the_canvas_and_icons_paint_at_device_resolution(factor, tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_SCALE_FACTOR=factor,
               DIGIT_STUDIO_DATA_DIR=str(tmp_path / "data"))
    done = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, timeout=180,
                          cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    ratio = float(factor)
    assert report["ratio"] == ratio
    width, height = report["logical"]
    grabbed = report["grabbed"]  # device pixels, not logical ones (Qt rounds a half pixel up)
    assert abs(grabbed[0] - width * ratio) <= 1 and abs(grabbed[1] - height * ratio) <= 1
    # A stroke painted at device resolution has a one- or two-pixel soft edge on each side; a 100%
    # image scaled up would have about `ratio` times more.
    assert 1 <= report["edge_pixels"] <= 3, report
    assert report["icon_ratio"] == ratio and report["icon_size"] == [round(16 * ratio)] * 2, report
