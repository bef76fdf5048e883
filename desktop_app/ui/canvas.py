"""The drawing canvas: strokes from mouse, pen or finger, kept as vectors so they redraw exactly.

Points are stored in *canvas units*: relative to the centre of the widget, divided by its shorter
side. Resizing the window therefore scales the drawing rather than cutting it off, and undo/redo
and re-rendering at any size or device pixel ratio are exact. What the user sees is painted from a
cached image of the finished strokes (at the device pixel ratio); the stroke being drawn is added
to that cache piece by piece, so a paint never redraws the whole drawing.

The canvas is a view: it does not predict. It says what changed (``strokes_changed`` when a stroke
ends, on undo, redo, clear and when an image replaces the drawing; ``stroke_progress`` while a stroke
is drawn) and passes on what was dropped on it (:mod:`.image_controller` loads and checks it).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QCoreApplication, QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

#: Pen widths the user can choose, in logical pixels.
MIN_PEN_WIDTH = 4
MAX_PEN_WIDTH = 60
DEFAULT_PEN_WIDTH = 18
#: Seconds after a stroke within which the next stroke of the same digit usually starts.
PEN_REST_S = 0.6

# A stylus at the lightest touch still draws a line this fraction of the pen width wide.
_MIN_PRESSURE_WIDTH = 0.35
# Empty margin around a displayed image, in logical pixels.
_IMAGE_MARGIN = 12
# The largest side an image is kept at for display: a 40-megapixel photo would make every paint slow.
_MAX_DISPLAY_SIDE = 2048


@dataclass
class Stroke:
    """One pen-down-to-pen-up line, in canvas units; ``width`` is the pen width in canvas units."""

    points: list[tuple[float, float]] = field(default_factory=list)
    pressures: list[float] = field(default_factory=list)
    width: float = 0.05
    times: list[float] = field(default_factory=list)  # time.monotonic() of each point (samples keep it)


@dataclass(frozen=True)
class ShownImage:
    """An image that replaced the drawing: the original for prediction, a QImage for display."""

    image: object  # PIL.Image.Image; typed loosely so this module does not import Pillow
    display: QImage
    name: str


class DrawingCanvas(QWidget):
    """A surface to draw one digit on, with undo/redo, resizing and image drops."""

    #: The finished content changed: a stroke ended, undo, redo, clear, or an image was shown.
    strokes_changed = Signal()
    #: The stroke being drawn got new points.
    stroke_progress = Signal()
    #: A local file was dropped on the canvas (its path); the image controller loads and checks it.
    file_dropped = Signal(str)
    #: Image data (not a file) was dropped, e.g. from a browser.
    image_data_dropped = Signal(QImage)
    #: Something was dropped that cannot be used; the text says why, for the user.
    drop_rejected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("drawingCanvas")
        self.setAccessibleName("drawingCanvas")
        self.setAccessibleDescription(self.tr("Drawing area: draw one digit with the mouse, a pen or a finger"))
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # we fill every pixel ourselves
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(200, 200)

        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(500)  # plenty for one digit; bounds memory in long sessions
        self._strokes: list[Stroke] = []
        self._image: ShownImage | None = None
        self._live: Stroke | None = None
        self._pen_width = float(DEFAULT_PEN_WIDTH)
        self._stroke_ended_at = float("-inf")  # time.monotonic() of the last stroke's end
        #: A stroke has been begun on this canvas (since it was made).
        self.drawn_once = False
        self._keyboard_focus = False  # focus came by Tab: a frame shows it (not after a click)
        self._cache: QImage | None = None  # finished strokes (and the live stroke's settled pieces)

    # ----------------------------------------------------------------------------------------------
    # Public API

    def sizeHint(self) -> QSize:
        return QSize(560, 560)

    @property
    def pen_width(self) -> float:
        """Pen width for new strokes, in logical pixels at the current canvas size."""
        return self._pen_width

    def set_pen_width(self, width: float) -> None:
        self._pen_width = float(min(max(width, MIN_PEN_WIDTH), MAX_PEN_WIDTH))

    def is_empty(self) -> bool:
        return not self._strokes and self._image is None and self._live is None

    def is_drawing(self) -> bool:
        return self._live is not None

    def busy_drawing(self, rest_s: float = PEN_REST_S) -> bool:
        """A stroke is being drawn, or the last one ended less than ``rest_s`` ago (the next stroke of
        the same digit may follow): the moment is not one to hold the GIL in (model_loader.py)."""
        return self._live is not None or time.monotonic() - self._stroke_ended_at < rest_s

    def image(self):
        """The image shown instead of a drawing (a PIL image), or None."""
        return self._image.image if self._image is not None else None

    def image_name(self) -> str | None:
        return self._image.name if self._image is not None else None

    def strokes(self, include_live: bool = False) -> list[np.ndarray]:
        """The drawing as (n, 2) arrays of (x, y) points in the widget's logical pixels, y down."""
        strokes = list(self._strokes)
        if include_live and self._live is not None and self._live.points:
            strokes.append(self._live)
        scale, centre_x, centre_y = self._unit()
        return [
            np.asarray(stroke.points, dtype=np.float64) * scale + (centre_x, centre_y) for stroke in strokes
        ]

    def stroke_times(self) -> list[list[float]]:
        """When each point of :meth:`strokes` was drawn, in seconds since the drawing's first point."""
        start = min((s.times[0] for s in self._strokes if s.times), default=0.0)
        return [[round(t - start, 3) for t in stroke.times] for stroke in self._strokes]

    def clear(self) -> None:
        """Remove the drawing or image (undoable). Does nothing on an empty canvas."""
        self._abandon_live_stroke()
        if self._strokes or self._image is not None:
            self.undo_stack.push(_ClearCommand(self))

    def undo(self) -> None:
        self._abandon_live_stroke()
        self.undo_stack.undo()

    def redo(self) -> None:
        self._abandon_live_stroke()
        self.undo_stack.redo()

    def show_image(self, image, name: str) -> None:
        """Replace the drawing with a picture (undoable); predictions then come from it until cleared."""
        self._abandon_live_stroke()
        self.undo_stack.push(_ShowImageCommand(self, ShownImage(image, _display_image(image), name)))

    def render_image(self, size: QSize | None = None) -> QImage:
        """The canvas as the user sees it (no widget chrome), for "Save drawing"."""
        size = size or self.size()
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(self._paper_colour())
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self._paint_content(painter, size.width(), size.height())
        painter.end()
        return image

    # ----------------------------------------------------------------------------------------------
    # Mouse, pen and touch input

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin_stroke(event.position(), 1.0)
            event.accept()
        else:
            event.ignore()

    def mouseMoveEvent(self, event) -> None:
        if self._live is not None and event.buttons() & Qt.MouseButton.LeftButton:
            self._extend_stroke(event.position(), 1.0)
            event.accept()

    def mouseReleaseEvent(self, event) -> None:
        if self._live is not None and event.button() == Qt.MouseButton.LeftButton:
            self._extend_stroke(event.position(), 1.0)
            self._finish_stroke()
            event.accept()

    def tabletEvent(self, event) -> None:
        # Accepting a tablet event stops Qt from also synthesising a mouse event for it.
        kind = event.type()
        pressure = float(event.pressure()) if event.pressure() > 0 else 1.0
        if kind == QEvent.Type.TabletPress:
            self._begin_stroke(event.position(), pressure)
        elif kind == QEvent.Type.TabletMove and self._live is not None:
            self._extend_stroke(event.position(), pressure)
        elif kind == QEvent.Type.TabletRelease and self._live is not None:
            self._finish_stroke()
        event.accept()

    def event(self, event) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd):
            self._on_touch(event)
            return True
        if kind == QEvent.Type.TouchCancel:
            self._abandon_live_stroke()
            return True
        return super().event(event)

    def _on_touch(self, event) -> None:
        # One finger draws; a second finger landing is ignored rather than starting a stray line.
        points = event.points()
        if not points:
            return
        position = points[0].position()
        kind = event.type()
        if kind == QEvent.Type.TouchBegin:
            self._begin_stroke(position, 1.0)
        elif self._live is not None:
            self._extend_stroke(position, 1.0)
            if kind == QEvent.Type.TouchEnd:
                self._finish_stroke()
        event.accept()

    # ----------------------------------------------------------------------------------------------
    # Strokes

    def _begin_stroke(self, position: QPointF, pressure: float) -> None:
        self._abandon_live_stroke()
        scale, _, _ = self._unit()
        self._live = Stroke(width=self._pen_width / scale)
        self.drawn_once = True
        self._extend_stroke(position, pressure)

    def _extend_stroke(self, position: QPointF, pressure: float) -> None:
        stroke = self._live
        point = self._to_units(position)
        if stroke.points and point == stroke.points[-1]:
            return  # the pointer did not move: nothing to draw, nothing new for the model
        stroke.points.append(point)
        stroke.pressures.append(pressure)
        stroke.times.append(time.monotonic())
        if len(stroke.points) >= 2:
            # The piece that just became final (it ends at the midpoint before the new point).
            piece = _settled_piece(self._points_px(stroke), len(stroke.points) - 2)
            self._draw_into_cache(piece, self._stroke_pen(stroke, len(stroke.points) - 2))
        self.update(self._dirty_rect(stroke))
        self.stroke_progress.emit()

    def _finish_stroke(self) -> None:
        stroke, self._live = self._live, None
        self._stroke_ended_at = time.monotonic()
        points = self._points_px(stroke)
        if len(points) == 1:
            self._draw_into_cache(_dot(points[0]), self._stroke_pen(stroke, 0))
        else:
            self._draw_into_cache(_tail(points), self._stroke_pen(stroke, len(points) - 1))
        self.update()
        self.undo_stack.push(_AddStrokeCommand(self, stroke))

    def _abandon_live_stroke(self) -> None:
        if self._live is not None:
            self._live = None
            self._invalidate()

    def _to_units(self, position: QPointF) -> tuple[float, float]:
        scale, centre_x, centre_y = self._unit()
        return ((position.x() - centre_x) / scale, (position.y() - centre_y) / scale)

    def _unit(self, width: float | None = None, height: float | None = None) -> tuple[float, float, float]:
        """(pixels per canvas unit, centre x, centre y) for a canvas of the given logical size."""
        width = self.width() if width is None else width
        height = self.height() if height is None else height
        return max(1.0, float(min(width, height))), width / 2.0, height / 2.0

    def _points_px(self, stroke: Stroke, width: float | None = None, height: float | None = None) -> list[QPointF]:
        scale, centre_x, centre_y = self._unit(width, height)
        return [QPointF(x * scale + centre_x, y * scale + centre_y) for x, y in stroke.points]

    def _stroke_pen(self, stroke: Stroke, index: int, scale: float | None = None) -> QPen:
        scale = self._unit()[0] if scale is None else scale
        pressure = stroke.pressures[min(index, len(stroke.pressures) - 1)]
        width = stroke.width * scale * (_MIN_PRESSURE_WIDTH + (1 - _MIN_PRESSURE_WIDTH) * pressure)
        pen = QPen(self._ink_colour(), width)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        return pen

    def _dirty_rect(self, stroke: Stroke):
        # The last two pieces: the one just settled and the provisional tail to the pointer.
        points = self._points_px(stroke)[-3:]
        xs = [p.x() for p in points]
        ys = [p.y() for p in points]
        pad = stroke.width * self._unit()[0] + 2
        return QRectF(min(xs) - pad, min(ys) - pad, max(xs) - min(xs) + 2 * pad, max(ys) - min(ys) + 2 * pad).toAlignedRect()

    # ----------------------------------------------------------------------------------------------
    # Content changes (called by the undo commands)

    def _set_content(self, strokes: list[Stroke], image: ShownImage | None, redraw: bool = True) -> None:
        self._strokes = strokes
        self._image = image
        if redraw:
            self._invalidate()
        self.strokes_changed.emit()

    def _content(self) -> tuple[list[Stroke], ShownImage | None]:
        return list(self._strokes), self._image

    # ----------------------------------------------------------------------------------------------
    # Painting

    def _invalidate(self) -> None:
        self._cache = None
        self.update()

    def _ensure_cache(self) -> QImage:
        ratio = self.devicePixelRatioF()
        if self._cache is None or self._cache.devicePixelRatioF() != ratio or self._cache.deviceIndependentSize().toSize() != self.size():
            cache = QImage(self.size() * ratio, QImage.Format.Format_ARGB32_Premultiplied)
            cache.setDevicePixelRatio(ratio)
            cache.fill(self._paper_colour())
            painter = QPainter(cache)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            self._paint_content(painter, self.width(), self.height(), include_live=True)
            painter.end()
            self._cache = cache
        return self._cache

    def _paint_content(self, painter: QPainter, width: int, height: int, include_live: bool = False) -> None:
        """Paint the image or the finished strokes (and the settled part of the live one) at a size."""
        if self._image is not None:
            self._paint_image(painter, width, height)
        scale = self._unit(width, height)[0]
        for stroke in self._strokes:
            self._paint_stroke(painter, stroke, self._points_px(stroke, width, height), scale, finished=True)
        if include_live and self._live is not None:
            self._paint_stroke(painter, self._live, self._points_px(self._live), scale, finished=False)

    def _paint_stroke(self, painter: QPainter, stroke: Stroke, points: list[QPointF], scale: float, finished: bool) -> None:
        if len(points) == 1:
            if finished:
                painter.setPen(self._stroke_pen(stroke, 0, scale))
                painter.drawPath(_dot(points[0]))
            return
        if len(set(stroke.pressures)) == 1:
            # Constant width (mouse, touch): one path, so the joins are seamless.
            path = QPainterPath(points[0])
            for index in range(len(points) - 1):
                path.connectPath(_settled_piece(points, index))
            if finished:
                path.connectPath(_tail(points))
            painter.setPen(self._stroke_pen(stroke, 0, scale))
            painter.drawPath(path)
            return
        for index in range(len(points) - 1):
            painter.setPen(self._stroke_pen(stroke, index, scale))
            painter.drawPath(_settled_piece(points, index))
        if finished:
            painter.setPen(self._stroke_pen(stroke, len(points) - 1, scale))
            painter.drawPath(_tail(points))

    def image_rect(self, width: float | None = None, height: float | None = None) -> QRectF | None:
        """Where the shown image is painted, in logical pixels (None when a drawing is shown)."""
        if self._image is None:
            return None
        display = self._image.display
        width = self.width() if width is None else width
        height = self.height() if height is None else height
        area = QRectF(0, 0, width, height).adjusted(_IMAGE_MARGIN, _IMAGE_MARGIN, -_IMAGE_MARGIN, -_IMAGE_MARGIN)
        factor = min(area.width() / display.width(), area.height() / display.height())
        target = QRectF(0, 0, display.width() * factor, display.height() * factor)
        target.moveCenter(area.center())
        return target

    def pixels_per_unit(self) -> tuple[float, float, float]:
        """(logical pixels per canvas unit, centre x, centre y): how strokes() maps the drawing."""
        return self._unit()

    def _paint_image(self, painter: QPainter, width: int, height: int) -> None:
        display = self._image.display
        target = self.image_rect(width, height)
        factor = target.width() / display.width()
        # Tiny images (an MNIST digit is 28 px) are blown up with visible pixels rather than blurred.
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, factor < 4)
        if display.hasAlphaChannel():
            painter.fillRect(target, QColor("white"))  # transparent images are meant for a page
        painter.drawImage(target, display)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)

    def _draw_into_cache(self, path: QPainterPath, pen: QPen) -> None:
        cache = self._ensure_cache()
        painter = QPainter(cache)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(pen)
        painter.drawPath(path)
        painter.end()

    def paintEvent(self, event) -> None:
        cache = self._ensure_cache()
        painter = QPainter(self)
        painter.drawImage(QPointF(0, 0), cache)  # clipped to the dirty region by Qt
        if self._live is not None and len(self._live.points) >= 2:
            # Only the provisional last piece (to the pointer) is drawn per paint; the rest is cached.
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            points = self._points_px(self._live)
            painter.setPen(self._stroke_pen(self._live, len(points) - 1))
            painter.drawPath(_tail(points))
        elif self.is_empty():
            self._paint_hint(painter)
        if self._keyboard_focus and self.hasFocus():  # reached by Tab: show where the keys go
            painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), 2))
            painter.drawRect(QRectF(self.rect()).adjusted(1, 1, -1, -1))
        painter.end()

    def focusInEvent(self, event) -> None:
        reasons = (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason, Qt.FocusReason.ShortcutFocusReason)
        self._keyboard_focus = event.reason() in reasons
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event) -> None:
        self._keyboard_focus = False
        self.update()
        super().focusOutEvent(event)

    def _paint_hint(self, painter: QPainter) -> None:
        colour = self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        painter.setPen(colour)
        font = painter.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        painter.setFont(font)
        painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.hint_text())

    def hint_text(self) -> str:
        """What an empty canvas invites the user to do."""
        return self.tr("Draw a digit here\nor drop an image")

    def _paper_colour(self) -> QColor:
        return self.palette().color(QPalette.ColorRole.Base)

    def _ink_colour(self) -> QColor:
        return self.palette().color(QPalette.ColorRole.Text)

    def resizeEvent(self, event) -> None:
        self._cache = None  # rebuilt from the vectors at the new size on the next paint
        super().resizeEvent(event)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.PaletteChange:  # light/dark switch: ink and paper colours
            self._invalidate()
        super().changeEvent(event)

    # ----------------------------------------------------------------------------------------------
    # Drag and drop

    def dragEnterEvent(self, event) -> None:
        mime = event.mimeData()
        if mime.hasUrls() or mime.hasImage():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        mime = event.mimeData()
        event.acceptProposedAction()
        local_files = [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]
        if local_files:
            self.file_dropped.emit(local_files[0])
        elif mime.hasImage():
            self.image_data_dropped.emit(QImage(mime.imageData()))
        elif mime.hasUrls():
            self.drop_rejected.emit(self.tr("cannot open {url}: only files on this computer can be dropped")
                                    .format(url=mime.urls()[0].toString()))
        else:
            self.drop_rejected.emit(self.tr("the dropped item holds no image"))


