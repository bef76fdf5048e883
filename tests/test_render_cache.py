"""Rendered training drawings kept on disk (core/render_cache.py): the same images as rendering them,
read back instead of drawn again, and never a reason for a run to fail."""

from __future__ import annotations

import numpy as np
import pytest

from desktop_app.core import render_cache
from desktop_app.core.non_digits import non_digit_images
from desktop_app.core.paths import render_cache_path
from desktop_app.core.render_cache import KEEP_PER_KIND, cached_render

SHAPE = (3, 28, 28)


def counting(images: np.ndarray):
    calls = []

    def render() -> np.ndarray:
        calls.append(1)
        return images.copy()

    return render, calls


def some_images(seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, SHAPE, dtype=np.uint8)


def cache_files() -> list:
    return sorted((render_cache_path()).glob("*.npy"))


def test_a_second_run_reads_what_the_first_rendered():
    render, calls = counting(some_images())
    first = cached_render("test", {"seed": 1}, render, SHAPE)
    second = cached_render("test", {"seed": 1}, render, SHAPE)
    assert calls == [1] and np.array_equal(first, second)
    other, other_calls = counting(some_images(2))
    assert np.array_equal(cached_render("test", {"seed": 2}, other, SHAPE), some_images(2))  # other params
    assert other_calls == [1]


def test_non_digits_from_the_cache_are_the_rendered_ones():
    rendered = non_digit_images(40, seed=5)
    assert len(cache_files()) == 1
    assert np.array_equal(non_digit_images(40, seed=5), rendered)
    cache_files()[0].unlink()
    assert np.array_equal(non_digit_images(40, seed=5), rendered)  # and rendered again the same


@pytest.mark.parametrize("damage", [b"", b"not an array at all", None])
def test_a_damaged_or_foreign_cache_file_is_rendered_again(damage):
    render, calls = counting(some_images())
    cached_render("test", {"seed": 1}, render, SHAPE)
    [path] = cache_files()
    if damage is None:  # a valid array of another shape
        np.save(path, np.zeros((2, 28, 28), dtype=np.uint8))
    else:
        path.write_bytes(damage)
    assert np.array_equal(cached_render("test", {"seed": 1}, render, SHAPE), some_images())
    assert calls == [1, 1]
    assert np.array_equal(np.load(path), some_images())  # and replaced


def test_a_cache_that_cannot_be_written_leaves_the_run_as_it_was():
    (render_cache_path()).write_text("a file where the folder would be")
    render, calls = counting(some_images())
    assert np.array_equal(cached_render("test", {"seed": 1}, render, SHAPE), some_images())
    assert np.array_equal(cached_render("test", {"seed": 1}, render, SHAPE), some_images())
    assert calls == [1, 1]


def test_another_rasteriser_finds_nothing_and_its_files_are_cleared(monkeypatch):
    render, calls = counting(some_images())
    cached_render("test", {"seed": 1}, render, SHAPE)
    monkeypatch.setattr(render_cache, "_fingerprint", "f" * 64)  # the rasteriser's code changed
    cached_render("test", {"seed": 1}, render, SHAPE)
    assert calls == [1, 1]
    assert [path.name.split("-")[1] for path in cache_files()] == ["f" * 16]


def test_only_the_newest_few_are_kept_per_kind():
    for seed in range(KEEP_PER_KIND + 2):
        cached_render("test", {"seed": seed}, counting(some_images(seed))[0], SHAPE)
    cached_render("other", {"seed": 0}, counting(some_images())[0], SHAPE)
    names = [path.name for path in cache_files()]
    assert sum(name.startswith("test-") for name in names) == KEEP_PER_KIND
    assert sum(name.startswith("other-") for name in names) == 1


def test_nothing_is_cached_without_sources_to_fingerprint(monkeypatch):
    monkeypatch.setattr(render_cache, "renderer_fingerprint", lambda: None)  # a frozen bundle
    render, calls = counting(some_images())
    cached_render("test", {"seed": 1}, render, SHAPE)
    cached_render("test", {"seed": 1}, render, SHAPE)
    assert calls == [1, 1] and cache_files() == []


def test_the_fingerprint_changes_with_the_rasteriser_source(tmp_path, monkeypatch):
    import sys
    import types

    source = tmp_path / "fake_rasteriser.py"
    module = types.ModuleType("fake_rasteriser")
    module.__file__ = str(source)
    monkeypatch.setitem(sys.modules, "fake_rasteriser", module)
    monkeypatch.setattr(render_cache, "RENDERER_MODULES", ("fake_rasteriser",))

    def fingerprint(code: str) -> str | None:
        source.write_text(code)
        monkeypatch.setattr(render_cache, "_fingerprint", None)
        return render_cache.renderer_fingerprint()

    before = fingerprint("WIDTH = 1\n")
    assert before is not None and fingerprint("WIDTH = 1\n") == before
    assert fingerprint("WIDTH = 2\n") != before
