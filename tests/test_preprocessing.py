"""Preprocessing: any picture or pen strokes -> the MNIST-style 28x28 input, and image loading."""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from desktop_app.core.data import read_idx
from desktop_app.core.preprocessing import (
    DIGIT_BOX,
    MODEL_INPUT_SIZE,
    STROKE_WIDTH,
    ImageLoadError,
    image_from_bytes,
    load_image,
    strokes_to_model_input,
    to_model_input,
)

REPO_ROOT = Path(__file__).resolve().parents[1]
# The project's committed copy, or the shared read-only one beside the repository.
MNIST_FOLDERS = [REPO_ROOT / "resources" / "mnist", REPO_ROOT.parent / "shared" / "data" / "mnist"]
SAMPLE_COUNT = 200


@pytest.fixture(scope="module")
def mnist_digits() -> np.ndarray:
    """The first SAMPLE_COUNT MNIST test images, uint8 (n, 28, 28), white ink on black."""
    for folder in MNIST_FOLDERS:
        path = folder / "t10k-images-idx3-ubyte.gz"
        if path.is_file():
            return read_idx(path)[:SAMPLE_COUNT]
    pytest.skip(f"MNIST test images not found in {' or '.join(map(str, MNIST_FOLDERS))}")


def correlation(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.corrcoef(a.ravel(), b.ravel())[0, 1])


def best_shift_correlation(a: np.ndarray, b: np.ndarray) -> float:
    """Correlation allowing a one-pixel shift: centring by mass rounds to whole pixels, so a
    re-rendered digit may legitimately land one pixel beside the original."""
    return max(correlation(np.roll(a, (dy, dx), axis=(0, 1)), b) for dy in (-1, 0, 1) for dx in (-1, 0, 1))


def centre_of_mass(image: np.ndarray) -> tuple[float, float]:
    rows, cols = np.indices(image.shape)
    return float((rows * image).sum() / image.sum()), float((cols * image).sum() / image.sum())


def ink_box(image: np.ndarray, level: float = 0.0) -> tuple[int, int]:
    """(height, width) of the bounding box of pixels above level."""
    rows = np.flatnonzero((image > level).any(axis=1))
    cols = np.flatnonzero((image > level).any(axis=0))
    return int(rows[-1] - rows[0] + 1), int(cols[-1] - cols[0] + 1)


def assert_model_input(result: np.ndarray | None) -> np.ndarray:
    assert result is not None
    assert result.shape == (MODEL_INPUT_SIZE, MODEL_INPUT_SIZE)
    assert result.dtype == np.float32
    assert 0.0 <= float(result.min()) and float(result.max()) <= 1.0
    return result


# --------------------------------------------------------------------------------------------------
# to_model_input


def test_mnist_image_comes_back_nearly_unchanged(mnist_digits):
    correlations, differences = [], []
    for digit in mnist_digits:
        result = assert_model_input(to_model_input(digit))
        original = digit / 255.0
        correlations.append(correlation(result, original))
        differences.append(np.abs(result - original).mean())
    assert np.median(correlations) > 0.99
    assert np.mean(np.array(correlations) > 0.95) > 0.95
    assert min(correlations) > 0.8
    assert np.mean(differences) < 0.01


def as_black_on_white_canvas(digit: np.ndarray) -> Image.Image:
    """The digit inverted, upscaled 10x and pasted off-centre on a big white canvas."""
    enlarged = Image.fromarray(255 - digit).resize((280, 280), Image.Resampling.BICUBIC)
    canvas = Image.new("L", (900, 640), 255)
    canvas.paste(enlarged, (70, 310))
    return canvas


def as_transparent(canvas: Image.Image, ink_rgb: tuple[int, int, int]) -> Image.Image:
    """Ink of one colour on a transparent background, the darkness of the canvas as the alpha."""
    rgba = np.zeros((canvas.height, canvas.width, 4), dtype=np.uint8)
    rgba[..., :3] = ink_rgb
    rgba[..., 3] = 255 - np.asarray(canvas)
    return Image.fromarray(rgba)


