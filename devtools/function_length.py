"""``make lint``'s length rule: no function in the product is longer than 60 lines.

Ruff bounds complexity (C901) and statement count (PLR0915) but not length, and a long function
with few branches is still one that has to be read all at once.

    python -m devtools.function_length [--max-lines 60] [FOLDER ...]   (default: desktop_app)
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Iterator
from pathlib import Path

MAX_LINES = 60


def long_functions(folder: Path, max_lines: int = MAX_LINES) -> Iterator[tuple[Path, int, str, int]]:
    """(file, line, name, length) of every function or method longer than ``max_lines`` lines."""
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > max_lines:
                    yield path, node.lineno, node.name, length


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devtools.function_length", description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, default=[Path("desktop_app")])
    parser.add_argument("--max-lines", type=int, default=MAX_LINES)
    args = parser.parse_args(argv)
    found = [hit for folder in args.folders for hit in long_functions(folder, args.max_lines)]
    for path, line, name, length in found:
        print(f"{path}:{line}: function {name!r} is {length} lines long (at most {args.max_lines})")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
