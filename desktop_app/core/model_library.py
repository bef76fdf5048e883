"""The model library: every model the user keeps, one folder each, and which one is active.

Layout, in the user data folder (shared by the app and the ``digit-studio`` command)::

    models/
      library.json          {"format": ..., "active": ID, "active_name": NAME}
      .lock                 held around every change (several processes may use the library at once)
      <ID>/model.pt         the weights file (a copy: the run's own file stays where it was written)
      <ID>/entry.json       what the model is: id, name, created, architecture, settings (the recipe),
                            device, wall time, loss/accuracy history, scores, the weights' SHA-256

The shipped weights are the read-only entry ``shipped``; they are active until the user chooses
another model, and the choice is changed only by :meth:`ModelLibrary.set_active`, never as a side
effect (a new run, a removed model or a damaged file leaves it as it is and says so).

Every file is replaced atomically and a new model's folder appears complete (built under a hidden
name, then renamed), so a reader never needs the lock. A folder that is not a model (a damaged or
foreign ``entry.json``, a missing weights file) is reported as one message and left untouched.
Plain Python: the weights are opened (with torch) only to import a file and to read the shipped entry.

Each model may also carry its ONNX twin, ``<ID>/model.onnx`` (:mod:`.onnx_twin`), which the app and
``predict`` read with onnxruntime instead of loading PyTorch. The library makes it through a hook
that the entry points set (:func:`set_twin_maker`: the CLI exports at once, the app on a background
thread), so a script using the library pays for no export.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import secrets
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import UserError, os_reason_text
from .file_lock import FileLock
from .paths import (
    STALE_TEMPORARY_SECONDS,
    shipped_weights_path,
    user_data_dir,
    user_data_location,
    usual_file_mode,
)
from .texts import QT_TRANSLATE_NOOP, Text, english

SHIPPED_ID = "shipped"
SHIPPED_NAME = "Shipped weights"
LIBRARY_FOLDER = "models"
INDEX_NAME = "library.json"
ENTRY_NAME = "entry.json"
WEIGHTS_NAME = "model.pt"
LOCK_NAME = ".lock"
INDEX_FORMAT = "digit-studio-model-library"
ENTRY_FORMAT = "digit-studio-model"
FORMAT_VERSION = 1
MAX_NAME_LENGTH = 100
#: The metrics of a weights file that an entry keeps as its scores.
SCORE_KEYS = ("test_accuracy", "test_loss", "test_samples", "per_class_accuracy", "confusion",
              "val_accuracy", "val_loss")


#: Called with the weights path of each model just added, to make its ONNX twin; None: no twin.
_twin_maker: Callable[[Path], object] | None = None


def set_twin_maker(maker: Callable[[Path], object] | None) -> Callable[[Path], object] | None:
    """Who makes the ONNX twin of each model added from now on (None: nobody); returns the previous one."""
    global _twin_maker
    previous, _twin_maker = _twin_maker, maker
    return previous


class ModelLibraryError(UserError):
    """The library cannot do what was asked; the message says why and what to do."""


@dataclass(frozen=True)
class ModelEntry:
    """One model of the library, as its ``entry.json`` describes it."""

    id: str
    name: str
    created: str  # ISO 8601, with time zone
    architecture: str
    weights_path: Path
    settings: dict[str, Any] = field(default_factory=dict)
    device: str | None = None
    wall_time_s: float | None = None
    history: dict[str, Any] = field(default_factory=dict, repr=False)
    scores: dict[str, Any] = field(default_factory=dict, repr=False)
    weights_sha256: str | None = None
    read_only: bool = False

    @property
    def test_accuracy(self) -> float | None:
        """The share (0-1) of the MNIST test images it reads right, if measured."""
        value = self.scores.get("test_accuracy")
        return float(value) if _is_number(value) else None

    def to_json(self) -> dict[str, Any]:
        """The ``entry.json`` form (the weights file is always ``model.pt`` beside it)."""
        return {
            "format": ENTRY_FORMAT, "format_version": FORMAT_VERSION, "id": self.id, "name": self.name,
            "created": self.created, "architecture": self.architecture, "settings": self.settings,
            "device": self.device, "wall_time_s": self.wall_time_s, "history": self.history,
            "scores": self.scores, "weights_sha256": self.weights_sha256,
        }

    def summary(self, active: bool) -> dict[str, Any]:
        """What ``digit-studio models list --json`` prints for it: accuracy as a percentage (0-100)."""
        accuracy = self.test_accuracy
        return {
            "id": self.id, "name": self.name, "path": str(self.weights_path), "architecture": self.architecture,
            "created": self.created, "test_accuracy": None if accuracy is None else round(accuracy * 100, 4),
            "active": active,
        }


@dataclass(frozen=True)
class LibraryContents:
    """The models found (the shipped entry first, then oldest to newest) and one message per folder
    that is no usable model."""

    entries: list[ModelEntry]
    problems: list[Text]  # str(problem) is English; the GUI translates them


class ModelLibrary:
    """The store of models in ``root`` (default: ``models/`` in the user data folder)."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = Path(root) if root is not None else user_data_location() / LIBRARY_FOLDER

    # -- reading (no lock: every file is replaced atomically) -----------------------------------------

    @property
    def index_path(self) -> Path:
        return self.root / INDEX_NAME

    def contents(self) -> LibraryContents:
        entries, problems = [shipped_entry()], []
        for folder in self._model_folders():
            try:
                entries.append(_read_entry(folder))
            except FileNotFoundError:  # removed by another process while we looked
                continue
            except ModelLibraryError as exc:
                problems.append(exc.text)
        entries[1:] = sorted(entries[1:], key=lambda entry: (entry.created, entry.id))
        return LibraryContents(entries, problems)

    def entries(self) -> list[ModelEntry]:
        return self.contents().entries

    def get(self, model_id: str) -> ModelEntry:
        """The model with this id, or ModelLibraryError saying it is not there or is damaged."""
        if model_id == SHIPPED_ID:
            return shipped_entry()
        folder = self._folder(model_id)
        try:
            return _read_entry(folder)
        except FileNotFoundError:
            raise ModelLibraryError(QT_TRANSLATE_NOOP(
                "ModelLibraryError", "there is no model {model_id!r}; `digit-studio models list` shows the models there "
                "are"), model_id=model_id) from None

    def active_id(self) -> str:
        """The id of the active model: the stored choice, or ``shipped`` when none was ever made."""
        return str(self._read_index().get("active", SHIPPED_ID))

    def active_entry(self) -> ModelEntry:
        """The active model; ModelLibraryError (naming it and what to do) when it is gone or damaged.

        The stored choice stays as it is: the user decides what replaces it."""
        index = self._read_index()
        model_id = str(index.get("active", SHIPPED_ID))
        try:
            return self.get(model_id)
        except ModelLibraryError as exc:
            name = index.get("active_name")
            label = f"{name!r} ({model_id})" if isinstance(name, str) else repr(model_id)
            raise ModelLibraryError(QT_TRANSLATE_NOOP(
                "ModelLibraryError", "the active model {label} cannot be used: {reason}. Choose another (Model menu, "
                "or `digit-studio models use shipped`)"), label=label, reason=_FirstClause.of(exc.text)) from None

    def active_weights_path(self) -> Path:
        """The active model's weights file (without opening the shipped weights: no torch needed)."""
        if self.active_id() == SHIPPED_ID:
            return shipped_weights_path()
        return self.active_entry().weights_path

    def entry_for_weights(self, path: Path) -> ModelEntry | None:
        """The library's model whose weights file is ``path``, or a copy of it (the same SHA-256: a
        run's own ``trained.pt`` and the copy the library kept), if there is one."""
        try:
            resolved = Path(path).resolve()
            entries = self.entries()
            if any(entry.weights_path.resolve() == resolved for entry in entries):
                return next(entry for entry in entries if entry.weights_path.resolve() == resolved)
            digest = file_sha256(resolved)
        except OSError:
            return None
        return next((entry for entry in entries if entry.weights_sha256 == digest), None)

    # -- changing (under the lock) ------------------------------------------------------------------

    def set_active(self, model_id: str, verify_weights: bool = True) -> ModelEntry:
        """Make ``model_id`` the active model for the app and the CLI alike. With ``verify_weights`` its
        weights are loaded first, so the choice never falls on a file that cannot be used."""
        with self._lock():
            entry = self.get(model_id)
            if verify_weights:
                from .weights import load_weights

                load_weights(entry.weights_path)  # WeightsError names the file and what is wrong
            index = {"format": INDEX_FORMAT, "format_version": FORMAT_VERSION, "active": entry.id,
                     "active_name": entry.name}
            write_json_atomically(self.index_path, index)
        return entry

    def add(self, weights_file: Path, name: str | None = None, *, device: str | None = None,
            wall_time_s: float | None = None) -> ModelEntry:
        """Keep a copy of ``weights_file`` as a new model (validated first: WeightsError if it cannot be
        used). The active model does not change."""
        from .weights import load_weights

        weights_file = Path(weights_file)
        loaded = load_weights(weights_file)
        name = check_name(name if name is not None else default_name(loaded.metadata, weights_file))
        self._writable_root()
        with self._lock():
            _remove_stale_temporary_folders(self.root)
            entry = self._add_folder(weights_file, loaded, name, device, wall_time_s)
        maker = _twin_maker  # read once: the window may put back another while a training thread adds
        if maker is not None:  # outside the lock: an export takes seconds
            maker(entry.weights_path)
        return entry

    def holds_weights(self, path: Path) -> bool:
        """Whether ``path`` is a library model's own weights file (the library may write beside it)."""
        try:
            resolved, root = Path(path).resolve(), self.root.resolve()
        except OSError:
            return False
        return resolved.name == WEIGHTS_NAME and resolved.parent.parent == root and _is_model_id(resolved.parent.name)

    def model_with_digest(self, digest: str) -> ModelEntry | None:
        """The kept model (not the shipped one) whose weights file has this SHA-256; opens no weights."""
        try:
            folders = self._model_folders()
        except ModelLibraryError:
            return None
        for folder in folders:
            try:
                entry = _read_entry(folder)
            except (OSError, ModelLibraryError):
                continue
            if entry.weights_sha256 == digest:
                return entry
        return None

    def rename(self, model_id: str, name: str) -> ModelEntry:
        name = check_name(name)
        self._refuse_shipped(model_id, QT_TRANSLATE_NOOP(
            "ModelLibraryError", "the shipped weights are part of the app and cannot be renamed"))
        with self._lock():
            entry = replace(self.get(model_id), name=name)
            write_json_atomically(self._folder(model_id) / ENTRY_NAME, entry.to_json())
            index = self._read_index_or_empty()
            if index.get("active") == model_id:
                write_json_atomically(self.index_path, {**index, "active_name": name})
        return entry

    def remove(self, model_id: str) -> ModelEntry:
        """Delete a model and its weights. The shipped entry and the active model cannot be removed."""
        self._refuse_shipped(model_id, QT_TRANSLATE_NOOP(
            "ModelLibraryError", "the shipped weights are part of the app and cannot be removed"))
        with self._lock():
            entry = self.get(model_id)
            if self._read_index_or_empty().get("active") == model_id:
                raise ModelLibraryError(QT_TRANSLATE_NOOP(
                    "ModelLibraryError", "{name!r} ({model_id}) is the active model: choose another first (e.g. "
                    "`digit-studio models use shipped`), then remove it"), name=entry.name, model_id=model_id)
            doomed = self.root / f".removed-{model_id}-{secrets.token_hex(3)}"
            try:
                os.replace(self._folder(model_id), doomed)  # gone for every reader at once
            except OSError as exc:
                raise ModelLibraryError(QT_TRANSLATE_NOOP("ModelLibraryError", "cannot remove {name!r} ({model_id}): {reason}"),
                                        name=entry.name, model_id=model_id, reason=os_reason_text(exc)) from None
            shutil.rmtree(doomed, ignore_errors=True)
        return entry

    # -- internals ----------------------------------------------------------------------------------

    def _folder(self, model_id: str) -> Path:
        if not _is_model_id(model_id):
            raise ModelLibraryError(QT_TRANSLATE_NOOP(
                "ModelLibraryError", "{model_id!r} is not a model id; `digit-studio models list` shows the ids"),
                model_id=model_id)
        return self.root / model_id

    def _model_folders(self) -> list[Path]:
        try:
            return sorted(p for p in self.root.iterdir() if not p.name.startswith(".") and p.is_dir())
        except (FileNotFoundError, NotADirectoryError):
            return []
        except OSError as exc:
            raise ModelLibraryError(QT_TRANSLATE_NOOP("ModelLibraryError", "the model library {path} cannot be read: {reason}"),
                                    path=self.root, reason=os_reason_text(exc)) from None

    def _read_index(self) -> dict[str, Any]:
        """The stored index ({} when there is none yet); ModelLibraryError when it is damaged."""
        try:
            data = json.loads(self.index_path.read_text(encoding="utf-8"))
        except (FileNotFoundError, NotADirectoryError):  # no library yet (or no data folder at all)
            return {}
        except OSError as exc:
            if exc.errno == errno.ENAMETOOLONG:  # a data folder that cannot exist holds no choice
                return {}
            raise ModelLibraryError(QT_TRANSLATE_NOOP(
                "ModelLibraryError", "{path}: the record of the active model cannot be read ({reason})"),
                path=self.index_path, reason=os_reason_text(exc)) from None
        except ValueError as exc:
            raise _damaged_index(self.index_path, Text.of(type(exc).__name__)) from None
        if not isinstance(data, dict) or data.get("format") != INDEX_FORMAT:
            raise _damaged_index(self.index_path, Text.of(QT_TRANSLATE_NOOP("ModelLibraryError", "not a model library index")))
        if not isinstance(data.get("active", SHIPPED_ID), str):
            raise _damaged_index(self.index_path, Text.of(QT_TRANSLATE_NOOP("ModelLibraryError", "the active model is not an id")))
        return data

    def _read_index_or_empty(self) -> dict[str, Any]:
        """The index for a change that rewrites it anyway: a damaged one counts as none."""
        try:
            return self._read_index()
        except ModelLibraryError:
            return {}

    def _writable_root(self) -> None:
        user_data_dir()  # DataFolderError says what is wrong with the data folder and what to do
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ModelLibraryError(QT_TRANSLATE_NOOP("ModelLibraryError", "the model library {path} cannot be created: {reason}"),
                                    path=self.root, reason=os_reason_text(exc)) from None

    def _lock(self) -> FileLock:
        self._writable_root()
        return FileLock(self.root / LOCK_NAME)

    @staticmethod
    def _refuse_shipped(model_id: str, message: str) -> None:
        if model_id == SHIPPED_ID:
            raise ModelLibraryError(message)

    def _add_folder(self, weights_file: Path, loaded, name: str, device, wall_time_s) -> ModelEntry:
        """Build the model's folder under a hidden name, then rename it into place: it appears complete."""
        building = Path(tempfile.mkdtemp(prefix=".new-", dir=self.root))
        try:
            digest = copy_file_atomically(weights_file, building / WEIGHTS_NAME)
            entry = _entry_from_weights(new_model_id(), name, loaded, building / WEIGHTS_NAME, digest,
                                        device, wall_time_s)
            write_json_atomically(building / ENTRY_NAME, entry.to_json())
            while True:
                try:
                    os.rename(building, self.root / entry.id)
                    break
                except OSError as exc:
                    if not (self.root / entry.id).exists():
                        raise ModelLibraryError(QT_TRANSLATE_NOOP("ModelLibraryError", "cannot add {path}: {reason}"),
                                                path=weights_file, reason=os_reason_text(exc)) from None
                    entry = replace(entry, id=new_model_id())  # taken in the same second: draw again
                    write_json_atomically(building / ENTRY_NAME, entry.to_json())
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
        return replace(entry, weights_path=self.root / entry.id / WEIGHTS_NAME)