def palette_with_transparent_background(canvas: Image.Image) -> Image.Image:
    """A GIF-style palette image whose background colour is the transparent palette entry."""
    palette_image = canvas.convert("RGB").quantize(colors=32)
    palette_image.info["transparency"] = palette_image.getpixel((0, 0))
    return palette_image


VARIANTS = {
    "L canvas": lambda canvas: canvas,
    "RGB": lambda canvas: canvas.convert("RGB"),
    "RGBA opaque": lambda canvas: canvas.convert("RGBA"),
    "RGBA black ink on transparent": lambda canvas: as_transparent(canvas, (0, 0, 0)),
    "RGBA white ink on transparent": lambda canvas: as_transparent(canvas, (255, 255, 255)),
    "LA": lambda canvas: as_transparent(canvas, (0, 0, 0)).convert("LA"),
    "P": lambda canvas: canvas.convert("RGB").convert("P", palette=Image.Palette.ADAPTIVE),
    "P with transparency": lambda canvas: palette_with_transparent_background(canvas),
    "1 (bilevel)": lambda canvas: canvas.convert("1", dither=Image.Dither.NONE),
    "I;16": lambda canvas: Image.fromarray(np.asarray(canvas).astype(np.uint16) * 257),
    "I": lambda canvas: canvas.convert("I"),
    "F": lambda canvas: canvas.convert("F"),
    "uint16 array": lambda canvas: np.asarray(canvas).astype(np.uint16) * 257,
    "float array": lambda canvas: np.asarray(canvas) / 255.0,
    "RGB array": lambda canvas: np.asarray(canvas.convert("RGB")),
    "RGBA array": lambda canvas: np.asarray(as_transparent(canvas, (0, 0, 0))),
    "float RGBA array": lambda canvas: np.asarray(as_transparent(canvas, (0, 0, 0))) / 255.0,
}


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_kind_of_picture_gives_the_mnist_form(mnist_digits, variant):
    make = VARIANTS[variant]
    correlations = []
    for digit in mnist_digits[:25]:
        result = assert_model_input(to_model_input(make(as_black_on_white_canvas(digit))))
        correlations.append(best_shift_correlation(result, digit / 255.0))
    assert np.median(correlations) > 0.95, variant
    assert min(correlations) > 0.8 if variant != "1 (bilevel)" else min(correlations) > 0.7, variant


def paper_photo(digit: np.ndarray, size: tuple[int, int] = (600, 450), seed: int = 0) -> np.ndarray:
    """A grey, unevenly lit, noisy "photo" of dark ink on paper, uint8 (height, width)."""
    width, height = size
    rng = np.random.default_rng(seed)
    ys, xs = np.mgrid[0:height, 0:width]
    paper = 0.85 - 0.35 * xs / width - 0.1 * (ys / height) ** 2  # lit from the left and the top
    ink = np.asarray(Image.fromarray(digit).resize((240, 240), Image.Resampling.BICUBIC)) / 255.0
    top, left = 120, 250
    paper[top : top + 240, left : left + 240] *= 1.0 - 0.65 * ink  # ink absorbs 65 % of the light
    photo = paper + rng.normal(0.0, 0.03, paper.shape)
    return (np.clip(photo, 0.0, 1.0) * 255).astype(np.uint8)


def test_noisy_unevenly_lit_photo_still_finds_the_digit(mnist_digits):
    correlations = []
    for index, digit in enumerate(mnist_digits[:20]):
        result = assert_model_input(to_model_input(paper_photo(digit, seed=index)))
        correlations.append(best_shift_correlation(result, digit / 255.0))
    assert np.median(correlations) > 0.85
    assert min(correlations) > 0.6


