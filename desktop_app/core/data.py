"""MNIST as in-memory tensors, the seed's 80/20 split, and batched augmentation.

MNIST ships with the app (``resources/mnist``); on first use the gzip files are unpacked into the
user's data folder in torchvision's layout (so torchvision's downloader can fill it where nothing is
bundled). Images stay in memory as one uint8 tensor, so an epoch is a few tensor ops per batch
rather than 48,000 Python calls.

The files are read here (:func:`read_idx`, a 4-byte header and a raw array), not through
torchvision's ``MNIST``: importing torchvision imports ``torch._dynamo`` and loads torchvision's
native library, 1.2 s during which the GIL is held in stretches of up to 200 ms, which froze the
window at the start of every run from the GUI (measured with benchmarks/bench_training_ui.py).
"""

from __future__ import annotations

import gzip
import hashlib
import math
import shutil
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from .errors import DataError
from .non_digits import NON_DIGIT_SHARE, non_digit_images
from .paths import resource_path, user_data_dir
from .pen_digits import PEN_DIGIT_REPEAT, pen_digit_images
from .rejection import NOT_A_DIGIT_CLASS
from .texts import QT_TRANSLATE_NOOP

#: The four MNIST files and the SHA-256 of their uncompressed bytes (the original LeCun files), so
#: that an unpacked copy damaged later (a bad disk, a partial copy) is caught before a run trains on it.
MNIST_SHA256 = {
    "train-images-idx3-ubyte": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    "train-labels-idx1-ubyte": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    "t10k-images-idx3-ubyte": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    "t10k-labels-idx1-ubyte": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
}
MNIST_FILES = tuple(MNIST_SHA256)


@dataclass(frozen=True)
class DigitData:
    """Images (N, 28, 28) uint8, white on black, and labels (N,) int64."""

    images: torch.Tensor
    labels: torch.Tensor

    def __len__(self) -> int:
        return len(self.labels)

    def subset(self, indices: torch.Tensor) -> DigitData:
        return DigitData(self.images[indices], self.labels[indices])

    def to(self, device: torch.device | str) -> DigitData:
        """The same set on ``device`` (itself when already there): 47 MB for MNIST's training images."""
        return DigitData(self.images.to(device), self.labels.to(device))


def mnist_root() -> Path:
    """torchvision's ``root``: the raw files live in ``<root>/MNIST/raw``."""
    return user_data_dir() / "datasets"


def ensure_mnist_unpacked(root: Path | None = None, bundled: Path | None = None) -> Path:
    """Unpack the bundled gzip files into ``root/MNIST/raw`` unless already there. Returns ``root``."""
    root = root or mnist_root()
    bundled = bundled or resource_path("mnist")
    raw = root / "MNIST" / "raw"
    missing = [name for name in MNIST_FILES if not (raw / name).is_file()]
    if not missing:
        return root
    if not all((bundled / f"{name}.gz").is_file() for name in missing):
        return _download(root)
    for name in missing:
        partial = raw / f"{name}.partial"
        try:
            raw.mkdir(parents=True, exist_ok=True)
            with gzip.open(bundled / f"{name}.gz", "rb") as src, open(partial, "wb") as dst:
                shutil.copyfileobj(src, dst, length=1 << 20)
            partial.replace(raw / name)  # a half-unpacked file never looks complete
        except (OSError, EOFError) as exc:
            partial.unlink(missing_ok=True)
            raise DataError(QT_TRANSLATE_NOOP("DataError", "cannot unpack MNIST into {folder}: {detail}"), folder=raw, detail=exc) from exc
    return root


def _download(root: Path) -> Path:
    try:
        from torchvision.datasets import MNIST  # not in the CPU-only bundle, which carries MNIST anyway

        MNIST(str(root), train=True, download=True)
        MNIST(str(root), train=False, download=True)
    except Exception as exc:  # network errors come in many types
        raise DataError(QT_TRANSLATE_NOOP("DataError",
            "MNIST is not bundled with this installation and downloading it failed ({detail}). Connect to the "
            "internet once, or copy the four MNIST files into {folder}."),
            detail=f"{type(exc).__name__}: {exc}", folder=root / "MNIST" / "raw") from exc
    return root


