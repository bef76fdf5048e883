"""The start-up malloc settings: freed tensor memory is reused, not handed back and faulted in again."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.core import allocator

REPO_ROOT = Path(__file__).resolve().parents[1]

# A training thread's pattern in miniature: the same large buffer freed and allocated again, on a
# thread other than the main one (the GUI's training QThread). Prints the page faults of the loop.
FAULTS_SCRIPT = """
import resource, sys, threading
from desktop_app.cli import prepare_process
prepare_process()
import numpy as np
out = {}
def work():
    for _ in range(3):
        np.ones(48 << 20, np.uint8)
    before = resource.getrusage(resource.RUSAGE_THREAD).ru_minflt
    for _ in range(20):
        np.ones(48 << 20, np.uint8)
    out["faults"] = resource.getrusage(resource.RUSAGE_THREAD).ru_minflt - before
thread = threading.Thread(target=work)
thread.start()
thread.join()
print(out["faults"])
"""


def page_faults(**env: str) -> int:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_") and k != allocator.TUNE_ENV}
    completed = subprocess.run([sys.executable, "-c", FAULTS_SCRIPT], cwd=REPO_ROOT, env={**environ, **env},
                               capture_output=True, text=True, check=True)
    return int(completed.stdout.split()[-1])


@pytest.mark.skipif(allocator.glibc_version() is None, reason="the settings are glibc's")
def test_training_thread_reuses_freed_memory_instead_of_faulting_it_in_again():
    default = page_faults(**{allocator.TUNE_ENV: "0"})
    tuned = page_faults()
    assert default >= 100, f"glibc's defaults should fault each 48 MiB buffer in again ({default} faults)"
    assert tuned <= default // 20, f"tuned: {tuned} page faults, glibc defaults: {default}"


def test_users_own_malloc_settings_win():
    assert allocator.user_chose_malloc_settings({"MALLOC_ARENA_MAX": "4"})
    assert allocator.user_chose_malloc_settings({"GLIBC_TUNABLES": "glibc.malloc.trim_threshold=1"})
    assert allocator.user_chose_malloc_settings({allocator.TUNE_ENV: "0"})
    assert not allocator.user_chose_malloc_settings({"PATH": "/usr/bin", allocator.TUNE_ENV: "1"})


@pytest.mark.skipif(allocator.glibc_version() is None, reason="the settings are glibc's")
def test_with_a_users_malloc_variable_the_app_changes_nothing():
    assert page_faults(MALLOC_ARENA_MAX="2") >= 100
