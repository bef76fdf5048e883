"""The model library (core, no Qt): models kept in the user data folder, one active model shared by the
app and the CLI, damage reported and contained, and two processes at once never corrupting it."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import threading
from datetime import datetime
from pathlib import Path

import pytest

from desktop_app.core import model_library
from desktop_app.core.inference import default_weights_path
from desktop_app.core.model_library import SHIPPED_ID, ModelLibrary, ModelLibraryError
from desktop_app.core.paths import shipped_weights_path
from desktop_app.core.weights import WeightsError, load_weights, save_weights

REPO_ROOT = Path(__file__).resolve().parents[1]


def make_weights_file(path: Path, test_accuracy: float) -> Path:
    """A real weights file (the shipped network) whose metadata reports ``test_accuracy``."""
    shipped = load_weights(shipped_weights_path())
    metadata = {**shipped.metadata, "metrics": {**shipped.metadata["metrics"], "test_accuracy": test_accuracy}}
    metadata.pop("created")
    return save_weights(path, shipped.model, shipped.architecture, metadata)


@pytest.fixture
def library(user_data_dir) -> ModelLibrary:
    return ModelLibrary()


@pytest.fixture
def trained(tmp_path) -> Path:
    return make_weights_file(tmp_path / "trained.pt", 0.97)


def test_a_new_library_holds_the_shipped_weights_and_uses_them(library):
    contents = library.contents()
    assert [entry.id for entry in contents.entries] == [SHIPPED_ID] and contents.problems == []
    shipped = contents.entries[0]
    assert shipped.read_only and shipped.weights_path == shipped_weights_path()
    assert shipped.test_accuracy == pytest.approx(0.9954) and shipped.architecture == "compact_cnn"
    assert library.active_id() == SHIPPED_ID and default_weights_path() == shipped_weights_path()


def test_an_added_run_keeps_its_own_copy_and_record_but_does_not_become_active(library, trained):
    entry = library.add(trained, device="cpu", wall_time_s=12.5)
    trained.unlink()  # the run's own file may be overwritten by the next run: the library has a copy
    again = ModelLibrary().get(entry.id)  # as another process reads it
    assert again.weights_path.parent.parent == library.root and again.weights_path.is_file()
    assert load_weights(again.weights_path).test_accuracy == pytest.approx(0.97)
    assert again.name.startswith("Fast (default), ") and datetime.fromisoformat(again.created).tzinfo
    assert again.device == "cpu" and again.wall_time_s == 12.5 and again.scores["test_samples"] == 10_000
    assert again.settings["epochs"] == 8 and len(again.history["epochs"]) == 8
    assert len(again.weights_sha256) == 64
    assert library.active_id() == SHIPPED_ID  # a new model never switches by itself
    assert [e.id for e in library.entries()] == [SHIPPED_ID, entry.id]


def test_the_active_choice_persists_and_is_what_the_cli_and_app_load(library, trained):
    entry = library.add(trained, name="My run")
    library.set_active(entry.id)
    assert ModelLibrary().active_entry().name == "My run"
    assert default_weights_path() == entry.weights_path
    library.set_active(SHIPPED_ID)
    assert default_weights_path() == shipped_weights_path()


def test_rename_is_kept_and_bad_names_or_the_shipped_entry_are_refused(library, trained):
    entry = library.add(trained, name="first")
    library.set_active(entry.id)
    assert library.rename(entry.id, "  better name ").name == "better name"
    assert ModelLibrary().get(entry.id).name == "better name"
    assert json.loads(library.index_path.read_text())["active_name"] == "better name"
    for bad, words in (("", "empty"), ("two\nlines", "one line"), ("x" * 101, "at most 100")):
        with pytest.raises(ModelLibraryError, match=words):
            library.rename(entry.id, bad)
    with pytest.raises(ModelLibraryError, match="shipped weights .* cannot be renamed"):
        library.rename(SHIPPED_ID, "mine")
    assert ModelLibrary().get(entry.id).name == "better name"


def test_remove_deletes_a_model_but_never_the_shipped_or_the_active_one(library, trained):
    kept, doomed = library.add(trained, name="kept"), library.add(trained, name="doomed")
    library.set_active(kept.id)
    with pytest.raises(ModelLibraryError, match="cannot be removed"):
        library.remove(SHIPPED_ID)
    with pytest.raises(ModelLibraryError, match="is the active model"):
        library.remove(kept.id)
    library.remove(doomed.id)
    assert not doomed.weights_path.parent.exists()
    assert [e.name for e in library.entries()] == ["Shipped weights", "kept"]
    with pytest.raises(ModelLibraryError, match="there is no model"):
        library.remove(doomed.id)
    assert library.active_id() == kept.id


def test_importing_a_bad_file_adds_nothing(library, tmp_path):
    bad = tmp_path / "bad.pt"
    bad.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(WeightsError, match="bad.pt"):
        library.add(bad)
    assert [e.id for e in library.entries()] == [SHIPPED_ID]
    assert not list(library.root.glob(".new-*"))


def test_a_damaged_or_foreign_folder_is_one_message_and_the_others_are_untouched(library, trained):
    good, damaged = library.add(trained, name="good"), library.add(trained, name="damaged")
    (damaged.weights_path.parent / "entry.json").write_text("{ this is not json")
    foreign = library.root / "holiday-photos"
    foreign.mkdir()
    (foreign / "photo.jpg").write_bytes(b"\xff\xd8")
    contents = ModelLibrary().contents()
    assert [e.name for e in contents.entries] == ["Shipped weights", "good"]
    assert len(contents.problems) == 2
    assert all("not a usable model" in p and "left as it is" in p and "\n" not in p for p in map(str, contents.problems))
    assert (foreign / "photo.jpg").exists() and damaged.weights_path.exists()  # nothing deleted
    assert ModelLibrary().get(good.id).weights_path.is_file()


def test_an_active_model_deleted_behind_the_apps_back_is_named_and_the_choice_kept(library, trained):
    import shutil

    entry = library.add(trained, name="vanished")
    library.set_active(entry.id)
    shutil.rmtree(entry.weights_path.parent)
    with pytest.raises(ModelLibraryError) as caught:
        default_weights_path()
    message = str(caught.value)
    assert "'vanished'" in message and entry.id in message and "models use shipped" in message
    assert "\n" not in message
    assert library.active_id() == entry.id  # never changed by itself
    assert [e.id for e in library.entries()] == [SHIPPED_ID]


def test_a_damaged_index_is_reported_and_choosing_again_repairs_it(library, trained):
    entry = library.add(trained)
    library.set_active(entry.id)
    library.index_path.write_text("garbage")
    with pytest.raises(ModelLibraryError, match="record of the active model is damaged"):
        library.active_entry()
    assert [e.id for e in library.entries()] == [SHIPPED_ID, entry.id]  # the models themselves are fine
    library.set_active(entry.id)
    assert library.active_entry().id == entry.id


def test_choosing_a_model_whose_weights_are_damaged_is_refused_and_changes_nothing(library, trained):
    entry = library.add(trained)
    entry.weights_path.write_bytes(b"PK\x03\x04 damaged")
    with pytest.raises(WeightsError):
        library.set_active(entry.id)
    assert library.active_id() == SHIPPED_ID


def test_a_full_disk_during_a_change_loses_nothing(library, trained, monkeypatch):
    entry = library.add(trained, name="before")

    def disk_full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patch:  # (monkeypatch.undo would also undo the test's data folder)
        patch.setattr(model_library.os, "fsync", disk_full)
        with pytest.raises(ModelLibraryError, match="the disk is full; what was stored is unchanged"):
            library.rename(entry.id, "after")
        with pytest.raises(ModelLibraryError, match="the disk is full"):
            library.add(trained, name="another")
    assert [e.name for e in ModelLibrary().entries()] == ["Shipped weights", "before"]
    leftovers = [p for p in library.root.rglob("*") if p.name.endswith(".tmp") or p.name.startswith(".new-")]
    assert leftovers == []


HAMMER = """
import sys
from desktop_app.core.model_library import ModelLibrary
library = ModelLibrary()
me, a, b, weights, rounds = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
for i in range(rounds):
    library.set_active(a if i % 2 else b, verify_weights=False)
    library.rename(a, f"{me} {i}")
    if i % 5 == 0:
        library.remove(library.add(weights, name=f"{me} temporary {i}").id)
