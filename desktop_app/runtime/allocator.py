"""glibc malloc settings that keep PyTorch's CPU tensors from costing a page fault per use.

PyTorch allocates CPU tensors with ``malloc``. With glibc's defaults, every block over the dynamic
mmap threshold (a few MB at most) is a fresh ``mmap`` and is handed back to the kernel when freed,
and the heap is trimmed back whenever its free top grows past a few MB. A training step frees and
re-allocates the same activations every batch, so each batch touches brand-new pages: measured on
the 2-core build machine, one short run of the default preset took about 2 million minor page
faults. A thread other than the main one (the GUI's training QThread) gets its own malloc arena,
which trims even more eagerly, so training from the GUI was the slower of the two.

:func:`tune_allocator` keeps that memory in the process instead (the usual advice for PyTorch on
glibc, where jemalloc or tcmalloc are not at hand): no mmap below 64 MiB, no trimming below
256 MiB of free heap, and one arena, so the training thread reuses the same warm heap as the main
thread. Measured: 2,585 -> 2,993 samples/s headless and the GUI's training thread as fast as the
main thread; the cost is memory kept mapped, +118 MiB of peak RSS for a 150-batch run, which the
GUI hands back when a run ends (:func:`release_free_memory`).

Call it first thing at start-up, before torch is imported and before any thread is started: the
arena limit only applies to arenas not yet created. It does nothing where the C library is not
glibc (macOS, Windows, musl), and nothing when the user set any ``MALLOC_*`` or ``GLIBC_TUNABLES``
variable: their own malloc settings win. Figures: README, "Measured figures"
(``benchmarks/bench_training_ui.py``).
"""

from __future__ import annotations

import ctypes
import os
import sys

# mallopt parameters, from glibc's <malloc.h>.
M_TRIM_THRESHOLD = -1
M_TOP_PAD = -2
M_MMAP_THRESHOLD = -3
M_ARENA_MAX = -8

#: (parameter, values to try in turn): glibc before 2.35 refuses an mmap threshold over 32 MiB.
THRESHOLDS: tuple[tuple[int, tuple[int, ...]], ...] = (
    (M_MMAP_THRESHOLD, (64 << 20, 32 << 20)),
    (M_TRIM_THRESHOLD, (256 << 20,)),
    (M_TOP_PAD, (64 << 20,)),
)

#: Set to "0" to keep glibc's defaults (for comparisons).
TUNE_ENV = "DIGIT_STUDIO_TUNE_MALLOC"

_tuned: bool | None = None


def glibc_version() -> str | None:
    """"2.36" where the C library is glibc, else None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        name = os.confstr("CS_GNU_LIBC_VERSION") or ""  # "glibc 2.36"; musl has no such name
    except (ValueError, OSError):
        return None
    kind, _, version = name.partition(" ")
    return version if kind == "glibc" and version else None


def user_chose_malloc_settings(environ=os.environ) -> bool:
    return environ.get(TUNE_ENV) == "0" or "GLIBC_TUNABLES" in environ or any(
        name.startswith("MALLOC_") for name in environ)


def tune_allocator() -> bool:
    """Apply the settings (:func:`apply_settings`) once per process; True when they are in effect."""
    global _tuned
    if _tuned is not None:
        return _tuned
    _tuned = False
    if glibc_version() is None or user_chose_malloc_settings():
        return False
    libc = _libc()
    if libc is None:
        return False
    _tuned = apply_settings(libc.mallopt)
    return _tuned


def apply_settings(mallopt) -> bool:
    """Set :data:`THRESHOLDS` through ``mallopt`` (glibc's, or a test's), then the single arena.

    The arena limit comes last and only once every threshold took: one shared arena without them
    would only add lock contention.
    """
    for parameter, values in THRESHOLDS:
        if not any(mallopt(parameter, value) == 1 for value in values):
            return False
    return mallopt(M_ARENA_MAX, 1) == 1


def release_free_memory() -> bool:
    """Hand the heap's free pages back to the kernel (``malloc_trim``), e.g. once a training run is over;
    the settings above otherwise keep them for the next run. True when anything was released."""
    if not _tuned:
        return False
    libc = _libc()
    return bool(libc is not None and libc.malloc_trim(0))


def _libc():
    try:
        libc = ctypes.CDLL(None)
        libc.mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
        libc.mallopt.restype = ctypes.c_int
        libc.malloc_trim.argtypes = (ctypes.c_size_t,)
        libc.malloc_trim.restype = ctypes.c_int
    except (OSError, AttributeError):
        return None
    return libc
