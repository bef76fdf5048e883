"""Test and benchmark helpers that the app does not ship: real pen trajectories (``unipen``) and
replaying them, and image files, through the real window as mouse and drop events (``replay``).

Nothing in ``desktop_app`` imports this package (``tests/test_architecture.py`` checks it), so
PyInstaller never bundles it. Tests find it through pytest's ``pythonpath``; benchmarks put the
repository root on ``sys.path``.
"""
