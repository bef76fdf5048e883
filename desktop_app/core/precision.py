"""Mixed precision for training: the network's arithmetic in bfloat16 where the processor has it.

A processor with native bfloat16 (x86 CPUs with AVX512-BF16 or AMX, recent NVIDIA GPUs) multiplies
it about twice as fast as float32; under ``torch.autocast`` the convolutions and matrix products of
the forward and backward pass run in it, while the weights, the optimizer and the weight average
stay float32. Measured on the default preset (README, "Models and presets"): 1.5x the samples per
second on a 2-core AMD EPYC, with the same accuracy per sample once the weights are averaged. Where
bfloat16 would be emulated (most laptop CPUs before 2022) it is slower than float32, so "auto" uses
it only where it is native. Reading digits (evaluation, the canvas) always runs in float32.
"""

from __future__ import annotations

import torch

__all__ = ["autocast_dtype", "native_bfloat16", "training_autocast"]


def _cpu_has_bfloat16() -> bool:
    # torch.cpu's probes are private; a torch without them is taken to lack the instructions.
    probes = ("_is_avx512_bf16_supported", "_is_amx_tile_supported")
    return any(getattr(torch.cpu, probe, lambda: False)() for probe in probes)


def native_bfloat16(device: torch.device) -> bool:
    """Whether ``device`` computes bfloat16 natively (fast), rather than by emulation."""
    if device.type == "cuda":
        return torch.cuda.is_bf16_supported(including_emulation=False)
    return device.type == "cpu" and _cpu_has_bfloat16()


def autocast_dtype(choice: str, device: torch.device) -> torch.dtype | None:
    """The dtype a run with the precision setting ``choice`` trains in on ``device``; None: float32."""
    if choice == "bfloat16" or (choice == "auto" and native_bfloat16(device)):
        return torch.bfloat16
    return None


def training_autocast(device: torch.device, dtype: torch.dtype | None) -> torch.autocast:
    """The forward pass and loss of one training step in ``dtype``: torch's own autocast, off for None."""
    return torch.autocast(device.type, dtype=dtype or torch.bfloat16, enabled=dtype is not None)
