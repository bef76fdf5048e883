"""``digit-studio``: the GUI with no arguments; ``train``, ``evaluate``, ``predict``, ``models``, ``export`` and
``finetune`` headless.

Every error a user can cause ends in one line on stderr and a non-zero exit, never a traceback.
Heavy imports (torch, Qt) happen inside the commands so ``--help`` is instant.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cli_finetune import add_finetune_command, cmd_finetune
from .cli_models import add_export_command, add_finished_run, add_models_command, cmd_export, cmd_models
from .core.errors import UserError

if TYPE_CHECKING:
    from .core.settings import SettingSpec, TrainingSettings

EXIT_ERROR = 1
EXIT_USAGE = 2


class CliError(UserError):
    """A mistake in the command line other than a setting's value (that is the core's ``SettingsError``).

    Printed as one line, exit status 1.
    """


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="digit-studio",
        description="Draw a digit and see what a neural network reads. With no command, opens the app.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_train_command(commands)

    evaluate = commands.add_parser("evaluate", help="test accuracy, per-class accuracy and confusion matrix")
    evaluate.add_argument("--weights", type=Path, help="weights file (default: the active model's)")
    evaluate.add_argument("--device", default="auto")

    predict = commands.add_parser("predict", help="read the digit, or the number, in one or more images")
    predict.add_argument("images", nargs="+", type=Path, metavar="IMAGE")
    predict.add_argument("--weights", type=Path, help="weights file (default: the active model's)")
    predict.add_argument("--json", action="store_true", help="one JSON object per line and image")
    add_models_command(commands)
    add_export_command(commands)
    add_finetune_command(commands)
    return parser


def _add_train_command(commands) -> None:
    from .core.settings import PRESETS, SETTINGS

    train = commands.add_parser("train", help="train a network headless and write a weights file")
    train.add_argument("--preset", choices=sorted(PRESETS), default="fast",
                       help="starting recipe: fast (default), quick (about 10 s) or seed (the original tutorial's)")
    for spec in SETTINGS.values():
        if spec.cli_flags:
            _add_setting_option(train, spec)
    # Not settings of the run itself: how this process trains, and where its files go.
    train.add_argument("--threads", type=int, help="CPU threads for PyTorch (default: all cores)")
    train.add_argument("--resume", nargs="?", const="", metavar="CHECKPOINT",
                       help="continue an interrupted run (default: the last checkpoint)")
    train.add_argument("--checkpoint", type=Path, help="where to write the resumable checkpoint")
    train.add_argument("--out", type=Path, help="weights file to write (default: your trained weights)")


def _add_setting_option(parser: argparse.ArgumentParser, spec: SettingSpec) -> None:
    """The option for one training setting; left out (None), the preset's value stands."""
    if spec.kind is bool:
        options: dict[str, Any] = {"action": argparse.BooleanOptionalAction, "default": None}
    elif spec.choices is not None:
        options = {"choices": sorted(spec.choices)}
    else:
        options = {"type": spec.kind}
    parser.add_argument(*spec.cli_flags, dest=spec.name, help=spec.help, **options)


def _make_twin_command(paths: list[str]) -> int:
    from .core.onnx_twin import make_twin

    for path in paths:
        make_twin(Path(path))  # records a failure beside the twin; never raises for bad weights
    return 0


