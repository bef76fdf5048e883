"""Experiment: teach existing 10-output weights "not a digit" by a short fine-tune, when a full run is too dear.

The shipped network's ten digit outputs are copied into an 11-output network of the same
architecture; the new output starts silent (bias -4); then it trains for ``--batches`` batches of
the default recipe's data (the seed's 80 % MNIST split with augmentation, plus 10 % synthetic
non-digit drawings, :func:`desktop_app.core.data.with_non_digits`) at a small, falling learning rate.
This is NOT how the shipped weights are made (``make weights`` trains from scratch with the same
data); it measures the data and the decision on a machine without time for a full run.

    .venv/bin/python benchmarks/finetune_not_a_digit.py --out /tmp/ft.pt [--batches 400] [--lr 1e-3]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import torch  # noqa: E402
from torch import nn  # noqa: E402

from desktop_app.core import data as data_mod  # noqa: E402
from desktop_app.core.evaluation import evaluate  # noqa: E402
from desktop_app.core.model import MNIST_MEAN, MNIST_STD, create_model  # noqa: E402
from desktop_app.core.settings import TrainingSettings  # noqa: E402
from desktop_app.core.weights import load_weights, save_weights  # noqa: E402

SHIPPED = Path(__file__).resolve().parents[1] / "weights" / "default.pt"


def widened(weights_path: Path) -> tuple[nn.Module, str]:
    """The network in ``weights_path`` with an 11th output that starts out silent."""
    loaded = load_weights(weights_path)
    model = create_model(loaded.architecture, outputs=11)
    state = loaded.model.state_dict()
    own = model.state_dict()
    for name, tensor in state.items():
        if own[name].shape == tensor.shape:
            own[name] = tensor
        else:  # the last layer: ten rows copied, the new row near zero with a low bias
            own[name][:10] = tensor
            own[name][10:] = -4.0 if tensor.ndim == 1 else 0.01 * torch.randn_like(own[name][10:])
    model.load_state_dict(own)
    return model, loaded.architecture


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--weights", type=Path, default=SHIPPED)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--batches", type=int, default=400)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    settings = TrainingSettings()
    model, architecture = widened(args.weights)
    full = data_mod.load_mnist(train=True)
    train, val = data_mod.split_train_val(full, settings.val_ratio, settings.seed)
    started = time.perf_counter()
    train = data_mod.with_non_digits(train, args.seed)
    print(f"{len(train):,} training images ({len(train) - len(full) + len(val):,} non-digit), "
          f"made in {time.perf_counter() - started:.1f} s", flush=True)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=settings.weight_decay)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, args.batches)
    criterion = nn.CrossEntropyLoss(label_smoothing=settings.label_smoothing)
    model.train()
    step, epoch = 0, 100  # epochs of their own: an order the original run never saw
    while step < args.batches:
        for _, inputs, labels in data_mod.iterate_batches(train, settings.batch_size, seed=args.seed, epoch=epoch,
                                                          augment_images=True, mean=MNIST_MEAN, std=MNIST_STD):
            optimizer.zero_grad(set_to_none=True)
            loss = criterion(model(inputs), labels)
            loss.backward()
            optimizer.step()
            schedule.step()
            step += 1
            if step % 50 == 0:
                print(f"  batch {step}: loss {loss.item():.4f} ({time.perf_counter() - started:.0f} s)", flush=True)
            if step >= args.batches:
                break
        epoch += 1
    test = evaluate(model, data_mod.load_mnist(train=False))
    print(f"MNIST test accuracy {test.accuracy:.2%} after {step} batches ({time.perf_counter() - started:.0f} s)")
    save_weights(args.out, model.eval(), architecture,
                 {"source": f"fine-tuned from {args.weights.name} for not-a-digit",
                  "metrics": {"test_accuracy": test.accuracy}})
    print(f"saved {args.out}")


if __name__ == "__main__":
    main()
