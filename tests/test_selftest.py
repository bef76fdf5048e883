"""The build check (``digit-studio --self-test``) passes from the source checkout, as it must in a bundle."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def test_self_test_draws_reads_and_trains_from_the_panel(tmp_path):
    # In Chinese, as the bundle's smoke test runs it: the catalogues load from the checkout too.
    env = {**os.environ, "DIGIT_STUDIO_DATA_DIR": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen",
           "DIGIT_STUDIO_LANG": "zh_CN"}
    report_file = tmp_path / "report.json"
    proc = subprocess.run([sys.executable, "-m", "desktop_app", "--self-test", "--self-test-report", str(report_file)],
                          cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300)
    report = json.loads(report_file.read_text(encoding="utf-8"))
    assert proc.returncode == 0 and report["ok"], report
    assert report["predictions"] == {"1": "1", "7": "7"}
    assert report["language"] == "zh_CN" and report["checks"]["speaks_chosen_language"], report
    assert report["checks"]["training_panel_built"] and report["checks"]["gui_training_completed"]
    assert report["gui_training"]["chart_points"] == report["gui_training"]["batches"] >= 3
    # Neither run touched the user's own trained weights, checkpoint, or left scratch files.
    # MNIST unpacked and, from a checkout (a bundle caches nothing), the rendered drawings are caches
    # that a real run reuses.
    leftovers = sorted(p.name for p in (tmp_path / "data").iterdir() if p.name != "render-cache")
    assert leftovers == ["datasets", "settings.ini"], leftovers
