"""Pictures from outside onto the canvas (open, paste, drop) and the drawing out to a PNG file.

Every picture goes through ``core.preprocessing``'s loader and checks, whichever way it came, so a
pasted or dropped image is read exactly as the same image opened from a file. A bad picture changes
nothing: the canvas keeps what it showed, and :attr:`ImageController.failed` says why.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QObject, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QFileDialog

from .canvas import DrawingCanvas
from .i18n import error_text
from .recent_files import last_folder, remember_folder

#: Image file types offered by "Open image…" (any format Pillow reads is accepted when dropped).
IMAGE_PATTERNS = "*.png *.jpg *.jpeg *.bmp *.gif *.webp *.tif *.tiff"


class ImageController(QObject):
    """Opens, pastes and takes dropped pictures for a canvas, and saves what it shows."""

    #: A picture replaced the drawing: its name (file name, "clipboard image", "dropped image").
    image_shown = Signal(str)
    #: An image file was opened and shown: its path (for File ▸ Recent Images).
    file_opened = Signal(str)
    #: The drawing was saved: the file's path.
    drawing_saved = Signal(str)
    #: A picture could not be used or the drawing not saved: one line, for the user.
    failed = Signal(str)

    def __init__(self, canvas: DrawingCanvas, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._canvas = canvas
        canvas.file_dropped.connect(self._on_file_dropped)
        canvas.image_data_dropped.connect(self._on_image_data_dropped)
        canvas.drop_rejected.connect(self.failed)

    def open_file(self, path: Path | str) -> bool:
        """Show an image file on the canvas; False (and :attr:`failed`) when it cannot be read."""
        from ..core.preprocessing import ImageLoadError, load_image

        try:
            image = load_image(path)
        except ImageLoadError as error:
            self.failed.emit(error_text(error))
            return False
        self._show(image, Path(path).name)
        self.file_opened.emit(str(path))
        return True

    def show_picture(self, image, name: str) -> None:
        """Show a picture made in the app (a PIL image, e.g. a test image from the evaluation view)."""
        self._show(image, name)

    def open_with_dialog(self) -> None:
        file_types = self.tr("Images ({patterns});;All files (*)").format(patterns=IMAGE_PATTERNS)
        path, _ = QFileDialog.getOpenFileName(self._canvas.window(), self.tr("Open Image"), last_folder("images"),
                                              file_types)
        if path:
            remember_folder("images", path)
            self.open_file(path)

    def paste(self) -> bool:
        """Paste an image, or an image file copied in a file manager, from the clipboard."""
        mime = QApplication.clipboard().mimeData()
        if mime is not None and mime.hasUrls():
            files = [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]
            if files:
                return self.open_file(files[0])
        if mime is not None and mime.hasImage():
            return self._open_qimage(QImage(mime.imageData()), self.tr("clipboard image"))
        text = mime.text().strip() if mime is not None and mime.hasText() else ""
        if text and "\n" not in text and Path(text).is_file():
            return self.open_file(text)
        self.failed.emit(self.tr("Nothing to paste: the clipboard holds no image or image file"))
        return False

    def save(self, path: Path | str) -> bool:
        """Save the canvas, as shown, to a PNG file (".png" is added to any other name)."""
        path = Path(path)
        if path.suffix.lower() != ".png":
            path = path.with_suffix(path.suffix + ".png") if path.suffix else path.with_suffix(".png")
        if not self._canvas.render_image().save(str(path), "PNG"):
            self.failed.emit(self.tr("Cannot save the drawing to '{path}': the file cannot be written").format(path=path))
            return False
        self.drawing_saved.emit(str(path))
        return True

    def save_with_dialog(self) -> None:
        start = str(Path(last_folder("drawings")) / "digit.png") if last_folder("drawings") else "digit.png"
        path, _ = QFileDialog.getSaveFileName(self._canvas.window(), self.tr("Save Drawing"), start,
                                              self.tr("PNG image (*.png)"))
        if path:
            remember_folder("drawings", path)
            self.save(path)

    def _open_qimage(self, image: QImage, name: str) -> bool:
        """A QImage (clipboard, dropped data) through the same loader and checks as files."""
        from ..core.preprocessing import MAX_IMAGE_PIXELS, ImageLoadError, image_from_bytes

        if image.isNull():
            self.failed.emit(self.tr("Cannot load image '{name}': the image data cannot be read").format(name=name))
            return False
        if image.width() * image.height() > MAX_IMAGE_PIXELS:
            self.failed.emit(self.tr("Cannot load image '{name}': the image is too large ({width}x{height})")
                             .format(name=name, width=image.width(), height=image.height()))
            return False
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        try:
            pil_image = image_from_bytes(bytes(buffer.data()), name)
        except ImageLoadError as error:
            self.failed.emit(error_text(error))
            return False
        self._show(pil_image, name)
        return True

    def _show(self, image, name: str) -> None:
        self._canvas.show_image(image, name)
        self.image_shown.emit(name)

    def _on_file_dropped(self, path: str) -> None:
        self.open_file(path)

    def _on_image_data_dropped(self, image: QImage) -> None:
        self._open_qimage(image, self.tr("dropped image"))
