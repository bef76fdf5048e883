"""Guards against the PySide6 6.12.0 regression that made us pin below 6.12.

On Python 3.11, 6.12.0 drops a reference to ``None`` on every call of a Qt method that returns
nothing; the interpreter aborts ("deallocating None") once enough calls have run, which a live chart
reaches in minutes. This test is what makes lifting the pin safe: it fails on a bad binding.
"""

from __future__ import annotations

import sys

import pytest


@pytest.mark.skipif(not hasattr(sys, "getrefcount"), reason="needs CPython reference counts")
def test_void_qt_calls_do_not_leak_references_to_none(qtbot):
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    qtbot.addWidget(label)
    label.setText("warm-up")
    before = sys.getrefcount(None)
    for i in range(1000):
        label.setText(str(i))  # returns None
    after = sys.getrefcount(None)
    # Immortal None (3.12+) reports a huge constant; on 3.11 a healthy binding keeps it within noise.
    assert abs(after - before) < 100, f"refcount of None changed by {after - before} over 1000 Qt calls"


def test_pyqtgraph_uses_pyside6():
    import pyqtgraph as pg
    import PySide6  # noqa: F401  (imported first, as the app does)

    assert pg.Qt.QT_LIB == "PySide6"
