"""The optimizer and learning-rate schedule a :class:`~desktop_app.core.settings.TrainingSettings` names."""

from __future__ import annotations

import torch
from torch import nn

from .settings import TrainingSettings


def make_optimizer(settings: TrainingSettings, model: nn.Module) -> torch.optim.Optimizer:
    params = list(model.parameters())
    # On a GPU one fused kernel updates every parameter; otherwise PyTorch's default (foreach) is best.
    fused = {"fused": True} if params and params[0].device.type == "cuda" else {}
    if settings.optimizer == "adam":
        return torch.optim.Adam(params, lr=settings.learning_rate, weight_decay=settings.weight_decay, **fused)
    if settings.optimizer == "adamw":
        return torch.optim.AdamW(params, lr=settings.learning_rate, weight_decay=settings.weight_decay, **fused)
    return torch.optim.SGD(params, lr=settings.learning_rate, momentum=settings.momentum,
                           weight_decay=settings.weight_decay, nesterov=settings.momentum > 0)


def make_scheduler(settings: TrainingSettings, optimizer: torch.optim.Optimizer,
                   total_steps: int) -> torch.optim.lr_scheduler.LRScheduler:
    """Stepped once per batch, ``total_steps`` times in the whole run."""
    if settings.lr_schedule == "onecycle":
        # Warm-up over a fifth of the run, and at least two steps, and an anneal after it: else OneCycleLR
        # divides by zero (a 5-step run had a one-step warm-up).
        steps = max(total_steps, 3)
        return torch.optim.lr_scheduler.OneCycleLR(
            optimizer, max_lr=settings.learning_rate, total_steps=steps, pct_start=max(0.2, 2 / steps),
            cycle_momentum=settings.optimizer == "sgd",
        )
    if settings.lr_schedule == "cosine":
        return torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=max(total_steps, 1))
    if settings.lr_schedule == "step":
        milestones = [int(total_steps * 0.5), int(total_steps * 0.75)]
        return torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones=milestones, gamma=0.1)
    return torch.optim.lr_scheduler.LambdaLR(optimizer, lambda _step: 1.0)
