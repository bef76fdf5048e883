"""Soak: one app process used for a long time as a busy user would, looking for crashes, errors,
memory growth and stalls that short tests never reach.

Each cycle, in the real MainWindow (offscreen): start a short training run from the panel (the default
preset on a training subset) and, while it trains, draw real pen digits (UCI pendigits) stroke by
stroke at a person's pace (the event loop runs between mouse moves and strokes); pause it, draw, resume it, draw, stop it; resume the stopped run to its end; switch the canvas
to the new weights and back to the shipped ones; open and paste MNIST digits as PNG files, with a
pause between the steps as a user's clicks have. A 5 ms precise timer records the event loop's
gaps throughout (:class:`devtools.stall_probe.StallProbe`), summed into a fixed-size histogram so
that measuring does not itself grow the process.

Reported: cycles, errors (any run that failed, any message in the message bar, any exception),
resident memory after each cycle (growth is measured from the end of the first cycle, when every
import, the model and the chart exist), the stall percentiles over the whole run and the worst
cycle's p99. ``--trace-memory`` adds tracemalloc's biggest growths since the first cycle (slower).
Requirement (30 minutes): no crash, no error, memory growth <= 50 MB, p99 stall < 50 ms.

    .venv/bin/python benchmarks/soak.py [--minutes 30] [--subset 6000] [--trace-memory]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TICK_MS = 5
STALL_LIMIT_MS = 50.0
MEMORY_LIMIT_MB = 50.0


def resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


class Soak:
    def __init__(self, subset: int, folder: Path) -> None:
        import numpy as np
        from PySide6.QtGui import QImage
        from PySide6.QtWidgets import QApplication

        from desktop_app.core.data import read_idx
        from desktop_app.core.paths import resource_path
        from desktop_app.core.settings import TrainingSettings
        from desktop_app.ui.main_window import MainWindow
        from devtools import replay
        from devtools.stall_probe import StallHistogram, StallProbe
        from devtools.unipen import PENDIGITS_PATH, read_pendigits

        self.np, self.replay, self.QImage = np, replay, QImage
        self.app = QApplication.instance() or QApplication(sys.argv[:1])
        self.window = MainWindow()
        self.window.resize(1100, 760)
        self.window.show()
        replay.wait_for_prediction(self.window, timeout_s=60)
        while self.window.training_panel is None:  # built once torch has loaded, in the background
            replay.run_for(0.05)
        self.panel = self.window.training_panel
        self.settings = TrainingSettings(train_subset=subset, epochs=2, device="cpu")
        self.digits = read_pendigits(PENDIGITS_PATH)
        images = read_idx(resource_path("mnist") / "t10k-images-idx3-ubyte.gz")[:20]
        self.pngs = replay.write_mnist_pngs(images, folder)
        self.rng = np.random.default_rng(0)
        self.errors: list[str] = []
        self.result = None  # the last run's result only: a list of them would grow by itself
        self.panel.run_finished.connect(self._on_run_finished)
        self.probe = StallProbe(TICK_MS)
        self.stalls = StallHistogram()
        self.cycle_p99_ms: list[float] = []
        self.worst_stall_by_step: dict[str, float] = {}
        self._step, self._cycle_gaps = "start", []
        self.probe.start()
        self._digit = 0

    def _on_run_finished(self, result) -> None:
        self.result = result

    def draw(self, count: int = 1) -> None:
        for _ in range(count):
            digit = self.digits[self._digit % len(self.digits)]
            self._digit += 1
            self.replay.draw_digit_in_real_time(self.window, digit.strokes, self.rng)

    def click_pause(self) -> None:
        """The time between two clicks, when the event loop is free."""
        self.replay.run_for(0.3)

    def step(self, name: str) -> None:
        """Attribute the gaps since the last step to that step (to tell which one stalls), start ``name``."""
        gaps = self.probe.take()
        self.stalls.add(gaps)
        self._cycle_gaps.append(gaps)
        if len(gaps):
            worst = self.worst_stall_by_step.get(self._step, 0.0)
            self.worst_stall_by_step[self._step] = max(worst, float(gaps.max()))
        self._step = name

    def end_cycle(self) -> None:
        self.step("between cycles")
        gaps = self.np.concatenate(self._cycle_gaps)
        self._cycle_gaps = []
        self.cycle_p99_ms.append(float(self.np.percentile(gaps, 99)) if len(gaps) else 0.0)

    def check_message(self, during: str) -> None:
        if self.window.message():
            self.errors.append(f"{during}: {self.window.message()}")
            self.window.message_bar.hide()

    def wait_for_run(self, timeout_s: float = 600) -> object:
        deadline = time.monotonic() + timeout_s
        while self.panel.is_running and time.monotonic() < deadline:
            self.draw()
        while self.panel.is_running and time.monotonic() < deadline:
            self.replay.run_for(0.05)
        return self.result

    def cycle(self) -> None:
        self.result = None
        self.step("start a run, draw")
        self.panel.start_training(self.settings)
        self.draw(3)
        self.step("pause, draw")
        self.panel.toggle_pause()
        self.draw(2)
        self.step("resume, draw")
        self.panel.toggle_pause()
        self.draw(3)
        self.step("stop, draw")
        self.panel.request_stop()
        result = self.wait_for_run()
        if result is None or result.status not in ("stopped", "completed"):
            self.errors.append(f"stopped run: {getattr(result, 'failure', None)}")
        if result is not None and result.status == "stopped":
            self.click_pause()
            self.step("resume the stopped run, draw")
            self.result = None
            self.panel.resume_last_run()
            result = self.wait_for_run()
            if result is None or result.status != "completed":
                self.errors.append(f"resumed run: {getattr(result, 'failure', None)}")
        self.switch_weights(result)
        self.open_images()
        self.check_message("cycle")

    def switch_weights(self, result) -> None:
        if result is not None and result.weights_path is not None:
            self.step("use the new weights, draw")
            if not self.window.use_weights(result.weights_path):
                self.errors.append("use the new weights")
            self.draw(2)
        self.click_pause()
        self.step("back to the shipped weights")
        if not self.window.use_shipped_weights():
            self.errors.append("back to the shipped weights")

    def open_images(self) -> None:
        self.step("open images")
        for path in self.pngs[:5]:
            if not self.window.open_image_file(path):
                self.errors.append(f"open {path.name}")
            self.replay.wait_for_prediction(self.window)
            self.click_pause()
        self.step("paste an image")
        self.app.clipboard().setImage(self.QImage(str(self.pngs[5])))
        if not self.window.paste_image():
            self.errors.append("paste an image")
        self.replay.wait_for_prediction(self.window)
        self.window.clear_action.trigger()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--subset", type=int, default=6000, help="training samples per run (default 6000)")
    parser.add_argument("--trace-memory", action="store_true", help="report tracemalloc's growth since cycle 1")
    args = parser.parse_args()
    from desktop_app.runtime import prepare_process

    prepare_process()
    with tempfile.TemporaryDirectory(prefix="digit-studio-soak-") as folder:
        os.environ["DIGIT_STUDIO_DATA_DIR"] = str(Path(folder) / "data")
        soak = Soak(args.subset, Path(folder) / "pngs")
        memory = run_cycles(soak, args.minutes, args.trace_memory)
        soak.probe.stop()
        soak.window.close()
    return report(soak, memory, args.minutes)


def run_cycles(soak: Soak, minutes: float, trace_memory: bool) -> list[float]:
    started = time.monotonic()
    memory: list[float] = []
    first_snapshot = None
    reported = 0
    while time.monotonic() - started < minutes * 60:
        try:
            soak.cycle()
        except Exception as exc:  # a soak reports what broke rather than stopping at it
            soak.errors.append(f"{type(exc).__name__}: {exc}")
        soak.end_cycle()
        for error in soak.errors[reported:]:  # as they happen: a run cut short still says what broke
            print(f"  error: {error}", flush=True)
        reported = len(soak.errors)
        memory.append(resident_mb())
        print(f"cycle {len(memory):3d}  {time.monotonic() - started:7.0f} s  RSS {memory[-1]:7.1f} MB  "
              f"p99 stall {soak.cycle_p99_ms[-1]:5.1f} ms  errors {len(soak.errors)}", flush=True)
        if trace_memory:
            first_snapshot = trace_memory_growth(first_snapshot)
    return memory


def trace_memory_growth(first_snapshot):
    """Start tracing after the first cycle; after each later one, print the biggest growths since."""
    import tracemalloc

    if first_snapshot is None:
        tracemalloc.start(12)
        return tracemalloc.take_snapshot()
    snapshot = tracemalloc.take_snapshot()
    stats = snapshot.compare_to(first_snapshot, "traceback")
    print(f"  traced growth {sum(stat.size_diff for stat in stats) / 2**20:.2f} MB; biggest:")
    for stat in stats[:5]:
        print(f"    {stat.size_diff / 1024:8.1f} kB  {stat.count_diff:+6d} blocks")
        for line in stat.traceback.format(limit=6)[-12:]:
            print(f"        {line}")
    return first_snapshot


def report(soak: Soak, memory: list[float], minutes: float) -> int:
    growth = max(memory[1:], default=memory[0]) - memory[0]
    stalls = soak.stalls
    p99, worst_cycle_p99 = stalls.percentile(99), max(soak.cycle_p99_ms)
    print(f"\n{len(memory)} cycles in {minutes:g} min; errors: {len(soak.errors)}")
    for error in soak.errors[:20]:
        print(f"  {error}")
    print(f"memory: {memory[0]:.1f} MB after the first cycle, max {max(memory):.1f} MB, last {memory[-1]:.1f} MB: "
          f"growth {growth:.1f} MB (limit {MEMORY_LIMIT_MB:.0f})")
    print(f"event-loop stalls: p50 {stalls.percentile(50):.1f} / p99 {p99:.1f} / max {stalls.max_ms:.1f} ms; "
          f"worst cycle's p99 {worst_cycle_p99:.1f} ms; {stalls.over(STALL_LIMIT_MS)} of {stalls.total} gaps "
          f"over {STALL_LIMIT_MS:.0f} ms")
    print("worst stall by step: " + ", ".join(
        f"{name} {worst:.0f} ms" for name, worst in sorted(soak.worst_stall_by_step.items(), key=lambda item: -item[1])))
    ok = not soak.errors and growth <= MEMORY_LIMIT_MB and worst_cycle_p99 < STALL_LIMIT_MS
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
