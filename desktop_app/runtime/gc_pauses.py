"""Keeps the cyclic garbage collector's full passes short, so a window never freezes for them.

A full collection walks every object the collector tracks while holding the GIL. Once torch, Qt and
pyqtgraph are imported that is over 200,000 objects: one pass takes about 100 ms on the 2-core build
machine, and after ``torch._dynamo`` (which torch.optim imports the first time an optimizer is
built) 180 ms. The GUI thread cannot run meanwhile. Measured with a 2 ms ticker thread while
``torch._dynamo`` was imported: three stalls of 93, 149 and 181 ms (full passes the import's own
allocations set off); with the collector paused during the import and its objects frozen
afterwards, none over 23 ms.

Objects that live for the whole session (modules, classes, functions) are therefore moved out of
the collector's reach with :func:`gc.freeze` once they are imported. Frozen objects are never
collected, so freezing happens before models or data are loaded, where it can be helped; those are
freed by reference counting anyway (no reference cycles).
"""

from __future__ import annotations

import gc
import importlib
import sys
from types import ModuleType

_frozen_once = False


def freeze_long_lived_objects() -> None:
    """Exempt every object alive now from future collections: call right after the big imports.

    Only the first call freezes: later ones would also take in whatever the session has made by
    then (dialogs, plots), some of which may yet become cyclic garbage that a freeze would keep.
    """
    global _frozen_once
    if not _frozen_once:
        _frozen_once = True
        gc.freeze()


def import_without_collecting(name: str) -> ModuleType:
    """Import module ``name`` with the collector paused, then freeze every object alive.

    Importing a large package allocates hundreds of thousands of objects, which sets off several
    full collections over the whole heap while it runs; paused, there are none. The freeze takes in
    everything alive at that moment, not only the import's objects: whatever of it sits in a
    reference cycle is never freed, so callers drop their large objects by hand (the training
    worker releases its network when the run ends).
    """
    if name in sys.modules:
        return sys.modules[name]
    enabled = gc.isenabled()
    gc.disable()
    try:
        return importlib.import_module(name)
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
