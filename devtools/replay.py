"""Replaying real input through the real window: pen trajectories as mouse events, images as drops.

Tests and benchmarks judge the canvas by what people really draw (the UCI pendigits trajectories)
and by real image files (MNIST digits written as PNGs), sent through the same Qt event paths a
user's mouse and file manager use, and read back from the ``predictedDigit`` label.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PySide6.QtCore import QEventLoop, QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QLabel, QWidget

#: A replayed digit is scaled to a random height in this range, as a fraction of the canvas height.
HEIGHT_RANGE = (0.30, 0.85)
#: Stroke centre lines are kept at least this many pixels inside the canvas.
EDGE_MARGIN = 2.0


@dataclass
class ReplayResult:
    """Labels and what the window read (None: no digit shown) for a series of replayed inputs."""

    labels: list[int] = field(default_factory=list)
    predictions: list[int | None] = field(default_factory=list)

    def add(self, label: int, prediction: int | None) -> None:
        self.labels.append(int(label))
        self.predictions.append(prediction)

    @property
    def correct(self) -> int:
        return sum(label == prediction for label, prediction in zip(self.labels, self.predictions, strict=True))

    @property
    def accuracy(self) -> float:
        return self.correct / len(self.labels) if self.labels else 0.0

    def per_digit_accuracy(self) -> dict[int, tuple[int, int]]:
        """digit -> (correct, total)."""
        table: dict[int, list[int]] = {digit: [0, 0] for digit in range(10)}
        for label, prediction in zip(self.labels, self.predictions, strict=True):
            table[label][1] += 1
            table[label][0] += label == prediction
        return {digit: (correct, total) for digit, (correct, total) in table.items()}


# --------------------------------------------------------------------------------------------------
# Pen trajectories


def fit_to_canvas(strokes: Sequence[np.ndarray], width: float, height: float, rng: np.random.Generator) -> list[np.ndarray]:
    """Place a digit on a canvas as a person might: a random height, aspect kept, fully inside.

    The height is drawn from HEIGHT_RANGE of the canvas height; a digit too wide for the canvas at
    that height is shrunk to fit its width instead.
    """
    points = np.concatenate([np.asarray(stroke, dtype=np.float64) for stroke in strokes])
    low = points.min(axis=0)
    extent = np.maximum(points.max(axis=0) - low, 1e-9)
    usable_w, usable_h = width - 2 * EDGE_MARGIN, height - 2 * EDGE_MARGIN
    scale = rng.uniform(*HEIGHT_RANGE) * height / extent[1]
    scale = min(scale, usable_w / extent[0], usable_h / extent[1])
    size = extent * scale
    room = np.maximum(np.array([usable_w, usable_h]) - size, 0.0)  # >= 0 despite float rounding
    origin = EDGE_MARGIN + rng.uniform(0.0, 1.0, size=2) * room
    return [(np.asarray(stroke, dtype=np.float64) - low) * scale + origin for stroke in strokes]


def send_mouse(widget: QWidget, kind, position: QPointF, button, buttons) -> None:
    event = QMouseEvent(kind, position, widget.mapToGlobal(position), button, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def draw_stroke(widget: QWidget, points: np.ndarray, subpixel: bool = False,
                between_moves: Callable[[], None] | None = None) -> None:
    """Press, move through the points, release, as a left-button mouse drag.

    ``subpixel=False`` rounds positions to whole logical pixels, as a mouse on a 100 % display
    reports them; ``between_moves`` runs after each move (e.g. to let the event loop paint).
    """
    positions = np.asarray(points, dtype=np.float64)
    if not subpixel:
        positions = np.round(positions)
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    first = QPointF(*positions[0])
    send_mouse(widget, QMouseEvent.Type.MouseButtonPress, first, left, left)
    for x, y in positions[1:]:
        send_mouse(widget, QMouseEvent.Type.MouseMove, QPointF(x, y), none, left)
        if between_moves is not None:
            between_moves()
    send_mouse(widget, QMouseEvent.Type.MouseButtonRelease, QPointF(*positions[-1]), left, none)


def draw_strokes(widget: QWidget, strokes: Iterable[np.ndarray], subpixel: bool = False) -> None:
    for stroke in strokes:
        draw_stroke(widget, stroke, subpixel)


def predicted_text(window: QWidget) -> str:
    return window.findChild(QLabel, "predictedDigit").text()


def read_prediction(window: QWidget) -> int | None:
    text = predicted_text(window)
    return int(text) if text else None


def run_for(seconds: float) -> None:
    """Let the event loop run for a while (timers, paints, queued results), as between a user's moves."""
    loop, timer = _idle_loops.pop() if _idle_loops else _new_idle_loop()
    try:
        timer.start(max(0, round(seconds * 1000)))
        loop.exec()
    finally:
        _idle_loops.append((loop, timer))


#: Event loops with their quit timers, reused: PySide6 keeps about 60 bytes for every connection made
#: to a temporary object, which a 30-minute soak (a million moves) would count as the app's growth.
#: A list, not one pair, so that a nested run_for (from a slot) gets a loop of its own.
_idle_loops: list[tuple[QEventLoop, QTimer]] = []


