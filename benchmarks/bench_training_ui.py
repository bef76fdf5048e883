"""Does training from the GUI keep the window responsive, and does it train as fast as headless?

Each run is a fresh process, as a user's would be, and runs the default preset (or ``--preset``)
for ``--batches`` batches (one epoch of a training subset, then its validation and test passes):

* headless: what ``digit-studio train`` does (its start-up, then the core Trainer on the main thread
  with torch's default thread count), without the progress bar;
* gui-speed: the real MainWindow, shown (offscreen), model loaded, training started from its panel
  with the worker thread's torch thread count (``--threads``; the panel's own choice by default);
* gui: the same, while a 5 ms QTimer records the gaps between its ticks (a gap is how long the
  event loop could not run) and real pen digits (UCI pendigits) are drawn on the canvas all along,
  each stroke timed from mouse release to the prediction shown. The probe and the drawing take CPU
  from the training, so speed is compared on the gui-speed runs.

The three kinds take turns, ``--repeats`` times; the machine is shared, so compare medians.
Requirement: stalls p99 <= 50 ms, predictions keep coming while training, and the GUI's median
samples/s >= 90% of headless.

    .venv/bin/python benchmarks/bench_training_ui.py [--batches 150] [--repeats 3] [--threads 1 2] [--preset quick]

``DIGIT_STUDIO_TUNE_MALLOC=0`` in the environment runs every kind with glibc's default malloc.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TICK_MS = 5
STALL_LIMIT_MS = 50.0
SPEED_TOLERANCE = 0.10
MOVE_INTERVAL_S = 0.008
STROKE_PAUSE_S = 0.15
CHILD_TIMEOUT_S = 600


# ------------------------------------------------------------------------------------------ children
#: The preset the runs train (``--preset``; "fast", the default preset, unless told).
PRESET = "fast"


def bench_settings(batches: int):
    from desktop_app.core.settings import PRESETS

    base = PRESETS[PRESET].settings
    return base.with_changes(epochs=1, device="cpu", train_subset=batches * base.batch_size)


def child_headless(batches: int) -> dict:
    from desktop_app.runtime import prepare_process

    prepare_process()  # as `digit-studio train` starts
    import torch

    from desktop_app.core.training import Callback, Trainer

    class LastProgress(Callback):
        last = None

        def on_batch_end(self, trainer, progress) -> None:
            self.last = progress

    listener = LastProgress()
    started = time.perf_counter()
    result = Trainer(bench_settings(batches), [listener]).fit()
    assert result.status == "completed", result.failure
    return {"kind": "headless", "threads": torch.get_num_threads(),
            "samples_per_s": listener.last.samples_per_second, "wall_s": time.perf_counter() - started}


def child_gui(batches: int, probe: bool) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop_app.runtime import prepare_process

    prepare_process()  # as the app starts (digit-studio with no command)
    import numpy as np
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.training_worker import gui_training_threads
    from devtools import replay
    from devtools.stall_probe import StallProbe
    from devtools.unipen import PENDIGITS_PATH, read_pendigits

    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = MainWindow()
    window.resize(1100, 760)
    window.show()
    replay.wait_for_prediction(window, timeout_s=60)  # model loaded (its ONNX twin: torch may still be loading)
    while window.training_panel is None:  # built once torch has loaded, in the background
        replay.run_for(0.05)
    panel = window.training_panel
    last, outcome = {}, {}
    panel.progress_changed.connect(lambda progress: last.__setitem__("progress", progress))
    panel.run_finished.connect(lambda result: outcome.__setitem__("result", result))

    probe_timer = StallProbe(TICK_MS)
    latencies_ms: list[float] = []

    digits = read_pendigits(PENDIGITS_PATH) if probe and PENDIGITS_PATH.is_file() else []
    rng = np.random.default_rng(0)
    started = time.perf_counter()
    if probe:
        probe_timer.start()
    panel.start_training(bench_settings(batches))
    if digits:
        index = 0
        while "result" not in outcome:
            latencies_ms += replay.draw_digit_in_real_time(window, digits[index % len(digits)].strokes, rng,
                                                           MOVE_INTERVAL_S, STROKE_PAUSE_S)
            index += 1
    else:
        loop = QEventLoop()
        panel.run_finished.connect(loop.quit)
        if "result" not in outcome:
            loop.exec()  # a real event loop, as in the app, until the run's thread has finished
    probe_timer.stop()
    wall = time.perf_counter() - started
    result = outcome["result"]
    assert result.status == "completed", result.failure
    assert panel.chart.point_count == len(result.history["batch_loss"]), "the chart lost losses"
    window.close()
    app.processEvents()
    run = {"kind": "gui" if probe else "gui-speed", "threads": gui_training_threads(),
           "samples_per_s": last["progress"].samples_per_second, "wall_s": wall}
    if probe:
        gaps = probe_timer.gaps()
        run.update(p50=float(np.percentile(gaps, 50)), p99=float(np.percentile(gaps, 99)), max=float(gaps.max()),
                   over_limit=int((gaps > STALL_LIMIT_MS).sum()), ticks=len(gaps), strokes=len(latencies_ms),
                   latency_p50=float(np.percentile(latencies_ms, 50)) if latencies_ms else float("nan"),
                   latency_max=max(latencies_ms, default=float("nan")))
    return run


# -------------------------------------------------------------------------------------------- parent
def spawn(kind: str, batches: int, threads: int | None) -> dict:
    env = dict(os.environ)
    if threads is not None:
        env["OMP_NUM_THREADS"] = str(threads)  # the panel honours it, as it would for a user who set it
    # Never touch the user's trained weights, checkpoint or settings.
    with tempfile.TemporaryDirectory(prefix="digit-studio-bench-") as data_dir:
        env["DIGIT_STUDIO_DATA_DIR"] = data_dir
        try:
            completed = subprocess.run([sys.executable, __file__, "--child", kind, "--batches", str(batches),
                                        "--preset", PRESET],
                                       env=env, capture_output=True, text=True, check=False, timeout=CHILD_TIMEOUT_S)
        except subprocess.TimeoutExpired as exc:  # a hang is a finding, not something to wait out
            raise SystemExit(f"{kind} run did not finish in {CHILD_TIMEOUT_S} s:\n{exc.stdout}\n{exc.stderr}") from None
    lines = [line for line in completed.stdout.splitlines() if line.startswith("{")]
    if completed.returncode != 0 or not lines:
        raise SystemExit(f"{kind} run failed:\n{completed.stdout}\n{completed.stderr}")
    return json.loads(lines[-1])


def describe(run: dict) -> str:
    text = f"{run['kind']:9s} threads={run['threads']}  {run['samples_per_s']:7.0f} samples/s  ({run['wall_s']:.1f} s)"
    if run["kind"] == "gui":
        text += (f"  stalls p50 {run['p50']:.1f} / p99 {run['p99']:.1f} / max {run['max']:.1f} ms"
                 f" ({run['over_limit']} of {run['ticks']} > {STALL_LIMIT_MS:.0f} ms);"
                 f"  {run['strokes']} strokes read while training, release -> prediction"
                 f" p50 {run['latency_p50']:.0f} / max {run['latency_max']:.0f} ms")
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", type=int, default=150, help="training batches (default 150)")
    parser.add_argument("--preset", default="fast", help="the preset to train (default: fast, the default)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, nargs="+", help="GUI worker torch threads (default: the panel's choice)")
    parser.add_argument("--child", choices=["headless", "gui", "gui-speed"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    global PRESET
    PRESET = args.preset
    if args.child == "headless":
        print(json.dumps(child_headless(args.batches)))
        return 0
    if args.child:
        print(json.dumps(child_gui(args.batches, probe=args.child == "gui")))
        return 0

    import numpy as np

    from desktop_app.runtime.allocator import user_chose_malloc_settings
    from desktop_app.ui.training_worker import gui_training_threads

    chosen = gui_training_threads()
    thread_counts = args.threads or [None]
    malloc = "glibc defaults" if user_chose_malloc_settings() else "tuned (desktop_app/runtime/allocator.py)"
    print(f"{os.cpu_count()} CPUs; preset {PRESET}, {args.batches} batches, 1 epoch; {args.repeats} repeats; "
          f"malloc {malloc}", flush=True)
    runs: list[dict] = []
    for _ in range(args.repeats):
        runs.append(spawn("headless", args.batches, None))
        print(describe(runs[-1]), flush=True)
        for threads in thread_counts:
            for kind in ("gui-speed", "gui"):
                runs.append(spawn(kind, args.batches, threads))
                print(describe(runs[-1]), flush=True)

    print("\nMedians:")
    groups: dict[tuple[str, int], list[dict]] = {}
    for run in runs:
        groups.setdefault((run["kind"], run["threads"]), []).append(run)
    headless = float(np.median([r["samples_per_s"] for r in runs if r["kind"] == "headless"]))
    ok = True
    for (kind, threads), group in groups.items():
        speed = float(np.median([r["samples_per_s"] for r in group]))
        line = f"{kind:9s} threads={threads}  {speed:6.0f} samples/s"
        if kind == "gui-speed":
            fast = speed / headless >= 1 - SPEED_TOLERANCE
            line += f"  = {speed / headless:.0%} of headless  [{'ok' if fast else 'FAIL'}]"
            ok = ok and (fast or threads != chosen)
        elif kind == "gui":
            p99, worst = max(r["p99"] for r in group), max(r["max"] for r in group)
            live = all(r["strokes"] > 0 for r in group)
            smooth = p99 <= STALL_LIMIT_MS
            line += (f"  stalls: worst p99 {p99:.1f} ms, worst max {worst:.1f} ms  [{'ok' if smooth else 'FAIL'}]"
                     f"  live predictions [{'ok' if live else 'FAIL'}]")
            ok = ok and ((smooth and live) or threads != chosen)
        if kind != "headless" and threads == chosen:
            line += "  <- the panel's choice"
        print(line)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
