"""The user's own handwriting: labelled samples kept in the data folder, to fine-tune a model on.

A sample is two files in the folder of its digit, ``<data>/handwriting/<digit>/<id>.json`` (the label,
the strokes in canvas coordinates, when it was written) and ``<id>.png`` (its 28x28 rendering, exactly
what the network reads). So the sample set is also "a folder with subfolders 0 to 9 holding images",
the form ``digit-studio finetune`` reads from anywhere (:func:`read_sample_folder`).

Every write is atomic (temporary file, fsync, rename) and every change is under the store's lock, so
the app and the CLI can share it. A file that cannot be read is reported and left where it is: nothing
the user wrote is ever deleted except by asking. Zip import checks every entry before anything is
written (paths that leave the folder, links, sizes, counts) and then adds all or nothing.

Only numpy and Pillow: the window imports this module before torch is loaded.
"""

from __future__ import annotations

import io
import json
import os
import re
import secrets
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from .errors import UserError, os_reason_text
from .file_lock import FileLock
from .model_library import write_json_atomically
from .paths import user_data_dir, user_data_location, write_bytes_atomically
from .preprocessing import (
    ImageLoadError,
    as_polylines,
    load_image,
    strokes_to_model_input,
    to_model_input,
    to_uint8,
)
from .texts import QT_TRANSLATE_NOOP, Text

SAMPLES_FOLDER = "handwriting"
SAMPLE_FORMAT = "digit-studio-sample"
ARCHIVE_FORMAT = "digit-studio-samples"
FORMAT_VERSION = 1
DIGITS = tuple(str(digit) for digit in range(10))
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")
LOCK_NAME = ".lock"
MANIFEST_NAME = "manifest.json"

#: Zip limits: a real set of 10,000 samples is ~20,000 small files of a few KB each. Anything beyond
#: these is refused before a byte is written (a zip bomb promises gigabytes in a few KB).
MAX_ARCHIVE_ENTRIES = 40_000
MAX_ENTRY_BYTES = 4 << 20
MAX_ARCHIVE_BYTES = 512 << 20
MAX_COMPRESSION_RATIO = 200
#: The most points a sample's strokes may hold (a digit drawn slowly has a few hundred).
MAX_POINTS = 100_000

_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_ENTRY = re.compile(r"^(?:[0-9])/[A-Za-z0-9_-]{1,64}\.(?:json|png)$")


class SampleError(UserError):
    """A sample, a sample set or a sample archive that cannot be used; the message says why."""

    failure_kind = "data"


@dataclass(frozen=True)
class Sample:
    """One labelled drawing: ``image`` is its (28, 28) uint8 rendering, white on black."""

    id: str
    label: int
    image: np.ndarray
    strokes: list[list[list[float]]] = field(default_factory=list)
    created: str = ""
    source: str = "canvas"
    #: Seconds since the drawing's first point, one list per stroke (empty when not known).
    times: list[list[float]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"format": SAMPLE_FORMAT, "format_version": FORMAT_VERSION, "id": self.id, "label": self.label,
                "strokes": self.strokes, "times": self.times, "created": self.created, "source": self.source}


@dataclass
class SampleSet:
    """Samples read from a folder, and the files that could not be read (left as they are)."""

    samples: list[Sample]
    problems: list[Text] = field(default_factory=list)  # str(problem) is English; the GUI translates

    def counts(self) -> list[int]:
        """How many samples of each digit, 0 to 9."""
        counts = [0] * 10
        for sample in self.samples:
            counts[sample.label] += 1
        return counts

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """Images (N, 28, 28) uint8 and labels (N,) int64."""
        if not self.samples:
            return np.zeros((0, 28, 28), np.uint8), np.zeros(0, np.int64)
        return (np.stack([s.image for s in self.samples]),
                np.array([s.label for s in self.samples], dtype=np.int64))


