"""Turn a drawing, a picture or pen strokes into the 28x28 input the network was trained on.

The network only ever saw MNIST, so anything we show it has to look like MNIST: white ink (1.0) on
black (0.0); the digit's bounding box scaled, keeping its aspect ratio, so that its longer side is
20 px, with anti-aliasing; then placed in a 28x28 image so that its centre of mass lies at the
image centre. (Measured on the MNIST files: the mean centre of mass is (14.0, 14.0) in pixel-index
coordinates, and 99.7 % of the digits have a 20 px longer side.) A digit that differs from this in
polarity, size, position or stroke weight is read far worse, so every input path ends here.

Only numpy and Pillow are imported: the command-line tool imports this module and must start fast.
"""

from __future__ import annotations

import io
import math
import os
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageOps, UnidentifiedImageError

from .errors import UserError
from .texts import QT_TRANSLATE_NOOP, Text

__all__ = [
    "DIGIT_BOX",
    "MAX_IMAGE_PIXELS",
    "MODEL_INPUT_SIZE",
    "STROKE_WIDTH",
    "ImageLoadError",
    "as_polylines",
    "image_from_bytes",
    "ink_map",
    "ink_to_model_input",
    "load_image",
    "strokes_to_model_input",
    "to_model_input",
]

#: Side of the square image the network reads.
MODEL_INPUT_SIZE = 28
#: Longer side of the digit's bounding box inside that image, as in MNIST.
DIGIT_BOX = 20

#: Stroke width, in model-input pixels, at which vector strokes are rendered, chosen so that rendered
#: digits carry as much ink as MNIST's. Measured on the real files (the bundled gzip IDX files in resources/mnist/):
#: MNIST train has mean pixel 0.1307, a mean ink sum (sum of pixels / 255) of 102.4 per image
#: (median 99.9, 10th-90th percentile 60-147), 13.2 % of pixels above 0.5 and 19.1 % non-zero.
#: Rendering all 7,494 real pen trajectories of pendigits-orig.tra with strokes_to_model_input
#: gives a mean ink sum of 83.9 at width 2.0, 92.9 at 2.25, 101.8 at 2.5, 110.1 at 2.75 and
#: 118.0 at 3.0. At 2.5: mean pixel 0.130, 13.4 % of pixels above 0.5, 18.3 % non-zero (median
#: ink sum 101.1, 10th-90th percentile 78-127): as close to MNIST as a pen of one width gets.
STROKE_WIDTH = 2.5

#: Images with more pixels than this are refused before they are decoded: a 40-megapixel photo is
#: already larger than any camera digit needs, and decoding a bigger one could exhaust memory.
MAX_IMAGE_PIXELS = 40_000_000

# Images are reduced (by an integer box filter) to at most this many pixels per side before any
# analysis: the digit ends up 20 px tall anyway, and this keeps a 12-megapixel photo well under
# 100 ms and a 400x400 canvas near 1 ms, while a digit a tenth of the image tall keeps 32 px.
_WORKING_MAX_SIDE = 320
# Below this peak contrast (on a 0-1 scale) against the background there is no digit, only noise,
# a faint smudge or uneven lighting.
_MIN_INK_CONTRAST = 0.1
# Ink below this many noise standard deviations above the background is taken for noise.
_NOISE_SIGMAS = 4.0
# Even a perfectly clean image has quantisation and compression residue; this is the lowest
# threshold we ever use (about 5/255).
_MIN_INK_THRESHOLD = 0.02
# A pixel whose 3x3 neighbourhood holds less ink than this (mean) is an isolated speck: a single
# full-strength pixel gives 1/9 = 0.11, while any pixel of a real stroke, even a faint
# anti-aliased edge pixel, has the stroke's core beside it.
_SPECK_LEVEL = 0.12
# A digit's bounding box must span at least this fraction of the image's longer side (and at least
# _MIN_DIGIT_PIXELS): a dot or a speck is not a digit.
_MIN_DIGIT_FRACTION = 0.04
_MIN_DIGIT_PIXELS = 3
# Strokes estimated thinner than this many output pixels are widened to STROKE_WIDTH.
_THIN_STROKE_WIDTH = 1.2
# Strokes are drawn this many times larger than the output, then box-filtered down: that is the
# anti-aliasing (64 grey levels of coverage per output pixel).
_SUPERSAMPLING = 8
# Pen points closer than this along the path (in output pixels) are thinned out before drawing.
_MIN_SEGMENT = 0.4


