"""Garbage collection happens on the GUI thread only once a window exists (ui/gui_thread_gc.py):
a collection on the training thread that frees a PySide object can deadlock against the GUI thread."""

from __future__ import annotations

import gc
import threading
import weakref


class Cycle:
    def __init__(self) -> None:
        self.me = self


def test_collections_run_on_the_gui_thread_only(window, qtbot):
    assert not gc.isenabled()
    threads: set[int] = set()

    def record(phase: str, _info: dict) -> None:
        if phase == "start":
            threads.add(threading.get_ident())

    def make_garbage() -> None:
        for _ in range(50_000):  # far over every threshold, all of it cyclic garbage
            Cycle()

    gc.callbacks.append(record)
    try:
        last = Cycle()
        collected = weakref.ref(last)
        del last
        worker = threading.Thread(target=make_garbage)
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: collected() is None, timeout=5_000)  # the GUI thread's timer freed it
    finally:
        gc.callbacks.remove(record)
    assert threads == {threading.main_thread().ident}