# -------------------------------------------------------------------------------------------- helpers
def samples_root() -> Path:
    """Where the user's samples live (created on first write)."""
    return user_data_location() / SAMPLES_FOLDER


def new_sample_id() -> str:
    return f"{datetime.now().strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(3)}"


def check_label(label: Any) -> int:
    if isinstance(label, bool) or not isinstance(label, (int, np.integer)) or not 0 <= int(label) <= 9:
        raise SampleError(QT_TRANSLATE_NOOP("SampleError", "a sample's label must be a digit from 0 to 9, not {label!r}"), label=label)
    return int(label)


def render_strokes(strokes: Iterable) -> np.ndarray:
    """Strokes (canvas coordinates) as the 28x28 uint8 image the network reads; SampleError if empty."""
    try:
        image = strokes_to_model_input(strokes)
    except (ValueError, TypeError) as exc:
        raise SampleError(QT_TRANSLATE_NOOP("SampleError", "the strokes cannot be drawn: {reason}"), reason=str(exc)) from None
    if image is None:
        raise SampleError(QT_TRANSLATE_NOOP("SampleError", "the drawing is empty: there is nothing to keep as a sample"))
    return to_uint8(image)


def plain_strokes(strokes: Iterable) -> list[list[list[float]]]:
    """Strokes as JSON holds them: lists of [x, y] rounded to 0.01 of a canvas pixel."""
    polylines = as_polylines(strokes)
    if sum(len(p) for p in polylines) > MAX_POINTS:
        raise SampleError(QT_TRANSLATE_NOOP("SampleError", "the drawing has more than {most:,} points: too many for one digit"), most=MAX_POINTS)
    return [np.round(points, 2).tolist() for points in polylines]


def _plain_times(times: Any, strokes: list) -> list[list[float]]:
    """Point times that match the strokes point for point, else none (they are a bonus, not the sample)."""
    try:
        plain = [[round(float(t), 3) for t in stroke] for stroke in (times or [])]
    except (TypeError, ValueError):
        return []
    return plain if [len(s) for s in plain] == [len(s) for s in strokes] else []