"""


def test_two_processes_and_a_thread_hammering_it_never_corrupt_it(library, trained, user_data_dir):
    a, b = library.add(trained, name="a"), library.add(trained, name="b")
    library.set_active(a.id, verify_weights=False)
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "DIGIT_STUDIO_DATA_DIR": str(user_data_dir)}
    writers = [subprocess.Popen([sys.executable, "-c", HAMMER, name, a.id, b.id, str(trained), "40"],
                                env=env, stderr=subprocess.PIPE, text=True) for name in ("one", "two")]
    seen_problems, reads = [], 0
    stop = threading.Event()

    def write_in_a_thread():
        for i in range(40):
            library.rename(b.id, f"thread {i}")
        stop.set()

    thread = threading.Thread(target=write_in_a_thread)
    thread.start()
    try:
        while any(w.poll() is None for w in writers) or not stop.is_set():
            contents = ModelLibrary().contents()  # readers take no lock: they must always see whole files
            seen_problems += contents.problems
            assert ModelLibrary().active_id() in (a.id, b.id)
            reads += 1
    finally:
        thread.join()
        for writer in writers:
            if writer.poll() is None:
                writer.wait(60)
    for writer in writers:
        errors = writer.communicate()[1]
        assert writer.returncode == 0, errors
    assert seen_problems == [] and reads > 10
    final = ModelLibrary().contents()
    assert final.problems == [] and {e.id for e in final.entries} == {SHIPPED_ID, a.id, b.id}
    assert ModelLibrary().active_entry().id in (a.id, b.id)
    assert [p.name for p in library.root.iterdir() if p.name.startswith(".") and p.name != ".lock"] == []


def test_a_run_is_named_after_its_preset_whatever_it_ran_on_but_an_older_recipe_is_not():
    from desktop_app.core.settings import PRESETS

    fast = PRESETS["fast"].settings.to_dict()
    created = {"created": "2025-01-14T15:30:00+00:00"}
    ran_elsewhere = {**fast, "device": "cuda", "precision": "float32", "divergence_guard": False, "train_subset": 500}
    assert model_library.default_name({"settings": ran_elsewhere, **created}).startswith("Fast (default), ")
    before_averaging = {key: value for key, value in fast.items() if key != "weight_average"}
    assert model_library.default_name({"settings": before_averaging, **created}, label="Mine").startswith("Mine (changed), ")
