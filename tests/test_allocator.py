"""The start-up malloc settings: freed tensor memory is reused, not handed back and faulted in again."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.runtime import allocator

REPO_ROOT = Path(__file__).resolve().parents[1]

# A training thread's pattern in miniature: the same large buffer freed and allocated again, on a
# thread other than the main one (the GUI's training QThread). Prints the page faults of the loop.
FAULTS_SCRIPT = """
import resource, sys, threading
from desktop_app.runtime import prepare_process
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
    environ = {k: v for k, v in os.environ.items()
               if not k.startswith("MALLOC_") and k not in (allocator.TUNE_ENV, "GLIBC_TUNABLES")}
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


class FakeMallopt:
    """glibc's mallopt as an older glibc answers it: an mmap threshold over ``mmap_limit`` is refused."""

    def __init__(self, mmap_limit: int = 1 << 40, refused: tuple[int, ...] = ()) -> None:
        self.mmap_limit, self.refused, self.applied = mmap_limit, refused, {}

    def __call__(self, parameter: int, value: int) -> int:
        if parameter in self.refused or (parameter == allocator.M_MMAP_THRESHOLD and value > self.mmap_limit):
            return 0
        self.applied[parameter] = value
        return 1


def test_an_older_glibc_gets_the_largest_mmap_threshold_it_accepts():
    mallopt = FakeMallopt(mmap_limit=32 << 20)  # glibc 2.26-2.34: at most HEAP_MAX_SIZE / 2
    assert allocator.apply_settings(mallopt)
    assert mallopt.applied == {allocator.M_MMAP_THRESHOLD: 32 << 20, allocator.M_TRIM_THRESHOLD: 256 << 20,
                               allocator.M_TOP_PAD: 64 << 20, allocator.M_ARENA_MAX: 1}


def test_one_arena_is_not_imposed_without_the_thresholds():
    mallopt = FakeMallopt(refused=(allocator.M_TRIM_THRESHOLD,))
    assert not allocator.apply_settings(mallopt)
    assert allocator.M_ARENA_MAX not in mallopt.applied


RELEASE_SCRIPT = """
import os
from desktop_app.runtime import prepare_process
prepare_process()
from desktop_app.runtime.allocator import release_free_memory
def resident_mib():
    return int(open("/proc/self/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
blocks = [bytes(range(256)) * 4096 for _ in range(150)]  # 150 MiB written: a run's batches
del blocks
held = resident_mib()
released = release_free_memory()
print(released, round(held - resident_mib()))
"""


@pytest.mark.skipif(allocator.glibc_version() is None, reason="the settings are glibc's")
def test_memory_kept_for_training_is_handed_back_after_a_run():
    environ = {k: v for k, v in os.environ.items()
               if not k.startswith("MALLOC_") and k not in (allocator.TUNE_ENV, "GLIBC_TUNABLES")}
    completed = subprocess.run([sys.executable, "-c", RELEASE_SCRIPT], cwd=REPO_ROOT, env=environ,
                               capture_output=True, text=True, check=True)
    released, freed_mib = completed.stdout.split()
    assert released == "True" and int(freed_mib) >= 100, completed.stdout
