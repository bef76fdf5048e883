"""Weights files: one file holds a network's state_dict and what is needed to use and trust it.

Format (a dict saved with ``torch.save``, loaded with ``weights_only=True`` so a malicious pickle
cannot run code)::

    {"format": "digit-studio-weights", "format_version": 1, "kind": "weights" | "checkpoint",
     "architecture": "compact_cnn", "state_dict": {...},
     "metadata": {"normalization": {"mean": .., "std": ..}, "settings": {...}, "epoch": ..,
                  "metrics": {...}, "history": {...}, "created": ISO time, ...},
     "training_state": {...},   # checkpoints only: optimizer, scheduler, epoch/batch position
     "checksums": {"state_dict": sha256, "metadata": sha256, "training_state": sha256}}

The checksums (:mod:`.checksums`) catch a file damaged after it was written (a bad disk, a bad copy):
torch's own format would load flipped bytes in tensor data silently, and the network would then
answer confidently wrong. Files written before the checksums existed load without them. Every
file's tensors must be finite and its metadata must follow :func:`check_metadata`.

A plain seed-style ``state_dict`` of ``NumberRecognition`` (what the tutorial saved) loads too.
Files are written atomically: a crash or a full disk never leaves a half-written file in place of a
good one.
"""

from __future__ import annotations

import errno
import math
import os
import pickle
import shutil
import tempfile
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import torch
from torch import nn

from .checksums import content_digest
from .errors import UserError, os_reason_text
from .model import ARCHITECTURES, MNIST_MEAN, MNIST_STD, create_model, outputs_in
from .paths import usual_file_mode
from .settings import SETTINGS
from .texts import QT_TRANSLATE_NOOP, Text

FORMAT_NAME = "digit-studio-weights"
FORMAT_VERSION = 1


class WeightsError(UserError, ValueError):
    """A weights file cannot be used; the message names the file and what is wrong."""

    failure_kind = "resume"  # the only weights file a training run reads is the one it resumes
    failure_template = QT_TRANSLATE_NOOP("WeightsError", "Cannot resume: {error}")


class SaveError(UserError, OSError):
    """Writing a weights or checkpoint file failed; any previous file at that path is intact."""

    failure_kind = "save_failed"
    failure_template = QT_TRANSLATE_NOOP("SaveError", "Saving failed: {error}")

    def __init__(self, code: int | None, message: str | Text, /, **params: object) -> None:
        self.text = Text.of(message, params)
        OSError.__init__(self, code, str(self.text))

    def __str__(self) -> str:  # the sentence alone, without OSError's "[Errno 28]" prefix
        return self.strerror or super().__str__()


@dataclass
class LoadedWeights:
    model: nn.Module  # in eval mode, on the CPU
    architecture: str
    metadata: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None
    training_state: dict[str, Any] | None = None

    @property
    def normalization(self) -> tuple[float, float]:
        norm = self.metadata.get("normalization") or {}
        return float(norm.get("mean", MNIST_MEAN)), float(norm.get("std", MNIST_STD))

    @property
    def test_accuracy(self) -> float | None:
        value = (self.metadata.get("metrics") or {}).get("test_accuracy")
        return float(value) if value is not None else None


def default_metadata() -> dict[str, Any]:
    return {
        "normalization": {"mean": MNIST_MEAN, "std": MNIST_STD},
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }


def save_weights(
    path: str | os.PathLike,
    model: nn.Module,
    architecture: str,
    metadata: dict[str, Any] | None = None,
    training_state: dict[str, Any] | None = None,
) -> Path:
    """Write a weights file (or a checkpoint, when ``training_state`` is given) atomically."""
    payload: dict[str, Any] = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "kind": "checkpoint" if training_state is not None else "weights",
        "architecture": architecture,
        "state_dict": {k: v.detach().cpu() for k, v in model.state_dict().items()},
        "metadata": {**default_metadata(), **(metadata or {})},
    }
    if training_state is not None:
        payload["training_state"] = training_state
    payload["checksums"] = {part: content_digest(payload[part]) for part in CHECKSUMMED if part in payload}
    return atomic_torch_save(payload, path, verify=_reads_back)


def _reads_back(path: Path) -> None:
    """The written file loads as weights again (else SaveError): a good file is never replaced by
    one that does not (a disk that lies, a torch that wrote something it cannot read)."""
    try:
        load_weights(path)
    except WeightsError as exc:
        raise OSError(errno.EIO, f"the written file does not load back ({exc})") from None


#: The parts of a file that carry a checksum.
CHECKSUMMED = ("state_dict", "metadata", "training_state")


