"""Bad input and faults, as a hostile user would try them: each case builds its bad input, runs the
command as typed, and checks one clear line on stderr, the exit status, and that nothing the user
had was changed. (More kinds live beside the code they concern: test_model_and_weights.py for
weights files, test_preprocessing.py for images, test_data.py for MNIST.)"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import zipfile
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from desktop_app import cli
from desktop_app.core.checksums import content_digest
from desktop_app.core.model import create_model
from desktop_app.core.paths import shipped_weights_path
from desktop_app.core.weights import SaveError, WeightsError, load_weights, save_weights

LONG_NAME = "x" * 300  # longer than any file system allows for one name (255 bytes)


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    status = cli.main(argv)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def one_error_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("digit-studio: error: "), err
    assert "Traceback" not in err
    return lines[0]


def digest_of_folder(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def digit_png(tmp_path, mnist_test) -> Path:
    path = tmp_path / "seven.png"
    index = int((mnist_test.labels == 7).nonzero()[0])
    Image.fromarray(255 - mnist_test.images[index].numpy()).resize((112, 112)).save(path)
    return path


# ------------------------------------------------------------------------------------ the data folder
def data_folder_cases(tmp_path) -> dict[str, Path]:
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder")
    return {"a regular file": a_file, "a name too long": tmp_path / LONG_NAME,
            "below a regular file": a_file / "DigitStudio"}


@pytest.mark.parametrize("case", ["a regular file", "a name too long", "below a regular file"])
def test_predict_needs_no_data_folder(case, tmp_path, monkeypatch, digit_png, capsys):
    monkeypatch.setenv("DIGIT_STUDIO_DATA_DIR", str(data_folder_cases(tmp_path)[case]))
    status, out, err = run(["predict", str(digit_png), "--json"], capsys)
    assert status == 0, err
    assert json.loads(out)["digit"] == 7


@pytest.mark.parametrize("case", ["a regular file", "a name too long", "below a regular file"])
@pytest.mark.parametrize("command", [["train", "--subset", "200", "--epochs", "1"], ["evaluate"]],
                         ids=["train", "evaluate"])
def test_training_and_evaluating_name_the_unusable_data_folder(case, command, tmp_path, monkeypatch, capsys):
    folder = data_folder_cases(tmp_path)[case]
    monkeypatch.setenv("DIGIT_STUDIO_DATA_DIR", str(folder))
    before = digest_of_folder(tmp_path)
    status, _out, err = run(command, capsys)
    line = one_error_line(err)
    assert status == 1
    assert "data folder" in line and "cannot be used" in line and "DIGIT_STUDIO_DATA_DIR" in line
    assert digest_of_folder(tmp_path) == before


# ------------------------------------------------------------------------------------ file names
def test_a_file_name_too_long_is_one_line_and_the_other_images_are_still_read(tmp_path, digit_png, capsys):
    status, out, err = run(["predict", str(tmp_path / f"{LONG_NAME}.png"), str(digit_png), "--json"], capsys)
    line = one_error_line(err)
    assert status == 1
    assert "cannot load image" in line and "too long" in line.lower()
    assert len(line) < 300  # the name is shortened, not printed whole
    assert json.loads(out)["digit"] == 7  # the image after it was read


def test_weights_with_a_name_too_long(tmp_path, digit_png, capsys):
    status, out, err = run(["predict", str(digit_png), "--weights", str(tmp_path / f"{LONG_NAME}.pt")], capsys)
    assert status == 1 and out == ""
    assert "cannot be read" in one_error_line(err)


# ------------------------------------------------------------------------------------ weights files
def shipped_payload() -> dict:
    return torch.load(shipped_weights_path(), weights_only=True)


def save_payload(payload: dict, path: Path, *, checksums: bool = True) -> Path:
    payload = dict(payload)
    payload.pop("checksums", None)
    if checksums:
        payload["checksums"] = {part: content_digest(payload[part])
                                for part in ("state_dict", "metadata") if part in payload}
    torch.save(payload, path)
    return path


def check_refused(path: Path, digit_png: Path, capsys, *fragments: str) -> None:
    """predict and evaluate both refuse the file with one line naming it; the file is unchanged."""
    before = path.read_bytes()
    for argv in (["predict", str(digit_png), "--weights", str(path), "--json"], ["evaluate", "--weights", str(path)]):
        status, out, err = run(argv, capsys)
        line = one_error_line(err)
        assert status == 1 and out == "", (argv, out)
        assert str(path) in line
        for fragment in fragments:
            assert fragment in line, line
    assert path.read_bytes() == before


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf")])
@pytest.mark.parametrize("checksums", [True, False], ids=["with-checksums", "old-file"])
def test_weights_that_are_not_finite_are_refused(bad, checksums, tmp_path, digit_png, capsys):
    payload = shipped_payload()
    name = next(k for k, v in payload["state_dict"].items() if v.is_floating_point() and v.dim() > 1)
    tensor = payload["state_dict"][name].clone()
    tensor.view(-1)[5] = bad
    payload["state_dict"] = {**payload["state_dict"], name: tensor}
    path = save_payload(payload, tmp_path / "nan.pt", checksums=checksums)
    check_refused(path, digit_png, capsys, "damaged", "NaN or infinite")


def test_a_plain_state_dict_with_nan_is_refused(tmp_path, digit_png, capsys):
    state = create_model("number_recognition").state_dict()
    state["fc.0.bias" if "fc.0.bias" in state else next(iter(state))].fill_(float("nan"))
    path = tmp_path / "model.pth"
    torch.save(state, path)
    check_refused(path, digit_png, capsys, "NaN or infinite")


def tensor_data_span(path: Path) -> tuple[int, int]:
    """(offset, size) of the largest tensor's bytes inside a torch zip file."""
    with zipfile.ZipFile(path) as archive:
        info = max((i for i in archive.infolist() if "/data/" in i.filename), key=lambda i: i.file_size)
    with open(path, "rb") as handle:
        handle.seek(info.header_offset + 26)
        name_length, extra_length = (int.from_bytes(handle.read(2), "little") for _ in range(2))
    return info.header_offset + 30 + name_length + extra_length, info.file_size


