"""An exclusive lock on a file, held across processes and threads (``fcntl.flock`` / ``msvcrt.locking``).

The model library takes it around every read-modify-write of its index, so two app windows and a
``digit-studio models`` command never interleave their changes. Reads need no lock: every file is
replaced atomically, so a reader sees the old version or the new one, never half of either.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from .errors import UserError
from .texts import QT_TRANSLATE_NOOP

#: How long a writer waits for another process to finish its change before giving up.
LOCK_TIMEOUT_SECONDS = 30.0


class LockTimeout(UserError):
    """Another process held the lock for too long; the message names the lock file."""


class FileLock:
    """``with FileLock(path):`` holds an exclusive lock on ``path`` (created if need be)."""

    def __init__(self, path: Path, timeout: float = LOCK_TIMEOUT_SECONDS) -> None:
        self.path = path
        self.timeout = timeout
        self._fd: int | None = None

    def __enter__(self) -> FileLock:
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
        deadline = time.monotonic() + self.timeout
        while not _try_lock(self._fd):
            if time.monotonic() > deadline:
                os.close(self._fd)
                self._fd = None
                raise LockTimeout(QT_TRANSLATE_NOOP(
                    "LockTimeout", "{path}: another Digit Studio process has held this lock for over {seconds:.0f} s; "
                                   "close it and try again"), path=self.path, seconds=self.timeout)
            time.sleep(0.005)
        return self

    def __exit__(self, *exc_info) -> None:
        if self._fd is not None:
            _unlock(self._fd)
            os.close(self._fd)
            self._fd = None


if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        # flock locks belong to the open file description, so two threads of one process (each with its
        # own os.open) exclude each other as two processes do.
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