def _png_bytes(image: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(image, mode="L").save(buffer, format="PNG")
    return buffer.getvalue()


def _decode_rendering(data: bytes, name: str) -> np.ndarray:
    """A stored 28x28 rendering; SampleError when it is not one."""
    try:
        with Image.open(io.BytesIO(data)) as picture:
            picture.load()
            if picture.size != (28, 28):
                raise SampleError(QT_TRANSLATE_NOOP("SampleError", "{name}: the rendering is {width}x{height}, not 28x28"),
                                  name=name, width=picture.size[0], height=picture.size[1])
            return np.asarray(picture.convert("L"), dtype=np.uint8).copy()
    except SampleError:
        raise
    except Exception as exc:  # Pillow raises many kinds for broken data
        raise SampleError(QT_TRANSLATE_NOOP("SampleError", "{name}: not a readable PNG rendering ({problem})"), name=name,
                          problem=type(exc).__name__) from None


def _parse_sample_json(data: bytes, name: str) -> dict[str, Any]:
    """The JSON half of a sample, checked; SampleError naming the file when it is not one."""
    try:
        record = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise SampleError(QT_TRANSLATE_NOOP("SampleError", "{name}: not a sample (the JSON cannot be read)"), name=name) from None
    if not isinstance(record, dict) or record.get("format") != SAMPLE_FORMAT:
        raise SampleError(QT_TRANSLATE_NOOP("SampleError", "{name}: not a Digit Studio sample"), name=name)
    check_label(record.get("label"))
    strokes = record.get("strokes", [])
    try:
        record["strokes"] = plain_strokes(strokes) if strokes else []
    except (ValueError, TypeError):
        raise SampleError(QT_TRANSLATE_NOOP("SampleError", "{name}: the strokes are not lists of (x, y) points"), name=name) from None
    return record


# -------------------------------------------------------------------------------------------- the store
class SampleStore:
    """The user's samples in ``root`` (default: the data folder's ``handwriting``)."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = Path(root) if root is not None else samples_root()

    # -- reading
    def load(self) -> SampleSet:
        """Every sample; files that cannot be read are listed in ``problems`` and left alone."""
        return read_sample_folder(self.root, missing_ok=True)

    def counts(self) -> list[int]:
        """Samples per digit, from the file names alone (quick: for the gallery's headers)."""
        counts = [0] * 10
        for digit in range(10):
            folder = self.root / str(digit)
            if folder.is_dir():
                counts[digit] = sum(1 for p in folder.glob("*.json") if not p.name.startswith("."))
        return counts

    def get(self, sample_id: str) -> Sample:
        path = self._find(sample_id)
        return _read_stored_sample(path.with_suffix(".png"), path.parent.name)

    # -- changing
    def add(self, label: int, strokes: Iterable | None = None, image: np.ndarray | None = None,
            source: str = "canvas", times: list[list[float]] | None = None) -> Sample:
        """Keep a drawing (``strokes``, rendered here; ``times``: when each point was drawn) or a ready
        28x28 ``image`` as a sample of ``label``."""
        label = check_label(label)
        if strokes is not None:
            kept_strokes = plain_strokes(strokes)
            rendering = render_strokes(kept_strokes) if image is None else to_uint8_image(image)
        elif image is not None:
            kept_strokes, rendering = [], to_uint8_image(image)
        else:
            raise SampleError(QT_TRANSLATE_NOOP("SampleError", "a sample needs a drawing or an image"))
        if not rendering.any():
            raise SampleError(QT_TRANSLATE_NOOP("SampleError", "the drawing is empty: there is nothing to keep as a sample"))
        sample = Sample(new_sample_id(), label, rendering, kept_strokes,
                        datetime.now(timezone.utc).isoformat(timespec="seconds"), source, _plain_times(times, kept_strokes))
        with self._lock():
            self._write(sample)
        return sample

    def delete(self, sample_id: str) -> None:
        with self._lock():
            path = self._find(sample_id)
            for each in (path.with_suffix(".png"), path):
                each.unlink(missing_ok=True)

    def relabel(self, sample_id: str, label: int) -> Sample:
        """Move a sample to another digit (the JSON and the PNG)."""
        label = check_label(label)
        with self._lock():
            path = self._find(sample_id)
            sample = _read_stored_sample(path.with_suffix(".png"), path.parent.name)
            if sample.label == label:
                return sample
            moved = Sample(sample.id, label, sample.image, sample.strokes, sample.created, sample.source, sample.times)
            self._write(moved)  # the new copy first: a failure here leaves the old one
            for each in (path.with_suffix(".png"), path):
                each.unlink(missing_ok=True)
        return moved

    def add_many(self, samples: list[Sample]) -> int:
        """Keep samples read elsewhere (an archive); ids already here are skipped. Returns how many
        were added. All are written to a staging folder first, so a full disk adds none."""
        with self._lock():
            taken = {p.stem for d in DIGITS for p in (self.root / d).glob("*.json")}
            fresh = [s for s in samples if s.id not in taken]
            staging = Path(tempfile.mkdtemp(prefix=".import-", dir=self.root))
            try:
                for sample in fresh:
                    _write_plain(staging, sample)
                for sample in fresh:
                    target = self.root / str(sample.label)
                    target.mkdir(exist_ok=True)
                    for suffix in (".png", ".json"):
                        os.replace(staging / str(sample.label) / f"{sample.id}{suffix}", target / f"{sample.id}{suffix}")
            except OSError as exc:
                raise SampleError(QT_TRANSLATE_NOOP("SampleError", "cannot add the samples to {path}: {reason}; none were added"),
                                  path=self.root, reason=os_reason_text(exc)) from None
            finally:
                shutil.rmtree(staging, ignore_errors=True)
        return len(fresh)

    # -- archives
    def export_zip(self, path: Path) -> int:
        """All readable samples into one zip (strokes, labels, renderings). Returns how many."""
        sample_set = self.load()
        return write_archive(sample_set.samples, Path(path))

    def import_zip(self, path: Path) -> int:
        """Add the samples of an archive made by :meth:`export_zip`; all or nothing."""
        return self.add_many(read_archive(Path(path)))

    # -- internals
    def _lock(self) -> FileLock:
        user_data_dir()  # DataFolderError says what is wrong with the data folder
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise SampleError(QT_TRANSLATE_NOOP("SampleError", "the sample folder {path} cannot be created: {reason}"),
                              path=self.root, reason=os_reason_text(exc)) from None
        return FileLock(self.root / LOCK_NAME)

    def _find(self, sample_id: str) -> Path:
        if not isinstance(sample_id, str) or not _ID.match(sample_id):
            raise SampleError(QT_TRANSLATE_NOOP("SampleError", "{sample_id!r} is not a sample id"), sample_id=sample_id)
        for digit in DIGITS:
            path = self.root / digit / f"{sample_id}.json"
            if path.is_file():
                return path
        raise SampleError(QT_TRANSLATE_NOOP("SampleError", "there is no sample {sample_id} (deleted meanwhile?)"), sample_id=sample_id)

    def _write(self, sample: Sample, root: Path | None = None) -> None:
        folder = (root or self.root) / str(sample.label)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            write_bytes_atomically(folder / f"{sample.id}.png", _png_bytes(sample.image))
            write_json_atomically(folder / f"{sample.id}.json", sample.to_json())
        except OSError as exc:
            (folder / f"{sample.id}.png").unlink(missing_ok=True)
            raise SampleError(QT_TRANSLATE_NOOP("SampleError", "cannot keep the sample in {path}: {reason}"), path=folder,
                              reason=os_reason_text(exc)) from None
        except UserError as exc:
            (folder / f"{sample.id}.png").unlink(missing_ok=True)
            raise SampleError(exc.text) from None


def _write_plain(root: Path, sample: Sample) -> None:
    """A sample into a staging folder, without an fsync per file: 10,000 of them made an import of
    5,000 samples take a minute. A file a crash cut short is reported at the next read, never used."""
    folder = root / str(sample.label)
    folder.mkdir(exist_ok=True)
    (folder / f"{sample.id}.png").write_bytes(_png_bytes(sample.image))
    (folder / f"{sample.id}.json").write_text(json.dumps(sample.to_json()), encoding="utf-8")


def to_uint8_image(image: np.ndarray) -> np.ndarray:
    """A 28x28 rendering as uint8 (floats in [0, 1] are scaled)."""
    array = np.asarray(image)
    if array.shape != (28, 28):
        raise SampleError(QT_TRANSLATE_NOOP("SampleError", "a sample's image must be 28x28, not {shape}"), shape="x".join(map(str, array.shape)))
    return array.astype(np.uint8) if array.dtype == np.uint8 else to_uint8(array)


def _read_stored_sample(png: Path, digit: str) -> Sample:
    json_path = png.with_suffix(".json")
    try:
        record = _parse_sample_json(json_path.read_bytes(), str(json_path))
        image = _decode_rendering(png.read_bytes(), str(png))
    except OSError as exc:
        raise SampleError(QT_TRANSLATE_NOOP("SampleError", "{path}: cannot be read ({reason})"), path=png.with_suffix(""),
                          reason=os_reason_text(exc)) from None
    label = check_label(record["label"])
    if str(label) != digit:
        raise SampleError(QT_TRANSLATE_NOOP("SampleError", "{path}: labelled {label} but kept in the folder of {digit}"),
                          path=json_path, label=label, digit=digit)
    return Sample(png.stem, label, image, record["strokes"], str(record.get("created", "")),
                  str(record.get("source", "canvas")), _plain_times(record.get("times"), record["strokes"]))


# -------------------------------------------------------------------------------------------- folders
def read_sample_folder(root: Path, missing_ok: bool = False) -> SampleSet:
    """Samples from a folder with subfolders ``0`` to ``9``: the store's own files (a JSON beside a
    28x28 PNG), or any PNG/JPEG pictures of one digit each, preprocessed as ``predict`` does.
    Unreadable files and pictures without a digit are listed in ``problems``."""
    root = Path(root)
    if not root.is_dir():
        if missing_ok and not root.exists():
            return SampleSet([])
        raise SampleError(QT_TRANSLATE_NOOP(
            "SampleError", "{path}: not a folder of samples (a folder with subfolders 0 to 9 of digit images)"), path=root)
    if not any((root / d).is_dir() for d in DIGITS):
        raise SampleError(QT_TRANSLATE_NOOP(
            "SampleError", "{path}: holds no subfolder named 0 to 9; put each digit's images in the folder of that "
            "digit (0/, 1/, ... 9/)"), path=root)
    result = SampleSet([])
    for digit in DIGITS:
        folder = root / digit
        if folder.is_dir():
            _read_digit_folder(folder, int(digit), result)
    return result


def _read_digit_folder(folder: Path, label: int, result: SampleSet) -> None:
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.suffix.lower() not in IMAGE_SUFFIXES:
            if path.suffix == ".json" and not path.with_suffix(".png").exists():
                result.problems.append(Text.of(QT_TRANSLATE_NOOP("SampleError", "{path}: its rendering {name} is missing"),
                                               {"path": path, "name": path.with_suffix(".png").name}))
            continue
        try:
            result.samples.append(_read_one(path, label))
        except UserError as exc:
            result.problems.append(exc.text)


def _read_one(path: Path, label: int) -> Sample:
    if path.with_suffix(".json").is_file():
        return _read_stored_sample(path, str(label))
    try:
        picture = load_image(path)
    except ImageLoadError as exc:
        raise SampleError(exc.text) from None
    digit = to_model_input(picture)
    if digit is None:
        raise SampleError(QT_TRANSLATE_NOOP(
            "SampleError", "{path}: no digit found in the picture (blank, or ink too faint or too small)"), path=path)
    return Sample(path.stem if _ID.match(path.stem) else new_sample_id(), label, to_uint8(digit),
                  source=f"image:{path.name}")


# -------------------------------------------------------------------------------------------- archives
def write_archive(samples: list[Sample], path: Path) -> int:
    """The samples as one zip: ``manifest.json`` and ``<digit>/<id>.json|png``; written atomically."""
    if not samples:
        raise SampleError(QT_TRANSLATE_NOOP("SampleError", "there are no samples to export yet"))
    manifest = {"format": ARCHIVE_FORMAT, "format_version": FORMAT_VERSION, "samples": len(samples),
                "counts": SampleSet(samples).counts()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST_NAME, json.dumps(manifest, indent=1))
        for sample in samples:
            archive.writestr(f"{sample.label}/{sample.id}.json", json.dumps(sample.to_json()))
            archive.writestr(f"{sample.label}/{sample.id}.png", _png_bytes(sample.image))
    try:
        write_bytes_atomically(path, buffer.getvalue())
    except OSError as exc:
        raise SampleError(QT_TRANSLATE_NOOP("SampleError", "cannot write {path}: {reason}"), path=path, reason=os_reason_text(exc)) from None
    return len(samples)


def read_archive(path: Path) -> list[Sample]:
    """Every sample of an archive, all checked before any is returned; SampleError for the first
    problem (a path leaving the folder, a link, a zip bomb, a damaged sample)."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = _checked_entries(archive, path)
            return _samples_from(archive, entries, path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError):
        raise SampleError(QT_TRANSLATE_NOOP("SampleError", "{path}: not a zip file, or a damaged one"), path=path) from None
    except OSError as exc:
        raise SampleError(QT_TRANSLATE_NOOP("SampleError", "{path}: cannot be read ({reason})"), path=path, reason=os_reason_text(exc)) from None


def _checked_entries(archive: zipfile.ZipFile, path: Path) -> list[zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > MAX_ARCHIVE_ENTRIES:
        raise SampleError(QT_TRANSLATE_NOOP(
            "SampleError", "{path}: holds {count:,} entries, more than a sample set has (at most {most:,}); nothing "
            "was imported"), path=path, count=len(infos), most=MAX_ARCHIVE_ENTRIES)
    total = 0
    for info in infos:
        name = info.filename
        if name.startswith(("/", "\\")) or ".." in name.replace("\\", "/").split("/") or ":" in name:
            raise SampleError(QT_TRANSLATE_NOOP(
                "SampleError", "{path}: the entry {name!r} points outside the sample folder; nothing was imported"),
                path=path, name=name)
        if stat.S_ISLNK(info.external_attr >> 16):
            raise SampleError(QT_TRANSLATE_NOOP(
                "SampleError", "{path}: the entry {name!r} is a link, which a sample set never holds; nothing was "
                "imported"), path=path, name=name)
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_ENTRY_BYTES or total > MAX_ARCHIVE_BYTES or ratio > MAX_COMPRESSION_RATIO:
            raise SampleError(QT_TRANSLATE_NOOP(
                "SampleError", "{path}: the entry {name!r} unpacks to far more than a sample (a zip bomb?); nothing "
                "was imported"), path=path, name=name)
        if name != MANIFEST_NAME and not info.is_dir() and not _ENTRY.match(name):
            raise SampleError(QT_TRANSLATE_NOOP(
                "SampleError", "{path}: the entry {name!r} is not part of a Digit Studio sample set; nothing was "
                "imported"), path=path, name=name)
    return [info for info in infos if _ENTRY.match(info.filename)]


def _read_limited(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """An entry's bytes, never more than the limit whatever its header claims."""
    with archive.open(info) as handle:
        data = handle.read(MAX_ENTRY_BYTES + 1)
    if len(data) > MAX_ENTRY_BYTES:
        raise SampleError(QT_TRANSLATE_NOOP("SampleError", "the entry {name!r} is larger than its header says (a zip bomb?)"), name=info.filename)
    return data


def _samples_from(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo], path: Path) -> list[Sample]:
    by_name = {info.filename: info for info in entries}
    samples = []
    for name, info in by_name.items():
        if not name.endswith(".json"):
            continue
        png = by_name.get(name[:-5] + ".png")
        where = f"{path}: {name}"
        if png is None:
            raise SampleError(QT_TRANSLATE_NOOP("SampleError", "{where}: its rendering is missing; nothing was imported"), where=where)
        try:
            record = _parse_sample_json(_read_limited(archive, info), where)
            image = _decode_rendering(_read_limited(archive, png), where)
        except SampleError as exc:
            raise SampleError(QT_TRANSLATE_NOOP("SampleError", "{error}; nothing was imported"), error=exc.text) from None
        label = check_label(record["label"])
        if str(label) != name.split("/")[0]:
            raise SampleError(QT_TRANSLATE_NOOP(
                "SampleError", "{where}: labelled {label} but filed under {digit}; nothing was imported"),
                where=where, label=label, digit=name.split("/")[0])
        samples.append(Sample(name.split("/")[1][:-5], label, image, record["strokes"],
                              str(record.get("created", "")), str(record.get("source", "canvas")),
                              _plain_times(record.get("times"), record["strokes"])))
    if not samples:
        raise SampleError(QT_TRANSLATE_NOOP("SampleError", "{path}: holds no samples; nothing was imported"), path=path)
    return samples
