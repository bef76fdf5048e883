"""Training speed: every preset against PyTorch's own MNIST example, measured in one run (``make bench``).

Each preset trains in a fresh process exactly as ``digit-studio train`` does, while test accuracy is
measured ``--checks`` times per epoch (evaluation time is left out of the training time). The table
gives, per preset: time to 99.0% and 99.5% MNIST test accuracy, final accuracy, samples/s. The
reference row is ``benchmarks/pytorch_mnist_example.py`` (the example's recipe as published).

Then the whole command, start-up included: ``digit-studio train --preset quick`` from launch to exit,
against the example from launch to the end of its first epoch, as a ratio (below 1: ours finishes first).
Both sides run in this one invocation, because the shared machine's speed changes from one hour to the next.

    .venv/bin/python benchmarks/bench_training.py                       # the table (about 5 minutes)
    .venv/bin/python benchmarks/bench_training.py --presets quick fast  # some rows only
    .venv/bin/python benchmarks/bench_training.py --preset quick        # one preset, its checks printed
    .venv/bin/python benchmarks/bench_training.py --device cuda         # on a GPU machine
    .venv/bin/python benchmarks/bench_training.py --precision float32   # as a processor without bfloat16

The seed tutorial's preset (batches of 10, ten epochs of about ten minutes each on 2 cores) is
stopped after ``--seed-seconds`` of training; its row then says how far it got.
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

TARGETS = (0.990, 0.995)
CHILD_TIMEOUT_S = 1800


# ------------------------------------------------------------------------------------------ one preset
def train_preset(preset: str, device: str, checks: int, max_seconds: float | None, threads: int | None,
                 precision: str = "auto") -> dict:
    """Train ``preset`` in this process; its figures as a dict (printed as one JSON line by ``--json``)."""
    from desktop_app.runtime import prepare_process

    prepare_process()  # as digit-studio train starts: before torch is imported (runtime/allocator.py)
    import torch

    from desktop_app.core import data
    from desktop_app.core.settings import PRESETS
    from desktop_app.core.training import Callback, Trainer, evaluate

    if threads:
        torch.set_num_threads(threads)

    class TestAccuracyProbe(Callback):
        def __init__(self, test_data) -> None:
            self.test_data = test_data
            self.started = 0.0
            self.eval_seconds = 0.0
            self.samples = 0
            self.reached: dict[float, float] = {}
            self.final = None

        def training_seconds(self) -> float:
            return time.perf_counter() - self.started - self.eval_seconds

        def on_fit_start(self, trainer, info):
            self.started = time.perf_counter()
            self.per_epoch = info.train_samples
            self.batch_size = info.settings.batch_size

        def on_batch_end(self, trainer, progress):
            self.samples = (progress.epoch - 1) * self.per_epoch + min(progress.batch * self.batch_size, self.per_epoch)
            marks = {round(progress.batches * i / checks) for i in range(1, checks + 1)}
            if progress.batch in marks:
                self.check(trainer, progress.epoch - 1 + progress.batch / progress.batches)
            if max_seconds is not None and self.training_seconds() >= max_seconds:
                trainer.request_stop()

        def check(self, trainer, epoch: float) -> None:
            trained = self.training_seconds()
            before = time.perf_counter()
            self.final = accuracy = evaluate(trainer.model, self.test_data, trainer.device).accuracy
            trainer.model.train()
            self.eval_seconds += time.perf_counter() - before
            print(f"  epoch {epoch:5.2f}  {trained:6.1f} s  test accuracy {accuracy:.2%}", file=sys.stderr, flush=True)
            for target in TARGETS:
                if accuracy >= target and target not in self.reached:
                    self.reached[target] = trained

    settings = PRESETS[preset].settings.with_changes(device=device, precision=precision)
    train, test = data.load_mnist(train=True), data.load_mnist(train=False)
    probe = TestAccuracyProbe(test)
    print(f"preset {preset}: {settings.architecture}, {settings.epochs} epochs, batch {settings.batch_size}, "
          f"lr {settings.learning_rate:g}; device {device}, {torch.get_num_threads()} threads, precision {precision}",
          file=sys.stderr)
    with tempfile.TemporaryDirectory() as folder:
        trainer = Trainer(settings, [probe], out_path=f"{folder}/w.pt", checkpoint=f"{folder}/c.ckpt",
                          train_data=train, test_data=test)
        result = trainer.fit()
        trained = probe.training_seconds()
        final = result.metrics.get("test_accuracy")
        if final is None:  # stopped, or failed (the seed's recipe does not learn): the weights it kept
            final = evaluate(trainer.model, test, trainer.device).accuracy
    return {"preset": preset, "status": result.status, "epochs": settings.epochs, "final_accuracy": final,
            "failure": result.failure.kind if result.failure else None,
            "training_s": trained, "samples_per_s": probe.samples / trained if trained else 0.0,
            "reached": {f"{t:.3f}": s for t, s in probe.reached.items()}}


# ------------------------------------------------------------------------------------------ children
def run_child(command: list[str], env: dict | None = None, quiet: bool = False) -> tuple[float, str]:
    """Run ``command``; (seconds from launch to exit, its stdout). Its stderr passes through unless ``quiet``."""
    started = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL if quiet else None, text=True,
                          timeout=CHILD_TIMEOUT_S, env=env)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed with status {done.returncode}")
    return seconds, done.stdout


def preset_row(preset: str, args) -> dict:
    command = [sys.executable, __file__, "--preset", preset, "--device", args.device, "--json",
               "--checks", str(args.checks), "--precision", args.precision]
    if preset == "seed":
        command += ["--max-seconds", str(args.seed_seconds)]
    if args.threads:
        command += ["--threads", str(args.threads)]
    _, out = run_child(command)
    return json.loads(out.strip().splitlines()[-1])


def example_row(args) -> dict:
    """PyTorch's example, ``--example-epochs`` epochs; time to its first epoch's end counted from launch."""
    command = [sys.executable, str(ROOT / "benchmarks" / "pytorch_mnist_example.py"),
               "--epochs", str(args.example_epochs), "--device", args.device]
    if args.threads:
        command += ["--threads", str(args.threads)]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    epochs = []
    first_epoch_s = None
    for line in process.stdout:
        fields = line.split()
        values = dict(zip(fields[::2], fields[1::2], strict=True))
        epochs.append(values)
        if first_epoch_s is None:
            first_epoch_s = time.perf_counter() - started
    if process.wait() != 0 or not epochs:
        raise SystemExit("PyTorch's example failed")
    reached = {}
    for values in epochs:
        for target in TARGETS:
            if float(values["test_accuracy"]) >= target and f"{target:.3f}" not in reached:
                reached[f"{target:.3f}"] = float(values["trained_s"])
    trained = float(epochs[-1]["trained_s"])
    return {"preset": f"PyTorch example ({len(epochs)} epoch{'s' if len(epochs) > 1 else ''})",
            "final_accuracy": float(epochs[-1]["test_accuracy"]), "training_s": trained,
            "samples_per_s": 60_000 * len(epochs) / trained, "reached": reached, "first_epoch_s": first_epoch_s}


def quick_command_seconds(args) -> float:
    """``digit-studio train --preset quick`` from launch to exit, with MNIST already unpacked (as for a
    user's second run) and a throwaway data folder (the run joins its model library)."""
    from desktop_app.core.data import mnist_root
    from desktop_app.core.paths import DATA_DIR_ENV

    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "datasets").symlink_to(mnist_root(), target_is_directory=True)
        env = {**os.environ, DATA_DIR_ENV: folder}
        command = [sys.executable, "-m", "desktop_app", "train", "--preset", "quick", "--device", args.device,
                   "--precision", args.precision, "--out", f"{folder}/quick.pt"]
        if args.threads:
            command += ["--threads", str(args.threads)]
        seconds, _ = run_child(command, env, quiet=True)  # its progress bar: not for the table
    return seconds


