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
from .rejection import DIGIT_CLASSES, NOT_A_DIGIT_CLASS, REJECT_PROBABILITY


@dataclass(frozen=True)
class Evaluation:
    loss: float
    accuracy: float
    per_class_accuracy: list[float]
    confusion: list[list[int]]  # confusion[true][predicted], by the ten digit outputs
    samples: int
    rejected: int = 0  # answered "not a digit" (counted wrong only when evaluate() is asked to)


@torch.no_grad()
def evaluate(model: nn.Module, data: DigitData, device: torch.device | str = "cpu",
             mean: float = MNIST_MEAN, std: float = MNIST_STD, batch_size: int = 1000,
             rejections_wrong: bool = False) -> Evaluation:
    """Loss, accuracy, per-class accuracy and confusion matrix of ``model`` on ``data``.

    MNIST accuracy is the argmax over the ten digit outputs (core/rejection.py). ``rejections_wrong``
    scores as the app answers instead: a digit the network calls "not a digit" is wrong, as a user
    who wrote it sees it (a fine-tune's judgement on the user's own samples).
    """
    was_training = model.training
    model.eval()
    confusion = torch.zeros(10, 10, dtype=torch.long)
    right = torch.zeros(10, dtype=torch.long)
    total_loss, rejected = 0.0, 0
    for inputs, labels in data_mod.evaluation_batches(data, batch_size, mean, std, device):
        outputs = model(inputs)
        logits = outputs[:, :DIGIT_CLASSES]  # MNIST holds digits only: scored on the ten digit outputs
        total_loss += F.cross_entropy(logits, labels, reduction="sum").item()
        predicted = logits.argmax(1).cpu()
        labels = labels.cpu()
        confusion += torch.bincount(labels * 10 + predicted, minlength=100).view(10, 10)
        counted = predicted == labels
        if outputs.shape[1] > NOT_A_DIGIT_CLASS:
            said_no_digit = (outputs.float().softmax(1)[:, NOT_A_DIGIT_CLASS] >= REJECT_PROBABILITY).cpu()
            rejected += int(said_no_digit.sum())
            if rejections_wrong:
                counted &= ~said_no_digit
        right += torch.bincount(labels[counted], minlength=10)
    model.train(was_training)
    n = max(len(data), 1)
    per_class = (right.float() / confusion.sum(1).clamp(min=1).float()).tolist()
    return Evaluation(total_loss / n, right.sum().item() / n, per_class, confusion.tolist(), len(data), rejected)
