"""Render resources/icons/digit-studio.svg into the PNG, ICO and ICNS files the packages need.

    .venv/bin/python packaging/make_icons.py          # writes resources/icons/digit-studio*.png/.ico/.icns

Qt (QtSvg) draws the SVG at each size -- a small size is drawn from the vector, not shrunk from a big
bitmap -- and Pillow writes the Windows .ico and the macOS .icns (Pillow writes both on any platform).
build.spec runs this when a file is missing or older than the SVG; the results are committed so a
build does not depend on it.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"
SVG = ICONS / "digit-studio.svg"
#: PNG sizes written as digit-studio-<size>.png (hicolor theme sizes; 256 is also the window icon).
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)


def outputs() -> list[Path]:
    return [ICONS / f"digit-studio-{size}.png" for size in PNG_SIZES] + [
        ICONS / "digit-studio.ico", ICONS / "digit-studio.icns"]


def up_to_date() -> bool:
    svg_time = SVG.stat().st_mtime
    return all(path.is_file() and path.stat().st_mtime >= svg_time for path in outputs())


def render(size: int):
    """The SVG drawn at size x size pixels, as a Pillow RGBA image."""
    from PIL import Image
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: cannot read {SVG}")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return Image.open(io.BytesIO(bytes(data))).convert("RGBA")


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (QPainter needs it)
    images = {size: render(size) for size in sorted(set(PNG_SIZES + ICO_SIZES + ICNS_SIZES))}
    for size in PNG_SIZES:
        images[size].save(ICONS / f"digit-studio-{size}.png", optimize=True)
    largest_ico = images[max(ICO_SIZES)]
    largest_ico.save(ICONS / "digit-studio.ico", sizes=[(s, s) for s in ICO_SIZES],
                     append_images=[images[s] for s in ICO_SIZES])
    images[max(ICNS_SIZES)].save(ICONS / "digit-studio.icns", append_images=[images[s] for s in ICNS_SIZES])
    for path in outputs():
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
