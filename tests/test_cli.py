"""digit-studio train / evaluate / predict, as a user types them: outputs, files and error lines."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from desktop_app import cli
from desktop_app.core import training
from desktop_app.core.paths import shipped_weights_path
from desktop_app.core.settings import TrainingSettings
from desktop_app.core.weights import load_weights


def run_cli(*args: str, env_dir) -> subprocess.CompletedProcess:
    env = {**os.environ, "DIGIT_STUDIO_DATA_DIR": str(env_dir)}
    return subprocess.run([sys.executable, "-m", "desktop_app", *args], capture_output=True, text=True,
                          env=env, timeout=120)


@pytest.fixture
def mnist_pngs(tmp_path, mnist_test):
    """Three MNIST test digits as files the way people have them: black ink on white, enlarged."""
    paths = []
    for index in range(3):
        image = 255 - mnist_test.images[index].numpy()
        path = tmp_path / f"digit{index}.png"
        Image.fromarray(image).resize((112, 112), Image.Resampling.BILINEAR).save(path)
        paths.append(path)
    labels = [int(mnist_test.labels[i]) for i in range(3)]
    return paths, labels


def test_predict_json_gives_one_object_per_image(mnist_pngs, tmp_path, user_data_dir):
    paths, labels = mnist_pngs
    blank = tmp_path / "blank.png"
    Image.new("L", (64, 64), 255).save(blank)
    result = run_cli("predict", *map(str, paths), str(blank), "--json", env_dir=user_data_dir)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["image"] for line in lines] == [*map(str, paths), str(blank)]
    assert [line["digit"] for line in lines[:3]] == labels
    for line in lines[:3]:
        assert len(line["probabilities"]) == 10 and sum(line["probabilities"]) == pytest.approx(1, abs=1e-4)
        assert line["confidence"] == max(line["probabilities"])
        assert line["reason"] is None
    assert lines[3]["digit"] is None and lines[3]["confidence"] == 0 and lines[3]["reason"] == "blank"


def test_predict_plain_output_names_digit_and_probabilities(mnist_pngs, capsys):
    paths, labels = mnist_pngs
    assert cli.main(["predict", str(paths[0])]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{paths[0]}: {labels[0]} (")
    assert "0:" in out and "9:" in out


def test_predict_bad_files_give_one_line_each_and_a_failing_exit(tmp_path, mnist_pngs, user_data_dir):
    paths, _ = mnist_pngs
    text = tmp_path / "notes.png"
    text.write_text("not an image")
    result = run_cli("predict", str(text), str(tmp_path / "missing.png"), str(paths[0]), env_dir=user_data_dir)
    assert result.returncode == 1
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 2 and "Traceback" not in result.stderr
    assert errors[0].startswith("digit-studio: error: ") and "notes.png" in errors[0]
    assert "missing.png" in errors[1]
    assert result.stdout.startswith(str(paths[0]))  # the good image is still read


def test_corrupt_weights_are_one_line_and_exit_1(tmp_path, mnist_pngs, user_data_dir):
    bad = tmp_path / "bad.pt"
    bad.write_bytes(b"\x00garbage")
    result = run_cli("evaluate", "--weights", str(bad), env_dir=user_data_dir)
    assert result.returncode == 1
    assert result.stderr.strip() == f"digit-studio: error: {bad}: not a weights file (unreadable pickle data)" \
        or result.stderr.count("\n") == 1 and str(bad) in result.stderr
    assert "Traceback" not in result.stderr


def test_evaluate_prints_accuracy_per_class_and_confusion(capsys):
    assert cli.main(["evaluate", "--weights", str(shipped_weights_path()), "--device", "cpu"]) == 0
    out = capsys.readouterr().out
    accuracy = float(out.split("Test accuracy: ")[1].split("%")[0])
    assert accuracy >= 99.5  # the shipped weights' promise
    assert "Per-class accuracy:" in out and "  9: " in out
    matrix = out.split("columns: predicted):\n")[1].splitlines()[1:]
    assert len(matrix) == 10 and sum(int(n) for row in matrix for n in row.split()[1:]) == 10_000


def test_train_writes_weights_with_metadata(tmp_path, capsys):
    out = tmp_path / "mine.pt"
    code = cli.main(["train", "--subset", "600", "--epochs", "1", "--batch-size", "100", "--device", "cpu",
                     "--out", str(out), "--checkpoint", str(tmp_path / "c.ckpt")])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "epoch 1/1: train loss" in captured.out + captured.err
    assert "Test accuracy" in captured.out and str(out) in captured.out
    assert "replaces the interrupted run's checkpoint" not in captured.err
    weights = load_weights(out)
    assert weights.architecture == "compact_cnn"
    assert weights.metadata["settings"]["batch_size"] == 100


def test_the_quick_preset_trains_the_half_width_network(tmp_path, capsys):
    out = tmp_path / "quick.pt"
    code = cli.main(["train", "--preset", "quick", "--subset", "512", "--epochs", "1", "--device", "cpu",
                     "--out", str(out), "--checkpoint", str(tmp_path / "c.ckpt")])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    weights = load_weights(out)
    assert weights.architecture == "quick_cnn"
    assert weights.metadata["settings"]["batch_size"] == 256 and weights.metadata["settings"]["augment"]
    assert "Quick: about 10 s" in captured.out  # the name it joins the model library under


class StopAfterFirstBatch(training.Callback):
    def on_batch_end(self, trainer, progress):
        trainer.request_stop()


def test_a_new_run_says_it_replaces_an_interrupted_runs_checkpoint(tmp_path, capsys):
    checkpoint = tmp_path / "c.ckpt"
    settings = TrainingSettings(train_subset=512, batch_size=128, epochs=1, device="cpu")
    stopped = training.Trainer(settings, [StopAfterFirstBatch()], out_path=tmp_path / "a.pt",
                               checkpoint=checkpoint).fit()
    assert stopped.status == "stopped" and checkpoint.is_file()
    code = cli.main(["train", "--subset", "256", "--epochs", "1", "--batch-size", "128", "--device", "cpu",
                     "--out", str(tmp_path / "b.pt"), "--checkpoint", str(checkpoint)])
    assert code == 0
    assert (f"digit-studio: note: this new run replaces the interrupted run's checkpoint {checkpoint}; "
            f"to continue that run instead: digit-studio train --resume {checkpoint}") in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--lr", "0"], "learning rate must be greater than 0"),
        (["--epochs", "0"], "epochs must be a whole number from 1 to 1000"),
        (["--val-ratio", "1.5"], "validation ratio must be between 0 and 0.9"),
        (["--device", "tpu"], "unknown device 'tpu'"),
        (["--resume", "/nonexistent/last.ckpt"], "no checkpoint to resume at /nonexistent/last.ckpt"),
    ],
)
def test_train_refuses_impossible_settings_in_one_line(args, message, capsys):
    code = cli.main(["train", "--subset", "200", "--epochs", "1", *args])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("digit-studio: error: ") and message in err and err.count("\n") == 1


def test_help_is_fast_and_lists_commands():
    result = subprocess.run([sys.executable, "-m", "desktop_app", "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    for command in ("train", "evaluate", "predict"):
        assert command in result.stdout


def test_shipped_weights_are_small_and_say_what_they_are():
    path = shipped_weights_path()
    assert path.stat().st_size < 5 * 1024 * 1024
    weights = load_weights(path)
    assert weights.architecture == "compact_cnn"
    assert weights.test_accuracy >= 0.995
    assert weights.metadata["settings"]["epochs"] >= 1 and weights.metadata["metrics"]["test_samples"] == 10_000
    assert np.isclose(sum(weights.metadata["metrics"]["per_class_accuracy"]) / 10, weights.test_accuracy, atol=0.01)


def _train_parser():
    commands = next(a for a in cli.build_parser()._actions if a.dest == "command")
    return commands.choices["train"]


def test_train_options_come_from_the_settings_table():
    from desktop_app.core.settings import SETTINGS

    options = {action.dest: action for action in _train_parser()._actions}
    for name, spec in SETTINGS.items():
        if not spec.cli_flags:
            assert name not in options, name
            continue
        assert set(spec.cli_flags) <= set(options[name].option_strings), name
        assert options[name].help == spec.help
    assert options["learning_rate"].option_strings == ["--lr", "--learning-rate"]
    assert options["architecture"].choices == ["compact_cnn", "number_recognition", "quick_cnn"]
    assert "--no-augment" in options["augment"].option_strings
    assert "--no-pen-digits" in options["pen_digits"].option_strings
    for hand_written in ("preset", "threads", "resume", "checkpoint", "out"):
        assert hand_written in options


def test_settings_from_args_takes_every_flag_given():
    args = cli.build_parser().parse_args([
        "train", "--preset", "seed", "--epochs", "2", "--learning-rate", "0.5", "--batch-size", "32",
        "--val-ratio", "0.1", "--arch", "compact_cnn", "--optimizer", "sgd", "--weight-decay", "0",
        "--schedule", "cosine", "--seed", "7", "--augment", "--pen-digits", "--weight-average", "0.99", "--subset", "300",
        "--device", "cpu"])
    assert cli.settings_from_args(args) == TrainingSettings(
        epochs=2, learning_rate=0.5, batch_size=32, val_ratio=0.1, architecture="compact_cnn", optimizer="sgd",
        weight_decay=0.0, lr_schedule="cosine", seed=7, augment=True, pen_digits=True, weight_average=0.99,
        train_subset=300,
        device="cpu", label_smoothing=0.0)
    left_alone = cli.settings_from_args(cli.build_parser().parse_args(["train", "--no-augment"]))
    assert left_alone == TrainingSettings(augment=False)
