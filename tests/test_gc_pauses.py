"""Freezing long-lived objects keeps collections short without keeping garbage or dropped models alive."""

from __future__ import annotations

import gc
import subprocess
import sys
import weakref
from pathlib import Path

from desktop_app.core.gc_pauses import freeze_long_lived_objects
from desktop_app.core.inference import Predictor
from desktop_app.core.paths import shipped_weights_path

REPO_ROOT = Path(__file__).resolve().parents[1]


class Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the collector can free it


def test_garbage_made_after_freezing_is_still_collected():
    freeze_long_lived_objects()
    node = Node()
    alive = weakref.ref(node)
    del node
    gc.collect()
    assert alive() is None


def test_a_model_dropped_after_freezing_is_freed():
    # The freeze at a run's start takes in the model the canvas is using; switching weights must free it.
    predictor = Predictor.from_file(shipped_weights_path(), "cpu")
    model = weakref.ref(predictor.model)
    freeze_long_lived_objects()
    del predictor
    assert model() is None


def test_a_large_import_runs_without_collections_and_leaves_the_collector_on(tmp_path):
    # A module that, like torch._dynamo, allocates many container objects as it is imported
    # (imported plainly, this one sets off about 280 collections).
    (tmp_path / "bulky.py").write_text("TABLE = [[index] for index in range(200_000)]\n")
    script = f"""
import gc, sys
sys.path.insert(0, {str(tmp_path)!r})
from desktop_app.core.gc_pauses import import_without_collecting
passes = []
gc.callbacks.append(lambda phase, info: passes.append(info["generation"]) if phase == "start" else None)
module = import_without_collecting("bulky")
print(len(module.TABLE), len(passes), gc.isenabled(), gc.get_freeze_count() > 200_000)
"""
    completed = subprocess.run([sys.executable, "-c", script], cwd=REPO_ROOT, capture_output=True, text=True,
                               check=True)
    assert completed.stdout.split() == ["200000", "0", "True", "True"]
