"""The window's side of the model library: which weights the app starts with, keeping the user's
choice as the library's active model, keeping finished runs, and the Model menu's list of models.

Plain functions over :class:`~desktop_app.core.model_library.ModelLibrary` (no torch at import: the
window module imports this one lazily) plus :class:`ModelsMenuSection`, which lists the models in
the Model menu with a check mark on the active one, read afresh each time the menu opens (another
window or the CLI may have changed the library meanwhile).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu

from ..core.errors import UserError
from ..core.model_library import ModelEntry, ModelLibrary, now_iso, write_json_atomically
from ..core.paths import is_file, shipped_weights_path, trained_weights_path
from ..core.texts import Context
from . import i18n
from .training_messages import model_name

if TYPE_CHECKING:
    from ..core.training import FitResult

#: The messages' translation context (lupdate reads ``ModelChoice.tr(...)`` as Qt's ``tr``).
ModelChoice = Context("ModelChoice")

#: Written in the library once the ``trained.pt`` of a version before the library has been looked at.
LEGACY_IMPORT_MARKER = ".trained-pt-imported"


def startup_weights() -> tuple[Path, str | None]:
    """The weights to load at launch: the active model's. When it cannot be used, the shipped weights
    for this session and a message saying why (the stored choice stays: the user decides)."""
    try:
        return ModelLibrary().active_weights_path(), None
    except UserError as error:
        return shipped_weights_path(), ModelChoice.tr("{error}. The shipped weights are in use meanwhile").format(
            error=i18n.error_text(error))


def remember_choice(path: Path) -> str | None:
    """Make the weights at ``path`` (just loaded) the active model for the next launch and the CLI:
    its library entry, or a new one for a file from elsewhere. Returns a message when that fails."""
    library = ModelLibrary()
    try:
        entry = library.entry_for_weights(path) or library.add(path)
        library.set_active(entry.id, verify_weights=False)  # the window has just loaded it
    except UserError as error:
        return ModelChoice.tr("These weights are in use now, but the choice could not be kept for the next launch: {error}"
                   ).format(error=i18n.error_text(error))
    return None


def keep_finished_run(weights_path: Path, device: str | None, wall_time_s: float | None
                      ) -> tuple[ModelEntry | None, ModelEntry | None, str | None]:
    """Add a finished run's weights to the library (not active). Returns the new entry, the active
    model's entry (to compare scores with; None if it cannot be read) and a message if adding failed."""
    library = ModelLibrary()
    try:
        active = library.active_entry()
    except UserError:
        active = None
    try:
        return library.add(weights_path, device=device, wall_time_s=wall_time_s), active, None
    except UserError as error:
        return None, active, ModelChoice.tr("The run's weights are saved at {path} but could not be kept as a model: {error}"
                                 ).format(path=weights_path, error=i18n.error_text(error))


class KeptRun(NamedTuple):
    """A finished or stopped run as the model library took it: the new entry (None if adding failed),
    the active model's entry to compare with (completed runs only) and a message when something failed."""

    entry: ModelEntry | None
    active: ModelEntry | None
    problem: str | None


def keep_run_in_library(result: FitResult, device: str | None) -> KeptRun | None:
    """Keep a completed run's weights, or a stopped run's checkpoint, as a model; None when there is
    nothing to keep (a failed run, or one stopped before its first batch).

    Called in the training thread after the run (TrainingWorker's ``keep_result``): adding opens and
    checksums the weights file, 110-290 ms for the seed tutorial's 60 MB network, which on the GUI
    thread froze the window as each such run ended."""
    if result.status == "completed" and result.weights_path is not None:
        return KeptRun(*keep_finished_run(result.weights_path, device, None))
    if result.status == "stopped" and result.checkpoint_path is not None and result.history.get("batch_loss"):
        entry, problem = keep_stopped_run(result.checkpoint_path, device, result.epochs_done)
        return KeptRun(entry, None, problem)
    return None


def keep_stopped_run(checkpoint: Path, device: str | None, epochs_done: int) -> tuple[ModelEntry | None, str | None]:
    """Keep a stopped run's checkpoint as a model too (its weights so far; not active). Returns the
    entry and a message when that failed."""
    library = ModelLibrary()
    try:
        entry = library.add(checkpoint, device=device)
        entry = library.rename(entry.id, f"{entry.name} (stopped after {epochs_done} epochs)"[:100])
    except UserError as error:
        return None, ModelChoice.tr("The stopped run's weights could not be kept as a model: {error}").format(
            error=i18n.error_text(error))
    return entry, None


def legacy_weights_to_import() -> Path | None:
    """The ``trained.pt`` a version before the model library left in the data folder, if it has not
    been looked at yet (cheap: for the GUI thread; the import itself opens the weights)."""
    path = trained_weights_path()
    if not is_file(path) or is_file(ModelLibrary().root / LEGACY_IMPORT_MARKER):
        return None
    return path


def import_legacy_weights(path: Path) -> str | None:
    """Keep ``path`` (see :func:`legacy_weights_to_import`) as a model unless the library already has
    it (a run of this version), once: a marker says it was done. Returns what to tell the user."""
    library = ModelLibrary()
    message = None
    try:
        if library.entry_for_weights(path) is None:
            entry = library.add(path)
            message = ModelChoice.tr("Your trained weights from before the model library are kept as the model "
                                     "\u201c{name}\u201d (Model \u25b8 Models\u2026)").format(name=entry.name)
    except UserError as error:
        message = ModelChoice.tr("The trained weights {path} could not be kept in the model library: {error}").format(
            path=path, error=i18n.error_text(error))
    try:
        write_json_atomically(library.root / LEGACY_IMPORT_MARKER, {"imported": str(path), "at": now_iso()})
    except UserError:
        pass  # looked at again next time: harmless, since a second import finds the first
    return message


class ModelsMenuSection:
    """The models listed at the end of the Model menu, the active one checked; choosing one calls
    ``use_weights(path)``."""

    def __init__(self, menu: QMenu, use_weights: Callable[[Path], bool]) -> None:
        self._menu = menu
        self._use_weights = use_weights
        self._group = QActionGroup(menu)
        self._group.setExclusive(True)
        self._separator = menu.addSeparator()
        self.actions: list[QAction] = []
        menu.aboutToShow.connect(self.refresh)

    def refresh(self) -> None:
        for action in self.actions:
            self._menu.removeAction(action)
            self._group.removeAction(action)
            action.deleteLater()
        library = ModelLibrary()
        try:
            active = library.active_id()
        except UserError:
            active = None
        self.actions = [self._action(entry, entry.id == active) for entry in library.entries()]

    def _action(self, entry: ModelEntry, active: bool) -> QAction:
        name = model_name(entry)
        accuracy = "" if entry.test_accuracy is None else ModelChoice.tr(" ({accuracy})").format(
            accuracy=i18n.percent(entry.test_accuracy, 2))
        action = QAction(f"{name}{accuracy}", self._menu)
        action.setObjectName(f"model:{entry.id}")
        action.setCheckable(True)
        action.setChecked(active)
        action.setStatusTip(ModelChoice.tr("Read digits with {name} ({architecture}), created {date}").format(
            name=name, architecture=entry.architecture, date=entry.created[:10]))
        path = entry.weights_path
        action.triggered.connect(lambda _checked=False: self._use_weights(path))
        self._group.addAction(action)
        self._menu.addAction(action)
        return action