def main(argv: list[str] | None = None) -> int:
    from .runtime import prepare_process

    argv = sys.argv[1:] if argv is None else argv
    prepare_process()
    if "--self-test" in argv:  # hidden: checks a build end to end (desktop_app/selftest.py)
        from .selftest import main as self_test

        return self_test(argv)
    if argv[:1] == ["--make-twin"]:  # hidden: the app's twin maker runs here (core/onnx_twin.py)
        return _make_twin_command(argv[1:])
    if not argv:
        from .app import main as gui_main

        return gui_main()
    args = build_parser().parse_args(argv)
    if args.command is None:
        from .app import main as gui_main

        return gui_main()
    try:
        if args.command == "train":
            from .core.paths import remove_stale_temporary_files

            remove_stale_temporary_files()  # left by a save that was killed mid-write
        commands = {"train": cmd_train, "evaluate": cmd_evaluate, "predict": cmd_predict, "models": cmd_models,
                    "export": cmd_export, "finetune": cmd_finetune}
        if args.command in ("train", "models", "finetune"):  # the commands that add models: each gets its ONNX twin
            return _making_twins_at_once(commands[args.command], args)
        return commands[args.command](args)
    except UserError as exc:  # every error meant for people: one line, no traceback
        print(f"digit-studio: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("digit-studio: interrupted", file=sys.stderr)
        return 130


def _making_twins_at_once(command, args) -> int:
    """Run ``command`` so that a model it adds gets its ONNX twin before it ends (an export: seconds)."""
    from .core.model_library import set_twin_maker
    from .core.onnx_twin import make_twin

    previous = set_twin_maker(make_twin)
    try:
        return command(args)
    finally:
        set_twin_maker(previous)


def settings_from_args(args) -> TrainingSettings:
    """The preset's settings with every setting the command line gives; ``SettingsError`` if any is invalid."""
    from .core.settings import PRESETS, SETTINGS

    overrides = {name: getattr(args, name) for name, spec in SETTINGS.items()
                 if spec.cli_flags and getattr(args, name, None) is not None}
    return PRESETS[args.preset].settings.with_changes(**overrides).check()


def cmd_train(args) -> int:
    import time

    from .cli_progress import ProgressBar
    from .core.settings import PRESETS
    from .core.training import Trainer

    settings = settings_from_args(args)
    _use_threads(args.threads)
    _check_destinations(args)  # before training, not after a run whose weights cannot be saved
    trainer = Trainer(settings, [ProgressBar()], out_path=args.out, checkpoint=args.checkpoint,
                      resume_from=_checkpoint_to_resume(args))
    previous = signal.signal(signal.SIGINT, lambda *_: trainer.request_stop())
    started = time.perf_counter()
    try:
        result = trainer.fit()
    finally:
        signal.signal(signal.SIGINT, previous)
    if result.status == "failed":
        raise CliError(result.failure.message)
    if result.status == "stopped":
        print(f"Stopped. Resume with: digit-studio train --resume {result.checkpoint_path}", file=sys.stderr)
        return 130
    print(f"Test accuracy {result.metrics['test_accuracy']:.2%} on {result.metrics['test_samples']:,} images; "
          f"weights saved to {result.weights_path}")
    add_finished_run(result.weights_path, PRESETS[args.preset].name, _device_name(trainer),
                     time.perf_counter() - started)
    return 0


def _device_name(trainer) -> str | None:
    return str(trainer.device) if trainer.device is not None else None


def _use_threads(threads: int | None) -> None:
    if threads is None:
        return
    if threads < 1:
        raise CliError("--threads must be at least 1")
    import torch

    torch.set_num_threads(threads)


def _check_destinations(args) -> None:
    """The files a run will write can be written: the data folder (the default place of both) is
    usable, and neither ``--out`` nor ``--checkpoint`` names a folder."""
    from .core.paths import user_data_dir

    if args.out is None or args.checkpoint is None:
        user_data_dir()  # DataFolderError says what is wrong and what to do
    for flag, path in (("--out", args.out), ("--checkpoint", args.checkpoint)):
        if path is not None and path.is_dir():
            raise CliError(f"{flag} {path} is a folder: give the name of a file in it, e.g. {path / 'trained.pt'}")


def _checkpoint_to_resume(args) -> Path | None:
    """The checkpoint ``--resume`` continues, or None for a new run (which says what it replaces)."""
    from .core.paths import checkpoint_path, is_file

    if args.resume is None:
        if is_file(interrupted := args.checkpoint or checkpoint_path()):
            print(f"digit-studio: note: this new run replaces the interrupted run's checkpoint {interrupted}; "
                  f"to continue that run instead: digit-studio train --resume {interrupted}", file=sys.stderr)
        return None
    resume = Path(args.resume) if args.resume else (args.checkpoint or checkpoint_path())
    if not is_file(resume):
        raise CliError(f"no checkpoint to resume at {resume}")
    return resume


def cmd_evaluate(args) -> int:
    from .core import data
    from .core.devices import resolve_device
    from .core.inference import default_weights_path
    from .core.training import evaluate
    from .core.weights import load_weights

    path = args.weights or default_weights_path()
    device = resolve_device(args.device)
    weights = load_weights(path)
    mean, std = weights.normalization
    result = evaluate(weights.model.to(device), data.load_mnist(train=False), device, mean, std)
    print(f"Weights: {path} ({weights.architecture})")
    print(f"Test accuracy: {result.accuracy:.2%} ({result.samples:,} images), loss {result.loss:.4f}")
    print("Per-class accuracy:")
    for digit, accuracy in enumerate(result.per_class_accuracy):
        print(f"  {digit}: {accuracy:.2%}")
    print("Confusion matrix (rows: true digit, columns: predicted):")
    print("      " + "".join(f"{d:>6}" for d in range(10)))
    for digit, row in enumerate(result.confusion):
        print(f"  {digit:>2}  " + "".join(f"{n:>6}" for n in row))
    return 0


def cmd_predict(args) -> int:
    """Reads through the model's ONNX twin when it has one (no torch import: well under a second in
    all), else with PyTorch, and then makes the missing twin for the next call."""
    from .core import preprocessing
    from .core.readers import default_weights_path, open_reader

    weights = args.weights or default_weights_path()
    reader = open_reader(weights)
    status = 0
    for path in args.images:
        try:
            reading = reader.predict_number_image(preprocessing.load_image(path))
        except UserError as exc:  # one bad image does not stop the others
            print(f"digit-studio: error: {exc}", file=sys.stderr)
            status = EXIT_ERROR
            continue
        prediction = reading.prediction
        if args.json:
            print(json.dumps({"image": str(path), **prediction.to_json(), **reading.to_json()}), flush=True)
        elif len(reading.digits) > 1:
            digits = " ".join(d.prediction.describe() for d in reading.digits)
            print(f"{path}: {reading.number or prediction.describe()}  [{digits}]", flush=True)
        else:
            probabilities = " ".join(f"{d}:{p:.3f}" for d, p in enumerate(prediction.probabilities))
            print(f"{path}: {prediction.describe()}  [{probabilities}]", flush=True)
    if reader.runtime != "ONNX Runtime":
        from .core.onnx_twin import make_twin

        make_twin(weights)  # a library model's missing or stale twin (after the answers: they come first)
    return status


if __name__ == "__main__":
    sys.exit(main())