#: IDX type code for unsigned bytes, the only type MNIST uses.
IDX_UBYTE = 0x08


def read_idx(path: Path | str) -> np.ndarray:
    """An IDX array (MNIST's format), gzip-compressed when the name ends in ``.gz``; writable.

    Raises DataError naming the file when it is not an unsigned-byte IDX file or is cut short.
    """
    path = Path(path)
    try:
        if path.suffix == ".gz":
            with gzip.open(path, "rb") as file:
                data = bytearray(file.read())
        else:
            data = bytearray(path.stat().st_size)
            with open(path, "rb") as file:
                read = file.readinto(data)  # the GIL is released while the bytes arrive
            del data[read:]
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise DataError(QT_TRANSLATE_NOOP("DataError", "cannot read {path}: {detail}"), path=path, detail=exc) from exc
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] != IDX_UBYTE or not 1 <= data[3] <= 4:
        raise DataError(QT_TRANSLATE_NOOP("DataError", "{path} is not an MNIST (IDX) file of bytes"), path=path)
    dimensions = data[3]
    header = 4 + 4 * dimensions
    if len(data) < header:
        raise DataError(QT_TRANSLATE_NOOP("DataError", "{path} is cut short: its header is incomplete"), path=path)
    shape = struct.unpack(f">{dimensions}I", data[4:header])
    expected = math.prod(shape)
    if len(data) - header != expected:
        raise DataError(QT_TRANSLATE_NOOP("DataError", "{path} is damaged: it holds {size:,} bytes of data, its header promises {expected:,}"),
                        path=path, size=len(data) - header, expected=expected)
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(shape)


