"""Scoring a model on a data set: loss, accuracy, per-class accuracy and the confusion matrix.

Used after every training epoch (on the validation split), at the end of a run (on the test set) and
by ``digit-studio evaluate``. :mod:`desktop_app.core.training` re-exports both names.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from . import data as data_mod
from .data import DigitData
from .model import MNIST_MEAN, MNIST_STD
from .rejection import DIGIT_CLASSES


@dataclass(frozen=True)
class Evaluation:
    loss: float
    accuracy: float
    per_class_accuracy: list[float]
    confusion: list[list[int]]  # confusion[true][predicted]
    samples: int


@torch.no_grad()
def evaluate(model: nn.Module, data: DigitData, device: torch.device | str = "cpu",
             mean: float = MNIST_MEAN, std: float = MNIST_STD, batch_size: int = 1000) -> Evaluation:
    """Loss, accuracy, per-class accuracy and confusion matrix of ``model`` on ``data``."""
    was_training = model.training
    model.eval()
    confusion = torch.zeros(10, 10, dtype=torch.long)
    total_loss = 0.0
    for inputs, labels in data_mod.evaluation_batches(data, batch_size, mean, std, device):
        logits = model(inputs)[:, :DIGIT_CLASSES]  # MNIST holds digits only: scored on the ten digit outputs
        total_loss += F.cross_entropy(logits, labels, reduction="sum").item()
        predicted = logits.argmax(1)
        confusion += torch.bincount(labels.cpu() * 10 + predicted.cpu(), minlength=100).view(10, 10)
    model.train(was_training)
    n = max(len(data), 1)
    per_class = (confusion.diag().float() / confusion.sum(1).clamp(min=1).float()).tolist()
    return Evaluation(total_loss / n, confusion.diag().sum().item() / n, per_class, confusion.tolist(), len(data))
