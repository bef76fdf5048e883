"""How soon after launch does the window read a drawn digit, and how long does ``digit-studio predict`` take?

App: launches ``python -m desktop_app`` (offscreen) several times with DIGIT_STUDIO_STARTUP_REPORT=1.
The app prints when the window was first painted, when the model could read digits (through its
ONNX twin with onnxruntime), when a "1" drawn on the canvas with mouse events the moment the window
was painted was read and shown, and when PyTorch was loaded for training; then it quits. Times are
from just before the process is started. Targets: window visible in under 1.5 s; the drawn digit's
reading on screen at most 0.5 s after launch (median).

CLI: ``python -m desktop_app predict IMAGE`` on an MNIST test digit, wall time of the whole process
(start-up included), through the shipped weights' ONNX twin; and, for comparison, with a copy of the
same weights that has no twin (read with PyTorch, as every model was before twins). Target: at most
0.5 s (median). Each figure is the median of ``--runs`` fresh processes after one warm-up launch.

    .venv/bin/python benchmarks/bench_startup.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WINDOW_TARGET_S = 1.5
FIRST_PREDICTION_TARGET_S = 0.5
PREDICT_TARGET_S = 0.5
EVENTS = ("window_shown", "model_loaded", "first_prediction", "torch_ready", "model_failed", "torch_failed")


def launch_once(data_dir: str) -> dict[str, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DIGIT_STUDIO_STARTUP_REPORT": "1",
           "DIGIT_STUDIO_DATA_DIR": data_dir}
    started = time.time()
    completed = subprocess.run([sys.executable, "-m", "desktop_app"], cwd=REPO, env=env, capture_output=True,
                               text=True, timeout=60)
    events = {}
    for line in completed.stdout.splitlines():
        name, _, stamp = line.partition(" ")
        if name in EVENTS:
            events[name] = float(stamp) - started
    if completed.returncode != 0 or "first_prediction" not in events:
        raise RuntimeError(f"the app failed (exit {completed.returncode}):\n{completed.stdout}\n{completed.stderr}")
    return events


def predict_once(data_dir: str, image: Path, weights: Path | None = None) -> float:
    env = {**os.environ, "DIGIT_STUDIO_DATA_DIR": data_dir}
    command = [sys.executable, "-m", "desktop_app", "predict", str(image)]
    if weights is not None:
        command += ["--weights", str(weights)]
    started = time.perf_counter()
    completed = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    elapsed = time.perf_counter() - started
    if completed.returncode != 0:
        raise RuntimeError(f"predict failed (exit {completed.returncode}):\n{completed.stderr}")
    return elapsed


def write_test_digit(folder: Path) -> Path:
    """An MNIST test digit as people have pictures: black ink on white, enlarged."""
    from PIL import Image

    from desktop_app.core.data import read_idx
    from desktop_app.core.paths import resource_path

    digit = 255 - read_idx(resource_path("mnist") / "t10k-images-idx3-ubyte.gz")[0]
    path = folder / "digit.png"
    Image.fromarray(digit).resize((112, 112)).save(path)
    return path


def verdict(values: list[float], target: float) -> str:
    return f"target <= {target} s: {'ok' if statistics.median(values) <= target else 'MISSED'}"


def bench_app(data_dir: str, runs: int) -> dict[str, list[float]]:
    launch_once(data_dir)  # warm the file cache, as a second launch of an installed app would be
    series: dict[str, list[float]] = {name: [] for name in ("window_shown", "model_loaded", "first_prediction",
                                                             "torch_ready")}
    for run in range(1, runs + 1):
        events = launch_once(data_dir)
        for name, values in series.items():
            if name in events:
                values.append(events[name])
        print(f"run {run}: window shown {events['window_shown']:.3f} s, model ready {events['model_loaded']:.3f} s, "
              f"drawn digit read {events['first_prediction']:.3f} s, torch loaded "
              f"{events.get('torch_ready', float('nan')):.3f} s")
    return series


def bench_predict(folder: Path, data_dir: str, runs: int) -> tuple[list[float], list[float]]:
    from desktop_app.core.paths import shipped_weights_path

    image = write_test_digit(folder)
    twinless = folder / "twinless.pt"  # outside the library and without a twin: read with PyTorch
    shutil.copyfile(shipped_weights_path(), twinless)
    predict_once(data_dir, image)
    onnx = [predict_once(data_dir, image) for _ in range(runs)]
    predict_once(data_dir, image, twinless)
    torch_times = [predict_once(data_dir, image, twinless) for _ in range(runs)]
    print("predict, onnxruntime (the shipped twin): " + ", ".join(f"{t:.3f}" for t in onnx) + " s")
    print("predict, PyTorch (weights without a twin): " + ", ".join(f"{t:.3f}" for t in torch_times) + " s")
    return onnx, torch_times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="digit-studio-startup-") as scratch:
        data_dir = str(Path(scratch) / "data")
        series = bench_app(data_dir, args.runs)
        onnx, torch_times = bench_predict(Path(scratch), data_dir, args.runs)
    shown, first = series["window_shown"], series["first_prediction"]
    print(f"window shown:      median {statistics.median(shown):.3f} s, max {max(shown):.3f} s "
          f"(target < {WINDOW_TARGET_S} s: {'ok' if max(shown) < WINDOW_TARGET_S else 'MISSED'})")
    print(f"model ready:       median {statistics.median(series['model_loaded']):.3f} s (onnxruntime)")
    print(f"drawn digit read:  median {statistics.median(first):.3f} s, max {max(first):.3f} s "
          f"({verdict(first, FIRST_PREDICTION_TARGET_S)})")
    if series["torch_ready"]:
        print(f"torch loaded:      median {statistics.median(series['torch_ready']):.3f} s (training panel)")
    print(f"predict IMAGE:     median {statistics.median(onnx):.3f} s ({verdict(onnx, PREDICT_TARGET_S)}); "
          f"with PyTorch {statistics.median(torch_times):.3f} s")
    ok = (max(shown) < WINDOW_TARGET_S and statistics.median(first) <= FIRST_PREDICTION_TARGET_S
          and statistics.median(onnx) <= PREDICT_TARGET_S)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
