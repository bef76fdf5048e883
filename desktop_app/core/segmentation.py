"""Cut a drawing or a picture of a whole number into its digits, left to right.

Strokes are grouped by where they lie, not by which pixels touch: a 5's top bar, or the second
stroke of a 4 or a 7, often does not touch the rest of its digit but always lies over it. So strokes
whose horizontal extents overlap (and that are not far apart vertically) form one digit; a small
group left on its own (a bar drawn a little to the side) joins its nearest neighbour, and specks
(a tap of the pen) are dropped. Pictures are cut the same way from their pixels: ink columns that
touch form one group, which is what merging connected components by horizontal overlap gives.

Digits written so close that they overlap come out as one group much wider than a digit; such a
group is split where the classifier likes the two halves best (``classify`` is passed in, so this
module stays free of torch). Neighbouring groups that touch are cut only between groups, never
inside one, and never where one side lies deep inside the other (a 4's stem across its bar); a
narrow upright standing apart just right of a group and reaching below it, or a stem stepping down
beside a 4's angle, joins that group before anything is cut. A 1 written into its neighbour (narrow,
as tall, level with it) is weighed for a cut even in a narrow group, and such a cut needs less to
win. Each digit is then turned into the model's input by the same preprocessing a single digit gets
(:mod:`.preprocessing`).

Only numpy is imported, as in :mod:`.preprocessing`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from . import preprocessing

__all__ = ["Segment", "group_strokes", "segment_ink", "segment_strokes"]

#: Probabilities (N, 10) for model inputs (N, 28, 28).
Classify = Callable[[np.ndarray], np.ndarray]

# Fractions of the reference digit height H (see _reference_height).
# A stroke narrower than this is widened to it (around its centre) before overlaps are measured, so
# that a vertical 1 or a 4's upright can overlap anything at all.
_MIN_STROKE_WIDTH = 0.12
# Strokes are one digit when their extents overlap by at least this fraction of the narrower one:
# a bar over a 5 overlaps it fully, two neighbouring digits written a little into each other
# overlap by a small part of either.
_OVERLAP_FRACTION = 0.5
# ... and when they are no further apart vertically than this (two lines of digits stay apart).
_MAX_VERTICAL_GAP = 0.6
# A group whose bounding box is smaller than this on both sides is a piece of a digit, not a
# digit, and joins its nearest neighbour if that lies within _JOIN_GAP.
_PIECE_SIZE = 0.45
_JOIN_GAP = 0.3
# A stroke (or a picture's group) whose longer side is below this is a speck and is dropped.
_SPECK_SIZE = 0.12
# A group flatter than this is a bar (a 5's top, a 7's cross-bar) and joins the digit it lies over.
_BAR_HEIGHT = 0.35
# Neighbouring groups whose ink comes closer than this may be one digit (a 4 written in two
# strokes side by side) or two touching digits: the classifier decides.
_TOUCH_DISTANCE = 0.1
# A group narrower than _UPRIGHT_WIDTH that stands within _UPRIGHT_REACH right of its neighbour's
# ink may be a 4's upright drawn apart from the rest of the 4 (or a 1): the classifier decides.
_UPRIGHT_WIDTH = 0.2
_UPRIGHT_REACH = 0.3
# ... and whose foot reaches below its neighbour's by at least this (a 4's stem goes on below the
# bar; a 1 beside a digit stands on the same baseline).
_UPRIGHT_DROP = 0.12
# ... and a foot below by at least this is sure to be a 4's stem; between the two (a 1 written a
# little lower than the digit before it), the classifier must read the two together as a 4.
_SURE_STEM_DROP = 0.15
# A group narrower than _STEP_WIDTH within _STEP_REACH right of its neighbour, whose top lies at
# least _STEP_LOWER below the neighbour's and whose top and foot lie together at least _STEP_TOTAL
# lower, is a step down: a 4's stem after its angle. (On 9,088 neighbouring groups of 3,000
# composed 4-digit pen numbers, this and the rule above join 104 of the 107 4s that came apart in
# two groups, and 2 pairs of different digits.)
_STEP_WIDTH = 0.45
_STEP_REACH = 0.2
_STEP_LOWER = 0.12
_STEP_TOTAL = 0.45
# A stroke at the edge of a group, narrower than _UPRIGHT_WIDTH, at least _RIDER_HEIGHT tall, whose
# top and foot lie within _RIDER_LEVEL of the rest's and whose middle lies within _RIDER_DEPTH of the
# rest's edge, may be a 1 written into its neighbour: the classifier decides.
_RIDER_HEIGHT = 0.7
_RIDER_LEVEL = 0.2
_RIDER_DEPTH = 0.15
# A cut that leaves such an upright beside the rest counts this much more against the whole: the
# classifier reads a 1 and its neighbour together as one digit about as readily as apart (14 or 11
# as a 4, 71 as a 7).
_ONE_BESIDE_PENALTY = 0.5
# Each side of a cut must be at least this tall: a bar cut off a 5 is not a digit.
_MIN_PART_HEIGHT = 0.45
# The middle of either side of a cut may lie at most this far inside the other side's horizontal
# extent: digits written into each other overlap a little, while a 4's stem crossing its bar or a
# stroke closing a 0 lies well inside the other side.
_MAX_CUT_DEPTH = 0.2
# Width / height of a group above which it may be two digits: 99 % of single pen digits are narrower
# than 1.3 and all are narrower than 2 (measured on the 7,494 UCI pendigits: median 0.64, 0s and
# 2s widest). Above _MUST_SPLIT_ASPECT a group is always cut; between the two the classifier
# decides, with a prior that favours one digit the narrower the group is.
_MAY_SPLIT_ASPECT = 1.0
# Separate groups that touch start to count as two digits from this width / height: about the
# narrowest a pen digit is (1s aside). It was 0.55, near the median digit; at 0.4, 14 fewer of
# 11,200 composed 3-6 digit pen numbers read with too few digits, one more 4 is cut in two, and the
# single pen digits all stay whole (0.3: one fewer wrong count, and one more 4 cut).
_TOUCHING_ONE_DIGIT_ASPECT = 0.4
_WIDE_PENALTY = 4.0
_MUST_SPLIT_ASPECT = 2.2
# Column spans of a picture closer than this (fraction of H) may be one digit broken apart.
_IMAGE_CLOSE_GAP = 0.25
# A picture's group is weighed for cutting only when wider than this: scanned digits are wider
# than pen digits (MNIST's up to 1.25 for a 20-pixel box), and a cut's narrow side always reads as
# a confident 1.
_IMAGE_MAY_SPLIT_ASPECT = 1.3
# Candidate cut columns tried in a wide picture group.
_IMAGE_CUTS = 9
# ... at least this fraction of the height from either end (a 1 is about this narrow).
_CUT_MARGIN = 0.1


# A confident one-digit reading of the whole overrules at most this many parts: a single digit comes
# apart in two (a 4's stem, a 0's second stroke), while three groups side by side are a number even
# when the whole happens to read as one digit (981 read as an 8 at 0.92).
_CONFIDENT_MAX_PARTS = 2


@dataclass(frozen=True)
class _WholeRule:
    """The last word between "one digit" and "several digits", for the whole drawing or picture.

    Grouping and cutting look at parts; a single digit can still come apart there (a 4 whose
    upright stands apart reads as 11, a 0 drawn in two strokes as 01). So the two readings compete
    as hypotheses: the log of the top probability of the whole as one digit, against the sum over
    the digits, with a prior from the whole's width / height. Up to ``one_digit_aspect`` the shape
    says "one digit" and several digits must beat it by ``margin``; past it each unit of aspect
    counts ``per_aspect`` for several. A drawing narrower than ``confident_aspect`` that reads as one
    digit with at least ``confident_one`` is one digit whatever its parts say.
    """

    margin: float
    one_digit_aspect: float
    per_aspect: float
    confident_aspect: float
    confident_one: float

    def several(self, whole_score: float, parts_score: float, aspect: float, parts: int = 2) -> bool:
        if parts <= _CONFIDENT_MAX_PARTS and aspect < self.confident_aspect and whole_score >= np.log(self.confident_one):
            return False
        shape = self.per_aspect * max(0.0, aspect - self.one_digit_aspect)
        return parts_score + shape > whole_score + self.margin

    def surely_several(self, aspect: float, parts: int) -> bool:
        """Whether :meth:`several` holds whatever the scores are: each part's top probability is at
        least 1/10 (0.09 leaves room for rounding) and the whole's at most 1, so a drawing wide enough
        for its parts wins unread (every number of three or more digits written side by side; it
        saves reading 30 digits twice)."""
        if parts <= _CONFIDENT_MAX_PARTS and aspect < self.confident_aspect:
            return False
        shape = self.per_aspect * max(0.0, aspect - self.one_digit_aspect)
        return parts * np.log(0.09) + shape > self.margin


# Chosen on the 7,494 UCI pendigits one at a time (a split is a misread digit) against composed
# 2-6 digit pen numbers: pen digits are narrow (median aspect 0.64), numbers of two or more rarely
# narrower than 0.8. A drawing up to 1.25 wide that reads as one digit with at least 0.9 stays one
# digit. Lowering confident_one (0.65) keeps a few more single digits whole (2 of the 7,494) but
# merges about 30 more of 284 tightly written two-digit numbers into one digit. Since the 4's stem
# and a stroke inside its digit are kept whole by the cutting rules, every single pen digit stays
# whole with 1.25 (1.4 before; 1.15 cuts one 5): 2-digit numbers read with the right count 96.3 ->
# 97.3% (bench_core_numbers.py --lengths 2), 93.4 -> 94.8% on fresh ones (--seed 200 --count 500).
_STROKES_RULE = _WholeRule(margin=1.0, one_digit_aspect=0.6, per_aspect=8.0, confident_aspect=1.25, confident_one=0.9)
# Pictures: on MNIST's 10,000 test digits against pairs of them set side by side. Scanned digits
# are wider than pen digits (an MNIST digit fills 20 pixels of width however flat it is), and a
# wide digit read as two reads each half worse than the whole: the scores alone decide up to 1.6.
_IMAGE_RULE = _WholeRule(margin=0.0, one_digit_aspect=1.6, per_aspect=1.0, confident_aspect=0.0, confident_one=1.0)


@dataclass(frozen=True)
class Segment:
    """One digit's place: ``box`` (x, y, width, height) in the input's coordinates, and its 28x28 input.

    For strokes, ``strokes`` are the indices of the strokes that make it up (in drawing order).
    """

    box: tuple[float, float, float, float]
    model_input: np.ndarray | None
    strokes: tuple[int, ...] = ()


# --------------------------------------------------------------------------------------------------
# Strokes


def group_strokes(polylines: Sequence[np.ndarray]) -> list[list[int]]:
    """Indices of the strokes of each digit-like group, by geometry alone, left to right; specks left out.

    A group is sure to belong to one digit (its strokes lie over one another); neighbouring groups
    that touch may still be one digit, which :func:`segment_strokes` asks the classifier about.
    """
    if not polylines:
        return []
    boxes = np.array([_box_of(points) for points in polylines], dtype=np.float64)
    height = _reference_height(boxes)
    keep = [i for i, box in enumerate(boxes) if max(box[2] - box[0], box[3] - box[1]) >= _SPECK_SIZE * height]
    if not keep:
        keep = list(range(len(polylines)))  # all specks: a small drawing is still a drawing
    groups = _overlap_groups(boxes, keep, height)
    groups = _join_bars(groups, boxes, height)
    groups = _join_pieces(groups, boxes, height)
    return sorted(groups, key=lambda group: _centre_x(boxes[group]))


def segment_strokes(polylines: Sequence[np.ndarray], classify: Classify) -> list[Segment]:
    """The digits of a drawing, left to right, each with the model input of its strokes."""
    polylines = list(polylines)
    groups = group_strokes(polylines)
    if not groups:
        return []
    reader = _StrokeReader(polylines, classify)
    digits: list[list[int]] = []
    for cluster in _touching_clusters(polylines, groups, lambda group: reader.reads_as(group, 4)):
        digits.extend(reader.split(cluster, force=len(cluster) > 1 or reader.has_rider(cluster[0])))
    if len(digits) > 1 and not reader.several(digits):
        digits = [[i for digit in digits for i in digit]]
    if len(digits) == 1:
        # One digit: exactly what a single digit has always been given (specks and all).
        everything = range(len(polylines))
        return [_stroke_segment(polylines, everything, preprocessing.strokes_to_model_input(polylines))]
    return [_stroke_segment(polylines, digit, reader.model_input(digit)) for digit in digits]


def _touching_clusters(
    polylines: Sequence[np.ndarray], groups: list[list[int]], reads_as_four: Callable[[list[int]], bool]
) -> list[list[list[int]]]:
    """Runs of neighbouring groups (left to right) whose ink touches: a 4 written as two strokes
    side by side, or two digits written into each other. The classifier decides which.

    A 4's stem standing apart joins the rest of the 4 first: at once when its foot reaches well
    below, and when it reaches only a little below (as a 1 written after a digit may), only if
    the two together read as a 4."""
    boxes = np.array([_box_of(points) for points in polylines], dtype=np.float64)
    height = _reference_height(boxes)
    reach = _TOUCH_DISTANCE * height
    outlines = [_densified([polylines[i] for i in group], reach) for group in groups]
    clusters: list[list[list[int]]] = [[groups[0]]] if groups else []
    for index in range(1, len(groups)):
        left, right = groups[index - 1], groups[index]
        if _upright_beside(boxes, left, right, height) and (
            _foot_drop(boxes, left, right) >= _SURE_STEM_DROP * height or reads_as_four(left + right)
        ):
            # One group, as if the stem lay over the bar: cut only when wide, like any group.
            clusters[-1][-1] = clusters[-1][-1] + groups[index]
        elif _come_within(outlines[index - 1], outlines[index], reach):
            clusters[-1].append(groups[index])
        else:
            clusters.append([groups[index]])
    return clusters


def _upright_beside(boxes: np.ndarray, left: list[int], right: list[int], height: float) -> bool:
    """Whether ``right`` is a 4's stem standing apart just right of the rest of the 4 (``left``).

    Either a narrow upright level with ``left`` whose foot reaches below it, or a step down: a
    group not much wider than a stem that starts lower and ends lower than ``left`` (a 4 written as
    an angle, then the stem). Two digits side by side stand on about the same baseline.
    """
    lx0, ly0, lx1, ly1 = _extent(boxes[left])
    rx0, ry0, rx1, ry1 = _extent(boxes[right])
    width, gap, drop, lower = rx1 - rx0, rx0 - lx1, ry1 - ly1, ry0 - ly0
    if ry1 - ry0 < _MIN_PART_HEIGHT * height or drop < _UPRIGHT_DROP * height:
        return False
    level = min(ly1, ry1) - max(ly0, ry0) > 0
    if level and width < _UPRIGHT_WIDTH * height and gap <= _UPRIGHT_REACH * height:
        return True
    return (width < _STEP_WIDTH * height and gap <= _STEP_REACH * height
            and lower >= _STEP_LOWER * height and lower + drop >= _STEP_TOTAL * height)


def _foot_drop(boxes: np.ndarray, left: list[int], right: list[int]) -> float:
    """How far the foot of ``right`` lies below the foot of ``left``."""
    return _extent(boxes[right])[3] - _extent(boxes[left])[3]


def _densified(strokes: Sequence[np.ndarray], step: float) -> np.ndarray:
    """All points of the strokes, with points added so that none are more than ``step`` apart."""
    pieces = []
    for points in strokes:
        if len(points) < 2:
            pieces.append(points)
            continue
        lengths = np.hypot(*np.diff(points, axis=0).T)
        travelled = np.concatenate([[0.0], np.cumsum(lengths)])
        samples = np.linspace(0.0, travelled[-1], max(2, int(travelled[-1] / max(step, 1e-9)) + 2))
        pieces.append(np.stack([np.interp(samples, travelled, points[:, 0]), np.interp(samples, travelled, points[:, 1])], axis=1))
    return np.concatenate(pieces)


def _come_within(a: np.ndarray, b: np.ndarray, distance: float) -> bool:
    """Whether any point of ``a`` lies within ``distance`` of a point of ``b``."""
    # Only the points in the other's (grown) box can be close: keeps the pairwise matrix small.
    low, high = b.min(axis=0) - distance, b.max(axis=0) + distance
    a = a[((a >= low) & (a <= high)).all(axis=1)]
    if len(a) == 0:
        return False
    low, high = a.min(axis=0) - distance, a.max(axis=0) + distance
    b = b[((b >= low) & (b <= high)).all(axis=1)]
    if len(b) == 0:
        return False
    squared = ((a[:, None, :] - b[None, :, :]) ** 2).sum(axis=2)
    return bool(squared.min() <= distance * distance)


def _join_bars(groups: list[list[int]], boxes: np.ndarray, height: float) -> list[list[int]]:
    """A flat group (a 5's top bar, a 7's cross-bar) joins the taller group it overlaps most, if near."""
    extents = [_extent(boxes[group]) for group in groups]
    flat = [i for i, e in enumerate(extents) if e[3] - e[1] < _BAR_HEIGHT * height]
    target = {}
    for i in flat:
        best, best_overlap = None, 0.0
        for j, other in enumerate(extents):
            if j == i or j in flat:
                continue
            overlap = min(extents[i][2], other[2]) - max(extents[i][0], other[0])
            vertical_gap = max(extents[i][1], other[1]) - min(extents[i][3], other[3])
            if overlap > best_overlap and vertical_gap <= _JOIN_GAP * height:
                best, best_overlap = j, overlap
        if best is not None:
            target[i] = best
    merged = [list(group) for group in groups]
    for i, j in target.items():
        merged[j].extend(groups[i])
    return [group for i, group in enumerate(merged) if i not in target]


def _box_of(points: np.ndarray) -> tuple[float, float, float, float]:
    low, high = points.min(axis=0), points.max(axis=0)
    return float(low[0]), float(low[1]), float(high[0]), float(high[1])


def _reference_height(boxes: np.ndarray) -> float:
    """A digit's height in this drawing: the upper quartile of stroke heights, robust to bars and specks."""
    heights = boxes[:, 3] - boxes[:, 1]
    widths = boxes[:, 2] - boxes[:, 0]
    height = float(np.percentile(heights, 75))
    return height if height > 0 else max(float(widths.max()), 1e-9)


