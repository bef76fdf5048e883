"""Freezing long-lived objects keeps collections short without keeping garbage or dropped models alive."""

from __future__ import annotations

import gc
import subprocess
import sys
import weakref
from pathlib import Path

from desktop_app.core.inference import Predictor
from desktop_app.core.paths import shipped_weights_path

REPO_ROOT = Path(__file__).resolve().parents[1]


def run_python(script: str) -> list[str]:
    completed = subprocess.run([sys.executable, "-c", script], cwd=REPO_ROOT, capture_output=True, text=True,
                               check=True)
    return completed.stdout.split()


def test_only_the_first_freeze_takes_objects_out_of_collection():
    script = """
import gc
from desktop_app.runtime.gc_pauses import freeze_long_lived_objects
freeze_long_lived_objects()
first = gc.get_freeze_count()
later = [[index] for index in range(50_000)]  # made during the session: may yet become cyclic garbage
freeze_long_lived_objects()
print(first > 0, gc.get_freeze_count() == first)
"""
    assert run_python(script) == ["True", "True"]


def test_a_model_dropped_after_a_freeze_is_freed():
    # The freeze at a run's start (import_without_collecting) takes in the model the canvas is using;
    # switching weights later must still free it: models hold no reference cycles.
    predictor = Predictor.from_file(shipped_weights_path(), "cpu")
    model = weakref.ref(predictor.model)
    gc.freeze()
    try:
        del predictor
        assert model() is None
    finally:
        gc.unfreeze()


def test_a_large_import_runs_without_collections_and_leaves_the_collector_on(tmp_path):
    # A module that, like torch._dynamo, allocates many container objects as it is imported
    # (imported plainly, this one sets off about 280 collections).
    (tmp_path / "bulky.py").write_text("TABLE = [[index] for index in range(200_000)]\n")
    script = f"""
import gc, sys
sys.path.insert(0, {str(tmp_path)!r})
from desktop_app.runtime.gc_pauses import import_without_collecting
passes = []
gc.callbacks.append(lambda phase, info: passes.append(info["generation"]) if phase == "start" else None)
module = import_without_collecting("bulky")
print(len(module.TABLE), len(passes), gc.isenabled(), gc.get_freeze_count() > 200_000)
"""
    assert run_python(script) == ["200000", "0", "True", "True"]


def test_the_first_gui_runs_network_is_freed_after_the_freeze_at_its_start(tmp_path):
    # The first run imports torch._dynamo and freezes everything alive, its own worker included
    # (a QObject in a cycle with its signals): the run's network must still be freed when it ends.
    script = f"""
import gc, os, weakref
os.environ["DIGIT_STUDIO_DATA_DIR"] = {str(tmp_path)!r}
from desktop_app.core.settings import TrainingSettings
from desktop_app.core.training import Callback
from desktop_app.ui.training_worker import TrainingWorker
worker = TrainingWorker(TrainingSettings(train_subset=256, batch_size=128, epochs=1, device="cpu"))
seen = []
class Watch(Callback):
    def on_fit_start(self, trainer, info):
        seen.append(weakref.ref(trainer.model))
worker.trainer.callbacks.append(Watch())
worker.run()  # in this thread: the code the QThread runs
print(gc.get_freeze_count() > 100_000, seen[0]() is None)
"""
    assert run_python(script) == ["True", "True"]