def atomic_torch_save(obj: Any, path: str | os.PathLike, verify: Callable[[Path], None] | None = None) -> Path:
    """``torch.save`` to a temporary file beside ``path``, fsync, ``verify`` it, then rename over it."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise SaveError(exc.errno, QT_TRANSLATE_NOOP("SaveError", "cannot write {path}: {reason}"),
                        path=target, reason=_os_reason(exc)) from exc
    try:
        os.chmod(tmp_name, usual_file_mode())
        with os.fdopen(fd, "wb") as handle:
            torch.save(obj, handle)
            handle.flush()
            os.fsync(handle.fileno())
        if verify is not None:
            verify(Path(tmp_name))
        os.replace(tmp_name, target)
    except (OSError, RuntimeError) as exc:
        Path(tmp_name).unlink(missing_ok=True)
        code = getattr(exc, "errno", None) or errno.EIO
        raise SaveError(code, QT_TRANSLATE_NOOP(
            "SaveError", "cannot write {path}: {reason}; the previous file is unchanged"),
            path=target, reason=_os_reason(exc, target.parent)) from exc
    return target


#: Below this much free space, a write that torch's zip writer gave up on is put down to a full disk.
NEARLY_FULL_BYTES = 64 << 20


def _os_reason(exc: BaseException, folder: Path | None = None) -> Text:
    if isinstance(exc, RuntimeError) and "No space left" not in str(exc):
        # torch's zip writer reports a short write as "[enforce fail at inline_container.cc:...]
        # unexpected pos ...", not as ENOSPC: name the likely cause rather than torch's internals.
        if folder is not None and _free_bytes(folder) < NEARLY_FULL_BYTES:
            return Text.of(QT_TRANSLATE_NOOP("OsReason", "the disk is full"))
        return Text.of(QT_TRANSLATE_NOOP("OsReason", "the file could not be written completely"))
    return os_reason_text(exc)


def _free_bytes(folder: Path) -> int:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return NEARLY_FULL_BYTES  # unknown: do not claim a full disk


def load_weights(path: str | os.PathLike, map_location: str | torch.device = "cpu") -> LoadedWeights:
    """Load a weights or checkpoint file, or raise :class:`WeightsError` with a one-line reason."""
    path = Path(path)
    raw = _read(path, map_location)
    if isinstance(raw, dict) and raw.get("format") == FORMAT_NAME:
        return _from_digit_studio(path, raw)
    if isinstance(raw, dict) and raw and all(isinstance(v, torch.Tensor) for v in raw.values()):
        return _from_plain_state_dict(path, raw)
    raise WeightsError(QT_TRANSLATE_NOOP(
        "WeightsError", "{path}: not a Digit Studio weights file (it holds a {kind}, not network weights)"),
        path=path, kind=type(raw).__name__)


def _read(path: Path, map_location) -> Any:
    try:
        if not path.exists():
            raise WeightsError(QT_TRANSLATE_NOOP("WeightsError", "{path}: file not found"), path=path)
        if path.is_dir():
            raise WeightsError(QT_TRANSLATE_NOOP("WeightsError", "{path}: is a folder, not a weights file"), path=path)
        if path.stat().st_size == 0:
            raise WeightsError(QT_TRANSLATE_NOOP("WeightsError", "{path}: the file is empty"), path=path)
        with open(path, "rb") as handle:
            head = handle.read(2)
    except OSError as exc:  # permission denied, a name too long, an I/O error
        raise WeightsError(QT_TRANSLATE_NOOP("WeightsError", "{path}: cannot be read ({reason})"), path=path, reason=_os_reason(exc)) from None
    # torch.save writes a zip archive ("PK"); legacy files are a pickle (protocol >= 2 starts 0x80).
    # Anything else (a text file, an image) is no weights file, and must not be called unsafe.
    if head != b"PK" and head[:1] != b"\x80":
        raise WeightsError(QT_TRANSLATE_NOOP("WeightsError", "{path}: not a weights file (not a PyTorch file at all)"), path=path)
    try:
        with warnings.catch_warnings():  # torch warns about foreign pickle protocols; we report those below
            warnings.simplefilter("ignore")
            return torch.load(path, map_location=map_location, weights_only=True)
    except pickle.UnpicklingError as exc:
        # Only a pickle that names Python globals (functions, classes) is a threat; random bytes
        # that happen to start like a pickle or a zip fail on their first unknown opcode instead.
        if "GLOBAL" in str(exc) or "Unsupported global" in str(exc):
            raise WeightsError(QT_TRANSLATE_NOOP("WeightsError",
                "{path}: refused to load: the file contains Python objects or code, not just weights "
                "(it may be unsafe)"), path=path) from None
        raise WeightsError(QT_TRANSLATE_NOOP("WeightsError", "{path}: not a weights file (unreadable pickle data)"), path=path) from None
    except (zipfile.BadZipFile, EOFError) as exc:
        raise WeightsError(QT_TRANSLATE_NOOP("WeightsError", "{path}: the file is truncated or corrupt ({detail})"), path=path, detail=exc) from None
    except RuntimeError as exc:
        text = str(exc)
        if "zip archive" in text or "PytorchStreamReader" in text or "central directory" in text:
            raise WeightsError(QT_TRANSLATE_NOOP("WeightsError", "{path}: the file is truncated or corrupt"), path=path) from None
        raise WeightsError(QT_TRANSLATE_NOOP("WeightsError", "{path}: cannot be read as weights ({detail})"), path=path,
                           detail=text.splitlines()[0]) from None
    except (OSError, ValueError, UnicodeDecodeError, AttributeError, TypeError, IndexError, KeyError) as exc:
        raise WeightsError(QT_TRANSLATE_NOOP("WeightsError", "{path}: not a weights file ({detail})"), path=path, detail=type(exc).__name__) from None


def _from_digit_studio(path: Path, raw: dict) -> LoadedWeights:
    version = raw.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise WeightsError(QT_TRANSLATE_NOOP("WeightsError", "{path}: the file is damaged: its format version {version!r} is not a version number"),
                           path=path, version=version)
    if version > FORMAT_VERSION:
        raise WeightsError(QT_TRANSLATE_NOOP("WeightsError",
            "{path}: written by a newer Digit Studio (format {version}); this version reads format {supported}"),
            path=path, version=version, supported=FORMAT_VERSION)
    architecture = raw.get("architecture")
    if architecture not in ARCHITECTURES:
        raise WeightsError(QT_TRANSLATE_NOOP("WeightsError", "{path}: holds an unknown architecture {architecture!r}"), path=path,
                           architecture=architecture)
    state_dict = raw.get("state_dict")
    if not isinstance(state_dict, dict) or not all(isinstance(v, torch.Tensor) for v in state_dict.values()):
        raise WeightsError(QT_TRANSLATE_NOOP("WeightsError", "{path}: the file has no network weights"), path=path)
    _verify_checksums(path, raw)
    metadata = raw.get("metadata") if raw.get("metadata") is not None else {}
    problem = check_metadata(metadata)
    if problem:
        raise WeightsError(QT_TRANSLATE_NOOP("WeightsError", "{path}: invalid metadata: {problem}"), path=path, problem=problem)
    training_state = raw.get("training_state")
    if raw.get("kind") == "checkpoint" or training_state is not None:
        problem = check_training_state(training_state, architecture)
        if problem:
            raise WeightsError(QT_TRANSLATE_NOOP("WeightsError", "{path}: invalid checkpoint: {problem}"), path=path, problem=problem)
    model = _build(path, architecture, state_dict)
    return LoadedWeights(model, architecture, metadata, path, training_state)


def _verify_checksums(path: Path, raw: dict) -> None:
    stored = raw.get("checksums")
    if stored is None:  # written before checksums existed
        return
    if not isinstance(stored, dict):
        raise WeightsError(QT_TRANSLATE_NOOP("WeightsError", "{path}: the file is damaged: its checksums cannot be read"), path=path)
    for part in CHECKSUMMED:
        if part in stored and (part not in raw or content_digest(raw[part]) != stored[part]):
            what = {"state_dict": QT_TRANSLATE_NOOP("WeightsError", "network weights"), "metadata": QT_TRANSLATE_NOOP("WeightsError", "metadata"),
                    "training_state": QT_TRANSLATE_NOOP("WeightsError", "training state")}[part]
            raise WeightsError(QT_TRANSLATE_NOOP("WeightsError", "{path}: the file is damaged: its {part} do not match their checksum"),
                               path=path, part=Text.of(what))


def _finite_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def check_metadata(metadata: Any) -> str | None:
    """What is wrong with a weights file's metadata (one phrase), or None when it can be used."""
    if not isinstance(metadata, dict):
        return "it is not a table of values"
    normalization = metadata.get("normalization", {})
    if not isinstance(normalization, dict):
        return "normalization is not a table of mean and std"
    mean, std = normalization.get("mean", MNIST_MEAN), normalization.get("std", MNIST_STD)
    if not _finite_number(mean):
        return f"normalization mean {mean!r} is not a number"
    if not _finite_number(std) or std <= 0:
        return f"normalization std {std!r} is not a positive number"
    metrics = metadata.get("metrics", {})
    if not isinstance(metrics, dict):
        return "metrics is not a table of scores"
    accuracy = metrics.get("test_accuracy")
    if accuracy is not None and not (_finite_number(accuracy) and 0 <= accuracy <= 1):
        return f"test_accuracy {accuracy!r} is not a share between 0 and 1"
    for key, kind in (("settings", dict), ("history", dict), ("epoch", int), ("created", str)):
        value = metadata.get(key)
        if value is not None and (not isinstance(value, kind) or isinstance(value, bool)):
            return f"{key} {_short_repr(value)} is not a {kind.__name__}"
    return None


