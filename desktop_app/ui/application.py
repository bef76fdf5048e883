"""The app's QApplication: it tells a quit from outside (a logout, SIGTERM, Ctrl+C in the terminal,
``app.quit()``) apart from a user closing the window, so that only the user is asked questions.

A quit from outside must not wait for an answer nobody will give: the window then stops a running
training at its next batch, keeps the checkpoint, stops every thread and the process exits with 0.
Qt delivers every such quit as a ``QEvent.Quit`` to the application object before it closes the
windows, which is what :meth:`DigitStudioApplication.event` watches for (an override on the
application object sees only its own events, unlike an event filter that would see every event of
every widget).

Unix signals reach Python only when Python code runs, and Qt's event loop is C++: the handlers are
woken through a socket that Python's C-level handler writes to (``signal.set_wakeup_fd``) and that a
``QSocketNotifier`` watches, so a signal is handled within one event-loop turn.
"""

from __future__ import annotations

import signal
import socket

from PySide6.QtCore import QEvent, QSocketNotifier, Signal
from PySide6.QtWidgets import QApplication

#: The signals that end the app the way a logout does (SIGINT: Ctrl+C in the terminal).
QUIT_SIGNALS = tuple(s for s in (getattr(signal, "SIGTERM", None), signal.SIGINT) if s is not None)


class DigitStudioApplication(QApplication):
    #: A quit was asked for from outside the window (see the module docstring).
    quit_requested = Signal()

    def __init__(self, argv: list[str]) -> None:
        super().__init__(argv)
        self._wakeup: tuple[socket.socket, socket.socket] | None = None
        self._notifier: QSocketNotifier | None = None
        self._quit_signal_received = False

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Quit:
            self.quit_requested.emit()  # before Qt closes the windows
        return super().event(event)

    def quit_on_signals(self) -> None:
        """SIGTERM and SIGINT quit the app as a logout would (call once, from the main thread)."""
        receiver, sender = socket.socketpair()
        receiver.setblocking(False)
        sender.setblocking(False)
        signal.set_wakeup_fd(sender.fileno(), warn_on_full_buffer=False)
        self._wakeup = (receiver, sender)
        self._notifier = QSocketNotifier(receiver.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_signal_woke)
        for number in QUIT_SIGNALS:
            signal.signal(number, self._on_quit_signal)

    def _on_quit_signal(self, _number, _frame) -> None:
        # Only note it: this runs at whatever Python line the main thread is on, a widget's
        # paintEvent included, and closing the windows in the middle of a paint crashes Qt.
        self._quit_signal_received = True

    def _on_signal_woke(self) -> None:
        """From the event loop, between events: the safe place to act on the signal."""
        receiver = self._wakeup[0]
        try:
            while receiver.recv(64):  # drain; the Python-level handler has run by now
                pass
        except BlockingIOError:
            pass
        if self._quit_signal_received:
            self._quit_signal_received = False
            self.quit()