def test_flipped_bytes_in_the_tensor_data_are_caught(tmp_path, digit_png, capsys):
    path = tmp_path / "flipped.pt"
    path.write_bytes(shipped_weights_path().read_bytes())
    offset, size = tensor_data_span(path)
    data = bytearray(path.read_bytes())
    rng = random.Random(0)
    for position in rng.sample(range(offset, offset + size), 2000):
        data[position] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(WeightsError, match="damaged: its network weights do not match their checksum"):
        load_weights(path)
    check_refused(path, digit_png, capsys, "checksum")


def test_changed_metadata_is_caught_by_its_checksum(tmp_path):
    payload = shipped_payload()
    payload["metadata"] = {**payload["metadata"], "metrics": {**payload["metadata"]["metrics"], "test_accuracy": 1.0}}
    torch.save(payload, tmp_path / "edited.pt")  # the old checksums kept: as if edited in place
    with pytest.raises(WeightsError, match="its metadata do not match their checksum"):
        load_weights(tmp_path / "edited.pt")


def test_files_written_before_checksums_still_load(tmp_path):
    payload = shipped_payload()
    path = save_payload(payload, tmp_path / "old.pt", checksums=False)
    assert "checksums" not in torch.load(path, weights_only=True)
    assert load_weights(path).test_accuracy == pytest.approx(0.9954)


def training_state(**changes) -> dict:
    model = create_model("compact_cnn")
    optimizer = torch.optim.AdamW(model.parameters())
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda _step: 1.0)
    state = {"optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict(), "epoch_index": 1,
             "batch_index": 5, "step": 20, "total_steps": 30, "settings": {"architecture": "compact_cnn", "epochs": 2},
             "history": {"batch_loss": [2.3] * 20, "epochs": [{}]}}
    return {**state, **changes}


def test_saved_files_carry_checksums_that_survive_a_round_trip(tmp_path):
    model = create_model("compact_cnn").to(memory_format=torch.channels_last)  # as trained on a CPU
    path = save_weights(tmp_path / "w.pt", model, "compact_cnn", {"epoch": 1}, training_state=training_state())
    raw = torch.load(path, weights_only=True)
    assert set(raw["checksums"]) == {"state_dict", "metadata", "training_state"}
    assert load_weights(path).training_state["step"] == 20


