"""How long the event loop could not run: a precise timer's gaps between ticks.

A :class:`StallProbe` ticks every few milliseconds; each gap between two ticks is how long the event
loop was busy (a paint, a slot, a Python step) before it could serve the timer. Benchmarks read the
gaps' percentiles; the soak takes them cycle by cycle (:meth:`take`) so that a 30-minute run keeps
a fixed-size :class:`StallHistogram` instead of a list that would itself grow the process.
"""

from __future__ import annotations

from array import array

import numpy as np
from PySide6.QtCore import QElapsedTimer, Qt, QTimer


class StallProbe:
    """Records the gaps (ms) between the ticks of a ``tick_ms`` precise timer while started."""

    def __init__(self, tick_ms: int = 5) -> None:
        self._gaps = array("d")
        self._clock = QElapsedTimer()
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self._on_tick)

    def start(self) -> None:
        self._clock.start()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def gaps(self) -> np.ndarray:
        """Every gap recorded since the start or the last :meth:`take`."""
        return np.frombuffer(self._gaps, dtype=np.float64).copy()

    def take(self) -> np.ndarray:
        """The gaps recorded so far, forgetting them (the probe keeps ticking)."""
        gaps = self.gaps()
        del self._gaps[:]
        return gaps

    def _on_tick(self) -> None:
        self._gaps.append(self._clock.nsecsElapsed() / 1e6)
        self._clock.restart()


class StallHistogram:
    """Gaps counted in 0.1 ms bins up to 10 s (and one bin above): percentiles of a long run in 800 kB."""

    BIN_MS = 0.1
    BINS = 100_000

    def __init__(self) -> None:
        self.counts = np.zeros(self.BINS + 1, dtype=np.int64)
        self.max_ms = 0.0

    def add(self, gaps_ms: np.ndarray) -> None:
        if len(gaps_ms) == 0:
            return
        bins = np.minimum((np.asarray(gaps_ms) / self.BIN_MS).astype(np.int64), self.BINS)
        self.counts += np.bincount(bins, minlength=self.BINS + 1)
        self.max_ms = max(self.max_ms, float(np.max(gaps_ms)))

    @property
    def total(self) -> int:
        return int(self.counts.sum())

    def over(self, limit_ms: float) -> int:
        return int(self.counts[int(limit_ms / self.BIN_MS):].sum())

    def percentile(self, q: float) -> float:
        """The upper edge of the bin holding the q-th percentile (ms): never an underestimate."""
        if self.total == 0:
            return 0.0
        index = int(np.searchsorted(np.cumsum(self.counts), q / 100 * self.total))
        if index >= self.BINS:  # the open-ended last bin: the longest gap is the best bound there
            return self.max_ms
        return min((index + 1) * self.BIN_MS, self.max_ms)
