"""Start-up time of the frozen app (dist/DigitStudio) against the source checkout (``make run``).

Both are timed the same way, through the app's own hook (``DIGIT_STUDIO_STARTUP_REPORT=1``, see
desktop_app/app.py): from just before the process is started to the window's first paint
(``window_shown``) and to the model being ready (``model_loaded``), after which the app quits.

    .venv/bin/python benchmarks/bench_package_startup.py [--runs 5] [--bundle dist/DigitStudio]
    xvfb-run -s '-screen 0 1280x800x24' .venv/bin/python benchmarks/bench_package_startup.py   # a real X server

The first run of each is reported on its own (files not yet in the page cache after a build) and the
median of the rest as "warm". Without DISPLAY/WAYLAND_DISPLAY it runs with QT_QPA_PLATFORM=offscreen.
The frozen app is started with a minimal environment (no Python on PATH); the user data folder is a
temporary directory for both. Skips the frozen app when there is no bundle.
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

ROOT = Path(__file__).resolve().parents[1]
EVENTS = ("window_shown", "model_loaded")


def measure(command: list[str], env: dict[str, str], timeout: float = 300.0) -> dict[str, float]:
    started = time.time()
    proc = subprocess.run(command, env=env, cwd=env["HOME"], capture_output=True, text=True, timeout=timeout)
    times = {}
    for line in proc.stdout.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] in EVENTS + ("model_failed",):
            times[parts[0]] = float(parts[1]) - started
    if proc.returncode != 0 or "model_failed" in times or not all(event in times for event in EVENTS):
        raise RuntimeError(f"{command[0]} exited {proc.returncode}: {proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return times


def environment(base: dict[str, str], data_dir: str) -> dict[str, str]:
    env = dict(base)
    env["DIGIT_STUDIO_STARTUP_REPORT"] = "1"
    env["DIGIT_STUDIO_DATA_DIR"] = data_dir
    env.setdefault("HOME", data_dir)
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "XAUTHORITY", "XDG_RUNTIME_DIR", "QT_QPA_PLATFORM"):
        if name in os.environ:
            env[name] = os.environ[name]
    if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def report(name: str, runs: list[dict[str, float]]) -> None:
    first, rest = runs[0], runs[1:] or runs
    cells = [f"first run: window {first['window_shown']:.2f} s, model {first['model_loaded']:.2f} s"]
    cells.append(f"warm median of {len(rest)}: window {statistics.median(r['window_shown'] for r in rest):.2f} s, "
                 f"model {statistics.median(r['model_loaded'] for r in rest):.2f} s")
    print(f"{name:<28} " + "; ".join(cells), flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "DigitStudio")
    args = parser.parse_args()
    launcher = args.bundle.resolve() / ("DigitStudio.exe" if sys.platform == "win32" else "DigitStudio")
    with tempfile.TemporaryDirectory(prefix="digit-studio-bench-") as data_dir:
        source_env = environment(dict(os.environ), data_dir)
        frozen_env = environment({"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}, data_dir)
        plans = [(f"frozen ({args.bundle})", [str(launcher)], frozen_env)] if launcher.exists() else []
        plans.append(("source (make run)", [sys.executable, "-m", "desktop_app"], source_env))
        if not launcher.exists():
            print(f"no bundle at {args.bundle}: run `make package` to time the frozen app too")
        print(f"platform: {frozen_env.get('QT_QPA_PLATFORM') or 'xcb/wayland (display)'}; {args.runs} runs each")
        for name, command, env in plans:
            report(name, [measure(command, env) for _ in range(args.runs)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
