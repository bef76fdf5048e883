"""Python's cyclic garbage collection on the GUI thread only, as pyqtgraph's GarbageCollector does.

The collector runs on whichever thread happens to allocate when a threshold is crossed. When it
frees a PySide object there (a QObject wrapper in a reference cycle), Qt disconnects it holding a
signal-slot mutex while PySide waits for the GIL; if the GUI thread holds the GIL and waits for
that mutex (connecting a signal, enabling an action), both wait for ever. ``benchmarks/soak.py`` hit
it after 45 training cycles: the training thread collected inside ``load_state_dict`` while the GUI
thread enabled an action. So the automatic collector is off, and a timer on the GUI thread
collects each generation once its count passes the threshold Python would have used.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QTimer

#: How often the GUI thread looks at the collector's counts (a check costs microseconds).
CHECK_INTERVAL_MS = 250

_timer: QTimer | None = None


def collect_garbage_on_gui_thread() -> None:
    """Turn automatic collection off and collect from a GUI-thread timer instead (once per process)."""
    global _timer
    app = QCoreApplication.instance()
    if _timer is not None or app is None:
        return
    thresholds = gc.get_threshold()
    _timer = QTimer(app)
    _timer.setObjectName("garbageCollection")
    _timer.setInterval(CHECK_INTERVAL_MS)
    _timer.timeout.connect(lambda: _collect_due_generations(thresholds))
    gc.disable()
    _timer.start()


def _collect_due_generations(thresholds: tuple[int, int, int]) -> None:
    counts = gc.get_count()
    for generation in (2, 1, 0):  # the oldest generation due; collecting it collects the younger ones
        if counts[generation] > thresholds[generation]:
            gc.collect(generation)
            return
