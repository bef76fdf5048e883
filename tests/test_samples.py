"""The handwriting sample store, folders of digit images and sample zips (issue 15), without Qt."""

from __future__ import annotations

import io
import json
import os
import stat
import zipfile

import numpy as np
import pytest
from PIL import Image

from desktop_app.core import samples as samples_mod
from desktop_app.core.samples import SampleError, SampleStore, read_archive, read_sample_folder

SEVEN = [[[0.0, 0.0], [40.0, 0.0], [12.0, 60.0]]]
ONE = [[[20.0, 0.0], [20.0, 60.0]]]


def test_add_list_relabel_delete_and_counts(user_data_dir):
    store = SampleStore()
    seven = store.add(7, strokes=SEVEN)
    store.add(1, strokes=ONE)
    assert store.counts() == [0, 1, 0, 0, 0, 0, 0, 1, 0, 0]
    on_disk = json.loads((user_data_dir / "handwriting" / "7" / f"{seven.id}.json").read_text())
    assert on_disk["label"] == 7 and on_disk["strokes"] == SEVEN
    loaded = store.get(seven.id)
    assert loaded.image.shape == (28, 28) and loaded.image.dtype == np.uint8 and loaded.image.max() == 255
    assert np.array_equal(loaded.image, seven.image)
    store.relabel(seven.id, 2)
    assert store.counts()[2] == 1 and store.counts()[7] == 0
    store.delete(seven.id)
    assert store.load().counts() == [0, 1, 0, 0, 0, 0, 0, 0, 0, 0]


@pytest.mark.parametrize("label", [-1, 10, 3.0, "4", True, None])
def test_labels_must_be_digits(label):
    with pytest.raises(SampleError, match="label must be a digit"):
        SampleStore().add(label, strokes=SEVEN)


def test_an_empty_drawing_is_not_a_sample():
    with pytest.raises(SampleError, match="empty"):
        SampleStore().add(3, strokes=[])
    with pytest.raises(SampleError, match="empty"):
        SampleStore().add(3, image=np.zeros((28, 28), np.uint8))
    assert SampleStore().counts() == [0] * 10


def test_a_corrupt_sample_file_is_reported_and_left_alone(user_data_dir):
    store = SampleStore()
    good = store.add(1, strokes=ONE)
    bad = store.add(7, strokes=SEVEN)
    png = user_data_dir / "handwriting" / "7" / f"{bad.id}.png"
    png.write_bytes(b"\x89PNG broken")
    (user_data_dir / "handwriting" / "7" / "stray.json").write_text("{not json")
    result = store.load()
    assert [s.id for s in result.samples] == [good.id]
    assert any("not a readable PNG" in p for p in map(str, result.problems))
    assert png.read_bytes() == b"\x89PNG broken"  # nothing deleted


def test_a_folder_of_digit_images_either_polarity(tmp_path):
    for digit, dark_on_light in ((1, True), (7, False)):
        folder = tmp_path / str(digit)
        folder.mkdir()
        picture = np.full((80, 60), 255 if dark_on_light else 0, np.uint8)
        ink = 0 if dark_on_light else 255
        picture[10:70, 28:33] = ink
        if digit == 7:
            picture[10:15, 10:50] = ink
        Image.fromarray(picture).save(folder / f"{digit}.png")
        Image.fromarray(picture).convert("RGB").save(folder / f"{digit}b.jpg")
    (tmp_path / "1" / "blank.png").write_bytes(_png(np.full((30, 30), 255, np.uint8)))
    (tmp_path / "1" / "text.png").write_text("not an image")
    result = read_sample_folder(tmp_path)
    assert result.counts() == [0, 2, 0, 0, 0, 0, 0, 2, 0, 0]
    for sample in result.samples:  # white ink on black, like MNIST, whatever the picture was
        assert sample.image[0, 0] == 0 and sample.image.max() > 150
    assert len(result.problems) == 2
    assert any("no digit found" in p for p in map(str, result.problems))


def test_a_folder_without_digit_subfolders_says_what_is_expected(tmp_path):
    with pytest.raises(SampleError, match="no subfolder named 0 to 9"):
        read_sample_folder(tmp_path)
    with pytest.raises(SampleError, match="not a folder of samples"):
        read_sample_folder(tmp_path / "missing")