# --------------------------------------------------------------------------------------------------
# Stroke geometry. The line through the points is smoothed with quadratic curves between midpoints:
# piece i runs from the midpoint before point i to the midpoint after it, bending towards point i.
# The piece before the newest point is only known once that point exists, so the live stroke is
# drawn as settled pieces (cached) plus a provisional tail from the last midpoint to the pointer.


def _midpoint(a: QPointF, b: QPointF) -> QPointF:
    return QPointF((a.x() + b.x()) / 2, (a.y() + b.y()) / 2)


def _settled_piece(points: list[QPointF], index: int) -> QPainterPath:
    """The piece ending at the midpoint between points[index] and points[index + 1]."""
    end = _midpoint(points[index], points[index + 1])
    if index == 0:
        path = QPainterPath(points[0])
        path.lineTo(end)
    else:
        path = QPainterPath(_midpoint(points[index - 1], points[index]))
        path.quadTo(points[index], end)
    return path


def _tail(points: list[QPointF]) -> QPainterPath:
    """From the last midpoint to the last point."""
    path = QPainterPath(_midpoint(points[-2], points[-1]))
    path.lineTo(points[-1])
    return path


def _dot(point: QPointF) -> QPainterPath:
    # A zero-length line with a round cap: a dot the size of the pen.
    path = QPainterPath(point)
    path.lineTo(point + QPointF(0.01, 0))
    return path


