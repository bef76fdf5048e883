"""The reference row of ``make bench``: PyTorch's own MNIST example (pytorch/examples, ``mnist/main.py``),
its recipe as published, timed on this machine.

The example's recipe: a network of two 3x3 convolutions (32 and 64 channels), a max-pool, dropout 0.25,
a 9216->128 layer, dropout 0.5 and a 128->10 layer with log-softmax; Adadelta at learning rate 1.0,
the rate times 0.7 after each epoch (StepLR); batches of 64 in file order (the example shuffles only on
an accelerator); torchvision's ``MNIST`` dataset with ``ToTensor`` and ``Normalize`` through a
``DataLoader`` with no workers; the loss printed every 10 batches (one ``loss.item()`` each); the whole
test set evaluated after each epoch in batches of 1000. It trains on all 60,000 training images.

It prints one line per epoch that ``bench_training.py`` reads::

    epoch 1 trained_s 27.9 since_start_s 31.2 test_accuracy 0.9830

``since_start_s`` counts from the moment the process started (its imports included), so that a
whole command of ours can be compared with "the example finishing its first epoch".

    .venv/bin/python benchmarks/pytorch_mnist_example.py [--epochs 1] [--device cpu]
"""

from __future__ import annotations

import time

PROCESS_STARTED = time.perf_counter()

import argparse  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch import nn  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


class ExampleNet(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, 1)
        self.conv2 = nn.Conv2d(32, 64, 3, 1)
        self.dropout1 = nn.Dropout(0.25)
        self.dropout2 = nn.Dropout(0.5)
        self.fc1 = nn.Linear(9216, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv2(F.relu(self.conv1(x)))), 2)
        x = self.dropout2(F.relu(self.fc1(torch.flatten(self.dropout1(x), 1))))
        return F.log_softmax(self.fc2(x), dim=1)


def train_one_epoch(model, device, loader, optimizer, log_every: int = 10) -> None:
    model.train()
    for batch_index, (images, targets) in enumerate(loader):
        images, targets = images.to(device), targets.to(device)
        optimizer.zero_grad()
        loss = F.nll_loss(model(images), targets)
        loss.backward()
        optimizer.step()
        if batch_index % log_every == 0:
            loss.item()  # the example prints it: one device sync per 10 batches


def test_accuracy(model, device, loader) -> float:
    model.eval()
    correct = 0
    with torch.no_grad():
        for images, targets in loader:
            output = model(images.to(device))
            correct += output.argmax(dim=1).eq(targets.to(device)).sum().item()
    return correct / len(loader.dataset)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--threads", type=int)
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    from torchvision import datasets, transforms

    from desktop_app.core.data import ensure_mnist_unpacked  # the bundled files, in torchvision's layout

    root = str(ensure_mnist_unpacked())
    transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
    train = datasets.MNIST(root, train=True, download=False, transform=transform)
    test = datasets.MNIST(root, train=False, download=False, transform=transform)
    train_loader = torch.utils.data.DataLoader(train, batch_size=64)
    test_loader = torch.utils.data.DataLoader(test, batch_size=1000)
    torch.manual_seed(1)
    device = torch.device(args.device)
    model = ExampleNet().to(device)
    optimizer = torch.optim.Adadelta(model.parameters(), lr=1.0)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=1, gamma=0.7)
    trained = 0.0
    for epoch in range(1, args.epochs + 1):
        started = time.perf_counter()
        train_one_epoch(model, device, train_loader, optimizer)
        trained += time.perf_counter() - started
        accuracy = test_accuracy(model, device, test_loader)
        scheduler.step()
        print(f"epoch {epoch} trained_s {trained:.2f} since_start_s {time.perf_counter() - PROCESS_STARTED:.2f} "
              f"test_accuracy {accuracy:.4f}", flush=True)


if __name__ == "__main__":
    main()