def _new_idle_loop() -> tuple[QEventLoop, QTimer]:
    loop = QEventLoop()
    timer = QTimer()
    timer.setSingleShot(True)
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.timeout.connect(loop.quit)
    return loop, timer


def wait_for_prediction(window, timeout_s: float = 10.0) -> None:
    """Run the event loop until the window shows the prediction for its current content."""
    deadline = time.monotonic() + timeout_s
    loop = QEventLoop()
    window.service.prediction_ready.connect(loop.quit)
    window.service.prediction_failed.connect(loop.quit)
    window.service.model_loaded.connect(loop.quit)
    nudge = QTimer()  # re-check now and then whatever happens
    nudge.setInterval(20)
    nudge.timeout.connect(loop.quit)
    nudge.start()
    try:
        while not window.model_ready or window.predicting:
            if time.monotonic() > deadline:
                raise TimeoutError(f"no prediction within {timeout_s} s")
            loop.exec()
    finally:
        nudge.stop()
        window.service.prediction_ready.disconnect(loop.quit)
        window.service.prediction_failed.disconnect(loop.quit)
        window.service.model_loaded.disconnect(loop.quit)


def replay_pen_digit(window, strokes: Sequence[np.ndarray], rng: np.random.Generator, subpixel: bool = False) -> int | None:
    """Clear the canvas, draw a digit's strokes at a random size and place, return what is shown."""
    window.clear_action.trigger()
    canvas = window.canvas
    placed = fit_to_canvas(strokes, canvas.width(), canvas.height(), rng)
    draw_strokes(canvas, placed, subpixel)
    wait_for_prediction(window)
    return read_prediction(window)


def draw_digit_in_real_time(window, strokes: Sequence[np.ndarray], rng: np.random.Generator,
                            move_interval_s: float = 0.008, stroke_pause_s: float = 0.150) -> list[float]:
    """Clear the canvas and draw a digit at a user's pace: the event loop runs between the moves (a
    125 Hz mouse) and between the strokes, as it does for a person drawing. Returns each stroke's
    latency (ms) from the mouse release to its prediction on screen (``window.prediction_shown``)."""
    shown_at: list[float] = []

    def on_shown(_prediction) -> None:
        shown_at.append(time.perf_counter())

    window.prediction_shown.connect(on_shown)
    latencies_ms: list[float] = []
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    canvas = window.canvas
    window.clear_action.trigger()
    run_for(stroke_pause_s)
    try:
        for stroke in fit_to_canvas(strokes, canvas.width(), canvas.height(), rng):
            points = np.round(stroke)
            send_mouse(canvas, QMouseEvent.Type.MouseButtonPress, QPointF(*points[0]), left, left)
            for x, y in points[1:]:
                run_for(move_interval_s)
                send_mouse(canvas, QMouseEvent.Type.MouseMove, QPointF(x, y), none, left)
            shown = len(shown_at)
            released = time.perf_counter()
            send_mouse(canvas, QMouseEvent.Type.MouseButtonRelease, QPointF(*points[-1]), left, none)
            while time.perf_counter() < released + 5 and (len(shown_at) == shown or window.predicting):
                run_for(0.001)
            if len(shown_at) > shown:
                latencies_ms.append((shown_at[-1] - released) * 1000)
            run_for(stroke_pause_s)
    finally:
        window.prediction_shown.disconnect(on_shown)
    return latencies_ms


def replay_pendigits(window, digits: Sequence, seed: int = 0, subpixel: bool = False,
                     progress: Callable[[int], None] | None = None) -> ReplayResult:
    """Replay core.unipen PenDigits one after another; the same seed gives the same placements."""
    rng = np.random.default_rng(seed)
    result = ReplayResult()
    for index, digit in enumerate(digits):
        result.add(digit.label, replay_pen_digit(window, digit.strokes, rng, subpixel))
        if progress is not None:
            progress(index + 1)
    return result


# --------------------------------------------------------------------------------------------------
# Image files


def drop_file(widget: QWidget, path: Path | str) -> bool:
    """Drag a local file onto a widget and drop it; returns whether the widget accepted the drag."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    centre = QPointF(widget.width() / 2, widget.height() / 2)
    enter = QDragEnterEvent(centre.toPoint(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, enter)
    if not enter.isAccepted():
        return False
    drop = QDropEvent(centre, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, drop)
    return True


def replay_image_files(window, files: Sequence[Path], labels: Sequence[int],
                       progress: Callable[[int], None] | None = None) -> ReplayResult:
    """Drop each file on the canvas and read the prediction shown."""
    result = ReplayResult()
    for index, (path, label) in enumerate(zip(files, labels, strict=True)):
        window.clear_action.trigger()
        drop_file(window.canvas, path)
        wait_for_prediction(window)
        result.add(label, read_prediction(window))
        if progress is not None:
            progress(index + 1)
    return result


def write_mnist_pngs(images: np.ndarray, folder: Path) -> list[Path]:
    """Write (N, 28, 28) uint8 images as PNG files, as a user would have them on disk."""
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index, image in enumerate(images):
        path = folder / f"mnist-{index:05d}.png"
        Image.fromarray(image).save(path)
        paths.append(path)
    return paths
