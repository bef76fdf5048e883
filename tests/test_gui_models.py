"""The window and the model library: it starts with the active model (never with whatever was trained
last), a model chosen in the window stays chosen for the next launch and the CLI, the Model menu lists
the models with a check mark on the active one, and a run's banner compares it with the model in use."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import torch

from desktop_app.core.model import create_model
from desktop_app.core.model_library import SHIPPED_ID, ModelEntry, ModelLibrary
from desktop_app.core.paths import shipped_weights_path, trained_weights_path
from desktop_app.core.weights import save_weights
from desktop_app.ui import training_messages
from devtools import replay


@pytest.fixture
def other_weights(tmp_path):
    torch.manual_seed(2)
    return save_weights(tmp_path / "other.pt", create_model("compact_cnn"), "compact_cnn",
                        {"metrics": {"test_accuracy": 0.5}})


def open_window(qtbot):
    from desktop_app.ui import MainWindow

    main = MainWindow()
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    qtbot.waitUntil(lambda: main.model_ready, timeout=30_000)
    replay.wait_for_prediction(main)
    return main


def model_menu(window):
    return next(a.menu() for a in window.menuBar().actions() if a.text() == "&Model")


def test_a_launch_uses_the_active_model_not_the_last_trained_weights(qtbot, other_weights):
    save_weights(trained_weights_path(), create_model("compact_cnn"), "compact_cnn")  # an old run's file
    window = open_window(qtbot)
    assert window.weights_label.toolTip() == str(shipped_weights_path())
    window.close()

    library = ModelLibrary()
    library.set_active(library.add(other_weights, "mine").id)
    window = open_window(qtbot)
    assert window.weights_label.toolTip() == str(library.active_weights_path())


def test_a_model_chosen_in_the_window_stays_chosen(window, other_weights):
    assert window.use_weights(other_weights)
    entry = ModelLibrary().active_entry()
    assert entry.id != SHIPPED_ID and entry.weights_sha256 is not None
    assert window.use_weights(other_weights)  # the same file again: no second copy
    assert len(ModelLibrary().entries()) == 2
    assert window.use_shipped_weights() and ModelLibrary().active_id() == SHIPPED_ID


def test_the_model_menu_lists_the_models_and_checks_the_active_one(window, qtbot, other_weights):
    added = ModelLibrary().add(other_weights, "menu model")  # e.g. by the CLI, while the window is open
    menu = model_menu(window)
    menu.aboutToShow.emit()
    actions = {a.objectName(): a for a in menu.actions() if a.objectName().startswith("model:")}
    assert set(actions) == {"model:shipped", f"model:{added.id}"}
    assert actions["model:shipped"].isChecked() and not actions[f"model:{added.id}"].isChecked()
    assert "menu model (50.00%)" == actions[f"model:{added.id}"].text()
    actions[f"model:{added.id}"].trigger()
    assert ModelLibrary().active_id() == added.id
    assert window.weights_label.toolTip() == str(added.weights_path)
    menu.aboutToShow.emit()
    checked = [a.objectName() for a in menu.actions() if a.objectName().startswith("model:") and a.isChecked()]
    assert checked == [f"model:{added.id}"]


def _entry(name: str, accuracy: float) -> ModelEntry:
    return ModelEntry("x", name, "2025-01-01T00:00:00+00:00", "compact_cnn", shipped_weights_path(),
                      scores={"test_accuracy": accuracy})


def test_the_result_banner_recommends_switching_only_to_a_better_model():
    result = SimpleNamespace(metrics={"test_accuracy": 0.899}, weights_path=trained_weights_path())
    kept = _entry("Fast (default), 2025-01-01 10:00", 0.899)
    worse, _ = training_messages.completed_texts(result, kept, _entry("Shipped weights", 0.9955))
    assert "not better than the model in use (Shipped weights, 99.55%): keep using it" in worse
    assert "Use new weights" not in worse
    better, line = training_messages.completed_texts(result, kept, _entry("old", 0.85))
    assert "better than the model in use (old, 85.00%)" in better and "Use new weights" in better
    assert "Fast (default), 2025-01-01 10:00" in line