def test_thin_pen_on_a_big_photo_is_thickened_to_mnist_strokes():
    photo = Image.new("L", (4000, 3000), 200)
    ImageDraw.Draw(photo).line([(1500, 500), (2500, 500), (1800, 2500)], fill=40, width=30)
    result = assert_model_input(to_model_input(photo))
    assert ink_box(result, 0.1)[0] in (19, 20, 21)
    # A 30 px line on a 2000 px digit would be 0.3 px wide at 20 px; MNIST strokes are 2-3 px.
    assert 40 < result.sum() < 120


def test_small_thin_digit_on_a_big_canvas_is_found():
    canvas = Image.new("L", (1200, 900), 255)
    ImageDraw.Draw(canvas).line([(300, 200), (330, 200), (330, 330)], fill=0, width=3)
    result = assert_model_input(to_model_input(canvas))
    assert ink_box(result, 0.1)[0] in (19, 20, 21)


def test_result_contract_and_centring(mnist_digits):
    canvas = as_black_on_white_canvas(mnist_digits[0])
    result = assert_model_input(to_model_input(canvas))
    centre_y, centre_x = centre_of_mass(result)
    assert abs(centre_y - 14) <= 0.5 and abs(centre_x - 14) <= 0.5
    assert max(ink_box(result)) in (20, 21)
    assert result.max() == pytest.approx(1.0, abs=0.05)


def speck(value: int) -> Image.Image:
    image = Image.new("L", (400, 400), 255)
    image.putpixel((123, 321), value)
    return image


def transparent(width: int = 300, height: int = 200) -> Image.Image:
    rgba = np.zeros((height, width, 4), dtype=np.uint8)
    rgba[40:120, 50:60, :3] = 255  # white "ink" that is fully transparent: nothing is visible
    return Image.fromarray(rgba)