def test_an_averaging_checkpoint_whose_trained_weights_do_not_fit_is_refused_with_its_name(tmp_path, capsys):
    path = save_weights(tmp_path / "last.ckpt", create_model("compact_cnn"), "compact_cnn", training_state=training_state(
        settings={"architecture": "compact_cnn", "epochs": 2, "weight_average": 0.999},
        average={"decay": 0.999, "updates": 3}, trained_weights={"conv.weight": torch.zeros(2)}))
    status, _out, err = run(["train", "--resume", str(path), "--out", str(tmp_path / "w.pt")], capsys)
    assert status == 1
    assert one_error_line(err).endswith("last.ckpt: the checkpoint's trained weights are missing or do not fit its network")
    assert not (tmp_path / "w.pt").exists()


def test_a_file_that_would_not_load_back_never_replaces_a_good_one(tmp_path):
    path = save_weights(tmp_path / "trained.pt", create_model("compact_cnn"), "compact_cnn")
    before = path.read_bytes()
    with pytest.raises(SaveError, match="does not load back.*the previous file is unchanged"):
        save_weights(path, create_model("compact_cnn"), "number_recognition")  # a label that does not fit
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["trained.pt"]  # no temporary file left behind


@pytest.mark.parametrize(("changes", "fragment"), [
    ({"optimizer": None}, "optimizer is missing or not a table"),
    ({"history": "gone"}, "history is missing or not a table"),
    ({"history": {"batch_loss": [1.0]}}, "its loss history is not two lists"),
    ({"epoch_index": "many"}, "epoch_index 'many' is not a count"),
    ({"batch_index": -5}, "batch_index -5 is not a count"),
    ({"epoch_index": 10**6}, "it is at epoch 1000001 of a 2-epoch run"),
    ({"step": 31}, "step 31 is past the run's 30 steps"),
    ({"settings": {"architecture": "number_recognition", "epochs": 2}}, "its settings name the 'number_recognition'"),
    ({"settings": {"architecture": "compact_cnn", "epochs": "many"}},
     "its settings are not possible (epochs must be a whole number from 1 to 1000)"),
    ({"settings": {"architecture": "compact_cnn", "epochs": 2, "learning_rate": -1}},
     "its settings are not possible (learning rate must be greater than 0 and at most 10)"),
    ({"average": {"decay": 0.999, "updates": -3}, "trained_weights": {}}, "its weight average's state is not possible"),
    ({"average": {"decay": 0.999, "updates": 3}}, "its weight average has no trained weights beside it"),
])
def test_checkpoints_with_wrong_fields_are_refused(changes, fragment, tmp_path, capsys):
    path = tmp_path / "last.ckpt"
    payload = {"format": "digit-studio-weights", "format_version": 1, "kind": "checkpoint",
               "architecture": "compact_cnn", "state_dict": create_model("compact_cnn").state_dict(),
               "metadata": {}, "training_state": training_state(**changes)}
    torch.save(payload, path)
    with pytest.raises(WeightsError, match="invalid checkpoint: " + re.escape(fragment)):
        load_weights(path)
    trained = save_weights(tmp_path / "trained.pt", create_model("compact_cnn"), "compact_cnn")
    before = trained.read_bytes()
    status, _out, err = run(["train", "--resume", str(path), "--out", str(trained)], capsys)
    assert status == 1 and "invalid checkpoint" in one_error_line(err)
    assert trained.read_bytes() == before


@pytest.mark.parametrize(("field", "value", "fragment"), [
    ("normalization", "mnist", "normalization is not a table"),
    ("normalization", {"mean": "abc", "std": 0.3}, "normalization mean 'abc' is not a number"),
    ("normalization", {"mean": 0.1, "std": 0.0}, "normalization std 0.0 is not a positive number"),
    ("normalization", {"mean": 0.1, "std": float("nan")}, "normalization std nan is not a positive number"),
    ("metrics", {"test_accuracy": "high"}, "test_accuracy 'high' is not a share between 0 and 1"),
    ("metrics", {"test_accuracy": 99.5}, "test_accuracy 99.5 is not a share between 0 and 1"),
    ("metrics", [0.99], "metrics is not a table"),
    ("epoch", "many", "epoch 'many' is not a int"),
    ("history", [1, 2], "history [1, 2] is not a dict"),
])
def test_malformed_metadata_is_one_line(field, value, fragment, tmp_path, digit_png, capsys):
    payload = shipped_payload()
    payload["metadata"] = {**payload["metadata"], field: value}
    path = save_payload(payload, tmp_path / "meta.pt")  # checksums made for the bad metadata: it is the schema that refuses it
    check_refused(path, digit_png, capsys, "invalid metadata", fragment)


