"""Keeps the prediction panel showing what the network reads on the canvas, also while a stroke is drawn.

While a stroke is drawn the canvas is read at most every :data:`LIVE_PREDICTION_INTERVAL_MS`, from
a timer on the GUI thread, never per mouse move. The timer is a plain QTimer rather than superqt's
``QSignalThrottler``: this module is imported before the window is first painted, and importing
superqt (its package imports all its widgets and qtpy) delays that paint measurably
(``benchmarks/bench_startup.py``); the throttle itself is a dozen lines.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from .canvas import DrawingCanvas
from .digit_boxes import DigitBoxesOverlay
from .model_loader import ImageInput, ModelService, StrokesInput
from .prediction_view import PredictionPanel

#: While a stroke is drawn the prediction is refreshed this often (ms): 16 times a second.
LIVE_PREDICTION_INTERVAL_MS = 60


class LivePrediction(QObject):
    """Asks ``service`` to read ``canvas`` whenever its content or the model changes, and shows the
    answers on ``panel``."""

    #: A prediction was put on screen: a Prediction (of the one digit, or the first of several), or
    #: None for an empty canvas.
    prediction_shown = Signal(object)
    #: The same moment, for the whole number: a NumberReading, or None for an empty canvas.
    reading_shown = Signal(object)

    def __init__(self, canvas: DrawingCanvas, service: ModelService, panel: PredictionPanel,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._canvas = canvas
        self._service = service
        self._panel = panel
        self._prediction = None
        self._reading = None
        self.boxes = DigitBoxesOverlay(canvas)
        panel.number_view.digit_selected.connect(self._on_digit_selected)
        self._stroke_moved = False  # the live stroke has points the model has not been asked about
        self._live_timer = QTimer(self)
        self._live_timer.setInterval(LIVE_PREDICTION_INTERVAL_MS)
        self._live_timer.timeout.connect(self._on_live_tick)
        canvas.stroke_progress.connect(self._on_stroke_progress)
        canvas.strokes_changed.connect(self._on_strokes_changed)
        service.model_loaded.connect(self._on_model_loaded)
        service.prediction_ready.connect(self._on_prediction_ready)

    @property
    def prediction(self):
        """The Prediction on screen, or None (empty canvas, or the model is not loaded yet)."""
        return self._prediction

    @property
    def reading(self):
        """The NumberReading on screen, or None."""
        return self._reading

    @property
    def predicting(self) -> bool:
        """A prediction for the current content is still to come (also all along a stroke)."""
        return self._service.busy or self._live_timer.isActive()

    def stop(self) -> None:
        """No more live requests (the window is closing)."""
        self._live_timer.stop()

    def _request(self) -> None:
        image = self._canvas.image()
        if image is not None:
            self._service.request(ImageInput(image))
            return
        strokes = self._canvas.strokes()
        self._service.request(StrokesInput(tuple(strokes)) if strokes else None)

    def _on_stroke_progress(self) -> None:
        self._stroke_moved = True
        if not self._live_timer.isActive():
            self._live_timer.start()

    def _on_live_tick(self) -> None:
        if not self._canvas.is_drawing():
            self._live_timer.stop()
            return
        if self._stroke_moved:
            self._stroke_moved = False
            self._service.request(StrokesInput(tuple(self._canvas.strokes(include_live=True))), live=True)

    def _on_strokes_changed(self) -> None:
        self._live_timer.stop()
        self._stroke_moved = False
        self._request()

    def _on_model_loaded(self, _info) -> None:
        self._request()  # the same content, read by the new model

    def _on_prediction_ready(self, prediction) -> None:
        """``prediction``: the service's NumberReading, or None."""
        if not self._service.ready:
            self._panel.show_loading()
            return
        reading = prediction
        self._reading = reading
        self._prediction = reading.prediction if reading is not None else None
        self._panel.show_reading(reading)
        image = self._canvas.image()
        self.boxes.show_reading(reading, image.size if image is not None else None, self._panel.selected_digit)
        self.prediction_shown.emit(self._prediction)
        self.reading_shown.emit(reading)

    def _on_digit_selected(self, index: int) -> None:
        image = self._canvas.image()
        self.boxes.show_reading(self._reading, image.size if image is not None else None, index)
