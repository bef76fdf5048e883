"""packaging/requirements.py: what .venv-cpu installs beside PyTorch's CPU wheel (make package-cpu)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
# Loaded from its file: the folder's name, "packaging", is also the name of a library pip installs.
_spec = importlib.util.spec_from_file_location("packaging_requirements", REPO_ROOT / "packaging" / "requirements.py")
requirements_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(requirements_module)


def test_cpu_environment_gets_every_requirement_but_torch_and_torchvision():
    wanted = requirements_module.requirements(["package"], ["torch", "torchvision"])
    names = [requirements_module.requirement_name(requirement) for requirement in wanted]
    assert "torch" not in names and "torchvision" not in names
    assert {"pyside6-essentials", "pyqtgraph", "pillow", "numpy", "tqdm", "pyinstaller"} <= set(names)
    assert "PySide6-Essentials>=6.6,<6.12" in wanted  # the version cap travels with it


def test_names_are_compared_as_pip_compares_them(tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\ndependencies = ["PySide6_Essentials>=6.6", "Torch.Vision==1", "numpy"]\n'
                         '[project.optional-dependencies]\nx = []\n')
    assert requirements_module.requirements([], ["pyside6-essentials", "torch-vision"], pyproject) == ["numpy"]
