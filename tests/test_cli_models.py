"""digit-studio models list|use|import|remove, and train/predict/evaluate with the model library, as a
user types them: outputs, the active model shared with later commands, and one-line errors."""

from __future__ import annotations

import json
import shutil
from datetime import datetime

import numpy as np
import pytest
import torch
from PIL import Image

from desktop_app import cli
from desktop_app.core.inference import Predictor
from desktop_app.core.model import create_model
from desktop_app.core.model_library import ModelLibrary
from desktop_app.core.paths import shipped_weights_path
from desktop_app.core.weights import load_weights, save_weights


def models(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(["models", *args])
    out, err = capsys.readouterr()
    return code, out, err


def listed(capsys) -> list[dict]:
    code, out, _ = models(capsys, "list", "--json")
    assert code == 0
    return json.loads(out)


@pytest.fixture
def other_weights(tmp_path):
    """Weights that read digits differently from the shipped ones (a freshly initialised network)."""
    torch.manual_seed(1)
    metadata = {"metrics": {"test_accuracy": 0.1234}}
    return save_weights(tmp_path / "other.pt", create_model("compact_cnn"), "compact_cnn", metadata)


@pytest.fixture
def digit_png(tmp_path, mnist_test):
    path = tmp_path / "digit.png"
    Image.fromarray(255 - mnist_test.images[0].numpy()).resize((112, 112)).save(path)
    return path


def test_list_json_is_one_array_with_the_shipped_model_active(capsys):
    (entry,) = listed(capsys)
    assert set(entry) == {"id", "name", "path", "architecture", "created", "test_accuracy", "active"}
    assert entry["id"] == "shipped" and entry["active"] is True and entry["test_accuracy"] == pytest.approx(99.54)
    assert entry["path"] == str(shipped_weights_path()) and entry["architecture"] == "compact_cnn"
    assert datetime.fromisoformat(entry["created"]).tzinfo is not None


def test_import_use_predict_and_remove_share_the_active_model(capsys, other_weights, digit_png):
    code, out, _ = models(capsys, "import", str(other_weights), "--name", "random start")
    assert code == 0 and "digit-studio models use " in out
    model_id = listed(capsys)[1]["id"]
    assert listed(capsys)[1]["name"] == "random start" and listed(capsys)[1]["test_accuracy"] == pytest.approx(12.34)
    assert listed(capsys)[0]["active"] is True  # importing does not switch

    assert models(capsys, "use", model_id)[0] == 0
    assert [e["active"] for e in listed(capsys)] == [False, True]
    assert cli.main(["predict", str(digit_png), "--json"]) == 0
    read = json.loads(capsys.readouterr().out)
    expected = Predictor(load_weights(other_weights)).predict_image(Image.open(digit_png))
    assert read["probabilities"] == pytest.approx(list(expected.probabilities), abs=1e-5)
    shipped = Predictor(load_weights(shipped_weights_path())).predict_image(Image.open(digit_png))
    assert not np.allclose(read["probabilities"], shipped.probabilities, atol=1e-3)

    code, _, err = models(capsys, "remove", model_id)
    assert code == 1 and "is the active model" in err and err.count("\n") == 1
    assert models(capsys, "use", "shipped")[0] == 0
    assert models(capsys, "remove", model_id)[0] == 0
    assert [e["id"] for e in listed(capsys)] == ["shipped"]


def test_evaluate_without_weights_uses_the_active_model(capsys, other_weights):
    library = ModelLibrary()
    library.set_active(library.add(other_weights, "chosen").id)
    assert cli.main(["evaluate", "--device", "cpu"]) == 0
    out = capsys.readouterr().out
    assert f"Weights: {library.active_weights_path()}" in out


@pytest.mark.parametrize("args, message", [
    (("use", "nope"), "there is no model 'nope'"),
    (("remove", "shipped"), "cannot be removed"),
    (("import", "missing.pt"), "missing.pt: file not found"),
    (("use", "../escape"), "is not a model id"),
])
def test_mistakes_are_one_line_and_exit_1(capsys, args, message):
    code, _, err = models(capsys, *args)
    assert code == 1 and err.startswith("digit-studio: error: ") and message in err and err.count("\n") == 1


def test_an_active_model_deleted_behind_the_cli_gives_one_line(capsys, other_weights, digit_png):
    library = ModelLibrary()
    entry = library.add(other_weights, "gone soon")
    library.set_active(entry.id)
    shutil.rmtree(entry.weights_path.parent)
    assert cli.main(["predict", str(digit_png)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "'gone soon'" in err and "models use shipped" in err
    (shipped,) = listed(capsys)
    assert shipped["active"] is False  # the choice is the user's to make again


def test_a_damaged_folder_is_a_warning_and_the_rest_is_listed(capsys, other_weights):
    library = ModelLibrary()
    entry = library.add(other_weights, "fine")
    (library.root / "junk").mkdir()
    code, out, err = models(capsys, "list", "--json")
    assert code == 0 and [e["name"] for e in json.loads(out)] == ["Shipped weights", "fine"]
    assert err.count("\n") == 1 and "warning" in err and "junk" in err
    assert entry.weights_path.is_file()


def test_train_keeps_its_run_in_the_library_without_switching_to_it(tmp_path, capsys):
    out_file = tmp_path / "run.pt"
    code = cli.main(["train", "--subset", "600", "--epochs", "1", "--batch-size", "100", "--device", "cpu",
                     "--out", str(out_file)])
    out = capsys.readouterr().out
    assert code == 0 and out_file.is_file() and "Added to your models as " in out
    shipped, run = listed(capsys)
    assert shipped["active"] is True and run["active"] is False
    assert run["name"].startswith("Fast (default) (changed), ")
    assert run["test_accuracy"] == pytest.approx(load_weights(out_file).test_accuracy * 100)
    entry = ModelLibrary().get(run["id"])
    assert entry.device == "cpu" and entry.wall_time_s > 0 and entry.settings["train_subset"] == 600
    assert len(entry.history["epochs"]) == 1
