"""A model's ONNX twin: the same network exported for onnxruntime, kept beside its weights file.

``models/<ID>/model.onnx`` beside ``model.pt``, and ``weights/default.onnx`` beside the shipped
``default.pt`` (shipped with it; ``tests/test_onnx_twin.py`` checks that they match). Each twin
records in its metadata the SHA-256 of the weights file it was exported from, and is read only
while the weights file still has those bytes: a twin that is missing or stale (the weights were
replaced) is never used, and :func:`make_twin` makes it again. A weights file that cannot be
exported is read with PyTorch, as before twins existed; the failure is recorded beside it
(``model.onnx-failed``, with the weights' SHA-256) so that it is not tried again for the same bytes.

Only library models get twins written: the app's own files (shipped) are read-only, and a file
elsewhere is the user's (its library copy, if it has one, lends its twin). Reading a twin needs
no torch; making one does.
"""

from __future__ import annotations

from pathlib import Path

from .errors import UserError
from .model_library import ModelLibrary, file_sha256
from .onnx_inference import OnnxModelError, OnnxPredictor

TWIN_SUFFIX = ".onnx"
FAILED_SUFFIX = ".onnx-failed"


def twin_beside(weights: Path) -> Path:
    return Path(weights).with_suffix(TWIN_SUFFIX)


def load_twin(weights: Path) -> OnnxPredictor | None:
    """onnxruntime's reader for ``weights`` if a twin made from these very bytes exists, else None."""
    try:
        import onnxruntime  # noqa: F401  (without it every model is read with PyTorch)
    except ImportError:
        return None
    try:
        digest = file_sha256(Path(weights))
    except OSError:
        return None  # PyTorch's loader says what is wrong with the file
    for candidate in _candidates(Path(weights), digest):
        reader = _twin_of(candidate, digest)
        if reader is not None:
            return reader
    return None


def twin_wanted(weights: Path) -> bool:
    """Whether :func:`make_twin` would try to make a twin for ``weights`` (a library model's file, or
    a copy of one, whose export has not already failed for these bytes)."""
    try:
        digest = file_sha256(Path(weights))
    except OSError:
        return False
    target = _writable_twin(Path(weights), digest)
    return target is not None and _recorded_failure(target) != digest


def make_twin(weights: Path) -> Path | None:
    """Export the twin of a library model's weights (or of the library's copy of ``weights``); the twin's
    path, or None when the weights are no library model's or cannot be exported (recorded, and never
    raised: the model is then read with PyTorch). Imports torch."""
    from .onnx_export import export_onnx

    weights = Path(weights)
    try:
        digest = file_sha256(weights)
    except OSError:
        return None
    target = _writable_twin(weights, digest)
    if target is None or _recorded_failure(target) == digest:
        return None
    if _twin_of(target, digest) is not None:
        return target  # already made (asked twice: when added, and when read without it)
    try:
        export_onnx(weights, target)
    except UserError as exc:
        _record_failure(target, digest, str(exc))
        return None
    try:
        target.with_suffix(FAILED_SUFFIX).unlink(missing_ok=True)  # an earlier failure, for other bytes
    except OSError:
        pass  # harmless: it names other bytes than these
    return target


#: The hidden command-line flag that makes one twin in a process of its own (desktop_app/cli.py).
MAKE_TWIN_FLAG = "--make-twin"
#: A child that has not exported in this long is stuck; the model is then read with PyTorch.
CHILD_TIMEOUT_S = 600


def make_twin_in_child(weights: Path) -> bool:
    """:func:`make_twin` in a child process, for a long-running app: torch's ONNX exporter keeps about
    1 MB per export (its op registry and fake-tensor caches; measured: 12 exports, +12 MB of RSS that
    ``gc`` and ``malloc_trim`` do not give back), and its Python work would hold the GIL against the
    window. Nothing is started when no twin is needed (checked here, without torch). True when the
    twin is there, or the child ran to its end (a failure is then recorded beside the weights);
    False when it could not run or was stopped (:func:`stop_twin_children`)."""
    import subprocess
    import sys

    weights = Path(weights)
    stops_before = _stops
    if not twin_wanted(weights) or load_twin(weights) is not None:
        return True
    if getattr(sys, "frozen", False):  # the PyInstaller bundle: its binary is the command line
        command = [sys.executable, MAKE_TWIN_FLAG, str(weights)]
    else:
        command = [sys.executable, "-m", "desktop_app", MAKE_TWIN_FLAG, str(weights)]
    try:
        child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
    except OSError:
        return False
    _children.add(child)
    if _stops != stops_before:  # stop_twin_children ran while this child was being started: it missed it
        child.terminate()
    try:
        return child.wait(timeout=CHILD_TIMEOUT_S) == 0
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
        return False
    finally:
        _children.discard(child)


#: Twin makers running now (a set: the app may quit while one exports).
_children: set = set()
#: How many times :func:`stop_twin_children` has run: a child started across one is stopped too.
_stops = 0


def stop_twin_children() -> None:
    """Stop every twin export still running (the app is quitting; a twin is only a cache, made again
    the next time the model is loaded), and one being started in another thread right now."""
    global _stops
    _stops += 1
    for child in list(_children):
        child.terminate()


def _twin_of(candidate: Path, digest: str) -> OnnxPredictor | None:
    """The reader of ``candidate`` if it is a twin made from weights with this SHA-256."""
    if not candidate.is_file():
        return None
    try:
        reader = OnnxPredictor.from_file(candidate)
    except OnnxModelError:
        return None  # a damaged twin is no twin: it is made again
    return reader if reader.weights_sha256 == digest else None


def _candidates(weights: Path, digest: str):
    """Where the twin may be: beside the weights, then beside the library's copy of them."""
    yield twin_beside(weights)
    copy = _library().model_with_digest(digest)
    if copy is not None and copy.weights_path != weights:
        yield twin_beside(copy.weights_path)


def _writable_twin(weights: Path, digest: str) -> Path | None:
    library = _library()
    if library.holds_weights(weights):
        return twin_beside(weights)
    copy = library.model_with_digest(digest)
    return twin_beside(copy.weights_path) if copy is not None else None


def _library() -> ModelLibrary:
    return ModelLibrary()


def _recorded_failure(target: Path) -> str | None:
    try:
        return target.with_suffix(FAILED_SUFFIX).read_text(encoding="utf-8").split("\n", 1)[0].strip()
    except (OSError, ValueError):
        return None


def _record_failure(target: Path, digest: str, reason: str) -> None:
    try:
        target.with_suffix(FAILED_SUFFIX).write_text(f"{digest}\n{reason}\n", encoding="utf-8")
    except OSError:
        pass  # then it is simply tried again next time