def test_zip_round_trip_keeps_strokes_labels_and_renderings(tmp_path):
    store = SampleStore()
    kept = [store.add(7, strokes=SEVEN, times=[[0.0, 0.12, 0.31]]), store.add(1, strokes=ONE)]
    assert kept[0].times == [[0.0, 0.12, 0.31]]
    assert store.add(1, strokes=ONE, times=[[0.0]]).times == []  # times that do not fit the points are dropped
    archive = tmp_path / "mine.zip"
    assert store.export_zip(archive) == 3
    other = SampleStore(tmp_path / "elsewhere")
    assert other.import_zip(archive) == 3
    assert other.import_zip(archive) == 0  # the same samples again: nothing doubled
    by_id = {s.id: s for s in other.load().samples}
    for sample in kept:
        assert by_id[sample.id].label == sample.label
        assert by_id[sample.id].strokes == sample.strokes
        assert by_id[sample.id].times == sample.times
        assert np.array_equal(by_id[sample.id].image, sample.image)


def _png(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, format="PNG")
    return buffer.getvalue()


def _zip(path, entries: dict[str, bytes], symlink: str | None = None):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
        if symlink:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, "/etc/passwd")
    return path


@pytest.mark.parametrize("name", ["../evil.png", "1/../../evil.json", "/abs/1.png", "C:/x.png", "..\\x.png"])
def test_a_zip_with_paths_leaving_the_folder_is_refused(tmp_path, name):
    archive = _zip(tmp_path / "evil.zip", {name: b"x"})
    store = SampleStore()
    store.add(1, strokes=ONE)
    with pytest.raises(SampleError, match="outside the sample folder.*nothing was imported"):
        store.import_zip(archive)
    assert store.counts()[1] == 1
    assert not (tmp_path / "evil.png").exists()


def test_a_zip_with_a_link_is_refused(tmp_path):
    archive = _zip(tmp_path / "link.zip", {}, symlink="1/abc.png")
    with pytest.raises(SampleError, match="is a link"):
        SampleStore().import_zip(archive)


def test_a_zip_bomb_is_refused_before_unpacking(tmp_path, monkeypatch):
    archive = _zip(tmp_path / "bomb.zip", {"1/abc.json": b"\0" * (8 << 20)})
    assert os.path.getsize(archive) < 100_000
    with pytest.raises(SampleError, match="zip bomb"):
        SampleStore().import_zip(archive)
    monkeypatch.setattr(samples_mod, "MAX_ARCHIVE_ENTRIES", 3)
    many = _zip(tmp_path / "many.zip", {f"1/a{i}.png": b"x" for i in range(5)})
    with pytest.raises(SampleError, match="holds 5 entries"):
        read_archive(many)
    assert SampleStore().counts() == [0] * 10


def test_a_damaged_sample_in_a_zip_imports_nothing(tmp_path):
    store = SampleStore()
    good = store.add(7, strokes=SEVEN)
    archive = tmp_path / "set.zip"
    store.export_zip(archive)
    with zipfile.ZipFile(archive, "a") as handle:
        handle.writestr("3/broken.json", json.dumps({"format": "digit-studio-sample", "label": 3}))
        handle.writestr("3/broken.png", b"not a png")
    fresh = SampleStore(tmp_path / "fresh")
    with pytest.raises(SampleError, match="broken.*nothing was imported"):
        fresh.import_zip(archive)
    assert fresh.counts() == [0] * 10
    (tmp_path / "junk.zip").write_bytes(b"random bytes")
    with pytest.raises(SampleError, match="not a zip file"):
        fresh.import_zip(tmp_path / "junk.zip")
    assert store.get(good.id).label == 7


@pytest.mark.slow  # 10,000 files written and read: ~30 s on 2 shared cores
def test_five_thousand_samples_are_listed_and_exported(tmp_path):
    store = SampleStore(tmp_path / "many")
    rng = np.random.default_rng(0)
    images = (rng.random((5000, 28, 28)) > 0.8).astype(np.uint8) * 255
    samples = [samples_mod.Sample(f"s{i:05d}", i % 10, images[i]) for i in range(5000)]
    assert store.add_many(samples) == 5000
    assert store.counts() == [500] * 10
    result = store.load()
    assert len(result.samples) == 5000 and not result.problems
    assert store.export_zip(tmp_path / "all.zip") == 5000
