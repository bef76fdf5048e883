"""The drawing on the canvas read by two models at once, for the Compare view.

Each read is a job on a :class:`.background_task.BackgroundTask` (a newer drawing replaces a read
still running); the two predictors are loaded there once per pair of weights files and kept, and used
only by one job at a time. Results arrive as :attr:`CanvasReadings.readings_ready`: two
NumberReadings (first model, second model).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from .background_task import BackgroundTask


def describe_reading(reading) -> str:
    """ "7 (98.1%)", "2048", "not a digit" or "no digit" for a NumberReading."""
    if reading is not None and reading.digits and reading.number is None:
        return reading.prediction.describe()  # every part is no digit: "not a digit"
    if reading is None or reading.number is None:
        return "no digit"
    if len(reading.digits) == 1:
        prediction = reading.prediction
        return f"{prediction.digit} ({prediction.confidence:.1%})"
    return reading.number


class CanvasReadings(QObject):
    #: (first model's NumberReading, second model's NumberReading) of the latest drawing.
    readings_ready = Signal(object, object)
    #: A model could not read it (e.g. its weights are damaged): one line.
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._paths: tuple[Path, Path] | None = None
        self._predictors: dict[Path, object] = {}
        self.task = BackgroundTask(self, "canvasReadingsThread")
        self.task.succeeded.connect(lambda pair: self.readings_ready.emit(*pair))
        self.task.failed.connect(self.failed)

    def set_models(self, first: Path, second: Path) -> None:
        self._paths = (Path(first), Path(second))

    def read(self, image, strokes) -> None:
        """Read a picture (PIL image) or, when there is none, strokes (a list of point arrays)."""
        if self._paths is None:
            return
        if image is None and not strokes:
            self.task.stop()
            self.readings_ready.emit(None, None)
            return
        paths, predictors = self._paths, self._predictors

        def job(_progress, _should_stop):
            from ..core.inference import Predictor

            readings = []
            for path in paths:
                if path not in predictors:
                    if len(predictors) >= 4:  # models compared earlier: let them go
                        predictors.clear()
                    predictors[path] = Predictor.from_file(path, "cpu")
                predictor = predictors[path]
                readings.append(predictor.predict_number_image(image) if image is not None
                                else predictor.predict_number_strokes(list(strokes)))
            return tuple(readings)

        self.task.start(job)

    def stop(self) -> None:
        self.task.stop()