@pytest.mark.parametrize("version", ["1", "two", 1.0, True, 0, -3, None])
def test_a_format_version_that_is_not_a_version_number(version, tmp_path):
    payload = shipped_payload()
    payload["format_version"] = version
    path = save_payload(payload, tmp_path / "version.pt")
    with pytest.raises(WeightsError, match="the file is damaged: its format version .* is not a version number"):
        load_weights(path)


@pytest.mark.parametrize("head", [b"PK", b"\x80"])
@pytest.mark.parametrize("seed", range(3))
def test_random_bytes_that_look_like_torch_files_are_not_called_unsafe(head, seed, tmp_path, digit_png, capsys):
    rng = random.Random(seed)
    path = tmp_path / "random.pt"
    path.write_bytes(head + bytes(rng.getrandbits(8) for _ in range(4000)))
    check_refused(path, digit_png, capsys, "not a weights file")
    _status, _out, err = run(["predict", str(digit_png), "--weights", str(path)], capsys)
    assert "unsafe" not in err


def test_a_weights_file_without_read_permission(tmp_path, digit_png, capsys):
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    path = tmp_path / "locked.pt"
    path.write_bytes(shipped_weights_path().read_bytes())
    path.chmod(0)
    check_refused(path, digit_png, capsys, "permission denied")


# ------------------------------------------------------------------------------------ MNIST
def test_unpacked_mnist_with_a_changed_byte_is_refused(mnist_root, tmp_path, capsys):
    import shutil

    from desktop_app.core import data
    from desktop_app.core.data import DataError

    root = tmp_path / "root"
    shutil.copytree(mnist_root / "MNIST", root / "MNIST")
    images = root / "MNIST" / "raw" / "t10k-images-idx3-ubyte"
    content = bytearray(images.read_bytes())
    content[5000] ^= 0x01  # one pixel a shade off: the shape and size are still right
    images.write_bytes(bytes(content))
    with pytest.raises(DataError, match="t10k-images-idx3-ubyte is damaged: its bytes differ from the MNIST "
                                        "file of that name.*Delete the folder to have them unpacked again"):
        data.load_mnist(train=False, root=root)
    assert data.load_mnist(train=True, root=root).images.shape == (60_000, 28, 28)  # the others still load


# ------------------------------------------------------------------------------------ a full disk
@pytest.mark.parametrize(("free", "reason"), [(1 << 20, "the disk is full"),
                                              (10 << 30, "the file could not be written completely")])
def test_torchs_short_write_is_called_a_full_disk_when_it_is_one(free, reason, tmp_path, monkeypatch):
    import shutil as shutil_module

    from desktop_app.core import weights

    path = save_weights(tmp_path / "last.ckpt", create_model("compact_cnn"), "compact_cnn")
    before = path.read_bytes()

    def short_write(obj, handle):
        handle.write(b"PK\x03\x04 partial")
        raise RuntimeError("[enforce fail at inline_container.cc:672] . unexpected pos 4352 vs 4224")

    monkeypatch.setattr(weights.torch, "save", short_write)
    monkeypatch.setattr(shutil_module, "disk_usage", lambda _folder: shutil_module._ntuple_diskusage(1, 1, free))
    with pytest.raises(SaveError) as caught:
        save_weights(path, create_model("compact_cnn"), "compact_cnn")
    message = str(caught.value)
    assert message == f"cannot write {path}: {reason}; the previous file is unchanged"
    assert "enforce" not in message
    assert path.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["last.ckpt"]


@pytest.mark.parametrize("flag", ["--out", "--checkpoint"])
def test_a_folder_as_the_output_is_refused_before_training(flag, tmp_path, capsys, monkeypatch):
    from desktop_app.core import training

    started = []
    monkeypatch.setattr(training.Trainer, "fit", lambda self: started.append(self))
    status, _out, err = run(["train", "--subset", "200", "--epochs", "1", flag, str(tmp_path)], capsys)
    assert status == 1 and not started
    assert one_error_line(err) == (f"digit-studio: error: {flag} {tmp_path} is a folder: give the name of a file "
                                   f"in it, e.g. {tmp_path / 'trained.pt'}")


