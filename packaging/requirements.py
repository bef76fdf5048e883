"""Print the project's requirements (pyproject.toml), one per line, leaving out the named packages.

For an environment that brings its own torch: the CPU-only bundle (``make package-cpu``) installs
PyTorch's CPU wheel first, then these, then the project itself with ``--no-deps``, so that pip never
swaps the CPU torch for the CUDA one that torchvision's PyPI wheel asks for.

    python packaging/requirements.py --extra package --without torch torchvision
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: pip install tomli
    import tomli as tomllib

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def requirement_name(requirement: str) -> str:
    """PEP 503 normalised distribution name of a requirement string ("PySide6-Essentials>=6.6" -> "pyside6-essentials")."""
    return re.sub(r"[-_.]+", "-", re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement).group(1)).lower()


def requirements(extras: list[str], without: list[str], pyproject: Path = PYPROJECT) -> list[str]:
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"])
    for extra in extras:
        wanted += project["optional-dependencies"][extra]
    left_out = {requirement_name(name) for name in without}
    return [requirement for requirement in wanted if requirement_name(requirement) not in left_out]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extra", action="append", default=[], help="an optional-dependencies group to add")
    parser.add_argument("--without", nargs="*", default=[], help="distribution names to leave out")
    args = parser.parse_args()
    print("\n".join(requirements(args.extra, args.without)))


if __name__ == "__main__":
    main()
