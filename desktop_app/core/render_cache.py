"""Training drawings rendered once and kept on disk, so that later runs start at once.

A run that can learn "not a digit" or reads pen digits renders thousands of drawings with the canvas's
rasteriser first: the 7,494 pen digits and about 4,800 non-digits take some 2.3 s of a
``digit-studio train`` and of the first run in each app session. The images depend only on the
drawings and on the code that draws them, so they are kept in the data folder's ``render-cache``
under a name made from both: the parameters (the pen file's checksum, a count and a seed) and a
fingerprint of the rasteriser, which is the source of the modules that decide the pixels and the
versions of Pillow and numpy. Change any of them and the old files are no longer found (and are
removed, with the oldest ones beyond a few per kind).

The cache is only ever a shortcut: a file that cannot be read, is not such an array or has another
shape is rendered again, and a cache that cannot be written (a full disk, a read-only folder) leaves
the run as it was. In a frozen bundle, whose modules have no source files to fingerprint, nothing is
cached.

Only numpy and Pillow are imported.
"""

from __future__ import annotations

import hashlib
import importlib
import io
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np

from .paths import render_cache_path, write_bytes_atomically

__all__ = ["cached_render", "renderer_fingerprint"]

#: Files kept per kind (the newest): other seeds or counts of non-digits, an earlier pen file.
KEEP_PER_KIND = 4
#: The modules whose code decides the pixels of a rendered drawing.
RENDERER_MODULES = ("desktop_app.core.preprocessing", "desktop_app.core.non_digits", "desktop_app.core.pen_digits")

_fingerprint: str | None = None


def renderer_fingerprint() -> str | None:
    """SHA-256 of the rasteriser's sources and of Pillow's and numpy's versions; None where a source
    cannot be read (a frozen bundle), and then nothing is cached."""
    global _fingerprint
    if _fingerprint is None:
        import PIL

        digest = hashlib.sha256(f"Pillow {PIL.__version__} numpy {np.__version__}".encode())
        for name in RENDERER_MODULES:
            try:
                digest.update(Path(importlib.import_module(name).__file__).read_bytes())
            except (ImportError, TypeError, OSError):  # no source file: a frozen bundle
                return None
        _fingerprint = digest.hexdigest()
    return _fingerprint


def cached_render(kind: str, params: dict, render: Callable[[], np.ndarray], shape: tuple[int, ...]) -> np.ndarray:
    """``render()``'s uint8 images of ``shape``, from the cache when it holds them for ``kind`` and
    ``params`` (JSON-able values) and this rasteriser; rendered and stored otherwise."""
    fingerprint = renderer_fingerprint()
    if fingerprint is None:
        return render()
    key = hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()[:16]
    folder = render_cache_path()
    path = folder / f"{kind}-{fingerprint[:16]}-{key}.npy"
    cached = _read(path, shape)
    if cached is not None:
        return cached
    images = render()
    if images.dtype == np.uint8 and images.shape == shape:
        _store(folder, path, images, kind, fingerprint)
    return images


def _read(path: Path, shape: tuple[int, ...]) -> np.ndarray | None:
    try:
        with open(path, "rb") as handle:
            images = np.load(handle, allow_pickle=False)
    except (OSError, ValueError, EOFError):  # none yet, unreadable, or not an .npy file
        return None
    if not isinstance(images, np.ndarray) or images.dtype != np.uint8 or images.shape != shape:
        return None
    return images


def _store(folder: Path, path: Path, images: np.ndarray, kind: str, fingerprint: str) -> None:
    buffer = io.BytesIO()
    np.save(buffer, images, allow_pickle=False)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_bytes_atomically(path, buffer.getvalue())
        # Another rasteriser's files are never read again; of this one's, the newest few are kept.
        others = [other for other in folder.glob(f"{kind}-*.npy") if other != path]
        stale = [other for other in others if not other.name.startswith(f"{kind}-{fingerprint[:16]}-")]
        current = sorted(set(others) - set(stale), key=lambda other: other.stat().st_mtime, reverse=True)
        for old in stale + current[KEEP_PER_KIND - 1:]:
            old.unlink(missing_ok=True)
    except OSError:  # a full disk, a read-only folder: the run goes on without the shortcut
        return