class ImageLoadError(UserError, ValueError):
    """An image file or clipboard payload that cannot be used; the message is one line for the user."""


# --------------------------------------------------------------------------------------------------
# Loading


def load_image(path: str | os.PathLike[str]) -> Image.Image:
    """Open an image file fully into memory (file closed), or raise ImageLoadError saying why not.

    The checks come in the order the failures happen so that the message names the real cause
    (a missing file should not be reported as "not an image"), and the size is checked from the
    header before decoding, so a huge or malicious file cannot exhaust memory.
    """
    path = Path(path)
    name = _shortened(str(path))
    try:
        if not path.exists():
            raise _cannot_load(name, QT_TRANSLATE_NOOP("ImageLoadError", "file not found"))
        if path.is_dir():
            raise _cannot_load(name, QT_TRANSLATE_NOOP("ImageLoadError", "it is a directory, not a file"))
        size = path.stat().st_size
        if size == 0:
            raise _cannot_load(name, QT_TRANSLATE_NOOP("ImageLoadError", "the file is empty (0 bytes)"))
        with open(path, "rb") as file:
            return _decode(file, name)
    except OSError as error:  # permission denied, a name too long, an I/O error, ...
        raise _cannot_load(name, error.strerror or str(error)) from error


def _cannot_load(name: str, reason: str, **params: object) -> ImageLoadError:
    """"cannot load image 'NAME': REASOQT_TRANSLATE_NOOP("ImageLoadError", ", with the reason's own parameters."""
    return ImageLoadError(QT_TRANSLATE_NOOP("ImageLoadError", "cannot load image '{name}': {reason}"),
                          name=name, reason=Text.of(reason, params))


def _shortened(name: str, limit: int = 120) -> str:
    """A path fit for a one-line message: a 300-character name is cut in its middle."""
    return name if len(name) <= limit else f"{name[:limit // 2 - 1]}…{name[-(limit // 2):]}"


def image_from_bytes(data: bytes, name: str = "clipboard") -> Image.Image:
    """Decode an encoded image held in memory (a paste, a drop), with the same errors as load_image."""
    if not data:
        raise _cannot_load(name, QT_TRANSLATE_NOOP("ImageLoadError", "no data (0 bytes)"))
    return _decode(io.BytesIO(data), name)


def _decode(file: io.IOBase, name: str) -> Image.Image:
    """Identify, size-check and decode an image from an open binary file."""
    with warnings.catch_warnings():
        # We enforce our own, lower limit below; Pillow's warning would only be noise (and an error
        # under pytest's warnings-as-errors).
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(file)
        except Image.DecompressionBombError as error:
            raise _cannot_load(name, QT_TRANSLATE_NOOP("ImageLoadError", "the image is too large ({detail})"), detail=error) from error
        except UnidentifiedImageError as error:
            raise _cannot_load(name, QT_TRANSLATE_NOOP("ImageLoadError", "not an image, or an unsupported image format")) from error
        except Exception as error:  # Pillow raises many kinds for a corrupt header
            raise _cannot_load(name, QT_TRANSLATE_NOOP("ImageLoadError", "broken or truncated image data ({detail})"),
                              detail=_one_line(error)) from error
        with image:
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise _cannot_load(name, QT_TRANSLATE_NOOP("ImageLoadError",
                    "the image is too large ({width}x{height} = {megapixels:.0f} megapixels; the limit is "
                    "{limit:.0f})"), width=width, height=height, megapixels=width * height / 1e6,
                    limit=MAX_IMAGE_PIXELS / 1e6)
            if width == 0 or height == 0:
                raise _cannot_load(name, QT_TRANSLATE_NOOP("ImageLoadError", "the image has no pixels ({width}x{height})"), width=width, height=height)
            try:
                # An animated image (GIF, WebP, APNG) is positioned at its first frame after open.
                image.load()
                loaded = image.copy()  # detached from the file, which the with-block then closes
                # Phone photos are often stored sideways with an EXIF note saying how to turn them.
                loaded = ImageOps.exif_transpose(loaded)
            except Exception as error:  # truncated or corrupt pixel data: OSError, SyntaxError, ...
                raise _cannot_load(name, QT_TRANSLATE_NOOP("ImageLoadError", "broken or truncated image data ({detail})"),
                                   detail=_one_line(error)) from error
    return loaded


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return text or type(error).__name__


# --------------------------------------------------------------------------------------------------
# Images


