"""`make screenshots`: the README's pictures of the real window, made offscreen, light and dark.

Run as ``python -m devtools.screenshots FOLDER [--language zh_CN]`` (``QT_QPA_PLATFORM=offscreen`` by
default; another language than English is shot in the light scheme, its files named ``*-zh_CN.png``). Each
screen is the real window at a 1366x740 laptop size with a fresh, temporary data folder: the first
start (its hint), a drawn digit being read, the training panel mid-run, the settings dialog. The
training screen is fed a recorded-looking run (a seeded loss curve) rather than a real one, so the
pictures are the same on every machine and take seconds; everything else on it is the real panel.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import numpy as np  # noqa: E402

SIZE = (1366, 740)
SCHEMES = ("light", "dark")


def _seven(canvas) -> list[np.ndarray]:
    """A hand-drawn-looking 7: the bar, then the stroke down."""
    w, h = canvas.width(), canvas.height()
    bar = np.array([[0.36 * w, 0.24 * h], [0.47 * w, 0.23 * h], [0.62 * w, 0.24 * h]])
    stem = np.array([[0.62 * w, 0.24 * h], [0.56 * w, 0.45 * h], [0.50 * w, 0.62 * h], [0.46 * w, 0.78 * h]])
    return [_dense(bar), _dense(stem)]


def _dense(points: np.ndarray, per_segment: int = 12) -> np.ndarray:
    out = [points[0]]
    for a, b in zip(points[:-1], points[1:], strict=True):
        out.extend(a + (b - a) * t for t in np.linspace(0, 1, per_segment)[1:])
    return np.array(out)


def _feed_a_run(window) -> None:
    """The training panel as it looks in the second of eight epochs (a seeded, plausible run); its
    lines are the panel's own sentences, so they come in the window's language."""
    from PySide6.QtCore import QCoreApplication

    from desktop_app.core.settings import TrainingSettings
    from desktop_app.core.training import BatchProgress, EpochResult, FitInfo
    from desktop_app.ui import training_messages as messages

    panel = window.training_panel
    per_epoch, done, total = 375, 600, 3000
    rng = np.random.default_rng(0)
    steps = np.arange(done)
    losses = 2.3 * np.exp(-steps / 60) + 0.04 + 0.5 * np.exp(-steps / 200) * rng.random(done) * 0.4
    status = QCoreApplication.translate("TrainingController", "Training on {device}").format(device="CPU")
    panel.show_run_starting(status, resumed=False)
    panel.set_buttons(running=True, stopping=False, paused=False, can_resume=False, trained_weights_saved=True)
    panel.chart.append_losses(1, losses.tolist())
    panel.chart.add_epoch(per_epoch, 0.061, 0.981)
    progress = BatchProgress(2, 8, done - per_epoch, per_epoch, float(losses[-1]), done, total, 2.4e-3,
                             2950.0, (total - done) * 128 / 2950.0)
    panel.controller._on_progress(progress)  # the panel's progress, the status bar and the title
    info = FitInfo(TrainingSettings(), "CPU", 141_930, 48_000, 12_000, per_epoch, 1, 0, {})
    panel.append_log(messages.fit_started_line(info))
    panel.append_log(messages.epoch_line(EpochResult(1, 8, 0.2764, 0.0610, 0.981, 2.4e-3, 16.3)))
    panel.chart.redraw()


def _wait_for_model(window, timeout_s: float = 60.0) -> None:
    import time

    from devtools.replay import run_for

    deadline = time.monotonic() + timeout_s
    while not (window.model_ready and window.training_panel is not None):
        if time.monotonic() > deadline:
            raise SystemExit("the model did not load")
        run_for(0.05)


def _settle(app, seconds: float = 0.3) -> None:
    from devtools.replay import run_for

    run_for(seconds)
    app.processEvents()


def shoot(folder: Path, language: str = "en", schemes: tuple[str, ...] = SCHEMES) -> list[Path]:
    """The pictures in ``language`` ("en": ``drawing-light.png``; else ``drawing-light-zh_CN.png``)."""
    from PySide6.QtWidgets import QApplication

    from desktop_app.ui import i18n

    app = QApplication.instance() or QApplication(sys.argv[:1])
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    saved_data_dir = os.environ.get("DIGIT_STUDIO_DATA_DIR")
    i18n.install(app, language)
    suffix = "" if language == "en" else f"-{language}"
    try:
        for scheme in schemes:
            written.extend(_shoot_scheme(app, folder, scheme, suffix))
    finally:
        i18n.uninstall(app)
        if saved_data_dir is None:
            os.environ.pop("DIGIT_STUDIO_DATA_DIR", None)
        else:
            os.environ["DIGIT_STUDIO_DATA_DIR"] = saved_data_dir
    return written


def _shoot_scheme(app, folder: Path, scheme: str, suffix: str = "") -> list[Path]:
    from desktop_app.ui import MainWindow
    from devtools import replay

    written = []
    with tempfile.TemporaryDirectory() as data:
        os.environ["DIGIT_STUDIO_DATA_DIR"] = data
        window = MainWindow()
        window.color_scheme.choose(scheme)
        window.show()
        window.resize(*SIZE)
        _wait_for_model(window)
        _settle(app)
        written.append(_save(window.grab(), folder / f"first-start-{scheme}{suffix}.png"))
        for stroke in _seven(window.canvas):
            replay.draw_stroke(window.canvas, stroke)
        replay.wait_for_prediction(window)
        _settle(app)
        written.append(_save(window.grab(), folder / f"drawing-{scheme}{suffix}.png"))
        window.training_dock.show()
        _feed_a_run(window)
        _settle(app, 0.5)
        written.append(_save(window.grab(), folder / f"training-{scheme}{suffix}.png"))
        dialog = window.training_panel.open_settings()
        _settle(app)
        written.append(_save(dialog.grab(), folder / f"settings-{scheme}{suffix}.png"))
        dialog.reject()
        written.append(_shoot_evaluation(app, window, folder / f"evaluation-{scheme}{suffix}.png"))
        window.color_scheme.choose("system")
        window.close()
        window.deleteLater()
        _settle(app, 0.1)
    return written


def _shoot_evaluation(app, window, path: Path, timeout_s: float = 180.0) -> Path:
    """Model ▸ Evaluate Model… on the shipped weights, once its 10,000 readings are shown."""
    view = window.model_tools.show_evaluation()
    view.resize(1040, 680)  # its size on a laptop: the offscreen screen (800x800) would shrink it to fit
    deadline = time.monotonic() + timeout_s
    while (view.computing or view.report is None) and time.monotonic() < deadline:
        _settle(app, 0.2)
    _settle(app, 0.3)
    written = _save(view.grab(), path)
    view.close()
    return written


def _save(pixmap, path: Path) -> Path:
    if not pixmap.save(str(path), "PNG"):
        raise SystemExit(f"cannot write {path}")
    return path


def main(argv: list[str]) -> int:
    """``FOLDER [--language zh_CN]``: English in both schemes, or another language in the light one."""
    language = "en"
    if "--language" in argv:
        at = argv.index("--language")
        language, argv = argv[at + 1], argv[:at] + argv[at + 2:]
    folder = Path(argv[0]) if argv else Path("docs/screenshots")
    schemes = SCHEMES if language == "en" else ("light",)
    for path in shoot(folder, language, schemes):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
