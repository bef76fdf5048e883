"""How fast the evaluation view opens and fills for the shipped model, and whether the window stays
responsive while it computes.

Each repeat is a fresh process with an empty data folder (no cached report), as a user's first
evaluation would be: the real MainWindow (offscreen), model loaded, then Model > Evaluate Model is
triggered and timed:

* first paint: from the trigger to the first paint of ``evaluationView`` (progress showing);
* full result: from the trigger to the first paint after the report arrived (all 10,000 test images
  read, matrix, bars and galleries filled);
* stall: a 2 ms heartbeat QTimer records the gaps between its ticks from the view's first paint to
  the full result, while the 10,000 images are read; a gap minus 2 ms is how long the event loop
  could not run. Requirement: max <= 50 ms. Opening the dialog (importing its module, building and
  laying out its widgets, its first paint) is one block of GUI work before that, reported apart as
  "opening: longest stall" (it is part of the time to first paint);
* idle window: the same heartbeat for 3 s before, with nothing to do: what the machine alone costs;
* cached: the view closed and opened again, which reads the report from the model's cache.

    .venv/bin/python benchmarks/bench_evaluation_view.py [--repeats 3]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

HEARTBEAT_MS = 2
STALL_LIMIT_MS = 50.0


def wait(app, condition, timeout_s: float = 300.0) -> None:
    deadline = time.perf_counter() + timeout_s
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("gave up waiting")
        app.processEvents()
        time.sleep(0.001)


def start_heartbeat(ticks: list[float]):
    """A started ``HEARTBEAT_MS`` precise timer appending the time of each tick to ``ticks`` (absolute
    times, unlike devtools.stall_probe's gaps: the stalls are matched with the paints)."""
    from PySide6.QtCore import Qt, QTimer

    heartbeat = QTimer()
    heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
    heartbeat.setInterval(HEARTBEAT_MS)
    heartbeat.timeout.connect(lambda: ticks.append(time.perf_counter()))
    heartbeat.start()
    return heartbeat


def open_and_time(app, window, paints: list[float]) -> tuple[float, float, float, list[float]]:
    """Trigger Evaluate Model; returns the trigger time, first paint, full result (absolute) and the ticks."""
    ticks: list[float] = []
    heartbeat = start_heartbeat(ticks)
    wait(app, lambda: len(ticks) >= 5)
    shown_at: list[float] = []
    paints.clear()
    started = time.perf_counter()
    window.model_tools.actions["showEvaluation"].trigger()
    view = window.model_tools.evaluation_view
    def on_shown(_report) -> None:
        shown_at.append(time.perf_counter())

    view.report_shown.connect(on_shown)
    wait(app, lambda: paints)
    first_paint = paints[0]
    wait(app, lambda: view.report is not None)
    reported = shown_at[-1] if shown_at else time.perf_counter()
    wait(app, lambda: any(t > reported for t in paints))
    full = next(t for t in paints if t > reported)
    heartbeat.stop()
    view.report_shown.disconnect(on_shown)
    return started, first_paint, full, [t for t in ticks if started <= t <= full]


def idle_stalls(app, seconds: float = 3.0) -> list[float]:
    """The heartbeat's gaps with nothing to do: what the shared machine alone costs the event loop."""
    ticks: list[float] = []
    heartbeat = start_heartbeat(ticks)
    end = time.perf_counter() + seconds
    wait(app, lambda: time.perf_counter() > end)
    heartbeat.stop()
    return [(b - a) * 1000 - HEARTBEAT_MS for a, b in zip(ticks[:-1], ticks[1:], strict=True)]


def child() -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop_app.runtime import prepare_process

    prepare_process()
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    from desktop_app.ui import MainWindow
    from devtools import replay

    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = MainWindow()
    window.resize(1200, 900)
    window.show()
    wait(app, lambda: window.model_ready, 120)
    replay.wait_for_prediction(window)
    paints: list[float] = []

    class PaintSpy(QObject):
        def eventFilter(self, watched, event) -> bool:
            if event.type() == QEvent.Type.Paint and watched.objectName() == "evaluationView":
                paints.append(time.perf_counter())
            return False

    spy = PaintSpy()
    app.installEventFilter(spy)
    collections: list[tuple[float, int, float]] = []  # when, generation, ms: what the stalls coincide with
    gc_started: list[float] = []

    def on_gc(phase: str, info: dict) -> None:
        if phase == "start":
            gc_started[:] = [time.perf_counter()]
        elif gc_started:
            collections.append((gc_started[0], info["generation"], (time.perf_counter() - gc_started[0]) * 1000))

    gc.callbacks.append(on_gc)
    idle = idle_stalls(app)
    started, first_paint, full, ticks = open_and_time(app, window, paints)
    gaps = [(a, (b - a) * 1000 - HEARTBEAT_MS) for a, b in zip(ticks[:-1], ticks[1:], strict=True)]
    # The gap in which the first paint began is the opening's; every later one falls while it computes.
    stalls = [gap for begun, gap in gaps if begun >= first_paint]
    opening = max((gap for begun, gap in gaps if begun < first_paint), default=0.0)
    if os.environ.get("BENCH_STALL_DETAIL"):
        worst = sorted(gaps, key=lambda item: -item[1])[:8]
        print([(round((begun - started) * 1000), round(gap, 1)) for begun, gap in worst], file=sys.stderr)
        print("collections over 10 ms:", [(round((t - started) * 1000), g, round(ms, 1))
                                          for t, g, ms in collections if ms > 10], file=sys.stderr)
    window.model_tools.evaluation_view.close()
    cached_start, _first, cached_full, _ticks = open_and_time(app, window, paints)
    result = {
        "first_paint_ms": (first_paint - started) * 1000, "full_result_ms": (full - started) * 1000,
        "stall_max_ms": max(stalls), "opening_stall_ms": opening, "stall_p99_ms": float(np.percentile(stalls, 99)),
        "ticks": len(ticks), "cached_full_result_ms": (cached_full - cached_start) * 1000,
        "from_cache": window.model_tools.evaluation_view.result.from_cache, "idle_stall_max_ms": max(idle),
        "idle_stall_p99_ms": float(np.percentile(idle, 99)),
    }
    window.close()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child()))
        return 0
    runs = []
    for _ in range(args.repeats):
        with tempfile.TemporaryDirectory() as data_dir:
            env = {**os.environ, "DIGIT_STUDIO_DATA_DIR": data_dir, "QT_QPA_PLATFORM": "offscreen"}
            out = subprocess.run([sys.executable, __file__, "--child"], env=env, capture_output=True, text=True,
                                 timeout=900, check=True)
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    for key, label in (("first_paint_ms", "first paint"), ("full_result_ms", "full result (10,000 images)"),
                       ("cached_full_result_ms", "full result again (cache)"), ("stall_p99_ms", "stall p99"),
                       ("stall_max_ms", "stall max"), ("opening_stall_ms", "opening: longest stall"), ("idle_stall_p99_ms", "idle window: stall p99"),
                       ("idle_stall_max_ms", "idle window: stall max")):
        values = [run[key] for run in runs]
        print(f"{label:<30} median {np.median(values):8.1f} ms   runs: "
              + ", ".join(f"{v:.1f}" for v in values))
    worst = max(run["stall_max_ms"] for run in runs)
    ok = worst <= STALL_LIMIT_MS and all(run["from_cache"] for run in runs)
    print(f"event loop stall max {worst:.1f} ms (limit {STALL_LIMIT_MS:.0f} ms): {'OK' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
