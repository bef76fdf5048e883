"""Readers that say "not a digit", for the tests: whatever the shipped weights are.

:func:`train_rejecting_weights`: a small 11-output network trained in seconds by the app's own
trainer, on a training subset of a few thousand MNIST digits of which the trainer replaces a tenth
with synthetic non-digit drawings (``core/data.with_non_digits``), as every run does. Its answers
are a real network's (most non-digits rejected, most digits read): for the runtimes' parity.

:class:`DashesAreNoDigits`: a reader whose outputs follow a fixed rule, so that a test knows which
part of a drawing is "not a digit" (a number with a dash in it); the reading path around it (cutting
into digits, the decision, the number) is the app's own.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from desktop_app.core.reading import DigitReader
from desktop_app.core.settings import TrainingSettings
from desktop_app.core.training import Trainer

#: The run: 30 batches of 100 on the CPU (a few seconds), without augmentation so that it learns fast.
SETTINGS = TrainingSettings(epochs=1, batch_size=100, train_subset=3000, augment=False, pen_digits=False, device="cpu",
                            seed=5, weight_average=0.0)


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


#: Canvas strokes (y down) of a 1, a short dash and a 7, side by side: DashesAreNoDigits reads "1", "not
#: a digit", "7", and the number "17".
ONE_DASH_SEVEN = [np.array([[100.0, 100.0], [105.0, 200.0], [108.0, 300.0]]),
                  np.array([[300.0, 200.0], [340.0, 202.0], [380.0, 204.0]]),
                  np.array([[550.0, 100.0], [650.0, 100.0], [600.0, 300.0]])]


class DashesAreNoDigits(DigitReader):
    """Eleven outputs by rule: "not a digit" for an input four times wider than tall; else 7 when its
    top row of ink is long (a bar), else 1."""

    architecture, test_accuracy, runtime = "rule", None, "rule"

    def predict_outputs(self, images: np.ndarray) -> np.ndarray:
        outputs = np.zeros((len(images), 11), np.float32)
        for row, image in zip(outputs, images, strict=True):
            ys, xs = np.nonzero(image > 0.3)
            if not len(xs):
                continue
            if xs.max() - xs.min() > 4 * (ys.max() - ys.min() + 1):
                row[10] = 8.0
            else:
                row[7 if (image[ys.min()] > 0.3).sum() > 8 else 1] = 8.0
        return outputs
