"""``digit-studio models list|use|import|remove`` and ``digit-studio export``: the model library and ONNX
export from the command line (``cli.py`` registers them and prints their errors as one line).

Torch is imported only by the commands that open weights, so ``models list`` stays quick.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def add_models_command(commands) -> None:
    models = commands.add_parser("models", help="list, choose, import and remove your models")
    actions = models.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="the models kept, the active one marked")
    listing.add_argument("--json", action="store_true",
                         help="one JSON array: id, name, path, architecture, created, test_accuracy (0-100), active")
    use = actions.add_parser("use", help="make a model the active one (for the app and the CLI)")
    use.add_argument("model_id", metavar="ID", help="a model's id from `models list`, or shipped")
    imported = actions.add_parser("import", help="keep a weights file as a new model")
    imported.add_argument("file", type=Path, metavar="FILE")
    imported.add_argument("--name", help="its name (default: from its recipe and date)")
    remove = actions.add_parser("remove", help="delete a model (not the shipped or the active one)")
    remove.add_argument("model_id", metavar="ID")


def add_export_command(commands) -> None:
    export = commands.add_parser("export", help="export weights to ONNX, for use outside Digit Studio")
    export.add_argument("weights", type=Path, metavar="WEIGHTS", help="a weights file (a model's path in `models list`)")
    export.add_argument("--onnx", type=Path, required=True, metavar="OUT.onnx", help="the ONNX file to write")


def cmd_models(args: argparse.Namespace) -> int:
    from .core.model_library import ModelLibrary

    library = ModelLibrary()
    handlers = {"list": _list, "use": _use, "import": _import, "remove": _remove}
    return handlers[args.models_command](library, args)


def _list(library, args) -> int:
    from .core.errors import UserError

    contents = library.contents()
    for problem in contents.problems:
        _warn(problem)
    try:
        active = library.active_id()
    except UserError as exc:  # the models are listed all the same; none is marked
        _warn(str(exc))
        active = None
    summaries = [entry.summary(entry.id == active) for entry in contents.entries]
    if args.json:
        print(json.dumps(summaries))
        return 0
    for entry, summary in zip(contents.entries, summaries, strict=True):
        accuracy = "   -   " if summary["test_accuracy"] is None else f"{summary['test_accuracy']:6.2f}%"
        print(f"{'*' if summary['active'] else ' '} {entry.id:<20}  {accuracy}  {entry.architecture:<18}  "
              f"{entry.created[:16].replace('T', ' ')}  {entry.name}")
    return 0


def _use(library, args) -> int:
    entry = library.set_active(args.model_id)
    print(f"Active model: {entry.name} ({entry.id})")
    return 0


def _import(library, args) -> int:
    entry = library.add(args.file, args.name)
    print(f"Added {entry.name!r} as {entry.id}; use it with: digit-studio models use {entry.id}")
    return 0


def _remove(library, args) -> int:
    entry = library.remove(args.model_id)
    print(f"Removed {entry.name!r} ({entry.id})")
    return 0


def add_finished_run(weights_path: Path, preset_label: str, device: str | None, wall_time_s: float) -> None:
    """Keep a finished ``train`` run in the library (not active: the user chooses). The weights are saved
    already, so a library that cannot take them is a warning, not a failed run."""
    from .core.errors import UserError
    from .core.model_library import ModelLibrary, default_name
    from .core.weights import load_weights

    try:
        name = default_name(load_weights(weights_path).metadata, label=preset_label)
        entry = ModelLibrary().add(weights_path, name, device=device, wall_time_s=wall_time_s)
    except UserError as exc:
        _warn(f"the weights are saved at {weights_path} but could not be added to your models: {exc}")
        return
    print(f"Added to your models as {entry.id} ({entry.name}); use it with: digit-studio models use {entry.id}")


def cmd_export(args: argparse.Namespace) -> int:
    from .core.onnx_export import export_onnx

    exported = export_onnx(args.weights, args.onnx)
    print(f"Wrote {exported.path}: input {exported.input_name!r} {exported.input_shape_text}, "
          f"output {exported.output_name!r} (probabilities of the digits 0-9)")
    return 0


def _warn(message: str) -> None:
    print(f"digit-studio: warning: {message}", file=sys.stderr)