def to_model_input(image: Image.Image | np.ndarray) -> np.ndarray | None:
    """Turn a picture of a digit into a (28, 28) float32 MNIST-style array in [0, 1], or None.

    Accepts a PIL image of any mode and size, or an array (HxW, HxWx1..4; uint8, uint16, or float in
    [0, 1]). Works whichever way round the picture is (ink on paper, a screen canvas, an MNIST
    image), with or without transparency, and cleans up a photo's noise and uneven lighting.
    Returns None when there is no digit: a blank or uniform image, or ink too faint or too small.
    """
    premultiplied, alpha = _gray_and_alpha(image)
    gray = _composite(premultiplied, alpha)
    if gray is None:
        return None
    ink = _extract_ink(gray)
    if ink is None:
        return None
    return _fit_into_model_input(ink)


def ink_map(image: Image.Image | np.ndarray) -> tuple[np.ndarray, float, float] | None:
    """The picture's ink at working size (1 = ink), and the picture pixels per ink pixel (x, y).

    The first half of :func:`to_model_input`, for cutting a picture of several digits into digits
    (:mod:`.segmentation`) that then each go through :func:`ink_to_model_input`. None: no ink.
    """
    width, height = image.size if isinstance(image, Image.Image) else (image.shape[1], image.shape[0])
    premultiplied, alpha = _gray_and_alpha(image)
    gray = _composite(premultiplied, alpha)
    ink = _extract_ink(gray) if gray is not None else None
    if ink is None:
        return None
    return ink, width / ink.shape[1], height / ink.shape[0]


def ink_to_model_input(ink: np.ndarray) -> np.ndarray | None:
    """The second half of :func:`to_model_input`: an ink map (or a crop of one) into the 28x28 input."""
    return _fit_into_model_input(ink)


