"""``digit-studio train``'s progress on the terminal: a tqdm bar fed by the trainer's callbacks.

A module of its own so that ``cli.py`` stays importable without torch: the GUI starts through it and
loads torch later, in the background.
"""

from __future__ import annotations

import sys

from tqdm import tqdm

from .core.training import BatchProgress, Callback, EpochResult, FitInfo, FitResult, Trainer

#: Batches between refreshes of the bar's loss and speed (formatting them every batch costs time).
POSTFIX_EVERY = 20
#: Weight of the newest batch in the smoothed loss the bar shows.
LOSS_SMOOTHING = 0.02


class ProgressBar(Callback):
    """tqdm over the whole run; refreshes a few times a second, not per batch."""

    def __init__(self) -> None:
        self.bar: tqdm | None = None
        self.running_loss: float | None = None

    def on_fit_start(self, trainer: Trainer, info: FitInfo) -> None:
        tqdm.write(f"Training {info.settings.architecture} ({info.parameters:,} parameters) on {info.device}: "
                   f"{info.train_samples:,} training / {info.val_samples:,} validation samples, "
                   f"{info.settings.epochs} epochs of {info.batches_per_epoch} batches")
        done = (info.start_epoch - 1) * info.batches_per_epoch + info.start_batch
        self.bar = tqdm(total=info.batches_per_epoch * info.settings.epochs, initial=done, unit="batch",
                        dynamic_ncols=True, mininterval=0.5, file=sys.stderr)
        self.running_loss = None

    def on_batch_end(self, trainer: Trainer, progress: BatchProgress) -> None:
        if self.running_loss is None:
            self.running_loss = progress.loss
        else:
            self.running_loss += LOSS_SMOOTHING * (progress.loss - self.running_loss)
        self.bar.update(1)
        if progress.batch % POSTFIX_EVERY == 0 or progress.batch == progress.batches:
            self.bar.set_postfix_str(f"epoch {progress.epoch}/{progress.epochs} loss {self.running_loss:.4f} "
                                     f"{progress.samples_per_second:,.0f} samples/s", refresh=False)

    def on_epoch_end(self, trainer: Trainer, result: EpochResult) -> None:
        tqdm.write(result.summary())

    def on_fit_end(self, trainer: Trainer, result: FitResult) -> None:
        if self.bar is not None:
            self.bar.close()
