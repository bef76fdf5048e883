"""Architectures and weights files: round trips, and every way a file can be bad."""

from __future__ import annotations

import os
import pickle
import zipfile

import pytest
import torch

from desktop_app.core.model import ARCHITECTURES, NumberRecognition, create_model, parameter_count
from desktop_app.core.weights import SaveError, WeightsError, load_weights, save_weights


def test_seed_architecture_is_exactly_the_tutorials():
    model = NumberRecognition()
    shapes = {name: tuple(p.shape) for name, p in model.named_parameters()}
    assert shapes["conv1.0.weight"] == (64, 1, 11, 11)
    assert shapes["conv2.0.weight"] == (128, 64, 5, 5)
    assert shapes["fc.0.weight"] == (2048, 128 * 7 * 7)
    assert shapes["fc.3.weight"] == (1024, 2048)
    assert shapes["fc.5.weight"] == (10, 1024)
    assert isinstance(model.fc[2], torch.nn.Dropout) and model.fc[2].p == 0.3
    assert model(torch.zeros(2, 1, 28, 28)).shape == (2, 10)


def test_default_architecture_is_small():
    model = create_model()
    assert parameter_count(model) < 1_000_000
    assert model(torch.zeros(3, 1, 28, 28)).shape == (3, 11)  # ten digits and "not a digit"


def test_unknown_architecture_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown architecture 'resnet'"):
        create_model("resnet")


@pytest.mark.parametrize("name", sorted(ARCHITECTURES))
def test_round_trip_keeps_weights_and_metadata(tmp_path, name):
    model = create_model(name).eval()
    path = save_weights(tmp_path / "w.pt", model, name, {"metrics": {"test_accuracy": 0.99}, "epoch": 3})
    loaded = load_weights(path)
    assert loaded.architecture == name
    assert loaded.test_accuracy == 0.99
    assert loaded.metadata["epoch"] == 3
    assert loaded.metadata["normalization"] == {"mean": 0.1307, "std": 0.3081}
    assert "created" in loaded.metadata
    x = torch.rand(1, 1, 28, 28)
    with torch.no_grad():
        assert torch.equal(model(x), loaded.model(x))


def test_seed_style_plain_state_dict_loads_as_number_recognition(tmp_path):
    model = NumberRecognition()
    torch.save(model.state_dict(), tmp_path / "model.pth")  # exactly what the tutorial saved
    loaded = load_weights(tmp_path / "model.pth")
    assert loaded.architecture == "number_recognition"
    assert torch.equal(loaded.model.state_dict()["conv1.0.weight"], model.state_dict()["conv1.0.weight"])


def test_missing_file(tmp_path):
    with pytest.raises(WeightsError, match=r"nope\.pt: file not found"):
        load_weights(tmp_path / "nope.pt")


def test_empty_file(tmp_path):
    (tmp_path / "empty.pt").write_bytes(b"")
    with pytest.raises(WeightsError, match=r"empty\.pt: the file is empty"):
        load_weights(tmp_path / "empty.pt")


def test_truncated_file(tmp_path):
    path = save_weights(tmp_path / "w.pt", create_model(), "compact_cnn")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(WeightsError, match=r"w\.pt: the file is truncated or corrupt"):
        load_weights(path)


def test_text_file_is_not_weights(tmp_path):
    (tmp_path / "notes.pt").write_text("these are not weights\n")
    with pytest.raises(WeightsError, match=r"notes\.pt: not a weights file"):
        load_weights(tmp_path / "notes.pt")


class _Exploit:
    def __reduce__(self):
        return (os.system, ("echo pwned > /dev/null",))


def test_malicious_pickle_is_refused_without_running_it(tmp_path):
    path = tmp_path / "evil.pt"
    torch.save({"state_dict": _Exploit()}, path)
    with pytest.raises(WeightsError, match=r"evil\.pt: refused to load: the file contains Python objects"):
        load_weights(path)


def test_raw_pickle_file_is_refused(tmp_path):
    path = tmp_path / "raw.pkl"
    path.write_bytes(pickle.dumps(_Exploit()))
    with pytest.raises(WeightsError, match=r"raw\.pkl: "):
        load_weights(path)


def test_foreign_state_dict_names_the_problem(tmp_path):
    torch.save({"encoder.weight": torch.zeros(3, 3)}, tmp_path / "other.pt")
    with pytest.raises(WeightsError, match="a network Digit Studio does not know"):
        load_weights(tmp_path / "other.pt")


def test_mismatched_architecture_label(tmp_path):
    path = tmp_path / "w.pt"  # written by hand: save_weights itself refuses such a file (test_bad_input.py)
    torch.save({"format": "digit-studio-weights", "format_version": 1, "architecture": "number_recognition",
                "state_dict": create_model("compact_cnn").state_dict(), "metadata": {}}, path)
    with pytest.raises(WeightsError, match="do not match the number_recognition architecture"):
        load_weights(path)


def test_newer_format_version_is_refused(tmp_path):
    path = tmp_path / "future.pt"
    torch.save({"format": "digit-studio-weights", "format_version": 99, "architecture": "compact_cnn",
                "state_dict": {}}, path)
    with pytest.raises(WeightsError, match="newer Digit Studio"):
        load_weights(path)


def test_zip_that_is_not_torch(tmp_path):
    path = tmp_path / "archive.pt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(WeightsError, match=r"archive\.pt: "):
        load_weights(path)


def test_failed_save_keeps_the_previous_file(tmp_path, monkeypatch):
    path = save_weights(tmp_path / "w.pt", create_model(), "compact_cnn", {"epoch": 1})
    before = path.read_bytes()

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(torch, "save", disk_full)
    with pytest.raises(SaveError, match="the disk is full; the previous file is unchanged"):
        save_weights(path, create_model(), "compact_cnn", {"epoch": 2})
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["w.pt"]  # no temporary file left behind


def test_markdown_file_is_not_called_unsafe(tmp_path):
    (tmp_path / "README.md").write_text("# Digit Studio\n\nDraw a digit.\n")
    with pytest.raises(WeightsError, match=r"README\.md: not a weights file \(not a PyTorch file at all\)"):
        load_weights(tmp_path / "README.md")