def check_training_state(state: Any, architecture: str) -> str | None:
    """What is wrong with a checkpoint's training state (one phrase), or None when a run can resume from it."""
    if not isinstance(state, dict):
        return "it holds no training state"
    for key in ("optimizer", "scheduler", "settings", "history"):
        if not isinstance(state.get(key), dict):
            return f"{key} is missing or not a table"
    for key in ("epoch_index", "batch_index", "step", "total_steps"):
        value = state.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            return f"{key} {_short_repr(value)} is not a count"
    history = state["history"]
    if not isinstance(history.get("batch_loss"), list) or not isinstance(history.get("epochs"), list):
        return "its loss history is not two lists"
    problem = _check_stored_settings(state["settings"]) or _check_weight_average(state)
    if problem:
        return problem
    settings = state["settings"]
    if settings.get("architecture", architecture) != architecture:
        return f"its settings name the {settings.get('architecture')!r} network, but it holds {architecture!r} weights"
    epochs = settings.get("epochs")
    if isinstance(epochs, int) and not isinstance(epochs, bool) and state["epoch_index"] > epochs:
        return f"it is at epoch {state['epoch_index'] + 1} of a {epochs}-epoch run"
    if state["step"] > state["total_steps"]:
        return f"step {state['step']} is past the run's {state['total_steps']} steps"
    return None


