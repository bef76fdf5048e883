"""Soak: one app process used for a long time as a busy user would, looking for crashes, errors,
memory growth and stalls that short tests never reach.

Each cycle, in the real MainWindow (offscreen): start a short training run from the panel (the default
preset on a training subset) and, while it trains, draw real pen digits (UCI pendigits) stroke by
stroke; pause it, draw, resume it, draw, stop it; resume the stopped run to its end; switch the canvas
to the new weights and back to the shipped ones; open and paste MNIST digits as PNG files. A 5 ms
QTimer records the event loop's gaps throughout.

Reported: cycles, errors (any run that failed, any message in the message bar, any exception),
resident memory after each cycle (growth is measured from the end of the first cycle, when every
import, the model and the chart exist), and the stall percentiles.
Requirement (30 minutes): no crash, no error, memory growth <= 50 MB, p99 stall < 50 ms.

    .venv/bin/python benchmarks/soak.py [--minutes 30] [--subset 6000]
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
        from PySide6.QtCore import QElapsedTimer, Qt, QTimer
        from PySide6.QtGui import QImage
        from PySide6.QtWidgets import QApplication

        from desktop_app.core.data import read_idx
        from desktop_app.core.paths import resource_path
        from desktop_app.core.settings import TrainingSettings
        from desktop_app.ui.main_window import MainWindow
        from devtools import replay
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
        self.results: list = []
        self.panel.run_finished.connect(self.results.append)
        self.gaps_ms: list[float] = []
        self._clock = QElapsedTimer()
        self._ticker = QTimer()
        self._ticker.setTimerType(Qt.TimerType.PreciseTimer)
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(self._on_tick)
        self._clock.start()
        self._ticker.start()
        self._digit = 0

    def _on_tick(self) -> None:
        self.gaps_ms.append(self._clock.nsecsElapsed() / 1e6)
        self._clock.restart()

    def draw(self, count: int = 1) -> None:
        for _ in range(count):
            digit = self.digits[self._digit % len(self.digits)]
            self._digit += 1
            self.replay.replay_pen_digit(self.window, digit.strokes, self.rng)

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
        return self.results[-1] if self.results else None

    def cycle(self) -> None:
        self.panel.start_training(self.settings)
        self.draw(3)
        self.panel.toggle_pause()
        self.draw(2)
        self.panel.toggle_pause()
        self.draw(3)
        self.panel.request_stop()
        result = self.wait_for_run()
        if result is None or result.status not in ("stopped", "completed"):
            self.errors.append(f"stopped run: {getattr(result, 'failure', None)}")
        if result is not None and result.status == "stopped":
            self.panel.resume_last_run()
            result = self.wait_for_run()
            if result is None or result.status != "completed":
                self.errors.append(f"resumed run: {getattr(result, 'failure', None)}")
        if result is not None and result.weights_path is not None:
            if not self.window.use_weights(result.weights_path):
                self.errors.append("use the new weights")
            self.draw(2)
        if not self.window.use_shipped_weights():
            self.errors.append("back to the shipped weights")
        for path in self.pngs[:5]:
            if not self.window.open_image_file(path):
                self.errors.append(f"open {path.name}")
            self.replay.wait_for_prediction(self.window)
        self.app.clipboard().setImage(self.QImage(str(self.pngs[5])))
        if not self.window.paste_image():
            self.errors.append("paste an image")
        self.replay.wait_for_prediction(self.window)
        self.window.clear_action.trigger()
        self.check_message("cycle")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--subset", type=int, default=6000, help="training samples per run (default 6000)")
    args = parser.parse_args()
    import numpy as np

    from desktop_app.runtime import prepare_process

    prepare_process()
    with tempfile.TemporaryDirectory(prefix="digit-studio-soak-") as folder:
        os.environ["DIGIT_STUDIO_DATA_DIR"] = str(Path(folder) / "data")
        soak = Soak(args.subset, Path(folder) / "pngs")
        started = time.monotonic()
        memory: list[float] = []
        while time.monotonic() - started < args.minutes * 60:
            try:
                soak.cycle()
            except Exception as exc:  # a soak reports what broke rather than stopping at it
                soak.errors.append(f"{type(exc).__name__}: {exc}")
            memory.append(resident_mb())
            print(f"cycle {len(memory):3d}  {time.monotonic() - started:7.0f} s  RSS {memory[-1]:7.1f} MB  "
                  f"errors {len(soak.errors)}", flush=True)
        soak.window.close()
    gaps = np.array(soak.gaps_ms)
    growth = max(memory[1:], default=memory[0]) - memory[0]
    print(f"\n{len(memory)} cycles in {args.minutes:g} min; errors: {len(soak.errors)}")
    for error in soak.errors[:20]:
        print(f"  {error}")
    print(f"memory: {memory[0]:.1f} MB after the first cycle, max {max(memory):.1f} MB, last {memory[-1]:.1f} MB: "
          f"growth {growth:.1f} MB (limit {MEMORY_LIMIT_MB:.0f})")
    print(f"event-loop stalls: p50 {np.percentile(gaps, 50):.1f} / p99 {np.percentile(gaps, 99):.1f} / "
          f"max {gaps.max():.1f} ms; {(gaps > STALL_LIMIT_MS).sum()} of {len(gaps)} gaps over {STALL_LIMIT_MS:.0f} ms")
    ok = not soak.errors and growth <= MEMORY_LIMIT_MB and np.percentile(gaps, 99) < STALL_LIMIT_MS
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
