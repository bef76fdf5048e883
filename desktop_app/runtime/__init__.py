"""Process tuning that is not domain logic: what every entry point does before torch is loaded.

``allocator`` keeps glibc from handing freed tensor memory back to the kernel between batches;
``gc_pauses`` keeps the garbage collector's full passes from freezing a window. The CLI, the app
and the benchmarks call :func:`prepare_process` first thing, before torch is imported or a thread
is started (the arena setting only applies to arenas not yet created).
"""

from __future__ import annotations


def prepare_process() -> None:
    """What every entry point does first, before torch is imported or a thread is started."""
    from .allocator import tune_allocator

    tune_allocator()  # reused tensor memory instead of fresh pages every batch (benchmarks/bench_training_ui.py)