# ------------------------------------------------------------------------------------ leftovers
def test_files_left_by_a_killed_save_are_removed_at_the_next_start(user_data_dir, capsys, monkeypatch):
    from desktop_app.core import training

    weights, checkpoints = user_data_dir / "weights", user_data_dir / "checkpoints"
    for folder in (weights, checkpoints):
        folder.mkdir()
    old = [weights / ".trained.pt.k3j2.tmp", checkpoints / ".last.ckpt.x81.tmp"]
    young = checkpoints / ".last.ckpt.z9.tmp"  # another process may be writing this one now
    keep = weights / "trained.pt"
    for path in [*old, young, keep]:
        path.write_bytes(b"PK partial")
    for path in old:
        os.utime(path, (1_000_000_000, 1_000_000_000))
    monkeypatch.setattr(training.Trainer, "fit", lambda self: (_ for _ in ()).throw(KeyboardInterrupt))
    run(["train", "--subset", "200"], capsys)
    assert not any(path.exists() for path in old)
    assert young.exists() and keep.exists()


# ------------------------------------------------------------------------------------ settings.ini
def test_unreadable_stored_settings_are_reset_and_the_user_is_told_once(qtbot, user_data_dir):
    from desktop_app.ui import MainWindow
    from desktop_app.ui.settings_store import load_training_settings

    (user_data_dir / "settings.ini").write_text(
        "[training]\ntrain_subset=abc\nbatch_size=-4\nepochs=3\nlearning_rate=0.001\n")

    def open_window():
        window = MainWindow()
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.training_panel is not None, timeout=30_000)
        return window

    first = open_window()
    message = first.message()
    assert message.startswith("Some stored training settings could not be read and are back to their defaults: ")
    assert "Batch size" in message and "Training subset" in message and "Epochs" not in message
    settings = load_training_settings()
    assert (settings.batch_size, settings.train_subset, settings.epochs, settings.learning_rate) == (128, None, 3, 0.001)
    first.close()
    second = open_window()
    assert second.message() == ""  # told once: the file was repaired
    second.close()


# ------------------------------------------------------------------------------------ the window
@pytest.mark.parametrize(("field", "value"), [("normalization", "mnist"), ("metrics", {"test_accuracy": "high"})])
def test_the_window_refuses_weights_with_malformed_metadata_with_a_message(field, value, window, tmp_path):
    payload = shipped_payload()
    payload["metadata"] = {**payload["metadata"], field: value}
    path = save_payload(payload, tmp_path / "meta.pt")
    status_before = window.weights_label.text()
    assert not window.use_weights(path)
    assert window.message().startswith("Cannot use these weights: ") and "invalid metadata" in window.message()
    assert window.weights_label.text() == status_before  # the model in use and its 99.54% stay


def test_the_window_refuses_damaged_weights(window, tmp_path):
    path = tmp_path / "flipped.pt"
    data = bytearray(shipped_weights_path().read_bytes())
    offset, size = tensor_data_span(shipped_weights_path())
    for position in range(offset + 100, offset + 2100):
        data[position] ^= 0xFF
    path.write_bytes(bytes(data))
    assert not window.use_weights(path)
    assert "checksum" in window.message()


def test_the_window_opens_and_reads_digits_without_a_usable_data_folder(qtbot, tmp_path, monkeypatch):
    from desktop_app.ui import MainWindow
    from devtools import replay

    in_the_way = tmp_path / "a-file"
    in_the_way.write_text("not a folder")
    monkeypatch.setenv("DIGIT_STUDIO_DATA_DIR", str(in_the_way))
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.model_ready and window.training_panel is not None, timeout=30_000)
    points = np.array([[window.canvas.width() / 2, window.canvas.height() * y] for y in np.linspace(0.2, 0.8, 20)])
    replay.draw_stroke(window.canvas, points)
    replay.wait_for_prediction(window)
    assert replay.predicted_text(window) == "1"
    panel = window.training_panel
    with qtbot.waitSignal(panel.run_finished, timeout=60_000) as finished:
        panel.start_training()
    assert finished.args[0].status == "failed"
    assert panel.error_banner.isVisible()
    assert "cannot be used: a file is in the way" in panel.error_banner.text()
    window.close()
