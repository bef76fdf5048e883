"""A small network that can say "not a digit", trained in seconds by the app's own trainer.

Tests that need a network with the eleventh output (the ONNX twin's parity, the number view's dash)
train one on the fly instead of depending on the shipped weights: a training subset of a few
thousand MNIST digits, of which the trainer replaces a tenth with synthetic non-digit drawings
(``core/data.with_non_digits``), as every run does.
"""

from __future__ import annotations

from pathlib import Path

from desktop_app.core.settings import TrainingSettings
from desktop_app.core.training import Trainer

#: The run: 30 batches of 100 on the CPU (a few seconds), without augmentation so that it learns fast.
SETTINGS = TrainingSettings(epochs=1, batch_size=100, train_subset=3000, augment=False, device="cpu", seed=5)


def train_rejecting_weights(folder: Path, mnist_train, mnist_test) -> Path:
    """The weights file of a freshly trained 11-output Compact CNN, written in ``folder``."""
    folder = Path(folder)
    test = mnist_test.subset(range(500)) if len(mnist_test) > 500 else mnist_test
    trainer = Trainer(SETTINGS, out_path=folder / "rejecting.pt", checkpoint=folder / "rejecting.ckpt",
                      train_data=mnist_train, test_data=test)
    result = trainer.fit()
    if result.status != "completed":
        raise RuntimeError(f"the small training run did not complete: {result.status}")
    return Path(result.weights_path)
