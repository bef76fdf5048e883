"""Network architectures, registered by name so a weights file can say which one it holds."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from torch import nn

from .architectures import ARCHITECTURE_DESCRIPTIONS, DEFAULT_ARCHITECTURE

#: MNIST's pixel statistics; models receive ``(x - MEAN) / STD`` of a white-on-black image in [0, 1].
MNIST_MEAN = 0.1307
MNIST_STD = 0.3081
#: Outputs of a new network: the ten digits and "not a digit" (see :mod:`.rejection`). Weights files
#: with ten outputs (the seed tutorial's, older Digit Studio files) are built with ten.
OUTPUTS = 11


class NumberRecognition(nn.Module):
    """The seed tutorial's network, kept exactly as it was (15.2M parameters); ``create_model`` builds
    it with the 11th "not a digit" output for new runs."""

    def __init__(self, outputs: int = 10) -> None:
        super().__init__()
        self.conv1 = nn.Sequential(
            nn.Conv2d(1, 64, kernel_size=11, padding="same"), nn.ReLU(), nn.MaxPool2d(2)
        )
        self.conv2 = nn.Sequential(
            nn.Conv2d(64, 128, kernel_size=5, padding="same"), nn.ReLU(), nn.MaxPool2d(2)
        )
        self.flatten = nn.Flatten()
        self.fc = nn.Sequential(
            nn.Linear(128 * 7 * 7, 2048),
            nn.ReLU(),
            nn.Dropout(0.3),
            nn.Linear(2048, 1024),
            nn.ReLU(),
            nn.Linear(1024, outputs),
        )

    def forward(self, x):
        return self.fc(self.flatten(self.conv2(self.conv1(x))))


def _conv_bn(c_in: int, c_out: int, kernel: int) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(c_in, c_out, kernel, padding=kernel // 2, bias=False),
        nn.BatchNorm2d(c_out),
        nn.ReLU(inplace=True),
    )


class CompactCNN(nn.Module):
    """Digit Studio's default: a small batch-normalised CNN that trains in minutes on a laptop CPU.

    Three stages (28 -> 14 -> 7 -> 3) with widths chosen by measuring throughput on a 2-core CPU
    (benchmarks/bench_training.py); global pooling keeps the head tiny and the parameter count
    well under one million.
    """

    def __init__(self, widths: tuple[int, int, int] = (32, 64, 128), outputs: int = OUTPUTS) -> None:
        super().__init__()
        w1, w2, w3 = widths
        self.features = nn.Sequential(
            _conv_bn(1, w1, 5),
            nn.MaxPool2d(2),  # 14x14
            _conv_bn(w1, w2, 3),
            _conv_bn(w2, w2, 3),
            nn.MaxPool2d(2),  # 7x7
            _conv_bn(w2, w3, 3),
            nn.MaxPool2d(2),  # 3x3
        )
        self.head = nn.Sequential(
            nn.Flatten(),
            nn.Dropout(0.25),
            nn.Linear(w3 * 3 * 3, outputs),
        )

    def forward(self, x):
        return self.head(self.features(x))


#: Architecture name -> (factory, one-line description shown in the settings dialog).
ARCHITECTURES: dict[str, tuple[Callable[[], nn.Module], str]] = {
    "compact_cnn": (CompactCNN, ARCHITECTURE_DESCRIPTIONS["compact_cnn"]),
    # Half the width is a quarter of the work: 99.0% MNIST test in two epochs, for the "Quick" preset.
    "quick_cnn": (partial(CompactCNN, widths=(16, 32, 64)), ARCHITECTURE_DESCRIPTIONS["quick_cnn"]),
    "number_recognition": (NumberRecognition, ARCHITECTURE_DESCRIPTIONS["number_recognition"]),
}


def create_model(name: str = DEFAULT_ARCHITECTURE, outputs: int = OUTPUTS) -> nn.Module:
    """Build an untrained network by its registered name, with 11 outputs (or 10, for older weights)."""
    try:
        factory, _ = ARCHITECTURES[name]
    except KeyError:
        known = ", ".join(sorted(ARCHITECTURES))
        raise ValueError(f"unknown architecture {name!r} (known: {known})") from None
    return factory(outputs=outputs)


def outputs_in(state_dict: dict) -> int:
    """How many outputs the network a state_dict belongs to has: the rows of its last 2-D weight."""
    matrices = [tensor for tensor in state_dict.values() if getattr(tensor, "ndim", 0) == 2]
    return int(matrices[-1].shape[0]) if matrices else OUTPUTS


def parameter_count(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())