# -- entries --------------------------------------------------------------------------------------------


def _read_entry(folder: Path) -> ModelEntry:
    """The entry of a model folder; FileNotFoundError when the folder is gone, ModelLibraryError
    (naming the folder, saying what is wrong, promising nothing was changed) when it is no usable model."""
    entry_file = folder / ENTRY_NAME
    try:
        data = json.loads(entry_file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        if folder.is_dir():
            raise _not_a_model(folder, Text.of(QT_TRANSLATE_NOOP("ModelLibraryError", "it has no {file}"),
                                               {"file": ENTRY_NAME})) from None
        raise
    except (OSError, ValueError) as exc:
        raise _not_a_model(folder, Text.of(QT_TRANSLATE_NOOP("ModelLibraryError", "its {file} cannot be read ({problem})"),
                                           {"file": ENTRY_NAME, "problem": type(exc).__name__})) from None
    problem = check_entry(data, folder.name)
    if problem:
        raise _not_a_model(folder, problem)
    weights = folder / WEIGHTS_NAME
    if not weights.is_file():
        if not folder.is_dir():  # removed by another process between the two reads
            raise FileNotFoundError(errno.ENOENT, "model removed", str(folder))
        raise _not_a_model(folder, Text.of(QT_TRANSLATE_NOOP("ModelLibraryError", "its weights file {file} is missing"),
                                           {"file": WEIGHTS_NAME}))
    return ModelEntry(
        id=data["id"], name=data["name"], created=data["created"], architecture=data["architecture"],
        weights_path=weights, settings=data.get("settings") or {}, device=data.get("device"),
        wall_time_s=data.get("wall_time_s"), history=data.get("history") or {}, scores=data.get("scores") or {},
        weights_sha256=data.get("weights_sha256"),
    )


def check_entry(data: Any, folder_name: str) -> Text | None:
    """What is wrong with an ``entry.json`` (one phrase), or None when it describes a usable model."""
    if not isinstance(data, dict) or data.get("format") != ENTRY_FORMAT:
        return Text.of(QT_TRANSLATE_NOOP("ModelLibraryError", "its {file} is not a Digit Studio model entry"), {"file": ENTRY_NAME})
    version = data.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version > FORMAT_VERSION:
        return Text.of(QT_TRANSLATE_NOOP(
            "ModelLibraryError", "its {file} has format version {version!r}; this Digit Studio reads {readable}"),
            {"file": ENTRY_NAME, "version": version, "readable": FORMAT_VERSION})
    if data.get("id") != folder_name:
        return Text.of(QT_TRANSLATE_NOOP("ModelLibraryError", "its {file} names the model {model_id!r}, not its folder's name"),
                       {"file": ENTRY_NAME, "model_id": data.get("id")})
    for key in ("name", "created", "architecture"):
        if not isinstance(data.get(key), str) or not data[key]:
            return Text.of(QT_TRANSLATE_NOOP("ModelLibraryError", "its {key} is missing"), {"key": key})
    if _parse_time(data["created"]) is None:
        return Text.of(QT_TRANSLATE_NOOP("ModelLibraryError", "its created time {created!r} is not an ISO 8601 time"),
                       {"created": data["created"]})
    for key in ("settings", "history", "scores"):
        if data.get(key) is not None and not isinstance(data[key], dict):
            return Text.of(QT_TRANSLATE_NOOP("ModelLibraryError", "its {key} is not a table"), {"key": key})
    wall = data.get("wall_time_s")
    if wall is not None and not (_is_number(wall) and wall >= 0):
        return Text.of(QT_TRANSLATE_NOOP("ModelLibraryError", "its wall time {wall!r} is not a number of seconds"), {"wall": wall})
    return None


def _entry_from_weights(model_id, name, loaded, weights_path, digest, device, wall_time_s) -> ModelEntry:
    metadata = loaded.metadata
    created = metadata.get("created")
    if not (isinstance(created, str) and _parse_time(created)):
        created = now_iso()
    settings = _plain(metadata.get("settings") or {})
    metrics = metadata.get("metrics") or {}
    return ModelEntry(
        id=model_id, name=name, created=created, architecture=loaded.architecture, weights_path=weights_path,
        settings=settings, device=device or settings.get("device"),
        wall_time_s=wall_time_s if wall_time_s is not None else _training_seconds(metadata.get("history")),
        history=_plain(metadata.get("history") or {}),
        scores=_plain({key: metrics[key] for key in SCORE_KEYS if key in metrics}),
        weights_sha256=digest,
    )


def _training_seconds(history: Any) -> float | None:
    """The run's training time, from its epochs' timings (for a file added without its wall time)."""
    epochs = history.get("epochs") if isinstance(history, dict) else None
    if not isinstance(epochs, list):
        return None
    seconds = [epoch.get("seconds") for epoch in epochs if isinstance(epoch, dict)]
    seconds = [value for value in seconds if _is_number(value)]
    return round(float(sum(seconds)), 3) if seconds else None


def shipped_entry() -> ModelEntry:
    """The read-only entry of the weights shipped with the app."""
    path = shipped_weights_path()
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        stamp = 0
    return _shipped_entry(path, stamp)


@lru_cache(maxsize=2)
def _shipped_entry(path: Path, stamp: int) -> ModelEntry:
    from .weights import load_weights

    loaded = load_weights(path)
    entry = _entry_from_weights(SHIPPED_ID, SHIPPED_NAME, loaded, path, None, None, None)
    return replace(entry, read_only=True)


def default_name(metadata: dict[str, Any], weights_file: Path | None = None, label: str | None = None) -> str:
    """A model's name before the user gives one, from its recipe and date: the preset its settings
    match ("Fast (default), 2025-01-14 15:30"), else ``label`` marked as changed, else the file's name."""
    from .settings import PRESETS

    settings = metadata.get("settings") or {}
    stem = next((preset.name for preset in PRESETS.values() if settings and _same_recipe(settings, preset.settings)),
                None)
    if stem is None:
        stem = f"{label} (changed)" if label else (weights_file.stem if weights_file is not None else "Model")
    created = _parse_time(metadata.get("created")) or datetime.now(timezone.utc)
    return f"{stem}, {created.astimezone().strftime('%Y-%m-%d %H:%M')}"


def _same_recipe(settings: dict[str, Any], preset_settings) -> bool:
    """Whether a run's settings are the preset's recipe (where and how it computed, and on how much data,
    aside: settings.NOT_PART_OF_A_PRESET). A recipe from before a setting existed lacks it: not the preset's."""
    from .settings import NOT_PART_OF_A_PRESET

    recipe = preset_settings.to_dict()
    return all(settings.get(key) == value for key, value in recipe.items() if key not in NOT_PART_OF_A_PRESET)


def check_name(name: str) -> str:
    """A model name as given, trimmed; ModelLibraryError when it cannot be one."""
    text = name.strip() if isinstance(name, str) else ""
    if not text:
        raise ModelLibraryError(QT_TRANSLATE_NOOP("ModelLibraryError", "a model's name cannot be empty"))
    if any(ch in text for ch in "\r\n\t") or not text.isprintable():
        raise ModelLibraryError(QT_TRANSLATE_NOOP("ModelLibraryError", "a model's name must be one line of text"))
    if len(text) > MAX_NAME_LENGTH:
        raise ModelLibraryError(QT_TRANSLATE_NOOP(
            "ModelLibraryError", "a model's name can be at most {most} characters (this one has {length})"),
            most=MAX_NAME_LENGTH, length=len(text))
    return text


def new_model_id() -> str:
    """Sortable by creation and short enough to type: 20250114-153012-a3f9."""
    return f"{datetime.now().strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(2)}"


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _is_model_id(text: str) -> bool:
    return (isinstance(text, str) and 0 < len(text) <= 64 and not text.startswith(".")
            and all(ch.isalnum() or ch in "-_" for ch in text))


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _parse_time(text: Any) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _plain(value: Any) -> Any:
    """``value`` as JSON can hold it (tensors and arrays become lists)."""
    def convert(item: Any) -> Any:
        if hasattr(item, "tolist"):
            return item.tolist()
        return str(item)

    return json.loads(json.dumps(value, default=convert)) if value else value


class _FirstClause(Text):
    """A message up to its first "; " (or a translation's first "；"): what is wrong, without the advice."""

    def format(self, translate=english) -> str:
        return super().format(translate).split("; ")[0].split("；")[0]

    @classmethod
    def of(cls, message, params=None) -> Text:
        text = Text.of(message, params)
        return cls(text.template, text.params, text.context, text.count)


def _not_a_model(folder: Path, problem: Text) -> ModelLibraryError:
    return ModelLibraryError(QT_TRANSLATE_NOOP(
        "ModelLibraryError", "{path}: not a usable model: {problem}; the folder was left as it is"),
        path=folder, problem=problem)


def _damaged_index(path: Path, problem: Text) -> ModelLibraryError:
    return ModelLibraryError(QT_TRANSLATE_NOOP(
        "ModelLibraryError", "{path}: the record of the active model is damaged ({problem}); choose the model to use "
        "again, e.g. `digit-studio models use shipped`"), path=path, problem=problem)


def _remove_stale_temporary_folders(root: Path) -> None:
    """What an add or remove killed midway left behind (young ones may be another process's work)."""
    for pattern in (".new-*", ".removed-*"):
        for folder in root.glob(pattern):
            try:
                if time.time() - folder.stat().st_mtime > STALE_TEMPORARY_SECONDS:
                    shutil.rmtree(folder, ignore_errors=True)
            except OSError:
                continue


# -- atomic files -------------------------------------------------------------------------------------


def write_json_atomically(path: Path, data: Any) -> None:
    """Write JSON to a temporary file beside ``path``, fsync, rename over it: readers see the old file
    or the new one, and a full disk leaves the old one in place."""
    text = json.dumps(data, indent=1)
    _write_atomically(path, lambda handle: handle.write(text.encode("utf-8")))


def copy_file_atomically(source: Path, target: Path) -> str:
    """Copy ``source`` to ``target`` atomically; returns the copy's SHA-256 (hex)."""
    digest = hashlib.sha256()

    def copy(handle) -> None:
        with open(source, "rb") as reader:
            while chunk := reader.read(1 << 20):
                digest.update(chunk)
                handle.write(chunk)

    _write_atomically(target, copy)
    return digest.hexdigest()


def write_file_atomically(path: Path, write) -> None:
    """``write(handle)`` into a temporary file beside ``path``, fsync, rename over it (ModelLibraryError
    when it cannot be written; what was stored stays)."""
    _write_atomically(path, write)


def _write_atomically(path: Path, write) -> None:
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise ModelLibraryError(QT_TRANSLATE_NOOP("ModelLibraryError", "cannot write {path}: {reason}"),
                                path=path, reason=os_reason_text(exc)) from None
    try:
        os.chmod(tmp_name, usual_file_mode())  # mkstemp makes it owner-only
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except OSError as exc:
        Path(tmp_name).unlink(missing_ok=True)
        raise ModelLibraryError(QT_TRANSLATE_NOOP(
            "ModelLibraryError", "cannot write {path}: {reason}; what was stored is unchanged"),
            path=path, reason=os_reason_text(exc)) from None


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as reader:
        while chunk := reader.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