def _check_stored_settings(settings: dict[str, Any]) -> str | None:
    """Settings as the run stored them (typed values, not text to parse): each one possible."""
    for key, value in settings.items():
        spec = SETTINGS.get(key)
        if spec is not None and not spec.accepts(value):
            return f"its settings are not possible ({spec.error(value)})"
    return None


def _check_weight_average(state: dict[str, Any]) -> str | None:
    """A run with weight averaging checkpoints the average as its network, the trained weights beside it."""
    average = state.get("average")
    if average is None:
        return None
    updates = average.get("updates") if isinstance(average, dict) else None
    if not isinstance(updates, int) or isinstance(updates, bool) or updates < 0:
        return "its weight average's state is not possible"
    if not isinstance(state.get("trained_weights"), dict):
        return "its weight average has no trained weights beside it"
    return None


def _short_repr(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _from_plain_state_dict(path: Path, state_dict: dict) -> LoadedWeights:
    """A bare state_dict, as the seed tutorial saved: find the architecture whose tensors match."""
    for name in ARCHITECTURES:
        expected = create_model(name, outputs_in(state_dict)).state_dict()
        if expected.keys() == state_dict.keys() and all(
            expected[k].shape == state_dict[k].shape for k in expected
        ):
            model = _build(path, name, state_dict)
            metadata = {**default_metadata(), "source": "plain state_dict"}
            metadata.pop("created")
            return LoadedWeights(model, name, metadata, path)
    sample = ", ".join(list(state_dict)[:3])
    raise WeightsError(QT_TRANSLATE_NOOP("WeightsError", "{path}: holds weights of a network Digit Studio does not know (tensors {sample}, ...)"),
                       path=path, sample=sample)


def _build(path: Path, architecture: str, state_dict: dict) -> nn.Module:
    for name, tensor in state_dict.items():
        if tensor.is_floating_point() and not bool(torch.isfinite(tensor).all()):
            raise WeightsError(QT_TRANSLATE_NOOP("WeightsError", "{path}: the file is damaged: its weights hold NaN or infinite values ({name})"),
                               path=path, name=name)
    outputs = outputs_in(state_dict)  # 10: older weights, which never say "not a digit"; 11: they can
    if outputs not in (10, 11):
        raise WeightsError(QT_TRANSLATE_NOOP(
            "WeightsError", "{path}: weights do not match the {architecture} architecture ({outputs} outputs, not 10 or 11)"),
            path=path, architecture=architecture, outputs=outputs)
    model = create_model(architecture, outputs)
    try:
        model.load_state_dict(state_dict)
    except (RuntimeError, KeyError, TypeError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise WeightsError(QT_TRANSLATE_NOOP("WeightsError", "{path}: weights do not match the {architecture} architecture ({detail})"),
                           path=path, architecture=architecture, detail=first) from None
    return model.eval()
