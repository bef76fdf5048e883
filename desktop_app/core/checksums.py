"""A content digest of nested tensors and plain values, the same before ``torch.save`` and after
``torch.load``: weights files store one per part so that damage after writing is caught on load.

The encoding is canonical (dict keys sorted, every value tagged with its type, tensors by dtype,
shape and bytes in logical order), so a tensor saved channels-last or a dict rebuilt in another
order gives the same digest.
"""

from __future__ import annotations

import hashlib
from typing import Any

import torch


def content_digest(value: Any) -> str:
    """SHA-256 (hex) of ``value``: dicts, lists, tuples, tensors, str, int, float, bool and None."""
    digest = hashlib.sha256()
    _feed(digest, value)
    return digest.hexdigest()


def _feed(digest, value: Any) -> None:
    if isinstance(value, torch.Tensor):
        data = value.detach().cpu().reshape(-1)
        digest.update(f"t{data.dtype}{tuple(value.shape)}:".encode())
        digest.update(data.view(torch.uint8).numpy() if data.numel() else b"")
    elif isinstance(value, dict):
        digest.update(f"d{len(value)}:".encode())
        for key in sorted(value, key=repr):
            _feed(digest, key)
            _feed(digest, value[key])
    elif isinstance(value, (list, tuple)):
        digest.update(f"l{len(value)}:".encode())
        for item in value:
            _feed(digest, item)
    elif isinstance(value, bool):
        digest.update(b"b1" if value else b"b0")
    elif isinstance(value, int):
        digest.update(f"i{value};".encode())
    elif isinstance(value, float):
        digest.update(f"f{value!r};".encode())
    elif isinstance(value, str):
        encoded = value.encode("utf-8", "surrogatepass")
        digest.update(f"s{len(encoded)}:".encode() + encoded)
    elif value is None:
        digest.update(b"n")
    else:  # e.g. torch.Size, torch.dtype: their text is stable
        digest.update(f"o{type(value).__name__}:{value!r};".encode())
