"""Shared test set-up: headless Qt, an isolated user data folder, and a guard against leaked QThreads."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Before anything imports Qt: headless, and pyqtgraph bound to PySide6.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
# The tests read the English texts, whatever the machine's locale (a test that wants Chinese asks for it,
# and the app launched in a subprocess inherits this).
os.environ["DIGIT_STUDIO_LANG"] = "en"

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"


@pytest.fixture(autouse=True)
def user_data_dir(tmp_path_factory, monkeypatch) -> Path:
    """Each test writes settings, checkpoints and trained weights into its own folder, never the user's."""
    folder = tmp_path_factory.mktemp("user-data")
    monkeypatch.setenv("DIGIT_STUDIO_DATA_DIR", str(folder))
    return folder


@pytest.fixture(scope="session")
def mnist_root(tmp_path_factory) -> Path:
    """MNIST unpacked once per session (tests then load it from here in well under a second)."""
    from desktop_app.core.data import ensure_mnist_unpacked

    return ensure_mnist_unpacked(tmp_path_factory.mktemp("mnist"))


@pytest.fixture(scope="session")
def mnist_train(mnist_root):
    from desktop_app.core.data import load_mnist

    return load_mnist(train=True, root=mnist_root)


@pytest.fixture(scope="session")
def mnist_test(mnist_root):
    from desktop_app.core.data import load_mnist

    return load_mnist(train=False, root=mnist_root)


@pytest.fixture
def window(qtbot, monkeypatch):
    """The main window as a user gets it (no arguments: shipped weights), shown, model loaded, and its
    training panel built (that waits for PyTorch, which loads in the background after the first reading).
    The 1.5 s a fresh window leaves its user to begin drawing before that import is skipped here: every
    test would wait for it (test_gui_main_window.py tests the wait itself)."""
    from desktop_app.ui import MainWindow, main_window
    from devtools import replay

    monkeypatch.setattr(main_window, "FIRST_STROKE_GRACE_S", 0.0)

    main = MainWindow()
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    main.activateWindow()
    qtbot.waitUntil(lambda: main.model_ready, timeout=30_000)
    replay.wait_for_prediction(main)
    qtbot.waitUntil(lambda: main.training_panel is not None, timeout=60_000)
    return main


@pytest.fixture(autouse=True)
def no_qthread_left_running(request, monkeypatch):
    """Fail any test that leaves a QThread running (as napari's test suite does).

    Only applies once Qt is imported, so core tests stay free of any QApplication.
    """
    import sys

    if "PySide6.QtCore" not in sys.modules and "qtbot" not in request.fixturenames:
        yield
        return
    from PySide6.QtCore import QThread, QThreadPool

    started: list[QThread] = []
    original_start = QThread.start

    def recording_start(self, *args, **kwargs):
        started.append(self)
        return original_start(self, *args, **kwargs)

    monkeypatch.setattr(QThread, "start", recording_start)
    yield
    running = []
    for thread in started:
        try:
            if thread.isRunning():
                running.append(thread)
        except RuntimeError:  # the C++ object is gone: it cannot be running
            pass
    for thread in running:  # don't let one leak poison the next tests
        thread.quit()
        thread.wait(5000)
    assert not running, f"test left {len(running)} QThread(s) running: {running}"
    assert QThreadPool.globalInstance().waitForDone(5000), "test left thread-pool tasks running"