def _display_image(image) -> QImage:
    """A QImage copy of a PIL image for painting, at most _MAX_DISPLAY_SIDE pixels a side."""
    from PIL import Image

    if max(image.size) > _MAX_DISPLAY_SIDE:
        image = image.copy()
        image.thumbnail((_MAX_DISPLAY_SIDE, _MAX_DISPLAY_SIDE), Image.Resampling.BOX)
    rgba = image.convert("RGBA")
    data = rgba.tobytes("raw", "RGBA")
    qimage = QImage(data, rgba.width, rgba.height, rgba.width * 4, QImage.Format.Format_RGBA8888)
    has_alpha = rgba.getextrema()[3][0] < 255
    return qimage.copy() if has_alpha else qimage.convertToFormat(QImage.Format.Format_RGB32)


# --------------------------------------------------------------------------------------------------
# Undo commands: each saves what it replaces, so undo restores the canvas exactly.


class _AddStrokeCommand(QUndoCommand):
    def __init__(self, canvas: DrawingCanvas, stroke: Stroke) -> None:
        super().__init__(QCoreApplication.translate("DrawingCanvas", "Draw stroke"))
        self._canvas = canvas
        self._stroke = stroke
        self._before = canvas._content()
        self._first = True

    def redo(self) -> None:
        strokes, image = self._before
        # Drawing over a shown image starts a new drawing: the image goes (undo brings it back).
        # The first redo happens as the stroke ends; it is already painted into the cache then.
        redraw = not self._first or image is not None
        self._first = False
        self._canvas._set_content([*(strokes if image is None else []), self._stroke], None, redraw)

    def undo(self) -> None:
        self._canvas._set_content(*self._before)


class _ClearCommand(QUndoCommand):
    def __init__(self, canvas: DrawingCanvas) -> None:
        super().__init__(QCoreApplication.translate("DrawingCanvas", "Clear"))
        self._canvas = canvas
        self._before = canvas._content()

    def redo(self) -> None:
        self._canvas._set_content([], None)

    def undo(self) -> None:
        self._canvas._set_content(*self._before)


class _ShowImageCommand(QUndoCommand):
    def __init__(self, canvas: DrawingCanvas, image: ShownImage) -> None:
        super().__init__(QCoreApplication.translate("DrawingCanvas", "Show {name}").format(name=image.name))
        self._canvas = canvas
        self._image = image
        self._before = canvas._content()

    def redo(self) -> None:
        self._canvas._set_content([], self._image)

    def undo(self) -> None:
        self._canvas._set_content(*self._before)