def noisy_grey(seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.clip(rng.normal(128, 6, (300, 400)), 0, 255).astype(np.uint8)


NOTHING_TO_READ = {
    "blank white": lambda: Image.new("L", (400, 400), 255),
    "blank black": lambda: Image.new("L", (400, 400), 0),
    "uniform grey": lambda: Image.new("RGB", (300, 500), (128, 128, 128)),
    "noisy grey": noisy_grey,
    "blank float array": lambda: np.ones((64, 64)),
    "tiny MNIST-size blank": lambda: np.zeros((28, 28), dtype=np.uint8),
    "single faint speck": lambda: speck(235),
    "single black speck": lambda: speck(0),
    "dot, not a digit": lambda: np.pad(np.zeros((3, 3)), 200, constant_values=1.0),
    "all-transparent RGBA": transparent,
    "faint smudge": lambda: np.pad(np.full((50, 30), 250, np.uint8), 100, constant_values=255),
}


@pytest.mark.parametrize("case", NOTHING_TO_READ)
def test_no_digit_gives_none(case):
    assert to_model_input(NOTHING_TO_READ[case]()) is None


def test_rejects_what_is_not_an_image():
    with pytest.raises(TypeError):
        to_model_input("digit.png")
    with pytest.raises(ValueError):
        to_model_input(np.zeros((4, 4, 5)))


def median_milliseconds(function, repeats: int) -> float:
    function()  # warm-up
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        timings.append(time.perf_counter() - start)
    return 1000 * float(np.median(timings))


def test_to_model_input_is_fast(mnist_digits):
    canvas = as_black_on_white_canvas(mnist_digits[0]).resize((400, 400)).convert("RGB")
    photo = Image.fromarray(paper_photo(mnist_digits[1], size=(4000, 3000))).convert("RGB")
    # Budgets: 3 ms and 100 ms; the asserts leave room for a busy CI machine.
    assert median_milliseconds(lambda: to_model_input(canvas), 30) < 10
    assert median_milliseconds(lambda: to_model_input(photo), 3) < 100


# --------------------------------------------------------------------------------------------------
# strokes_to_model_input


def circle(cx: float, cy: float, radius: float, points: int = 100) -> np.ndarray:
    angles = np.linspace(0, 2 * np.pi, points)
    return np.stack([cx + radius * np.cos(angles), cy + radius * np.sin(angles)], axis=1)


FOUR = [[(60, 10), (20, 80), (90, 80)], [(70, 40), (70, 130)]]


def test_vertical_line_one_is_a_centred_bar_20_px_tall():
    result = assert_model_input(strokes_to_model_input([[(100, 50), (100, 250)]]))
    height, width = ink_box(result, 0.05)
    assert height == DIGIT_BOX
    assert width <= 4
    centre_y, centre_x = centre_of_mass(result)
    assert abs(centre_y - 14) <= 0.501 and abs(centre_x - 14) <= 0.501  # whole-pixel shifts, as MNIST
    # Horizontal line: the same bar turned.
    turned = strokes_to_model_input([[(50, 100), (250, 100)]])
    np.testing.assert_allclose(turned, result.T, atol=1e-6)


def test_no_points_gives_none():
    assert strokes_to_model_input([]) is None
    assert strokes_to_model_input([[], []]) is None
    assert strokes_to_model_input(np.zeros((0, 2))) is None


def test_single_point_is_a_dot():
    result = assert_model_input(strokes_to_model_input([[(5, 7)]]))
    assert 2 <= result.sum() <= 8
    assert max(ink_box(result, 0.05)) <= 4


def test_canvas_size_and_position_do_not_matter():
    strokes = [circle(50, 60, 30), [(80, 60), (80, 150), (75, 160)], [(10, 10)]]
    moved = [np.asarray(stroke, dtype=float) * 10 + (1234.5, -77.25) for stroke in strokes]
    np.testing.assert_allclose(strokes_to_model_input(moved), strokes_to_model_input(strokes), atol=1e-5)


def test_accepts_arrays_lists_and_a_single_array():
    as_lists = strokes_to_model_input(FOUR)
    as_arrays = strokes_to_model_input([np.array(stroke, dtype=np.float32) for stroke in FOUR])
    np.testing.assert_allclose(as_lists, as_arrays, atol=1e-6)
    single = assert_model_input(strokes_to_model_input(np.array(FOUR[0])))
    np.testing.assert_allclose(single, strokes_to_model_input([FOUR[0]]), atol=1e-6)
    with pytest.raises(ValueError):
        strokes_to_model_input([[(1, 2, 3)]])


def test_rendered_ink_resembles_mnist():
    """Typical digits carry about as much ink as MNIST's (mean pixel 0.1307, ink sum ~100)."""
    zero = [circle(0, 0, 40)]
    eight = [circle(0, -30, 25), circle(0, 25, 30)]
    for strokes in (zero, eight, FOUR):
        result = assert_model_input(strokes_to_model_input(strokes))
        assert 60 < result.sum() < 160
        assert result.max() == pytest.approx(1.0)
        assert max(ink_box(result)) == DIGIT_BOX
        centre_y, centre_x = centre_of_mass(result)
        assert abs(centre_y - 14) <= 0.501 and abs(centre_x - 14) <= 0.501
    # The pen is MNIST-wide: a long straight stroke is about STROKE_WIDTH pixels of ink across.
    bar = strokes_to_model_input([[(0, 0), (0, 100)]])
    assert bar[14].sum() == pytest.approx(STROKE_WIDTH, abs=0.1)


def test_strokes_to_model_input_is_fast():
    strokes = [circle(50, 50, 40), circle(50, 140, 45), np.linspace((0, 0), (100, 190), 100)]
    assert median_milliseconds(lambda: strokes_to_model_input(strokes), 50) < 6  # budget: 2 ms


# --------------------------------------------------------------------------------------------------
# load_image / image_from_bytes


def encoded(image: Image.Image, image_format: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG signature and header claiming the given size, with no pixel data at all."""

    def chunk(kind: bytes, content: bytes) -> bytes:
        return (
            struct.pack(">I", len(content)) + kind + content + struct.pack(">I", zlib.crc32(kind + content))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit grey
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", b"") + chunk(b"IEND", b"")


@pytest.mark.parametrize("image_format", ["PNG", "JPEG", "BMP", "GIF", "WEBP"])
def test_good_files_load(tmp_path, image_format):
    picture = Image.new("RGB", (64, 48), "white")
    ImageDraw.Draw(picture).line([(32, 5), (32, 43)], fill="black", width=5)
    path = tmp_path / f"digit.{image_format.lower()}"
    path.write_bytes(encoded(picture, image_format))
    loaded = load_image(path)
    assert loaded.size == (64, 48)
    loaded.getpixel((0, 0))  # pixel data is in memory
    assert to_model_input(loaded) is not None
    assert image_from_bytes(path.read_bytes()).size == (64, 48)


def test_animated_gif_gives_its_first_frame(tmp_path):
    frames = [Image.new("L", (40, 40), 255), Image.new("L", (40, 40), 0)]
    path = tmp_path / "animated.gif"
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=100, loop=0)
    assert load_image(path).convert("L").getpixel((5, 5)) == 255


def test_transparent_png_keeps_its_alpha(tmp_path):
    path = tmp_path / "ink.png"
    as_transparent(Image.new("L", (30, 30), 255), (0, 0, 0)).save(path)
    assert load_image(path).mode == "RGBA"


BAD_FILES = {
    "missing": (None, "file not found"),
    "directory": ("dir", "directory"),
    "empty": (b"", "empty"),
    "text": (b"this is not an image\n" * 10, "not an image"),
    "truncated": ("truncated", "truncated"),
    "too large": (png_header_only(8000, 6000), "too large"),
    "far too large": (png_header_only(20000, 20000), "too large"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_files_raise_one_clear_line(tmp_path, case):
    content, expected = BAD_FILES[case]
    path = tmp_path / f"{case.replace(' ', '_')}.png"
    if content == "dir":
        path.mkdir()
    elif content == "truncated":
        noise = np.random.default_rng(0).integers(0, 255, (200, 200), dtype=np.uint8)
        data = encoded(Image.fromarray(noise), "PNG")
        path.write_bytes(data[: len(data) // 2])
    elif content is not None:
        path.write_bytes(content)
    with pytest.raises(ImageLoadError, match=expected) as caught:
        load_image(path)
    message = str(caught.value)
    assert str(path) in message and "\n" not in message
    assert isinstance(caught.value, ValueError)


def test_bad_bytes_raise_one_clear_line():
    with pytest.raises(ImageLoadError, match="'clipboard'.*no data"):
        image_from_bytes(b"")
    with pytest.raises(ImageLoadError, match="'paste'.*not an image"):
        image_from_bytes(b"hello", name="paste")
    with pytest.raises(ImageLoadError, match="too large"):
        image_from_bytes(png_header_only(10000, 10000))
    jpeg = encoded(Image.new("RGB", (300, 300), "gray"), "JPEG")
    with pytest.raises(ImageLoadError, match="truncated"):
        image_from_bytes(jpeg[:200])


def test_importing_preprocessing_stays_light():
    """The CLI imports this module and must start fast: no torch, no Qt."""
    code = (
        "import sys, desktop_app.core.preprocessing, devtools.unipen; "
        "heavy = sorted(m for m in ('torch', 'PySide6', 'pyqtgraph') if m in sys.modules); "
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, check=True, timeout=60)


def test_exif_orientation_is_applied(tmp_path):
    picture = Image.new("RGB", (60, 30), "white")
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90 degrees clockwise to display
    path = tmp_path / "sideways.jpg"
    picture.save(path, exif=exif)
    assert load_image(path).size == (30, 60)