# ------------------------------------------------------------------------------------------ the table
def print_table(rows: list[dict]) -> None:
    def reached(row: dict, target: float) -> str:
        seconds = row["reached"].get(f"{target:.3f}")
        return f"{seconds:.1f} s" if seconds is not None else "not reached"

    header = f"| {'recipe':<28} | {'to 99.0%':>12} | {'to 99.5%':>12} | {'final test':>10} | {'training':>9} | {'samples/s':>9} |"
    print(header)
    print("|" + "|".join("-" * (len(cell)) for cell in header.split("|")[1:-1]) + "|")
    for row in rows:
        name = row["preset"] + {"stopped": " (stopped)", "failed": f" ({row.get('failure')})"}.get(row.get("status"), "")
        print(f"| {name:<28} | {reached(row, 0.990):>12} | {reached(row, 0.995):>12} | "
              f"{row['final_accuracy']:>10.2%} | {row['training_s']:>7.1f} s | {row['samples_per_s']:>9,.0f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presets", nargs="+", default=None, help="rows of the table (default: every preset)")
    parser.add_argument("--preset", help="train this one preset in this process and print its checks")
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--threads", type=int)
    parser.add_argument("--precision", default="auto", choices=("auto", "float32", "bfloat16"),
                        help="the presets' arithmetic (auto: bfloat16 where the processor has it)")
    parser.add_argument("--checks", type=int, default=4, help="test-accuracy checks per epoch")
    parser.add_argument("--max-seconds", type=float, help="stop the run after this much training")
    parser.add_argument("--seed-seconds", type=float, default=60.0, help="training time the seed preset gets")
    parser.add_argument("--example-epochs", type=int, default=1)
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.preset:
        row = train_preset(args.preset, args.device, args.checks, args.max_seconds, args.threads, args.precision)
        print(json.dumps(row) if args.json else row)
        return
    from desktop_app.core.settings import PRESETS

    presets = args.presets or list(PRESETS)
    print(f"{len(presets)} presets and PyTorch's MNIST example on {args.device}, {os.cpu_count()} CPUs, "
          f"precision {args.precision}", flush=True)
    rows = [preset_row(preset, args) for preset in presets]
    example = example_row(args)
    rows.append(example)
    print()
    print_table(rows)
    if "quick" in presets:
        quick = quick_command_seconds(args)
        print(f"\n`digit-studio train --preset quick`, launch to exit: {quick:.1f} s; PyTorch's example, launch to "
              f"the end of its first epoch: {example['first_epoch_s']:.1f} s; ratio {quick / example['first_epoch_s']:.2f}")


if __name__ == "__main__":
    main()
