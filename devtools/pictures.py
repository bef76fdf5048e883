"""Pictures of pen digits as a marker, a thick brush or a scanner makes them, for tests and benchmarks."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

__all__ = ["bold_picture"]


def bold_picture(strokes: Sequence[np.ndarray], fraction: float, rng: np.random.Generator, side: int = 280,
                 scanned: bool = False) -> Image.Image:
    """A pen digit drawn black on white into a side x side picture with a pen `fraction` of its height wide.

    The digit's inked height is 60-85 % of the picture, at a random place, with round caps and joints
    (a felt marker). ``scanned``: then blurred a little, on grey paper, with sensor noise.
    """
    points = np.concatenate(strokes)
    low, extent = points.min(axis=0), np.maximum(np.ptp(points, axis=0), 1e-9)
    height = rng.uniform(0.60, 0.85) * side
    pen = max(1, round(fraction * height))
    scale = min((height - pen) / extent[1], (side - 2 * pen) / extent[0])
    origin = pen / 2 + rng.uniform(0, 1, 2) * np.maximum(side - pen - extent * scale, 0)
    image = Image.new("L", (side, side), 255)
    draw = ImageDraw.Draw(image)
    for stroke in strokes:
        xy = [(float(x), float(y)) for x, y in (stroke - low) * scale + origin]
        if len(xy) > 1:
            draw.line(xy, fill=0, width=pen, joint="curve")
        for x, y in (xy[0], xy[-1]):
            draw.ellipse((x - pen / 2, y - pen / 2, x + pen / 2, y + pen / 2), fill=0)
    if scanned:
        image = image.filter(ImageFilter.GaussianBlur(1.2))
        paper = np.asarray(image, dtype=np.float32) * 0.75 + 40 + rng.normal(0, 6, (side, side))
        image = Image.fromarray(np.clip(paper, 0, 255).astype(np.uint8))
    return image