def _gray_and_alpha(image: Image.Image | np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """Reduce the input to a working-size gray level premultiplied by alpha, and the alpha (or None).

    Both are float32 in [0, 1]. Premultiplying before the box-filter reduction is what makes the
    reduction of a transparent image correct (the colour of invisible pixels must not bleed in).
    """
    if isinstance(image, np.ndarray):
        image = _decimate_large_array(image)
        is_8bit_picture = image.ndim == 2 or (image.ndim == 3 and image.shape[2] in (1, 3, 4))
        if image.dtype == np.uint8 and is_8bit_picture:
            # Pillow's C code mixes channels and reduces far faster than numpy.
            array = image[:, :, 0] if image.ndim == 3 and image.shape[2] == 1 else image
            image = Image.fromarray(np.ascontiguousarray(array))
        else:
            return _gray_and_alpha_from_array(image)
    if not isinstance(image, Image.Image):
        raise TypeError(f"expected a PIL image or a numpy array, got {type(image).__name__}")

    if image.mode in _WIDE_MODES:
        return _gray_and_alpha_from_array(np.asarray(image))
    gray, alpha = _split_gray_alpha(image)
    if alpha is not None:
        gray = ImageChops.multiply(gray, alpha)
    factor = _reduction_factor(image.size)
    if factor > 1:
        gray = gray.reduce(factor)
        alpha = alpha.reduce(factor) if alpha is not None else None
    gray_array = np.asarray(gray, dtype=np.float32) / np.float32(255.0)
    alpha_array = np.asarray(alpha, dtype=np.float32) / np.float32(255.0) if alpha is not None else None
    return gray_array, alpha_array


# Single-band modes with more than 8 bits, which go the numpy way.
_WIDE_MODES = ("I;16", "I;16L", "I;16B", "I;16N", "I", "F")


def _split_gray_alpha(image: Image.Image) -> tuple[Image.Image, Image.Image | None]:
    """Split an 8-bit PIL image of any mode into a luminance (L) band and its alpha band, if any."""
    if image.mode in ("P", "PA"):
        # A palette may mark one entry transparent: expand the palette with its alpha first.
        has_alpha = image.mode == "PA" or "transparency" in image.info
        image = image.convert("RGBA" if has_alpha else "RGB")
    if image.mode in ("RGBa", "La"):  # premultiplied: undo, so that L below is the true colour
        image = image.convert("RGBA" if image.mode == "RGBa" else "LA")
    if image.mode in ("RGBA", "LA"):
        # (Converting to L and taking the alpha band is several times faster than convert("LA").)
        return image.convert("L"), image.getchannel("A")
    if image.mode == "LAB":  # Pillow cannot convert LAB to L, but its first band is the lightness
        return image.getchannel("L"), None
    if image.mode == "L":
        return image, None
    return image.convert("L"), None  # RGB, CMYK, YCbCr, HSV, 1, ...: luminance is all that matters


def _gray_and_alpha_from_array(array: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """The numpy route of _gray_and_alpha, for arrays Pillow's 8-bit code cannot take."""
    array = np.asarray(array)
    if array.ndim == 3 and array.shape[2] == 1:
        array = array[:, :, 0]
    if array.ndim not in (2, 3) or (array.ndim == 3 and array.shape[2] not in (2, 3, 4)):
        raise ValueError(f"expected an HxW, HxWx3 or HxWx4 image array, got shape {array.shape}")
    if min(array.shape[:2]) == 0:
        raise ValueError(f"the image array is empty (shape {array.shape})")
    values = _to_unit_range(array)
    if values.ndim == 2:
        gray, alpha = values, None
    else:
        channels = values.shape[2]
        if channels in (3, 4):
            gray = values[:, :, 0] * 0.299 + values[:, :, 1] * 0.587 + values[:, :, 2] * 0.114
        else:
            gray = values[:, :, 0]
        alpha = values[:, :, -1] if channels in (2, 4) else None
        if alpha is not None:
            gray = gray * alpha
    factor = _reduction_factor((gray.shape[1], gray.shape[0]))
    if factor > 1:
        gray = _block_mean(gray, factor)
        alpha = _block_mean(alpha, factor) if alpha is not None else None
    return gray.astype(np.float32, copy=False), alpha if alpha is None else alpha.astype(np.float32)


def _decimate_large_array(array: np.ndarray) -> np.ndarray:
    """Subsample a huge array by a whole step before any per-pixel work.

    Merely copying a 12-megapixel RGB array into Pillow takes 50 ms. Keeping every k-th pixel with
    k half the final reduction factor costs almost nothing and leaves a box filter of at least 2
    to do the anti-aliasing; only lines thinner than k pixels (under 0.1 % of such a photo's width)
    could be thinned out, and a readable digit's strokes are far thicker.
    """
    if array.ndim < 2:
        return array
    step = _reduction_factor((array.shape[1], array.shape[0])) // 2
    return array[::step, ::step] if step > 1 else array


def _to_unit_range(array: np.ndarray) -> np.ndarray:
    """Map integer or float pixel values to float32 in [0, 1].

    8-bit types mean 0-255. Wider integers (uint16, PIL's 32-bit mode "I") usually hold 16-bit
    data, but 8-bit data stored in them is common too, so the largest value decides.
    """
    if array.dtype == np.bool_:
        return array.astype(np.float32)
    values = np.nan_to_num(array.astype(np.float32), nan=0.0, posinf=1.0, neginf=0.0)
    top = float(values.max())
    if np.issubdtype(array.dtype, np.integer) and array.dtype.itemsize == 1:
        full_scale = 255.0
    elif np.issubdtype(array.dtype, np.integer) or top > 1.0:  # floats in 0-255 rather than 0-1
        full_scale = 255.0 if top <= 255.0 else 65535.0 if top <= 65535.0 else top
    else:
        full_scale = 1.0
    return np.clip(values / np.float32(full_scale), 0.0, 1.0)


def _reduction_factor(size: tuple[int, int]) -> int:
    return max(1, math.ceil(max(size) / _WORKING_MAX_SIDE))


def _block_mean(values: np.ndarray, factor: int) -> np.ndarray:
    """Box-filter reduction by an integer factor (the last partial block is averaged too)."""
    height, width = values.shape
    pad_h, pad_w = (-height) % factor, (-width) % factor
    if pad_h or pad_w:
        values = np.pad(values, ((0, pad_h), (0, pad_w)), mode="edge")
    blocks = values.reshape(values.shape[0] // factor, factor, values.shape[1] // factor, factor)
    return blocks.mean(axis=(1, 3), dtype=np.float32)


def _composite(premultiplied: np.ndarray, alpha: np.ndarray | None) -> np.ndarray | None:
    """Flatten a transparent image onto the background that makes its visible content stand out.

    A transparent PNG can hold black ink or white ink: over a fixed colour one of them would
    vanish. So we find the tone of the ink and put it on the opposite colour. Returns None when
    nothing is visible.
    """
    if alpha is None:
        return premultiplied
    if float(alpha.max()) < 0.02 or float(alpha.sum()) < 1.0:
        return None
    if float(alpha.max()) - float(alpha.min()) < 0.02:  # uniform opacity: alpha carries no shape
        return np.clip(premultiplied / max(float(alpha.mean()), 1e-6), 0.0, 1.0)
    if _visible_ink_is_dark(premultiplied, alpha):
        return premultiplied + (1.0 - alpha)  # over white
    return premultiplied  # over black


def _visible_ink_is_dark(premultiplied: np.ndarray, alpha: np.ndarray) -> bool:
    """Whether the visible part of a transparent image is dark ink (else light ink).

    The core of a stroke shows the ink's colour; its rim, next to the transparent pixels, is often
    anti-aliased towards the colour the picture was drawn on (a GIF's light fringe around black
    ink). Comparing core and rim tells them apart even when the rim outnumbers the core, as it does
    in thin strokes; when they look alike, the overall tone of what is visible decides.
    """
    visible = alpha > 0.5
    core = visible & (_box3_mean(visible.astype(np.float32)) > 0.99)
    rim = visible & ~core
    if np.count_nonzero(core) >= 10 and np.count_nonzero(rim) >= 10:
        core_tone = float(premultiplied[core].sum() / alpha[core].sum())
        rim_tone = float(premultiplied[rim].sum() / alpha[rim].sum())
        if abs(core_tone - rim_tone) > 0.1:
            return core_tone < rim_tone
    return float(premultiplied.sum()) / float(alpha.sum()) < 0.5


def _extract_ink(gray: np.ndarray) -> np.ndarray | None:
    """Turn a gray image into ink intensity in [0, 1] (1 = full ink, 0 = background), or None.

    Works out which way round the picture is, removes the background (even a lit-from-one-side
    sheet of paper), stretches the ink to full strength and drops noise and specks.
    """
    height, width = gray.shape
    stride = max(1, int(math.sqrt(height * width / 20_000)))  # statistics from ~20k samples
    sample = gray[::stride, ::stride]

    # The background is what the border shows; ink is whatever departs from it the most. Taking
    # the side the extremes lie on (rather than "is the background bright?") also works for
    # mid-grey backgrounds.
    ring = max(1, min(height, width) // 50)
    border = np.concatenate(
        [gray[:ring].ravel(), gray[-ring:].ravel(), gray[:, :ring].ravel(), gray[:, -ring:].ravel()]
    )
    background_level = float(np.median(border))
    # The extremes of the whole image, not of a sample or percentiles: a thin digit on a big
    # canvas is well under 1 % of the pixels.
    darkest, brightest = float(gray.min()), float(gray.max())
    ink_is_dark = background_level - darkest > brightest - background_level
    ink_up = 1.0 - gray if ink_is_dark else gray  # from here on ink is brighter than background

    residual = ink_up - _background_surface(
        ink_up, 1.0 - background_level if ink_is_dark else background_level
    )
    sample = residual[::stride, ::stride]
    noise_sigma = 1.4826 * float(np.median(np.abs(sample - np.median(sample))))
    threshold = max(_NOISE_SIGMAS * noise_sigma, _MIN_INK_THRESHOLD)
    candidates = residual[residual > threshold]
    if candidates.size == 0:
        return None
    # The strong end of the ink, not the single brightest pixel (which may be a hot pixel).
    peak = float(np.percentile(candidates, 90))
    if peak < _MIN_INK_CONTRAST or peak <= threshold:
        return None
    ink = np.clip((residual - threshold) / (peak - threshold), 0.0, 1.0).astype(np.float32)
    ink[_box3_mean(ink) < _SPECK_LEVEL] = 0.0
    return ink


def _background_surface(ink_up: np.ndarray, border_level: float) -> np.ndarray | float:
    """Estimate the background level everywhere as a smooth (quadratic) surface.

    A photo of paper is rarely evenly lit. The image is cut into an 8x8 grid, each cell's median
    says how bright the paper is there, and a quadratic surface is fitted to the cells that show
    paper. A bold stroke (a marker, a thick brush: up to a quarter of the digit's height) covers
    more than half of many cells, and a first fit through every cell is pulled up by them so far
    that it swallows the digit; so the first fit takes only the cells whose median lies nearer the
    border's level than the ink's, and each refit keeps the cells that do not stand out of the
    previous fit towards the ink.
    Small images (an MNIST digit, a thumbnail) have no room for a gradient: their border decides.
    """
    height, width = ink_up.shape
    if min(height, width) < 64:
        return border_level
    grid = 8
    # Block-average to a small image first (cheap), then take medians of the grid cells.
    factor = max(1, min(height, width) // (grid * 8))
    small = _block_mean(ink_up, factor) if factor > 1 else ink_up
    cell_h, cell_w = small.shape[0] // grid, small.shape[1] // grid
    cells = small[: cell_h * grid, : cell_w * grid].reshape(grid, cell_h, grid, cell_w)
    medians = np.median(cells.transpose(0, 2, 1, 3).reshape(grid, grid, -1), axis=2).ravel()

    # Cell centres as fractions of the image's height and width (the grid may leave out a remainder).
    centres_y = (np.arange(grid) + 0.5) * (cell_h * factor / height)
    centres_x = (np.arange(grid) + 0.5) * (cell_w * factor / width)
    cy, cx = np.meshgrid(centres_y, centres_x, indexing="ij")
    cy, cx = cy.ravel(), cx.ravel()
    design = np.stack([np.ones_like(cx), cx, cy, cx * cx, cx * cy, cy * cy], axis=1)
    keep = _paper_cells(medians, border_level, float(ink_up.max()))
    coefficients = None
    for _ in range(3):
        if keep.sum() < 2 * design.shape[1]:
            break
        coefficients, *_ = np.linalg.lstsq(design[keep], medians[keep], rcond=None)
        excess = medians - design @ coefficients
        spread = 1.4826 * float(np.median(np.abs(excess[keep]))) + 0.01
        keep = excess < 2.5 * spread  # a cell brighter than the surface holds ink
    if coefficients is None:  # too few cells of paper for a surface: the border decides
        return border_level
    fitted = design @ coefficients
    if float(fitted.max() - fitted.min()) < 0.01:  # evenly lit (a screen, a scan): one level will do
        return float(fitted.mean())
    y = ((np.arange(height, dtype=np.float32) + 0.5) / height)[:, None]
    x = ((np.arange(width, dtype=np.float32) + 0.5) / width)[None, :]
    c0, c_x, c_y, c_xx, c_xy, c_yy = (np.float32(c) for c in coefficients)
    # Grouped by row and column terms so that only three operations run over the whole image.
    return (c0 + c_y * y + c_yy * y * y) + (c_x + c_xy * y) * x + c_xx * x * x


def _paper_cells(medians: np.ndarray, border_level: float, ink_level: float) -> np.ndarray:
    """The grid cells whose median is nearer the border's level than the ink's: mostly paper.

    Uneven lighting moves the paper's level by less than half the ink's contrast (else no level
    separates ink from paper anywhere); cells on the far side of a gradient that this leaves out
    come back at the refit, when the first surface explains them.
    """
    return medians - border_level < max(0.5 * (ink_level - border_level), _MIN_INK_THRESHOLD)


def _box3_mean(values: np.ndarray) -> np.ndarray:
    """Mean over each pixel's 3x3 neighbourhood (zero outside the image)."""
    padded = np.pad(values, 1)
    rows = padded[:-2] + padded[1:-1] + padded[2:]
    return (rows[:, :-2] + rows[:, 1:-1] + rows[:, 2:]) / np.float32(9.0)


def _fit_into_model_input(ink: np.ndarray) -> np.ndarray | None:
    """Crop to the ink, scale the longer side to DIGIT_BOX and centre by mass in the 28x28 image."""
    rows = np.flatnonzero(ink.any(axis=1))
    cols = np.flatnonzero(ink.any(axis=0))
    if rows.size == 0:
        return None
    digit = ink[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    if max(digit.shape) < max(_MIN_DIGIT_PIXELS, _MIN_DIGIT_FRACTION * max(ink.shape)):
        return None
    digit = _thicken_thin_strokes(digit)
    height, width = digit.shape
    scale = DIGIT_BOX / max(height, width)
    new_size = (max(1, round(width * scale)), max(1, round(height * scale)))
    if new_size != (width, height):
        # Box (area) filtering when shrinking is the anti-aliasing MNIST had; bilinear when growing.
        resample = Image.Resampling.BOX if scale < 1 else Image.Resampling.BILINEAR
        resized = Image.fromarray(np.ascontiguousarray(digit, dtype=np.float32)).resize(new_size, resample)
        digit = np.clip(np.asarray(resized), 0.0, 1.0)
    return _centre_by_mass(digit)


def _thicken_thin_strokes(digit: np.ndarray) -> np.ndarray:
    """Dilate a digit whose strokes would come out thinner than any MNIST digit's.

    A fine pen on a big sheet, or a thin brush on a big canvas, shrinks to hairlines a fraction of
    a pixel wide at 20 px, which the network has never seen. Such strokes are widened to
    STROKE_WIDTH at output scale. The width is estimated as 2 x area / boundary length of the
    solid ink (4/pi corrects for the staircase boundary of slanted strokes); MNIST's own digits
    measure 1.2 px or more (99th percentile) this way, and are left alone.
    """
    solid = digit > 0.5
    boundary = np.count_nonzero(solid[1:] != solid[:-1]) + np.count_nonzero(solid[:, 1:] != solid[:, :-1])
    if boundary == 0:
        return digit
    stroke_width = 2.0 * np.count_nonzero(solid) / boundary * (4.0 / math.pi)
    longer = max(digit.shape)
    if stroke_width * DIGIT_BOX / longer >= _THIN_STROKE_WIDTH:
        return digit
    # Growing the digit by r on each side also grows its box, so solve
    # (stroke_width + 2r) / (longer + 2r) = STROKE_WIDTH / DIGIT_BOX for r.
    relative_width = STROKE_WIDTH / DIGIT_BOX
    radius = round((relative_width * longer - stroke_width) / (2.0 * (1.0 - relative_width)))
    if radius < 1:
        return digit
    grown = np.pad(digit, radius)
    for step in range(radius):
        # Alternating 3x3 square and plus-shaped dilations grow an octagon: close to round pen.
        grown = _dilate3(grown, square=step % 2 == 0)
    return grown


def _dilate3(values: np.ndarray, square: bool) -> np.ndarray:
    """Grey-level dilation (maximum) over a 3x3 square or a 3x3 plus-shaped neighbourhood."""
    padded = np.pad(values, 1)
    rows = np.maximum(np.maximum(padded[:-2], padded[1:-1]), padded[2:])  # vertical 3x1 max
    if square:
        return np.maximum(np.maximum(rows[:, :-2], rows[:, 1:-1]), rows[:, 2:])
    across = np.maximum(np.maximum(padded[1:-1, :-2], padded[1:-1, 1:-1]), padded[1:-1, 2:])
    return np.maximum(rows[:, 1:-1], across)


def _centre_by_mass(digit: np.ndarray) -> np.ndarray | None:
    """Paste a digit of at most DIGIT_BOX px a side into the model input, centre of mass at the centre.

    As MNIST did: shift by whole pixels (rounded), keeping the digit inside the frame.
    """
    mass = float(digit.sum())
    if mass <= 0.0:
        return None
    height, width = digit.shape
    centre_y = float(np.arange(height) @ digit.sum(axis=1)) / mass
    centre_x = float(np.arange(width) @ digit.sum(axis=0)) / mass
    target = MODEL_INPUT_SIZE / 2  # 14.0: MNIST's measured mean centre of mass, in pixel indices
    top = min(max(math.floor(target - centre_y + 0.5), 0), MODEL_INPUT_SIZE - height)
    left = min(max(math.floor(target - centre_x + 0.5), 0), MODEL_INPUT_SIZE - width)
    result = np.zeros((MODEL_INPUT_SIZE, MODEL_INPUT_SIZE), dtype=np.float32)
    result[top : top + height, left : left + width] = digit
    return result


# --------------------------------------------------------------------------------------------------
# Strokes


def strokes_to_model_input(
    strokes: Iterable[Sequence[Sequence[float]] | np.ndarray] | np.ndarray,
) -> np.ndarray | None:
    """Render pen strokes straight into a (28, 28) float32 MNIST-style array in [0, 1], or None.

    ``strokes`` is a sequence of strokes, each a sequence of (x, y) points (or an (n, 2) array) in
    any coordinates with y down; a single (n, 2) array is one stroke. Rendering the vectors at
    MNIST's stroke width, rather than downscaling the user's canvas, makes the result independent of
    the pen width and canvas size the user happened to have. Returns None when there are no points.
    """
    polylines = as_polylines(strokes)
    if not polylines:
        return None
    points = np.concatenate(polylines)
    low = points.min(axis=0)
    extent = points.max(axis=0) - low
    longer = float(extent.max())

    # The ink is STROKE_WIDTH wider than the centre lines, so the centre lines get the rest of the
    # box: the inked digit's longer side is then exactly DIGIT_BOX, as in MNIST. Only the longer
    # side sets the scale, so a vertical "1" (no width at all) stays a thin bar, not a square.
    scale = (DIGIT_BOX - STROKE_WIDTH) / longer if longer > 0 else 0.0
    box_width, box_height = (math.ceil(float(side) * scale + STROKE_WIDTH - 1e-6) for side in extent)
    s = _SUPERSAMPLING
    canvas = Image.new("L", (box_width * s, box_height * s), 0)
    draw = ImageDraw.Draw(canvas)
    pen = STROKE_WIDTH * s
    radius = pen / 2
    for polyline in polylines:
        # Pixel i covers [i, i+1) here but Pillow puts integer coordinates at pixel centres: -0.5.
        # Rounding to 1e-6 makes the drawing exactly the same for the same shape at any position
        # or size (float noise must not tip Pillow's rounding to whole pixels).
        mapped = np.round(((polyline - low) * scale + STROKE_WIDTH / 2) * s - 0.5, 6)
        mapped = _thin_out(mapped, min_step=_MIN_SEGMENT * s)
        coordinates = [(float(x), float(y)) for x, y in mapped]
        if len(coordinates) > 1:
            # Pillow's own round joints cost a Python loop per point; plain segments are drawn in
            # C and the corners that need rounding get a dot below.
            draw.line(coordinates, fill=255, width=round(pen))
        for x, y in (coordinates[0], coordinates[-1], *(coordinates[i] for i in _sharp_corners(mapped))):
            # Round caps and joints; a lone point becomes a dot.
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=255)
    digit = np.asarray(canvas.reduce(s), dtype=np.float32) / np.float32(255.0)
    return _centre_by_mass(digit)


def to_uint8(image: np.ndarray) -> np.ndarray:
    """A float image in [0, 1] as uint8, rounded to the nearest step."""
    return np.clip(np.rint(np.asarray(image, dtype=np.float32) * 255.0), 0, 255).astype(np.uint8)


def drawings_to_images(drawings: Iterable) -> np.ndarray:
    """Each drawing (its strokes) as :func:`strokes_to_model_input` renders it: uint8 (N, 28, 28); a
    drawing without points stays black. How training sets made of strokes become images."""
    rendered = [strokes_to_model_input(strokes) for strokes in drawings]
    images = np.zeros((len(rendered), MODEL_INPUT_SIZE, MODEL_INPUT_SIZE), dtype=np.uint8)
    for index, image in enumerate(rendered):
        if image is not None:
            images[index] = to_uint8(image)
    return images


def _thin_out(points: np.ndarray, min_step: float) -> np.ndarray:
    """Keep about one point per min_step of path length (and the ends).

    A pen reports far more points than a 20 px digit can show; fewer segments draw faster and look
    the same. Points are kept where the path length crosses a multiple of min_step, which depends
    only on the shape, so the result stays independent of position and scale.
    """
    if len(points) <= 2:
        return points
    lengths = np.hypot(*np.diff(points, axis=0).T)
    travelled = np.round(np.concatenate([[0.0], np.cumsum(lengths)]), 6)
    bucket = np.floor(travelled / min_step)
    keep = np.concatenate([[True], bucket[1:] != bucket[:-1]])
    keep[-1] = True
    return points[keep]


def _sharp_corners(points: np.ndarray) -> np.ndarray:
    """Indices of the points where the path turns by more than 20 degrees (which need a round joint).

    At gentler turns the notch between two square-ended wide segments is under 2 % of the pen's
    radius: invisible after downsampling.
    """
    if len(points) < 3:
        return np.empty(0, dtype=int)
    directions = np.diff(points, axis=0)
    lengths = np.hypot(*directions.T)
    directions = directions[lengths > 0] / lengths[lengths > 0, None]
    indices = np.flatnonzero(lengths > 0) + 1  # each direction's end point
    turns = np.einsum("ij,ij->i", directions[:-1], directions[1:]) < math.cos(math.radians(20))
    return indices[:-1][turns]


def as_polylines(strokes: Iterable[Sequence[Sequence[float]] | np.ndarray] | np.ndarray) -> list[np.ndarray]:
    """Validate strokes into a list of (n, 2) float64 arrays of finite points, empty ones dropped."""
    if isinstance(strokes, np.ndarray) and strokes.ndim == 2:
        strokes = [strokes]
    polylines = []
    for stroke in strokes:
        points = np.asarray(stroke, dtype=np.float64)
        if points.size == 0:
            continue
        if points.ndim != 2 or points.shape[1] != 2:
            raise ValueError(f"a stroke must be a sequence of (x, y) points, got shape {points.shape}")
        points = points[np.isfinite(points).all(axis=1)]
        if len(points):
            polylines.append(points)
    return polylines
