"""Bundled MNIST, the seed's split, batches and augmentation."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from desktop_app.core import data
from desktop_app.core.data import DataError, ensure_mnist_unpacked, split_train_val

REPO_ROOT = Path(__file__).resolve().parents[1]


def test_bundled_mnist_unpacks_into_the_given_folder_with_the_real_contents(mnist_root, mnist_train, mnist_test):
    raw = mnist_root / "MNIST" / "raw"
    assert sorted(p.name for p in raw.iterdir() if not p.name.startswith(".")) == sorted(data.MNIST_FILES)
    assert len(mnist_train) == 60_000 and len(mnist_test) == 10_000
    assert mnist_train.labels[:6].tolist() == [5, 0, 4, 1, 9, 2]
    assert mnist_train.images.float().mean().item() / 255 == pytest.approx(0.1307, abs=1e-4)


def test_without_bundled_files_offline_the_download_fails_with_advice(tmp_path, monkeypatch):
    import torchvision.datasets

    def offline(*args, **kwargs):
        raise OSError("Network is unreachable")

    monkeypatch.setattr(torchvision.datasets, "MNIST", offline)
    with pytest.raises(DataError, match="MNIST is not bundled with this installation and downloading it failed "
                                        r"\(OSError: Network is unreachable\)\. Connect to the internet once"):
        ensure_mnist_unpacked(tmp_path / "root", bundled=tmp_path / "no-bundle")


def test_split_is_the_seeds_80_20_and_reproducible(mnist_train):
    train_a, val_a = split_train_val(mnist_train, 0.2, seed=3)
    train_b, val_b = split_train_val(mnist_train, 0.2, seed=3)
    _, val_c = split_train_val(mnist_train, 0.2, seed=4)
    assert (len(train_a), len(val_a)) == (48_000, 12_000)
    assert torch.equal(val_a.labels, val_b.labels) and torch.equal(val_a.images, val_b.images)
    assert not torch.equal(val_a.images, val_c.images)


def test_batches_cover_the_epoch_once_and_resume_mid_epoch_identically(mnist_train):
    subset = mnist_train.subset(torch.arange(1000))
    kwargs = dict(seed=1, epoch=2, augment_images=True, mean=0.1307, std=0.3081)
    full = list(data.iterate_batches(subset, 128, **kwargs))
    assert len(full) == 8 and sum(len(labels) for _, _, labels in full) == 1000
    resumed = list(data.iterate_batches(subset, 128, start_batch=5, **kwargs))
    assert [index for index, _, _ in resumed] == [5, 6, 7]
    for (_, a, la), (_, b, lb) in zip(full[5:], resumed, strict=True):
        assert torch.equal(a, b) and torch.equal(la, lb)


@pytest.mark.parametrize("masked", [False, True], ids=["gathered (CPU)", "masked (GPU)"])
def test_flags_are_added_to_ones_only(mnist_train, masked):
    ones = (mnist_train.labels == 1).nonzero().flatten()[:20]
    sevens = (mnist_train.labels == 7).nonzero().flatten()[:20]
    idx = torch.cat([ones, sevens])
    images = mnist_train.images[idx].unsqueeze(1).float() / 255
    flagged = data.add_flags_to_ones(images, mnist_train.labels[idx], torch.Generator().manual_seed(0), 1.0,
                                     masked=masked)
    assert torch.equal(flagged[20:], images[20:])  # sevens untouched
    added_ink = (flagged[:20] - images[:20]).sum(dim=(1, 2, 3))
    assert (added_ink > 3).all()  # every 1 got a visible stroke
    half = data.add_flags_to_ones(images, mnist_train.labels[idx], torch.Generator().manual_seed(0), 0.5,
                                  masked=masked)
    assert 0 < int(((half[:20] - images[:20]).sum(dim=(1, 2, 3)) > 3).sum()) < 20  # some 1s, not all


def test_our_mnist_reader_matches_torchvisions(mnist_root, mnist_train, mnist_test):
    from torchvision.datasets import MNIST

    for ours, train in ((mnist_train, True), (mnist_test, False)):
        theirs = MNIST(str(mnist_root), train=train, download=False)
        assert torch.equal(ours.images, theirs.data) and torch.equal(ours.labels, theirs.targets)
        assert ours.images.dtype == torch.uint8 and ours.labels.dtype == torch.int64


def test_loading_mnist_leaves_torchvision_unimported(mnist_root):
    # Importing torchvision holds the GIL for up to 200 ms at a time: a frozen window at each run's start.
    script = ("import sys; from desktop_app.core.data import load_mnist; "
              f"load_mnist(train=False, root=__import__('pathlib').Path({str(mnist_root)!r})); "
              "print('torchvision' in sys.modules)")
    completed = subprocess.run([sys.executable, "-c", script], cwd=REPO_ROOT, capture_output=True, text=True,
                               check=True)
    assert completed.stdout.strip() == "False"


@pytest.mark.parametrize(("damage", "message"), [
    (lambda path: path.write_bytes(path.read_bytes()[:5000]), "is damaged: it holds 4,984 bytes of data, "
                                                              "its header promises 7,840,000"),
    (lambda path: path.write_text("# my notes\n"), "is not an MNIST \\(IDX\\) file of bytes"),
    (lambda path: path.write_bytes(b""), "is not an MNIST \\(IDX\\) file of bytes"),
    (lambda path: path.write_bytes(b"\x00\x00\x08\x03\x00\x00"), "is cut short"),
])
def test_damaged_mnist_files_are_named_with_what_to_do(mnist_root, tmp_path, damage, message):
    root = tmp_path / "root"
    shutil.copytree(mnist_root / "MNIST", root / "MNIST")
    damage(root / "MNIST" / "raw" / "t10k-images-idx3-ubyte")
    with pytest.raises(DataError, match=f"MNIST files in .* are missing or damaged: .*t10k-images-idx3-ubyte "
                                        f"{message}.*Delete the folder to have them unpacked again"):
        data.load_mnist(train=False, root=root)


def test_images_and_labels_that_do_not_match_are_refused(mnist_root, tmp_path):
    root = tmp_path / "root"
    shutil.copytree(mnist_root / "MNIST", root / "MNIST")
    labels = root / "MNIST" / "raw" / "t10k-labels-idx1-ubyte"
    labels.write_bytes(b"\x00\x00\x08\x01" + (3).to_bytes(4, "big") + bytes([1, 2, 3]))
    with pytest.raises(DataError, match="10,000 images do not match 3 labels from 0 to 9"):
        data.load_mnist(train=False, root=root)
