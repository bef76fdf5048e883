"""Time to 99.0% and 99.5% MNIST test accuracy with the default preset on this machine's CPU.

Trains the "Fast (default)" preset exactly as ``digit-studio train`` does and measures test accuracy
every half epoch; evaluation time is left out of the training time. Prints one line per check and
the two figures the README quotes.

    .venv/bin/python benchmarks/bench_training.py [--preset fast] [--device cpu] [--threads N]
"""

from __future__ import annotations

import argparse
import time

from desktop_app.runtime import prepare_process

prepare_process()  # as digit-studio train starts: before torch is imported (runtime/allocator.py)

import torch  # noqa: E402

from desktop_app.core import data  # noqa: E402
from desktop_app.core.settings import PRESETS  # noqa: E402
from desktop_app.core.training import Callback, Trainer, evaluate  # noqa: E402

TARGETS = (0.990, 0.995)


class TestAccuracyProbe(Callback):
    def __init__(self, test_data) -> None:
        self.test_data = test_data
        self.started = 0.0
        self.eval_seconds = 0.0
        self.reached: dict[float, float] = {}

    def training_seconds(self) -> float:
        return time.perf_counter() - self.started - self.eval_seconds

    def on_fit_start(self, trainer, info):
        self.started = time.perf_counter()

    def on_batch_end(self, trainer, progress):
        if progress.batch in (progress.batches // 2, progress.batches):
            trained = self.training_seconds()
            before = time.perf_counter()
            accuracy = evaluate(trainer.model, self.test_data, trainer.device).accuracy
            self.eval_seconds += time.perf_counter() - before
            epoch = progress.epoch - 1 + progress.batch / progress.batches
            print(f"  epoch {epoch:4.1f}  {trained:6.1f} s  test accuracy {accuracy:.2%}", flush=True)
            for target in TARGETS:
                if accuracy >= target and target not in self.reached:
                    self.reached[target] = trained


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default="fast")
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--threads", type=int)
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    settings = PRESETS[args.preset].settings.with_changes(device=args.device)
    train, test = data.load_mnist(train=True), data.load_mnist(train=False)
    probe = TestAccuracyProbe(test)
    print(f"preset {args.preset}: {settings.architecture}, {settings.epochs} epochs, batch {settings.batch_size}, "
          f"lr {settings.learning_rate:g}; device {args.device}, {torch.get_num_threads()} threads")
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        result = Trainer(settings, [probe], out_path=f"{folder}/w.pt", checkpoint=f"{folder}/c.ckpt",
                         train_data=train, test_data=test).fit()
    print(f"final test accuracy {result.metrics['test_accuracy']:.2%} after {probe.training_seconds():.1f} s "
          f"of training ({result.status})")
    for target in TARGETS:
        reached = probe.reached.get(target)
        print(f"time to {target:.1%}: " + (f"{reached:.1f} s" if reached is not None else "not reached"))


if __name__ == "__main__":
    main()
