"""How soon is the window on screen after launch, and when is the model ready?

Launches ``python -m desktop_app`` (offscreen) several times with DIGIT_STUDIO_STARTUP_REPORT=1:
the app prints the time of the window's first paint and of the model being loaded, then quits.
Times are from just before the process is started. Target: window visible in under 1.5 s.

    .venv/bin/python benchmarks/bench_startup.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET_S = 1.5


def launch_once(data_dir: str) -> dict[str, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DIGIT_STUDIO_STARTUP_REPORT": "1",
           "DIGIT_STUDIO_DATA_DIR": data_dir}
    started = time.time()
    completed = subprocess.run([sys.executable, "-m", "desktop_app"], cwd=REPO, env=env, capture_output=True,
                               text=True, timeout=60)
    events = {}
    for line in completed.stdout.splitlines():
        name, _, stamp = line.partition(" ")
        if name in ("window_shown", "model_loaded", "model_failed"):
            events[name] = float(stamp) - started
    if completed.returncode != 0 or "window_shown" not in events:
        raise RuntimeError(f"the app failed (exit {completed.returncode}):\n{completed.stdout}\n{completed.stderr}")
    return events


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    shown, loaded = [], []
    with tempfile.TemporaryDirectory(prefix="digit-studio-startup-") as data_dir:
        launch_once(data_dir)  # warm the file cache, as a second launch of an installed app would be
        for run in range(1, args.runs + 1):
            events = launch_once(data_dir)
            shown.append(events["window_shown"])
            model = events.get("model_loaded")
            if model is not None:
                loaded.append(model)
            model_text = f"{model:.3f} s" if model is not None else f"FAILED at {events['model_failed']:.3f} s"
            print(f"run {run}: window shown {events['window_shown']:.3f} s, model loaded {model_text}")
    print(f"window shown:  median {statistics.median(shown):.3f} s, max {max(shown):.3f} s "
          f"(target < {TARGET_S} s: {'ok' if max(shown) < TARGET_S else 'MISSED'})")
    if loaded:
        print(f"model loaded:  median {statistics.median(loaded):.3f} s, max {max(loaded):.3f} s")
    return 0 if max(shown) < TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
