"""``digit-studio finetune SAMPLES --out OUT.pt [--weights BASE] [--json]``: a model fine-tuned on a
user's handwriting, judged on held-out samples and on MNIST (``cli.py`` registers it and prints its
errors as one line). Torch is imported only when the command runs."""

from __future__ import annotations

import argparse
import json
import signal
import sys
from pathlib import Path


def add_finetune_command(commands) -> None:
    finetune = commands.add_parser(
        "finetune", help="fine-tune a model on your own handwriting and judge it before you use it")
    finetune.add_argument("samples", type=Path, metavar="SAMPLES",
                          help="a folder with subfolders 0 to 9 of digit images (PNG/JPEG), e.g. the app's "
                               "sample set, DATA_FOLDER/handwriting")
    finetune.add_argument("--out", type=Path, required=True, metavar="OUT.pt", help="the new weights file to write")
    finetune.add_argument("--weights", type=Path, metavar="BASE",
                          help="the model to start from (default: the active model); never overwritten")
    finetune.add_argument("--device", default="auto", help="auto (default), cpu, cuda, cuda:N or mps")
    finetune.add_argument("--json", action="store_true",
                          help="one JSON object: before, after, mnist_before, mnist_after (0-100), "
                               "samples_train, samples_held_out, ...")


def cmd_finetune(args: argparse.Namespace) -> int:
    from .core.errors import UserError
    from .core.finetune import FineTunePlan, check_destination, keep_in_library, run_finetune
    from .core.inference import default_weights_path
    from .core.samples import read_sample_folder

    base = args.weights or default_weights_path()
    check_destination(args.out, base)
    sample_set = read_sample_folder(args.samples)
    for problem in sample_set.problems:
        _warn(f"skipped: {problem}")
    plan = FineTunePlan(sample_set, base)
    callbacks = []
    if not args.json:
        from .cli_progress import ProgressBar

        callbacks.append(ProgressBar())
    trainer = None
    previous = signal.signal(signal.SIGINT, lambda *_: trainer.request_stop() if trainer else None)
    try:
        trainer, result = run_finetune(plan, args.out, callbacks, device=args.device)
    finally:
        signal.signal(signal.SIGINT, previous)
    if result.status == "failed":
        raise UserError(result.failure.message)
    if result.status == "stopped":
        print("Stopped; nothing was saved.", file=sys.stderr)
        return 130
    report = plan.report.to_json()
    try:
        entry = keep_in_library(plan, result.weights_path, str(trainer.device) if trainer.device else None)
        report.update(model_id=entry.id, name=entry.name)
    except UserError as exc:
        _warn(f"the weights are saved at {result.weights_path} but could not be added to your models: {exc}")
    report["out"] = str(result.weights_path)
    _print_report(plan, report, args.json)
    return 0


def _print_report(plan, report: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(report))
        return
    for line in plan.report.lines():
        print(line)
    print(f"Saved to {report['out']}")
    if "model_id" in report:
        print(f"Added to your models as {report['model_id']} ({report['name']}); "
              f"use it with: digit-studio models use {report['model_id']}")


def _warn(message: str) -> None:
    print(f"digit-studio: warning: {message}", file=sys.stderr)
