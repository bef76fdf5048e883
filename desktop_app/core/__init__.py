"""Plain-Python core of Digit Studio: model, data, training, inference, preprocessing, settings.

Nothing in this package imports Qt (tests/test_architecture.py enforces it), so a script or the CLI
can use all of it headless.
"""