def idx_sha256(array: np.ndarray) -> str:
    """SHA-256 of the IDX file that holds ``array`` (header and bytes), without writing it out."""
    digest = hashlib.sha256(bytes([0, 0, IDX_UBYTE, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape))
    digest.update(np.ascontiguousarray(array, dtype=np.uint8))
    return digest.hexdigest()


def load_mnist(train: bool, root: Path | None = None) -> DigitData:
    """The MNIST training (60,000) or test (10,000) set as in-memory tensors."""
    raw = ensure_mnist_unpacked(root) / "MNIST" / "raw"
    prefix = "train" if train else "t10k"
    try:
        images = read_idx(raw / f"{prefix}-images-idx3-ubyte")
        labels = read_idx(raw / f"{prefix}-labels-idx1-ubyte")
        if images.ndim != 3 or images.shape[1:] != (28, 28) or labels.ndim != 1:
            raise DataError(QT_TRANSLATE_NOOP("DataError", "the files hold arrays of shape {images} and {labels}, not 28x28 images and their "
                                              "labels"), images=images.shape, labels=labels.shape)
        if len(images) != len(labels) or (len(labels) and labels.max() > 9):
            raise DataError(QT_TRANSLATE_NOOP("DataError", "{images:,} images do not match {labels:,} labels from 0 to 9"),
                            images=len(images), labels=len(labels))
        for name, array in ((f"{prefix}-images-idx3-ubyte", images), (f"{prefix}-labels-idx1-ubyte", labels)):
            if idx_sha256(array) != MNIST_SHA256[name]:
                raise DataError(QT_TRANSLATE_NOOP("DataError", "{path} is damaged: its bytes differ from the MNIST file of that name"),
                                path=raw / name)
    except DataError as exc:
        raise DataError(QT_TRANSLATE_NOOP("DataError", "MNIST files in {folder} are missing or damaged: {problem}. Delete the folder to "
                                          "have them unpacked again."), folder=raw, problem=exc.text) from exc
    return DigitData(torch.from_numpy(images), torch.from_numpy(labels).long())


def with_non_digits(data: DigitData, seed: int, share: float = NON_DIGIT_SHARE, within: bool = False) -> DigitData:
    """``data`` and, after it, ``share`` as many synthetic non-digit drawings labelled 10 ("not a digit").

    The drawings (:mod:`.non_digits`) are rendered by the canvas's own rasteriser and differ with
    ``seed``; the shuffle of every epoch mixes them in, and augmentation warps them like the digits.
    ``within``: the drawings take the place of the last digits, so the set keeps its size (a run on
    a training subset of N samples stays N samples, and its number of batches stays the same).
    """
    count = _added_count(len(data), share, within)
    if count == 0:
        return data
    images = torch.from_numpy(non_digit_images(count, seed=seed * 7_919 + 13))
    return _appended(data, images, torch.full((count,), NOT_A_DIGIT_CLASS, dtype=data.labels.dtype), within)


def with_pen_digits(data: DigitData, within: bool = False, repeat: int = PEN_DIGIT_REPEAT,
                    pen: tuple[np.ndarray, np.ndarray] | None = None) -> DigitData:
    """``data`` and, after it, the shipped pen digits (:mod:`.pen_digits`), ``repeat`` times each.

    ``within``: they take the place of the last samples in the share they have in a full run, so a
    training subset keeps its size. ``pen``: other pen digits (images, labels) in place of the shipped ones
    (benchmarks/bench_pen_writers.py leaves some writers out).
    """
    images, labels = pen if pen is not None else pen_digit_images()
    if within:
        count = _added_count(len(data), len(images) * repeat / _MNIST_TRAIN_SHARE, within=True)
    else:
        count = len(images) * repeat
    order = np.resize(np.arange(len(images)), count)  # every digit once before any twice
    return _appended(data, torch.from_numpy(images[order]), torch.from_numpy(labels[order]).to(data.labels.dtype), within)


#: The digits of MNIST's training set that a default run trains on (its 80%), for the pen digits' share.
_MNIST_TRAIN_SHARE = 48_000


def _added_count(size: int, share: float, within: bool) -> int:
    return round(size * share / (1.0 + share)) if within else round(size * share)


def _appended(data: DigitData, images: torch.Tensor, labels: torch.Tensor, within: bool) -> DigitData:
    """``data`` with ``images`` after it; ``within``: in place of its last digits (non-digit drawings
    added before stay, so a subset run learns "not a digit" with pen digits too)."""
    if within:
        digits = torch.nonzero(data.labels < NOT_A_DIGIT_CLASS).flatten()
        keep = torch.ones(len(data), dtype=torch.bool)
        keep[digits[len(digits) - len(labels):]] = False
        data = data.subset(torch.nonzero(keep).flatten())
    return DigitData(torch.cat([data.images, images]), torch.cat([data.labels, labels]))


def split_train_val(data: DigitData, val_ratio: float, seed: int) -> tuple[DigitData, DigitData]:
    """The seed's ``random_split`` into train/validation, reproducible from ``seed``."""
    n_val = int(round(len(data) * val_ratio))
    train_idx, val_idx = torch.utils.data.random_split(
        range(len(data)), [len(data) - n_val, n_val], generator=torch.Generator().manual_seed(seed)
    )
    return data.subset(torch.tensor(train_idx.indices)), data.subset(torch.tensor(val_idx.indices))


def epoch_order(n: int, seed: int, epoch: int) -> torch.Tensor:
    """The shuffled sample order of one epoch; the same for the same (seed, epoch), so resume is exact."""
    return torch.randperm(n, generator=torch.Generator().manual_seed(seed * 1_000_003 + epoch))


def batches_per_epoch(n: int, batch_size: int) -> int:
    return math.ceil(n / batch_size)


def to_float(images: torch.Tensor, mean: float, std: float) -> torch.Tensor:
    """uint8 (B, 28, 28) -> normalised float (B, 1, 28, 28)."""
    return ((images.unsqueeze(1).float() / 255.0) - mean) / std


#: The share of 1s augmentation gives a lead-in flag (:func:`add_flags_to_ones`). A run with real pen
#: digits draws fewer (PEN_RUN_FLAG_PROBABILITY): their 1s bring real flags, and half MNIST's 1s flagged on
#: top taught the network to read MNIST's short-barred 7s as 1s; none at all left the pen 1s weakest.
#: Measured on writers held out (README, "Real pen digits"): none 95.5% of 1s, 15% 96.3%.
FLAG_PROBABILITY = 0.5
PEN_RUN_FLAG_PROBABILITY = 0.15

#: Augmentation ranges: rotation in radians (15 degrees), horizontal shear factor.
MAX_ROTATION = 0.26
MAX_SHEAR = 0.3


def _segment_ink(starts: torch.Tensor, ends: torch.Tensor, width: torch.Tensor, size: int) -> torch.Tensor:
    """Anti-aliased line segments (K, 1, size, size), one per row of ``starts``/``ends`` given as (x, y)."""
    coords = torch.arange(size, dtype=torch.float32, device=starts.device) + 0.5
    py, px = torch.meshgrid(coords, coords, indexing="ij")
    pixels = torch.stack([px, py], dim=-1)  # (size, size, 2)
    a = starts[:, None, None, :]
    ab = (ends - starts)[:, None, None, :]
    t = (((pixels - a) * ab).sum(-1) / (ab * ab).sum(-1).clamp(min=1e-6)).clamp(0, 1)
    distance = (pixels - (a + t[..., None] * ab)).norm(dim=-1)
    return (width[:, None, None] / 2 + 0.5 - distance).clamp(0, 1).unsqueeze(1)


def add_flags_to_ones(images: torch.Tensor, labels: torch.Tensor, generator: torch.Generator,
                      probability: float = FLAG_PROBABILITY, length: tuple[float, float] = (0.35, 0.75),
                      angle: tuple[float, float] = (0.2, 0.9), masked: bool | None = None) -> torch.Tensor:
    """Give some 1s the lead-in stroke ("flag") that many people write and MNIST's 1s rarely have.

    Without it a network trained on MNIST reads a flagged 1 as a 7: measured on the UNIPEN pen
    digits, 13% of 1s went to 7, and 3% with these flags. The flag starts at the top of the stem and
    runs down to the left (11 to 52 degrees below horizontal, 35% to 75% of the digit's height): a
    7's bar is flatter and its stem slants, which keeps the two classes apart (7s read as well as
    before).

    On the CPU only the chosen 1s are drawn on. On a GPU (``masked``, the default there) every image
    is, and the chosen ones kept: picking them out would wait for the GPU in every batch.
    """
    b = images.shape[0]
    masked = generator.device.type != "cpu" if masked is None else masked
    coin = torch.rand(b, generator=generator, device=generator.device)
    if masked:
        draws = torch.rand(b, 4, generator=generator, device=generator.device)
        chosen = ((labels == 1) & (coin < probability)).view(b, 1, 1, 1)
        return torch.where(chosen, _flagged(images[:, 0], draws, length, angle), images)
    chosen = ((labels == 1).cpu() & (coin < probability)).nonzero().flatten()
    draws = torch.rand(len(chosen), 4, generator=generator)
    if len(chosen) == 0:
        return images
    out = images.clone()
    out[chosen.to(images.device)] = _flagged(images[chosen.to(images.device), 0], draws.to(images.device),
                                             length, angle)
    return out


def _flagged(subset: torch.Tensor, draws: torch.Tensor, length: tuple[float, float],
             angle: tuple[float, float]) -> torch.Tensor:
    """The images (K, 28, 28) with a flag drawn from the top of their ink, as (K, 1, 28, 28)."""
    size = subset.shape[-1]
    ink_rows = (subset > 0.3).any(dim=2)
    rows = torch.arange(size, device=subset.device).expand_as(ink_rows)
    top = torch.where(ink_rows, rows, size).min(dim=1).values.float()
    bottom = torch.where(ink_rows, rows, -1).max(dim=1).values.float()
    top_band = subset * ((rows >= top[:, None]) & (rows <= top[:, None] + 2)).unsqueeze(2).float()
    columns = torch.arange(size, dtype=torch.float32, device=subset.device)
    top_x = (top_band.sum(1) * columns).sum(1) / top_band.sum((1, 2)).clamp(min=1e-6)
    flag_length = (bottom - top).clamp(min=4) * (length[0] + (length[1] - length[0]) * draws[:, 0])
    flag_angle = angle[0] + (angle[1] - angle[0]) * draws[:, 1]  # radians below horizontal
    width = 1.5 + 1.2 * draws[:, 2]
    start = torch.stack([top_x, top + 0.5], dim=1)
    end = start + torch.stack([-flag_length * torch.cos(flag_angle), flag_length * torch.sin(flag_angle)], dim=1)
    return torch.maximum(subset.unsqueeze(1), _segment_ink(start, end, width, size))


def augment(images: torch.Tensor, generator: torch.Generator, labels: torch.Tensor | None = None,
            flag_probability: float = FLAG_PROBABILITY) -> torch.Tensor:
    """Random affine warp and stroke-thickness change of a float batch (B, 1, 28, 28) in [0, 1].

    Chosen for how people draw on a canvas rather than write on MNIST's forms: digits arrive
    tilted, slanted, squeezed and off-centre even after preprocessing, thicker or thinner than
    MNIST's pen, and 1s often with a flag (drawn when ``labels`` are given). All of it is a few batched
    tensor ops, cheap next to the network.
    """
    b = images.shape[0]
    device = images.device
    if labels is not None and flag_probability > 0:
        images = add_flags_to_ones(images, labels, generator, flag_probability)

    def uniform(low: float, high: float) -> torch.Tensor:
        return (torch.rand(b, generator=generator, device=generator.device) * (high - low) + low).to(device)

    angle = uniform(-MAX_ROTATION, MAX_ROTATION)
    shear = uniform(-MAX_SHEAR, MAX_SHEAR)
    scale_x = uniform(0.8, 1.15)
    scale_y = scale_x * uniform(0.9, 1.1)
    shift_x = uniform(-0.15, 0.15)  # in [-1, 1] coordinates: about +-2 pixels
    shift_y = uniform(-0.15, 0.15)
    cos, sin = torch.cos(angle), torch.sin(angle)
    # Output->input sampling matrix: inverse scale applied after rotation and shear.
    theta = torch.stack(
        [
            torch.stack([cos / scale_x, (-sin + shear * cos) / scale_x, shift_x], dim=1),
            torch.stack([sin / scale_y, (cos + shear * sin) / scale_y, shift_y], dim=1),
        ],
        dim=1,
    )
    grid = F.affine_grid(theta, list(images.shape), align_corners=False)
    warped = F.grid_sample(images, grid, mode="bilinear", padding_mode="zeros", align_corners=False)

    thickness = torch.rand(b, generator=generator, device=generator.device).to(device)
    thick = F.max_pool2d(warped, 3, stride=1, padding=1)
    thin = -F.max_pool2d(-warped, 2, stride=1, padding=0)
    thin = F.pad(thin, (0, 1, 0, 1))
    out = torch.where((thickness < 0.2).view(b, 1, 1, 1), thick, warped)
    out = torch.where((thickness > 0.9).view(b, 1, 1, 1), torch.maximum(thin, out * 0.5), out)
    return out


def iterate_batches(
    data: DigitData,
    batch_size: int,
    *,
    seed: int,
    epoch: int,
    start_batch: int = 0,
    augment_images: bool = False,
    flag_probability: float = FLAG_PROBABILITY,
    mean: float,
    std: float,
    device: torch.device | str = "cpu",
):
    """Yield ``(batch_index, inputs, labels)`` for one epoch, starting at ``start_batch``.

    ``flag_probability``: the share of 1s augmentation draws a lead-in flag on (:func:`add_flags_to_ones`).

    On a GPU, pass ``data`` already there (:meth:`DigitData.to`): then the epoch's order is one copy,
    each batch is gathered and augmented on the device with the device's own random generator, and
    nothing waits for the GPU, so it never waits for the CPU.
    """
    device = torch.device(device)
    order = epoch_order(len(data), seed, epoch).to(data.images.device)
    for index in range(start_batch, batches_per_epoch(len(data), batch_size)):
        idx = order[index * batch_size : (index + 1) * batch_size]
        images = data.images[idx].to(device, non_blocking=True).unsqueeze(1).float().div_(255.0)
        labels = data.labels[idx].to(device, non_blocking=True)
        if augment_images:
            # Seeded per batch, so a run resumed mid-epoch sees exactly the batches it would have seen.
            batch_gen = torch.Generator(device=device).manual_seed((seed * 1_000_003 + epoch) * 100_003 + index)
            images = augment(images, batch_gen, labels, flag_probability)
        yield index, (images - mean) / std, labels


def evaluation_batches(data: DigitData, batch_size: int, mean: float, std: float, device="cpu"):
    for start in range(0, len(data), batch_size):
        images = data.images[start : start + batch_size].to(device)
        yield to_float(images, mean, std), data.labels[start : start + batch_size].to(device)