def _overlap_groups(boxes: np.ndarray, keep: list[int], height: float) -> list[list[int]]:
    """Connected groups of strokes whose (widened) horizontal extents overlap enough."""
    kept = boxes[keep]
    centre = (kept[:, 0] + kept[:, 2]) / 2
    half = np.maximum((kept[:, 2] - kept[:, 0]) / 2, _MIN_STROKE_WIDTH * height / 2)
    left, right = centre - half, centre + half
    overlap = np.minimum(right[:, None], right[None, :]) - np.maximum(left[:, None], left[None, :])
    narrower = np.minimum(2 * half[:, None], 2 * half[None, :])
    vertical_gap = np.maximum(kept[:, 1][:, None], kept[:, 1][None, :]) - np.minimum(kept[:, 3][:, None], kept[:, 3][None, :])
    joined = (overlap >= _OVERLAP_FRACTION * narrower) & (vertical_gap <= _MAX_VERTICAL_GAP * height)
    return [[keep[i] for i in component] for component in _components(joined)]


def _components(adjacent: np.ndarray) -> list[list[int]]:
    """Connected components of a symmetric boolean adjacency matrix (union-find)."""
    parent = list(range(len(adjacent)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in zip(*np.nonzero(np.triu(adjacent, 1)), strict=True):
        parent[root(int(i))] = root(int(j))
    members: dict[int, list[int]] = {}
    for i in range(len(adjacent)):
        members.setdefault(root(i), []).append(i)
    return list(members.values())


def _join_pieces(groups: list[list[int]], boxes: np.ndarray, height: float) -> list[list[int]]:
    """Let each group too small to be a digit join the nearest group beside it, if that is close."""
    groups = [list(group) for group in groups]
    changed = True
    while changed and len(groups) > 1:
        changed = False
        extents = [_extent(boxes[group]) for group in groups]
        for index, (x0, y0, x1, y1) in enumerate(extents):
            if max(x1 - x0, y1 - y0) >= _PIECE_SIZE * height:
                continue
            nearest = _nearest(extents, index)
            if nearest is not None and _gap(extents[index], extents[nearest]) <= _JOIN_GAP * height:
                groups[nearest].extend(groups.pop(index))
                changed = True
                break
    return groups


def _nearest(extents: list[tuple[float, float, float, float]], index: int) -> int | None:
    others = [i for i in range(len(extents)) if i != index]
    return min(others, key=lambda i: _gap(extents[index], extents[i])) if others else None


def _gap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    """Distance between two boxes (0 when they overlap)."""
    dx = max(a[0] - b[2], b[0] - a[2], 0.0)
    dy = max(a[1] - b[3], b[1] - a[3], 0.0)
    return float(np.hypot(dx, dy))


def _extent(boxes: np.ndarray) -> tuple[float, float, float, float]:
    return float(boxes[:, 0].min()), float(boxes[:, 1].min()), float(boxes[:, 2].max()), float(boxes[:, 3].max())


def _centre_x(boxes: np.ndarray) -> float:
    return (float(boxes[:, 0].min()) + float(boxes[:, 2].max())) / 2


def _union_box(polylines: Sequence[np.ndarray], group: Sequence[int]) -> tuple[float, float, float, float]:
    return _extent(np.array([_box_of(polylines[i]) for i in group]))


def _aspect(box: tuple[float, float, float, float]) -> float:
    return (box[2] - box[0]) / max(box[3] - box[1], 1e-9)


def _is_wide(box: tuple[float, float, float, float]) -> bool:
    return _aspect(box) > _MAY_SPLIT_ASPECT


def _whole_prior(aspect: float, touching: bool) -> float:
    """Log-prior for a group of this aspect being one digit.

    Strokes that lie over one another are one digit unless the group is wide (0 up to
    _MAY_SPLIT_ASPECT); separate groups that merely touch are one digit only if together they
    are narrow (0 up to _TOUCHING_ONE_DIGIT_ASPECT). Past that, the prior falls.
    """
    if aspect >= _MUST_SPLIT_ASPECT:
        return -np.inf
    start = _TOUCHING_ONE_DIGIT_ASPECT if touching else _MAY_SPLIT_ASPECT
    return -_WIDE_PENALTY * max(0.0, aspect - start)


def _stroke_segment(polylines: Sequence[np.ndarray], group: Sequence[int], model_input: np.ndarray | None) -> Segment:
    x0, y0, x1, y1 = _union_box(polylines, group)
    return Segment((x0, y0, x1 - x0, y1 - y0), model_input, tuple(sorted(group)))


def _joined(groups: Sequence[Sequence[int]]) -> list[int]:
    return [i for group in groups for i in group]


def _side(units: list[list[int]], groups: list[list[int]]) -> list[list[int]]:
    """One side of a cut, as its own split is asked: its groups if the cut was between groups."""
    return [list(unit) for unit in units] if len(groups) > 1 else [_joined(units)]


class _StrokeReader:
    """Renders and classifies stroke groups, each at most once, for choosing where to cut."""

    def __init__(self, polylines: Sequence[np.ndarray], classify: Classify) -> None:
        self._polylines = polylines
        self._classify = classify
        self._boxes = np.array([_box_of(points) for points in polylines], dtype=np.float64)
        self._height = _reference_height(self._boxes)
        self._inputs: dict[tuple[int, ...], np.ndarray | None] = {}
        self._scores: dict[tuple[int, ...], float] = {}
        self._digits: dict[tuple[int, ...], int] = {}

    def _box(self, group: Sequence[int]) -> tuple[float, float, float, float]:
        return _extent(self._boxes[list(group)])

    def _centre_x(self, stroke: int) -> float:
        return float(self._boxes[stroke, 0] + self._boxes[stroke, 2]) / 2

    def model_input(self, group: Sequence[int]) -> np.ndarray | None:
        key = tuple(sorted(group))
        if key not in self._inputs:
            self._inputs[key] = preprocessing.strokes_to_model_input([self._polylines[i] for i in key])
        return self._inputs[key]

    def split(self, groups: list[list[int]], force: bool = False) -> list[list[int]]:
        """Touching groups as one digit, or cut (recursively) where the classifier reads best.

        A single group is only considered for cutting when it is wide (``force`` overrides). Several
        groups are cut only between groups (a group's strokes lie over one another: one digit), a
        single group between its strokes, left to right.
        """
        group = [i for g in groups for i in g]
        box = self._box(group)
        if len(group) < 2 or not (force or _is_wide(box)):
            return [group]
        if len(groups) > 1:
            units = groups
        else:
            units = [[i] for i in sorted(group, key=self._centre_x)]
        cuts = [k for k in range(1, len(units)) if self._may_cut(_joined(units[:k]), _joined(units[k:]))]
        if not cuts:
            return [group]
        self._score_all([group, *(_joined(part) for k in cuts for part in (units[:k], units[k:]))])
        best = max(cuts, key=lambda k: self._score(_joined(units[:k])) + self._score(_joined(units[k:])))
        left, right = _joined(units[:best]), _joined(units[best:])
        whole = self._score(group) + _whole_prior(_aspect(box), touching=len(groups) > 1)
        if self._level_upright(left, right) or self._level_upright(right, left):
            whole -= _ONE_BESIDE_PENALTY  # a 1 beside a digit reads as one digit too (14 as a 4)
        if whole >= self._score(left) + self._score(right):
            return [group]
        left, right = _side(units[:best], groups), _side(units[best:], groups)
        return self.split(left, force=len(left) > 1) + self.split(right, force=len(right) > 1)

    def several(self, digits: list[list[int]]) -> bool:
        """Whether the whole drawing is these digits rather than one digit (:class:`_WholeRule`)."""
        everything = [i for digit in digits for i in digit]
        aspect = _aspect(self._box(everything))
        if _STROKES_RULE.surely_several(aspect, len(digits)):
            return True
        self._score_all([everything, *digits])
        parts = sum(self._score(digit) for digit in digits)
        return _STROKES_RULE.several(self._score(everything), parts, aspect, len(digits))

    def _may_cut(self, left: Sequence[int], right: Sequence[int]) -> bool:
        """Whether two sides may be two digits: each tall enough, and side by side, neither's middle
        deep inside the other's extent."""
        if not (self._tall_enough(left) and self._tall_enough(right)):
            return False
        lx0, _, lx1, _ = self._box(left)
        rx0, _, rx1, _ = self._box(right)
        depth = max(lx1 - (rx0 + rx1) / 2, (lx0 + lx1) / 2 - rx0)
        return depth <= _MAX_CUT_DEPTH * self._height

    def has_rider(self, group: Sequence[int]) -> bool:
        """Whether the group's first or last stroke (left to right) could be a 1 written into its
        neighbour: a narrow upright as tall as the rest and level with it, at its edge."""
        order = sorted(group, key=self._centre_x)
        if len(order) < 2:
            return False
        for rider, rest in ((order[0], order[1:]), (order[-1], order[:-1])):
            rx0, _, rx1, _ = self._box([rider])
            x0, _, x1, _ = self._box(rest)
            edge = x0 if rider == order[0] else x1
            if self._level_upright([rider], rest) and abs((rx0 + rx1) / 2 - edge) <= _RIDER_DEPTH * self._height:
                return True
        return False

    def _level_upright(self, upright: Sequence[int], rest: Sequence[int]) -> bool:
        """Whether ``upright`` looks like a 1 beside ``rest``: narrow, as tall, top and foot level with it."""
        ux0, uy0, ux1, uy1 = self._box(upright)
        _, y0, _, y1 = self._box(rest)
        return (ux1 - ux0 < _UPRIGHT_WIDTH * self._height and uy1 - uy0 >= _RIDER_HEIGHT * self._height
                and max(abs(uy0 - y0), abs(uy1 - y1)) <= _RIDER_LEVEL * self._height)

    def reads_as(self, group: Sequence[int], digit: int) -> bool:
        """Whether the classifier's top reading of the group is ``digit``."""
        self._score_all([group])
        return self._digits.get(tuple(sorted(group))) == digit

    def _tall_enough(self, group: Sequence[int]) -> bool:
        x0, y0, x1, y1 = self._box(group)
        return y1 - y0 >= _MIN_PART_HEIGHT * self._height

    def _score(self, group: Sequence[int]) -> float:
        return self._scores[tuple(sorted(group))]

    def _score_all(self, groups: list[Sequence[int]]) -> None:
        """Log of the top probability of every group not yet scored, in one model call."""
        keys = list(dict.fromkeys(tuple(sorted(g)) for g in groups if tuple(sorted(g)) not in self._scores))
        inputs = [self.model_input(key) for key in keys]
        present = [i for i, image in enumerate(inputs) if image is not None]
        for key in keys:
            self._scores[key] = -np.inf
        if present:
            probabilities = self._classify(np.stack([inputs[i] for i in present]))
            for row, i in zip(probabilities, present, strict=True):
                self._scores[keys[i]] = float(np.log(max(float(row.max()), 1e-12)))
                self._digits[keys[i]] = int(row.argmax())


# --------------------------------------------------------------------------------------------------
# Pictures


def segment_ink(ink: np.ndarray, classify: Classify) -> list[Segment]:
    """The digits of a picture's ink map (float, 1 = ink), left to right; boxes in ink pixels.

    Groups are runs of columns holding ink (connected pieces merged by horizontal overlap); specks
    are dropped, pieces join close neighbours, and groups much wider than tall are cut at the
    emptiest columns the classifier reads best.
    """
    columns = ink.any(axis=0)
    runs = _runs(columns)
    if not runs:
        return []
    boxes = np.array([_ink_box(ink, start, stop) for start, stop in runs], dtype=np.float64)
    height = _reference_height(boxes)
    keep = [i for i, box in enumerate(boxes) if max(box[2] - box[0], box[3] - box[1]) >= _SPECK_SIZE * height]
    groups = _join_pieces([[i] for i in keep] or [[i] for i in range(len(runs))], boxes, height)
    spans = sorted((min(runs[i][0] for i in g), max(runs[i][1] for i in g)) for g in groups)
    digits: list[tuple[int, int]] = []
    for cluster in _close_spans(spans, _IMAGE_CLOSE_GAP * height):
        start, stop = cluster[0][0], cluster[-1][1]
        digits.extend(_split_ink(ink, start, stop, classify))
    if len(digits) > 1 and not _several_in_picture(ink, digits, classify):
        digits = [(digits[0][0], digits[-1][1])]
    if len(digits) == 1:
        # One digit: exactly what a single digit has always been given (specks and all).
        x0, y0, x1, y1 = _ink_box(ink, 0, ink.shape[1])
        return [Segment((x0, y0, x1 - x0, y1 - y0), preprocessing.ink_to_model_input(ink))]
    return [_ink_segment(ink, start, stop) for start, stop in digits]


def _several_in_picture(ink: np.ndarray, digits: list[tuple[int, int]], classify: Classify) -> bool:
    """Whether the picture is these digits rather than one digit (:class:`_WholeRule`)."""
    inputs = [preprocessing.ink_to_model_input(ink), *(preprocessing.ink_to_model_input(_ink_crop(ink, a, b)) for a, b in digits)]
    scores = _log_top_probabilities(inputs, classify)
    box = _ink_box(ink, digits[0][0], digits[-1][1])
    return _IMAGE_RULE.several(scores[0], sum(scores[1:]), _aspect(box))


def _runs(flags: np.ndarray) -> list[tuple[int, int]]:
    """[start, stop) of each run of True values."""
    padded = np.concatenate([[False], flags, [False]]).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]


def _ink_box(ink: np.ndarray, start: int, stop: int) -> tuple[float, float, float, float]:
    rows = np.flatnonzero(ink[:, start:stop].any(axis=1))
    if rows.size == 0:
        return float(start), 0.0, float(start), 0.0
    return float(start), float(rows[0]), float(stop), float(rows[-1] + 1)


def _ink_crop(ink: np.ndarray, start: int, stop: int) -> np.ndarray:
    return ink[:, start:stop]


def _ink_segment(ink: np.ndarray, start: int, stop: int) -> Segment:
    x0, y0, x1, y1 = _ink_box(ink, start, stop)
    return Segment((x0, y0, x1 - x0, y1 - y0), preprocessing.ink_to_model_input(_ink_crop(ink, start, stop)))


def _close_spans(spans: list[tuple[int, int]], gap: float) -> list[list[tuple[int, int]]]:
    """Runs of neighbouring column spans less than ``gap`` apart: a digit broken by a faint stroke,
    or two digits written close, which _split_ink cuts again if the run is wide."""
    clusters: list[list[tuple[int, int]]] = []
    for span in spans:
        if clusters and span[0] - clusters[-1][-1][1] <= gap:
            clusters[-1].append(span)
        else:
            clusters.append([span])
    return clusters


def _split_ink(ink: np.ndarray, start: int, stop: int, classify: Classify) -> list[tuple[int, int]]:
    """Cut a wide run of columns where the classifier reads the two sides best, recursively.

    Only wide runs are weighed: the classifier reads any narrow sliver of a digit as a confident
    1, so a run no wider than a digit (a digit broken by a faint stroke) stays whole.
    """
    box = _ink_box(ink, start, stop)
    height = box[3] - box[1]
    if _aspect(box) <= _IMAGE_MAY_SPLIT_ASPECT or stop - start < 4:
        return [(start, stop)]
    cuts = [cut for cut in _candidate_cuts(ink, start, stop, height)
            if min(_height_of(ink, start, cut), _height_of(ink, cut, stop)) >= _MIN_PART_HEIGHT * height]
    if not cuts:
        return [(start, stop)]
    pieces = [(start, stop), *((start, c) for c in cuts), *((c, stop) for c in cuts)]
    inputs = [preprocessing.ink_to_model_input(_ink_crop(ink, a, b)) for a, b in pieces]
    scores = _log_top_probabilities(inputs, classify)
    # A picture's pieces are weighed with the lenient prior: a digit broken by a faint stroke is
    # common in scans and MNIST alike, and its box is no wider than the digit.
    whole = scores[0] + _whole_prior(_aspect(box) - (_IMAGE_MAY_SPLIT_ASPECT - _MAY_SPLIT_ASPECT), touching=False)
    cut_scores = [scores[1 + k] + scores[1 + len(cuts) + k] for k in range(len(cuts))]
    best = int(np.argmax(cut_scores))
    if whole >= cut_scores[best]:
        return [(start, stop)]
    cut = cuts[best]
    return _split_ink(ink, start, cut, classify) + _split_ink(ink, cut, stop, classify)


def _height_of(ink: np.ndarray, start: int, stop: int) -> float:
    box = _ink_box(ink, start, stop)
    return box[3] - box[1]


def _candidate_cuts(ink: np.ndarray, start: int, stop: int, height: float) -> list[int]:
    """The emptiest columns at least _CUT_MARGIN of a digit height from either end of the run."""
    margin = max(2, int(height * _CUT_MARGIN))
    if stop - start <= 2 * margin:
        return []
    profile = ink[:, start + margin : stop - margin].sum(axis=0)
    order = np.argsort(profile, kind="stable")[:_IMAGE_CUTS]
    return sorted(int(start + margin + i) for i in order)


def _log_top_probabilities(inputs: list[np.ndarray | None], classify: Classify) -> list[float]:
    present = [i for i, image in enumerate(inputs) if image is not None]
    scores = [-np.inf] * len(inputs)
    if present:
        probabilities = classify(np.stack([inputs[i] for i in present]))
        for row, i in zip(probabilities, present, strict=True):
            scores[i] = float(np.log(max(float(row.max()), 1e-12)))
    return scores
