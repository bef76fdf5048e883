"""Compute devices: what is available, and turning a user's choice into a ``torch.device``."""

from __future__ import annotations

from dataclasses import dataclass

import torch

from .errors import UserError
from .texts import QT_TRANSLATE_NOOP, Text


class DeviceError(UserError, ValueError):
    """The requested device does not exist on this machine."""

    failure_kind = "device"
    failure_template = QT_TRANSLATE_NOOP("DeviceError", "{error}.")


@dataclass(frozen=True)
class DeviceOption:
    """One entry of the device menu: ``id`` is what settings store (``auto``, ``cpu``, ``cuda:0``, ``mps``)."""

    id: str
    label: str
    available: bool
    reason: str = ""  # why it is unavailable


def _cuda_count() -> int:
    try:
        return torch.cuda.device_count() if torch.cuda.is_available() else 0
    except Exception:  # a broken driver must not take the app down
        return 0


def _mps_available() -> bool:
    backend = getattr(torch.backends, "mps", None)
    return bool(backend and backend.is_available())


def available_devices() -> list[DeviceOption]:
    """Auto, CPU, each CUDA GPU by name, and MPS; unavailable ones carry the reason."""
    options = [DeviceOption("auto", QT_TRANSLATE_NOOP("Devices", "Auto (best available)"), True),
               DeviceOption("cpu", "CPU", True)]
    count = _cuda_count()
    if count:
        for index in range(count):
            name = torch.cuda.get_device_name(index)
            options.append(DeviceOption(f"cuda:{index}", f"CUDA {index}: {name}", True))
    else:
        if torch.version.cuda is None:
            reason = QT_TRANSLATE_NOOP("Devices", "this PyTorch build has no CUDA support")
        else:
            reason = QT_TRANSLATE_NOOP("Devices", "no CUDA GPU or driver found")
        options.append(DeviceOption("cuda:0", QT_TRANSLATE_NOOP("Devices", "CUDA GPU"), False, reason))
    if _mps_available():
        options.append(DeviceOption("mps", QT_TRANSLATE_NOOP("Devices", "Apple GPU (MPS)"), True))
    elif __import__("sys").platform == "darwin":
        options.append(DeviceOption("mps", QT_TRANSLATE_NOOP("Devices", "Apple GPU (MPS)"), False,
                                    QT_TRANSLATE_NOOP("Devices", "MPS is not available in this PyTorch build")))
    return options


def resolve_device(choice: str = "auto") -> torch.device:
    """Turn ``auto``/``cpu``/``cuda``/``cuda:N``/``mps`` into a device, or raise :class:`DeviceError`."""
    choice = (choice or "auto").strip().lower()
    if choice == "auto":
        if _cuda_count():
            return torch.device("cuda:0")
        if _mps_available():
            return torch.device("mps")
        return torch.device("cpu")
    if choice == "cpu":
        return torch.device("cpu")
    if choice == "mps":
        if not _mps_available():
            raise DeviceError(QT_TRANSLATE_NOOP("DeviceError", "device 'mps' is not available on this machine (no Apple GPU support)"))
        return torch.device("mps")
    if choice == "cuda" or choice.startswith("cuda:"):
        index_text = choice.partition(":")[2] or "0"
        if not index_text.isdigit():
            raise DeviceError(QT_TRANSLATE_NOOP("DeviceError", "invalid device {choice!r}: use cuda or cuda:N with N a GPU number"), choice=choice)
        index = int(index_text)
        count = _cuda_count()
        if count == 0:
            raise DeviceError(QT_TRANSLATE_NOOP("DeviceError", "device {choice!r} is not available: no CUDA GPU found (use cpu or auto)"),
                              choice=choice)
        if index >= count:
            raise DeviceError(QT_TRANSLATE_NOOP("DeviceError", "device {choice!r} is not available: this machine has {count} CUDA GPU(s)"),
                              choice=choice, count=count)
        return torch.device(f"cuda:{index}")
    raise DeviceError(QT_TRANSLATE_NOOP("DeviceError", "unknown device {choice!r}: use auto, cpu, cuda, cuda:N or mps"), choice=choice)


def describe_device(device: torch.device) -> str | Text:
    """The device in words for people ("CPU (2 threads)"); ``str()`` of it is English (the CLI's)."""
    if device.type == "cuda":
        return f"CUDA {device.index or 0}: {torch.cuda.get_device_name(device)}"
    if device.type == "mps":
        return QT_TRANSLATE_NOOP("Devices", "Apple GPU (MPS)")
    return Text(QT_TRANSLATE_NOOP("Devices", "CPU (%n thread(s))"), {}, "Devices", torch.get_num_threads())
