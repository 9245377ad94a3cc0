"""The clickable body map: the front, the back and the face, one region per body area.

The art is ``resources/body_map/body-map.svg``, drawn by QSvgRenderer in colours chosen
against the widget's palette. Every ``<path>`` with an id there is the region of the area of
that slug; the paths are read into QPainterPaths (:func:`parse_path`), so a click selects the
region whose *shape* lies under it, and the state of each area is painted on that shape: a
fill colour and, for those who do not see colours, a pattern (plain, dots, stripes,
cross-hatching), named in the legend.

The widget takes plain values (:class:`MapAreaState`, :class:`Spot`) and works in one of three
modes (:class:`MapMode`): Today's "click an open area to start a session there", the session
dialog's "click to tick or untick", and Skin & health's spots.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from functools import cache, cached_property
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleEvent,
    QColor,
    QFocusEvent,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
    QTransform,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QToolTip, QWidget

from rollerlog.domain.areas import AREA_SLUGS, area_label
from rollerlog.domain.day_map import (
    ROLLER_CODES,
    AreaDay,
    AreaState,
    deciding_findings,
    state_of,
)
from rollerlog.domain.findings import Finding
from rollerlog.domain.rules import PlannedSession
from rollerlog.domain.vocabulary import LESION_KINDS
from rollerlog.resources_access import resources_root
from rollerlog.ui.common import contrast_ratio, format_day

# --------------------------------------------------------------------------- the art

#: The colours the SVG is drawn in; the widget swaps them for colours fitting its palette.
ART_SKIN = "#efe6dc"
ART_LINE = "#7d7168"
ART_REGION = "#f8f3ee"
ART_HAIR = "#c9bcb0"

#: The three views side by side in the SVG's coordinates, and how the widget labels them.
#: In both front views the person faces you: their left side is on your right.
VIEWS: tuple[tuple[str, str, QRectF, tuple[str, str]], ...] = (
    ("front", "Front", QRectF(22, 4, 146, 422), ("R", "L")),
    ("back", "Back", QRectF(232, 4, 146, 422), ("L", "R")),
    ("face", "Face", QRectF(414, 40, 212, 270), ("R", "L")),
)
VIEW_TITLES: dict[str, tuple[str, tuple[str, str]]] = {
    name: (title, sides) for name, title, _column, sides in VIEWS
}
SIDE_LETTER_WIDTH = 14.0
FACE_ZOOM = 1.5
"""How much larger than the body the face is drawn when the views stand in a row."""
INFO_LINES = 3


@dataclass(frozen=True)
class ViewPlacement:
    """Where a view of the art is drawn: its target in the widget, the scale, its column."""

    target: QRectF
    scale: float
    column: QRectF


_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_TOKEN = re.compile(r"[MmLlHhVvCcSsQqTtZz]|" + _NUMBER.pattern)
_ARGUMENTS = {"M": 2, "L": 2, "H": 1, "V": 1, "C": 6, "S": 4, "Q": 4, "T": 2, "Z": 0}


class ArtError(ValueError):
    """The body map's SVG holds something the map cannot read."""


def parse_path(data: str) -> QPainterPath:
    """An SVG path's ``d`` attribute as a QPainterPath (M, L, H, V, C, S, Q, T, Z; any case).

    Raises ArtError on anything else (arcs, stray text), so the art can never hold a
    region the hit test reads differently from the renderer.
    """
    tokens = _TOKEN.findall(data)
    if "".join(tokens) != re.sub(r"[\s,]+", "", data):
        raise ArtError(f"unsupported path data: {data[:40]!r}")
    path = QPainterPath()
    command = ""
    position = start = QPointF(0, 0)
    last_control: QPointF | None = None
    index = 0
    while index < len(tokens):
        if tokens[index].isalpha():
            command = tokens[index]
            index += 1
            if command in "Zz":
                path.closeSubpath()
                position, last_control = QPointF(start), None
                continue
        elif not command or command in "Zz":
            raise ArtError(f"a number without a command in {data[:40]!r}")
        count = _ARGUMENTS[command.upper()]
        chunk = tokens[index : index + count]
        if len(chunk) < count or any(token.isalpha() for token in chunk):
            raise ArtError(f"too few numbers for {command!r} in {data[:40]!r}")
        index += count
        values = [float(token) for token in chunk]
        origin = position if command.islower() else QPointF(0, 0)
        points = [
            QPointF(origin.x() + values[i], origin.y() + values[i + 1])
            for i in range(0, count - 1, 2)
        ]
        upper = command.upper()
        if upper == "M":
            position = start = points[0]
            path.moveTo(position)
            command = "l" if command.islower() else "L"  # further pairs are line-tos
            last_control = None
        elif upper in "LHV":
            if upper == "H":
                points = [QPointF(origin.x() + values[0], position.y())]
            elif upper == "V":
                points = [QPointF(position.x(), origin.y() + values[0])]
            position, last_control = points[0], None
            path.lineTo(position)
        elif upper == "C":
            path.cubicTo(points[0], points[1], points[2])
            position, last_control = points[2], points[1]
        elif upper == "S":
            path.cubicTo(_reflected(last_control, position), points[0], points[1])
            position, last_control = points[1], points[0]
        elif upper == "Q":
            path.quadTo(points[0], points[1])
            position, last_control = points[1], points[0]
        else:  # T
            control = _reflected(last_control, position)
            path.quadTo(control, points[0])
            position, last_control = points[0], control
    return path


def _reflected(control: QPointF | None, position: QPointF) -> QPointF:
    """The previous control point mirrored through ``position`` (S and T), or ``position``."""
    if control is None:
        return QPointF(position)
    return QPointF(2 * position.x() - control.x(), 2 * position.y() - control.y())


@dataclass(frozen=True)
class Region:
    """One area's region: its shape in the art's coordinates and a point well inside it."""

    slug: str
    view: str
    path: QPainterPath

    @cached_property
    def anchor(self) -> QPointF:
        """A point well inside the region, where its tick or spot marker goes.

        Worked out on first use (a search over the shape, a few milliseconds per region):
        Today's map never needs it before the person moves through it or adds a spot.
        """
        return _inside_point(self.path)


def _inside_point(path: QPainterPath) -> QPointF:
    """A point inside ``path`` far from its edge: the best of a grid, by distance to the edge."""
    edges: list[tuple[QPointF, QPointF]] = []
    for polygon in path.toFillPolygons():
        corners = [polygon.at(i) for i in range(polygon.size())]
        edges.extend(zip(corners, corners[1:] + corners[:1], strict=True))
    bounds = path.boundingRect()
    centre = bounds.center()

    def score(candidate: QPointF) -> float:
        if not path.contains(candidate):
            return -math.inf
        room = min(_distance_to_segment(candidate, a, b) for a, b in edges)
        # The most room, and among near equals the point nearest the centre.
        return room - 0.05 * math.dist((candidate.x(), candidate.y()), (centre.x(), centre.y()))

    # A coarse grid over the bounds, then a finer one around its best point.
    best, best_score = centre, score(centre)
    cell_w, cell_h = bounds.width() / 8, bounds.height() / 8
    for origin, step_w, step_h in (
        (bounds.topLeft(), cell_w, cell_h),
        (None, cell_w / 4, cell_h / 4),
    ):
        start = (
            origin if origin is not None else QPointF(best.x() - 2 * step_w, best.y() - 2 * step_h)
        )
        for i in range(9 if origin is not None else 5):
            for j in range(9 if origin is not None else 5):
                candidate = QPointF(start.x() + i * step_w, start.y() + j * step_h)
                value = score(candidate)
                if value > best_score:
                    best, best_score = candidate, value
    return best


def _distance_to_segment(point: QPointF, a: QPointF, b: QPointF) -> float:
    """The distance from ``point`` to the segment from ``a`` to ``b``."""
    dx, dy = b.x() - a.x(), b.y() - a.y()
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else ((point.x() - a.x()) * dx + (point.y() - a.y()) * dy) / length
    t = min(1.0, max(0.0, t))
    return math.hypot(point.x() - (a.x() + t * dx), point.y() - (a.y() + t * dy))


def art_path() -> str:
    """The file name of the body map's SVG."""
    return str(resources_root() / "body_map" / "body-map.svg")


@cache
def art_text() -> str:
    """The body map's SVG as text."""
    return Path(art_path()).read_text(encoding="utf-8")


def region_elements(svg_text: str) -> dict[str, str]:
    """Every element with an id in the SVG, as {id: path data}; ArtError for a non-path."""
    root = ElementTree.fromstring(svg_text)
    found: dict[str, str] = {}
    for element in root.iter():
        ident = element.get("id")
        if ident is None:
            continue
        tag = element.tag.rsplit("}", 1)[-1]
        if tag != "path" or element.get("transform"):
            raise ArtError(f"region {ident!r} must be a plain <path> without a transform")
        if ident in found:
            raise ArtError(f"region {ident!r} appears twice")
        found[ident] = element.get("d", "")
    return found


def view_of(path: QPainterPath) -> str:
    """The view ("front", "back", "face") whose column holds the centre of ``path``."""
    centre = path.boundingRect().center()
    for name, _title, column, _sides in VIEWS:
        if column.left() <= centre.x() <= column.right():
            return name
    raise ArtError("a region lies outside every view")


@cache
def load_regions() -> dict[str, Region]:
    """The regions of the shipped art, in catalogue order."""
    elements = region_elements(art_text())
    unknown = set(elements) - set(AREA_SLUGS)
    missing = set(AREA_SLUGS) - set(elements)
    if unknown or missing:
        raise ArtError(f"regions do not match the areas: extra {unknown}, missing {missing}")
    regions = {}
    for slug in AREA_SLUGS:
        path = parse_path(elements[slug])
        path.setFillRule(Qt.FillRule.WindingFill)
        regions[slug] = Region(slug, view_of(path), path)
    return regions


# --------------------------------------------------------------------------- values


class MapMode(Enum):
    """What a click on the map does."""

    OPEN = "open"  # Today: a click on an open area starts a session there
    TOGGLE = "toggle"  # the session dialog: a click ticks or unticks the area
    SPOTS = "spots"  # Skin & health: spots drawn; a click starts adding a spot there


STATES: tuple[str, ...] = ("ready", "care", "healing", "avoid")
"""The states of an area on a day, as the contract's day map names them."""

STATE_LABELS: dict[str, str] = {
    "ready": "Ready",
    "care": "Ready, with care",
    "healing": "Healing",
    "avoid": "Avoid",
}

OPEN_STATES = frozenset({"ready", "care"})
"""States in which a session on the area may go ahead."""

#: The state colours' hues; the fills and patterns are mixed from them and the palette.
STATE_HUES: dict[str, QColor] = {
    "ready": QColor("#2e9e5b"),
    "care": QColor("#d49000"),
    "healing": QColor("#3b78d8"),
    "avoid": QColor("#cf3f36"),
}

#: The pattern of each state, the cue that needs no colour.
STATE_PATTERNS: dict[str, str] = {
    "ready": "plain",
    "care": "dots",
    "healing": "stripes",
    "avoid": "cross",
}


@dataclass(frozen=True)
class MapAreaState:
    """An area's state on a day: ``ready``, ``care``, ``healing`` or ``avoid``, and why."""

    state: str
    next_on: date | None = None
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Spot:
    """An unresolved spot to draw: its area, its kind and a line describing it."""

    area: str
    kind: str
    text: str = ""


def state_from_findings(
    slug: str, findings: Iterable[Finding], next_on: date | None = None
) -> MapAreaState:
    """An area's state from the findings a session on that area alone would get.

    State and reasons are the core's (:func:`rollerlog.domain.day_map.state_of` and
    :func:`~rollerlog.domain.day_map.deciding_findings`, as Today's map shows them); a
    healing area keeps ``next_on``.
    """
    considered = tuple(f for f in findings if f.code not in ROLLER_CODES)
    state = state_of(considered)
    entry = AreaDay(slug, state, next_on if state is AreaState.HEALING else None, considered)
    return MapAreaState(
        str(state), entry.next_on, tuple(f.message for f in deciding_findings(entry))
    )


def area_states_at(
    findings_for: Callable[[PlannedSession], list[Finding]],
    at: datetime,
    roller: str,
    test_patch: bool = False,
    next_on: Mapping[str, date] | None = None,
) -> dict[str, MapAreaState]:
    """Every area's state for a session at ``at``: the findings of a session on it alone.

    ``findings_for`` runs the rules on a planned session; ``roller`` is any existing roller
    (its own findings are left out); ``next_on`` gives healing areas their next safe day.
    """
    days = next_on or {}
    return {
        slug: state_from_findings(
            slug, findings_for(PlannedSession(at, roller, (slug,), test_patch)), days.get(slug)
        )
        for slug in AREA_SLUGS
    }


#: Markers of the spot kinds: a shape each, so they differ without colour.
SPOT_SHAPES: dict[str, str] = {
    "mole": "circle",
    "skin-tag": "triangle",
    "keloid": "square",
    "other": "diamond",
    "lupus-patch": "star",
    "active-breakout": "plus",
    "cold-sore": "ring",
    "open-wound": "cross",
    "sunburn": "sun",
    "flare": "zigzag",
}
SPOT_LABELS: dict[str, str] = {**LESION_KINDS, "sunburn": "Sunburn", "flare": "Flare-up"}
STOP_SPOT_KINDS = frozenset(
    {"lupus-patch", "active-breakout", "cold-sore", "open-wound", "sunburn", "flare"}
)


# --------------------------------------------------------------------------- colours


def mix(first: QColor, second: QColor, amount: float) -> QColor:
    """``first`` moved ``amount`` (0..1) of the way towards ``second``."""
    return QColor.fromRgbF(
        first.redF() + (second.redF() - first.redF()) * amount,
        first.greenF() + (second.greenF() - first.greenF()) * amount,
        first.blueF() + (second.blueF() - first.blueF()) * amount,
    )


def _readable_on(background: QColor, start: QColor, towards: QColor, ratio: float) -> QColor:
    """``start`` moved towards ``towards`` until it has ``ratio`` contrast on ``background``."""
    for step in range(21):
        candidate = mix(start, towards, step / 20)
        if contrast_ratio(candidate, background) >= ratio:
            return candidate
    return QColor(towards)


@dataclass(frozen=True)
class MapColours:
    """The map's colours for one palette."""

    background: QColor
    text: QColor
    skin: QColor
    line: QColor
    region: QColor
    hair: QColor
    focus: QColor
    fills: dict[str, QColor]
    inks: dict[str, QColor]
    spot_stop: QColor
    spot_caution: QColor

    @classmethod
    def for_palette(cls, palette: QPalette) -> MapColours:
        """Colours chosen against ``palette``: fills near its window colour, inks readable."""
        background = palette.color(QPalette.ColorRole.Window)
        text = palette.color(QPalette.ColorRole.WindowText)
        dark = background.lightness() < 128
        skin = mix(background, QColor("#c8a27c"), 0.22 if dark else 0.18)
        region = mix(background, text, 0.06)
        line = _readable_on(skin, mix(background, text, 0.45), text, 3.0)
        hair = mix(skin, text, 0.12)
        fills = {
            state: mix(background, hue, 0.42 if dark else 0.30) for state, hue in STATE_HUES.items()
        }
        inks = {
            state: _readable_on(fills[state], hue, text, 3.0) for state, hue in STATE_HUES.items()
        }
        focus = palette.color(QPalette.ColorRole.Highlight)
        if contrast_ratio(focus, background) < 3.0:
            focus = _readable_on(background, focus, text, 3.0)
        return cls(
            background=background,
            text=text,
            skin=skin,
            line=line,
            region=region,
            hair=hair,
            focus=focus,
            fills=fills,
            inks=inks,
            spot_stop=_readable_on(region, STATE_HUES["avoid"], text, 3.0),
            spot_caution=_readable_on(region, STATE_HUES["care"], text, 3.0),
        )

    def themed_art(self, svg_text: str) -> str:
        """The SVG with its drawing colours swapped for these."""
        swaps = {
            ART_SKIN: self.skin,
            ART_LINE: self.line,
            ART_REGION: self.region,
            ART_HAIR: self.hair,
        }
        for old, new in swaps.items():
            svg_text = svg_text.replace(old, new.name())
        return svg_text


# --------------------------------------------------------------------------- drawing helpers


def paint_pattern(
    painter: QPainter, shape: QPainterPath, pattern: str, ink: QColor, scale: float
) -> None:
    """Fill ``shape`` with a state's pattern in ``ink``; line widths and gaps in widget pixels."""
    if pattern == "plain":
        return
    painter.save()
    painter.setClipPath(shape, Qt.ClipOperation.IntersectClip)
    bounds = shape.boundingRect()
    gap = max(5.0, 7.0 * scale)
    pen = QPen(ink, max(1.0, 1.3 * scale))
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    span = bounds.width() + bounds.height()
    if pattern == "dots":
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(ink)
        radius = max(1.1, 1.3 * scale)
        y = bounds.top() + gap / 2
        row = 0
        while y < bounds.bottom() + gap:
            x = bounds.left() + (gap / 2 if row % 2 else 0)
            while x < bounds.right() + gap:
                painter.drawEllipse(QPointF(x, y), radius, radius)
                x += gap
            y += gap * 0.8
            row += 1
    else:
        offset = 0.0
        while offset < span + gap:
            start = QPointF(bounds.left() + offset - bounds.height(), bounds.bottom())
            painter.drawLine(start, QPointF(start.x() + bounds.height(), bounds.top()))
            if pattern == "cross":
                back = QPointF(bounds.left() + offset - bounds.height(), bounds.top())
                painter.drawLine(back, QPointF(back.x() + bounds.height(), bounds.bottom()))
            offset += gap
    painter.restore()


def marker_path(shape: str, centre: QPointF, size: float) -> QPainterPath:
    """The outline of a spot marker of ``shape`` around ``centre``, ``size`` pixels across."""
    r = size / 2
    x, y = centre.x(), centre.y()
    path = QPainterPath()
    if shape in ("circle", "ring"):
        path.addEllipse(centre, r, r)
        if shape == "ring":
            path.addEllipse(centre, r * 0.45, r * 0.45)
            path.setFillRule(Qt.FillRule.OddEvenFill)
    elif shape == "square":
        path.addRect(QRectF(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7))
    elif shape == "triangle":
        path.addPolygon(
            QPolygonF([QPointF(x, y - r), QPointF(x + r, y + r * 0.8), QPointF(x - r, y + r * 0.8)])
        )
        path.closeSubpath()
    elif shape == "diamond":
        path.addPolygon(
            QPolygonF([QPointF(x, y - r), QPointF(x + r, y), QPointF(x, y + r), QPointF(x - r, y)])
        )
        path.closeSubpath()
    elif shape == "star":
        points = []
        for k in range(10):
            radius = r if k % 2 == 0 else r * 0.45
            angle = -math.pi / 2 + k * math.pi / 5
            points.append(QPointF(x + radius * math.cos(angle), y + radius * math.sin(angle)))
        path.addPolygon(QPolygonF(points))
        path.closeSubpath()
    elif shape in ("plus", "cross"):
        w = r * 0.38
        arms = QPainterPath()
        arms.setFillRule(Qt.FillRule.WindingFill)
        arms.addRect(QRectF(x - r, y - w, 2 * r, 2 * w))
        arms.addRect(QRectF(x - w, y - r, 2 * w, 2 * r))
        arms = arms.simplified()
        if shape == "cross":
            arms = QTransform().translate(x, y).rotate(45).translate(-x, -y).map(arms)
        path = arms
    elif shape == "sun":
        rays = QPainterPath()
        for k in range(8):
            angle = k * math.pi / 4
            rays.moveTo(x + r * 0.55 * math.cos(angle), y + r * 0.55 * math.sin(angle))
            rays.lineTo(x + r * math.cos(angle), y + r * math.sin(angle))
        ray_pen = QPen()
        ray_pen.setWidthF(r * 0.28)
        path = QPainterPathStroker(ray_pen).createStroke(rays)
        disc = QPainterPath()
        disc.addEllipse(centre, r * 0.5, r * 0.5)
        path = path.united(disc)
    elif shape == "zigzag":
        points = [QPointF(x - r, y + r * 0.5)]
        for k in range(4):
            points.append(
                QPointF(x - r + (k + 0.5) * r / 2, y - r * 0.6 if k % 2 == 0 else y + r * 0.5)
            )
        points.append(QPointF(x + r, y - r * 0.6))
        outline = QPainterPath()
        outline.addPolygon(QPolygonF(points))
        stroker_pen = QPen()
        stroker_pen.setWidthF(r * 0.45)
        stroker = QPainterPathStroker(stroker_pen)
        stroker.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        path = stroker.createStroke(outline)
    else:
        path.addEllipse(centre, r, r)
    return path


# --------------------------------------------------------------------------- the widget


class BodyMap(QWidget):
    """The body map: one region per area, its state painted on it, clickable and focusable.

    Signals: ``area_activated(slug)`` when an open area is clicked or activated by key in
    :attr:`MapMode.OPEN`; ``area_toggled(slug, ticked)`` in :attr:`MapMode.TOGGLE`;
    ``spot_requested(slug)`` in :attr:`MapMode.SPOTS`.
    """

    area_activated = Signal(str)
    area_toggled = Signal(str, bool)
    spot_requested = Signal(str)

    LEGEND_SWATCH = 14.0
    MARGIN = 4.0

    def __init__(self, mode: MapMode = MapMode.OPEN, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = mode
        self.regions = load_regions()
        self.states: dict[str, MapAreaState] = {}
        self.spots: list[Spot] = []
        self._selected: set[str] = set()
        self.focused_area: str | None = None
        self.hovered_area: str | None = None
        self._renderer = QSvgRenderer(self)
        self._renderer_key = ""
        self._placements: dict[str, ViewPlacement] = {}
        self._placement_key: tuple[object, ...] = ()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setAccessibleName("Body map")
        self._update_accessible()

    # -- feeding it --------------------------------------------------------------------------

    def set_states(self, states: Mapping[str, MapAreaState]) -> None:
        """Show these states (areas missing from ``states`` are drawn without one)."""
        self.states = {slug: value for slug, value in states.items() if slug in self.regions}
        self._update_accessible()
        self.update()

    def set_spots(self, spots: Iterable[Spot]) -> None:
        """Draw these unresolved spots on their areas."""
        self.spots = [spot for spot in spots if spot.area in self.regions]
        self._update_accessible()
        self.update()

    def set_selected(self, slugs: Iterable[str]) -> None:
        """Tick exactly these areas (no signal is emitted)."""
        wanted = {slug for slug in slugs if slug in self.regions}
        if wanted != self._selected:
            self._selected = wanted
            self._update_accessible()
            self.update()

    def selected(self) -> tuple[str, ...]:
        """The ticked areas, in catalogue order."""
        return tuple(slug for slug in self.regions if slug in self._selected)

    # -- geometry ----------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        return QSize(380, 460)

    def minimumSizeHint(self) -> QSize:
        return QSize(260, 200)

    def hasHeightForWidth(self) -> bool:
        return False

    def _legend_entries(self) -> list[tuple[str, str]]:
        """(key, text) of the legend: the states, or the spot kinds on the map."""
        if self.mode is MapMode.SPOTS:
            kinds = list(dict.fromkeys(spot.kind for spot in self.spots))
            if not kinds:
                return [("none:", "No spots to avoid")]
            return [(f"spot:{kind}", SPOT_LABELS.get(kind, kind)) for kind in kinds]
        states = [(f"state:{state}", STATE_LABELS[state]) for state in STATES]
        if self.mode is MapMode.TOGGLE:
            states.append(("tick:", "Ticked"))
        return states

    def _legend_layout(self) -> list[tuple[str, str, QRectF]]:
        """Where each legend entry goes: rows from the top, wrapped to the widget's width."""
        metrics = QFontMetricsF(self.font())
        line = max(metrics.height(), self.LEGEND_SWATCH) + 4
        x, y = self.MARGIN, self.MARGIN
        placed = []
        for key, text in self._legend_entries():
            width = self.LEGEND_SWATCH + 5 + metrics.horizontalAdvance(text) + 12
            if x + width > self.width() - self.MARGIN and x > self.MARGIN:
                x, y = self.MARGIN, y + line
            placed.append((key, text, QRectF(x, y, width, line)))
            x += width
        return placed

    def legend_height(self) -> float:
        """The height the legend takes at the top."""
        layout = self._legend_layout()
        if not layout:
            return self.MARGIN
        return layout[-1][2].bottom() + 2

    def _info_rect(self) -> QRectF:
        metrics = QFontMetricsF(self.font())
        height = metrics.lineSpacing() * INFO_LINES + 4
        return QRectF(
            self.MARGIN,
            self.height() - height - self.MARGIN,
            self.width() - 2 * self.MARGIN,
            height,
        )

    def view_placements(self) -> dict[str, ViewPlacement]:
        """Where each view goes in the widget now: in a row, or the face above the body.

        Whichever arrangement draws the art larger in the room left by the legend and the
        line of text under the map is taken.
        """
        key = (self.width(), self.height(), self.font().key(), len(self._legend_entries()))
        if key != self._placement_key:
            self._placements = self._place_views()
            self._placement_key = key
        return self._placements

    def _place_views(self) -> dict[str, ViewPlacement]:
        title = QFontMetricsF(self.font()).height() + 2
        side = SIDE_LETTER_WIDTH
        top = self.legend_height()
        room = QRectF(
            self.MARGIN, top, self.width() - 2 * self.MARGIN, self._info_rect().top() - 2 - top
        )
        columns = {name: column for name, _title, column, _sides in VIEWS}
        face, front, back = columns["face"], columns["front"], columns["back"]
        gap = 2 * side + 6
        # One row: front, back and the face, drawn FACE_ZOOM times larger than the body.
        row_width = front.width() + back.width() + face.width() * FACE_ZOOM
        row_height = max(front.height(), back.height(), face.height() * FACE_ZOOM)
        row_scale = min((room.width() - 3 * gap) / row_width, (room.height() - title) / row_height)
        # Stacked, for a tall narrow room: the face above, front and back below it.
        pair_width = front.width() + back.width()
        stack_height = face.height() + front.height()
        stack_scale = min(
            (room.width() - 2 * gap) / max(pair_width, face.width()),
            (room.height() - 2 * title) / stack_height,
        )
        placements: dict[str, ViewPlacement] = {}
        if row_scale * FACE_ZOOM >= stack_scale:
            scale = max(row_scale, 0.05)
            total = row_width * scale + 2 * gap
            x = room.center().x() - total / 2
            for name, column in columns.items():
                zoom = scale * (FACE_ZOOM if name == "face" else 1.0)
                target = QRectF(x, top + title, column.width() * zoom, column.height() * zoom)
                placements[name] = ViewPlacement(target, zoom, column)
                x = target.right() + gap
        else:
            scale = max(stack_scale, 0.05)
            face_target = QRectF(0, top + title, face.width() * scale, face.height() * scale)
            face_target.moveLeft(room.center().x() - face_target.width() / 2)
            placements["face"] = ViewPlacement(face_target, scale, face)
            y = face_target.bottom() + title
            x = room.center().x() - (pair_width * scale + gap) / 2
            for name in ("front", "back"):
                column = columns[name]
                target = QRectF(x, y, column.width() * scale, column.height() * scale)
                placements[name] = ViewPlacement(target, scale, column)
                x = target.right() + gap
        return {name: placements[name] for name in columns}

    def view_transform(self, view: str) -> QTransform:
        """From the art's coordinates to the widget's, for the regions of ``view``."""
        placement = self.view_placements()[view]
        return (
            QTransform()
            .translate(placement.target.left(), placement.target.top())
            .scale(placement.scale, placement.scale)
            .translate(-placement.column.left(), -placement.column.top())
        )

    def region_shape(self, slug: str) -> QPainterPath:
        """The region of ``slug`` in widget coordinates."""
        region = self.regions[slug]
        return self.view_transform(region.view).map(region.path)

    def region_anchor(self, slug: str) -> QPointF:
        """A point well inside the region of ``slug``, in widget coordinates."""
        region = self.regions[slug]
        return self.view_transform(region.view).map(region.anchor)

    def region_at(self, point: QPointF) -> str | None:
        """The area whose region lies under ``point`` (widget coordinates), or None."""
        for slug in self.regions:
            if self.region_shape(slug).contains(point):
                return slug
        return None

    # -- words -------------------------------------------------------------------------------

    def describe(self, slug: str) -> str:
        """One or two sentences on an area: its state, next safe day, reasons, spots, tick."""
        parts = [area_label(slug)]
        state = self.states.get(slug)
        if self.mode is not MapMode.SPOTS and state is not None:
            words = STATE_LABELS.get(state.state, state.state)
            if state.state == "healing" and state.next_on is not None:
                words += f" until {format_day(state.next_on)}"
            parts.append(words)
        if self.mode is MapMode.TOGGLE:
            parts.append("ticked" if slug in self._selected else "not ticked")
        spots = [spot for spot in self.spots if spot.area == slug]
        if spots:
            parts.append(
                "spots: "
                + "; ".join(spot.text or SPOT_LABELS.get(spot.kind, spot.kind) for spot in spots)
            )
        text = " — ".join(parts[:2]) + ("; " + "; ".join(parts[2:]) if len(parts) > 2 else "")
        if state is not None and state.reasons and self.mode is not MapMode.SPOTS:
            text += ". " + " ".join(state.reasons)
        return text

    def hint(self) -> str:
        """What a click does in this mode."""
        if self.mode is MapMode.TOGGLE:
            return "Click an area to tick or untick it."
        if self.mode is MapMode.SPOTS:
            return "Click an area to add a spot there."
        return "Point at an area for its state; click an open one to start a session there."

    def _update_accessible(self) -> None:
        slug = self.focused_area
        name = f"Body map: {area_label(slug)}" if slug else "Body map"
        description = self.describe(slug) if slug else self.hint()
        changed = name != self.accessibleName() or description != self.accessibleDescription()
        self.setAccessibleName(name)
        self.setAccessibleDescription(description)
        if changed and QAccessible.isActive():
            QAccessible.updateAccessibility(QAccessibleEvent(self, QAccessible.Event.NameChanged))
            QAccessible.updateAccessibility(
                QAccessibleEvent(self, QAccessible.Event.DescriptionChanged)
            )

    # -- painting ----------------------------------------------------------------------------

    def colours(self) -> MapColours:
        """The map's colours for the current palette."""
        return MapColours.for_palette(self.palette())

    def _renderer_for(self, colours: MapColours) -> QSvgRenderer:
        key = colours.skin.name() + colours.line.name() + colours.region.name()
        if key != self._renderer_key:
            self._renderer.load(QByteArray(colours.themed_art(art_text()).encode("utf-8")))
            self._renderer_key = key
        return self._renderer

    def paintEvent(self, event: QPaintEvent) -> None:
        colours = self.colours()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paint_legend(painter, colours)
        renderer = self._renderer_for(colours)
        for name, placement in self.view_placements().items():
            renderer.setViewBox(placement.column)
            painter.save()
            painter.setClipRect(placement.target)
            renderer.render(painter, placement.target)
            painter.restore()
            self._paint_titles(painter, colours, name, placement)
        for slug in self.regions:
            self._paint_region(
                painter, colours, slug, self.view_placements()[self.regions[slug].view].scale
            )
        if self.mode is MapMode.SPOTS:
            self._paint_spots(painter, colours)
        self._paint_info(painter, colours)
        painter.end()

    def _paint_region(
        self, painter: QPainter, colours: MapColours, slug: str, scale: float
    ) -> None:
        shape = self.region_shape(slug)
        state = self.states.get(slug)
        show_state = state is not None and self.mode is not MapMode.SPOTS
        fill = colours.fills[state.state] if show_state and state else colours.region
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawPath(shape)
        if show_state and state:
            paint_pattern(
                painter, shape, STATE_PATTERNS[state.state], colours.inks[state.state], scale * 1.6
            )
        outline = QPen(colours.line, 1.2)
        if slug == self.hovered_area:
            outline = QPen(colours.focus, 2.0)
        if slug in self._selected and self.mode is MapMode.TOGGLE:
            outline = QPen(colours.focus, 3.0)
        if slug == self.focused_area and self.hasFocus():
            outline = QPen(colours.focus, 3.0, Qt.PenStyle.DashLine)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(outline)
        painter.drawPath(shape)
        if slug in self._selected and self.mode is MapMode.TOGGLE:
            self._paint_tick(painter, colours, self.region_anchor(slug), scale)

    def _paint_tick(
        self, painter: QPainter, colours: MapColours, centre: QPointF, scale: float
    ) -> None:
        radius = max(5.0, 7.0 * scale * 1.4)
        painter.setPen(QPen(colours.background, 1.5))
        painter.setBrush(colours.focus)
        painter.drawEllipse(centre, radius, radius)
        tick = QPen(colours.background, max(1.6, radius * 0.3))
        tick.setCapStyle(Qt.PenCapStyle.RoundCap)
        tick.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(tick)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        x, y = centre.x(), centre.y()
        check = QPolygonF(
            [
                QPointF(x - radius * 0.5, y),
                QPointF(x - radius * 0.1, y + radius * 0.4),
                QPointF(x + radius * 0.5, y - radius * 0.4),
            ]
        )
        painter.drawPolyline(check)

    def spot_positions(self) -> list[tuple[Spot, QPointF]]:
        """Where each spot's marker is drawn (widget coordinates), round its region's anchor."""
        placed: list[tuple[Spot, QPointF]] = []
        by_area: dict[str, list[Spot]] = {}
        for spot in self.spots:
            by_area.setdefault(spot.area, []).append(spot)
        size = self.marker_size()
        for slug, spots in by_area.items():
            anchor = self.region_anchor(slug)
            shape = self.region_shape(slug)
            for index, spot in enumerate(spots):
                point = QPointF(anchor)
                if index:
                    angle = index * 2.4
                    distance = size * (0.7 + 0.2 * index)
                    point = anchor + QPointF(distance * math.cos(angle), distance * math.sin(angle))
                    if not shape.contains(point):
                        point = anchor + QPointF(size * 0.7 * index, 0)
                placed.append((spot, point))
        return placed

    def marker_size(self) -> float:
        """How many pixels across a spot's marker is drawn."""
        scale = self.view_placements()["face"].scale
        return max(12.0, min(20.0, 22.0 * scale))

    def _paint_spots(self, painter: QPainter, colours: MapColours) -> None:
        size = self.marker_size()
        for spot, point in self.spot_positions():
            self._paint_marker(painter, colours, spot.kind, point, size)

    def _paint_marker(
        self, painter: QPainter, colours: MapColours, kind: str, point: QPointF, size: float
    ) -> None:
        colour = colours.spot_stop if kind in STOP_SPOT_KINDS else colours.spot_caution
        painter.setPen(QPen(colours.background, 1.0))
        painter.setBrush(colour)
        painter.drawPath(marker_path(SPOT_SHAPES.get(kind, "circle"), point, size))

    def _paint_legend(self, painter: QPainter, colours: MapColours) -> None:
        for key, text, rect in self._legend_layout():
            swatch = QRectF(
                rect.left(),
                rect.center().y() - self.LEGEND_SWATCH / 2,
                self.LEGEND_SWATCH,
                self.LEGEND_SWATCH,
            )
            kind, _, value = key.partition(":")
            if kind == "state":
                shape = QPainterPath()
                shape.addRoundedRect(swatch, 2, 2)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(colours.fills[value])
                painter.drawPath(shape)
                paint_pattern(painter, shape, STATE_PATTERNS[value], colours.inks[value], 0.75)
                painter.setPen(QPen(colours.line, 1.0))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawPath(shape)
            elif kind == "tick":
                self._paint_tick(painter, colours, swatch.center(), 0.0)
            elif kind == "spot":
                self._paint_marker(painter, colours, value, swatch.center(), self.LEGEND_SWATCH)
            painter.setPen(colours.text)
            left = swatch.right() + 5 if kind != "none" else swatch.left()
            text_rect = QRectF(left, rect.top(), rect.width(), rect.height())
            painter.drawText(
                text_rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), text
            )

    def _paint_titles(
        self, painter: QPainter, colours: MapColours, name: str, placement: ViewPlacement
    ) -> None:
        metrics = QFontMetricsF(self.font())
        title, (left, right) = VIEW_TITLES[name]
        target = placement.target
        bold = self.font()
        bold.setBold(True)
        painter.setPen(colours.text)
        painter.setFont(bold)
        title_rect = QRectF(
            target.left() - 30,
            target.top() - metrics.height() - 2,
            target.width() + 60,
            metrics.height(),
        )
        painter.drawText(title_rect, int(Qt.AlignmentFlag.AlignCenter), title)
        painter.setFont(self.font())
        # The person's own right and left, beside each view.
        middle = target.top() + target.height() * (0.45 if name == "face" else 0.4)
        side = QRectF(
            target.left() - SIDE_LETTER_WIDTH,
            middle - metrics.height() / 2,
            SIDE_LETTER_WIDTH,
            metrics.height(),
        )
        painter.drawText(side, int(Qt.AlignmentFlag.AlignCenter), left)
        side.moveLeft(target.right())
        painter.drawText(side, int(Qt.AlignmentFlag.AlignCenter), right)

    def info_text(self) -> str:
        """The line under the map: the area pointed at or focused, else what a click does."""
        slug = self.hovered_area or (self.focused_area if self.hasFocus() else None)
        if slug:
            return self.describe(slug)
        suffix = " R and L are the person's own right and left."
        return self.hint() + suffix

    def info_rect(self) -> QRectF:
        """Where the line about the area pointed at goes: right under the art."""
        room = self._info_rect()
        art_bottom = max(p.target.bottom() for p in self.view_placements().values())
        room.moveTop(min(room.top(), art_bottom + 6))
        return room

    def _paint_info(self, painter: QPainter, colours: MapColours) -> None:
        painter.setPen(colours.text)
        painter.drawText(
            self.info_rect(),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap),
            self.info_text(),
        )

    # -- acting ------------------------------------------------------------------------------

    def activate(self, slug: str) -> None:
        """Do what a click on ``slug`` does in this mode."""
        if self.mode is MapMode.TOGGLE:
            ticked = slug not in self._selected
            if ticked:
                self._selected.add(slug)
            else:
                self._selected.discard(slug)
            self._update_accessible()
            self.update()
            self.area_toggled.emit(slug, ticked)
        elif self.mode is MapMode.SPOTS:
            self.spot_requested.emit(slug)
        else:
            state = self.states.get(slug)
            if state is None or state.state in OPEN_STATES:
                self.area_activated.emit(slug)
            else:
                self._show_tip(slug)

    def focus_area(self, slug: str | None) -> None:
        """Move the keyboard focus to the region of ``slug``."""
        self.focused_area = slug
        self._update_accessible()
        self.update()
        if slug is not None and self.hasFocus():
            self._show_tip(slug)

    def _show_tip(self, slug: str) -> None:
        if not self.isVisible():
            return
        anchor = self.region_anchor(slug).toPoint()
        QToolTip.showText(self.mapToGlobal(anchor), self.describe(slug), self)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        slug = self.region_at(event.position())
        if slug is None:
            super().mousePressEvent(event)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self.focus_area(slug)
        self.activate(slug)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        slug = self.region_at(event.position())
        if slug != self.hovered_area:
            self.hovered_area = slug
            self.setCursor(
                Qt.CursorShape.PointingHandCursor if slug else Qt.CursorShape.ArrowCursor
            )
            self.update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self.hovered_area = None
        self.update()
        super().leaveEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            slug = self.region_at(QPointF(event.pos()))
            if slug:
                QToolTip.showText(event.globalPos(), self.describe(slug), self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        if self.focused_area is None or event.reason() in (
            Qt.FocusReason.TabFocusReason,
            Qt.FocusReason.BacktabFocusReason,
        ):
            order = list(self.regions)
            first = order[-1] if event.reason() is Qt.FocusReason.BacktabFocusReason else order[0]
            if event.reason() is not Qt.FocusReason.MouseFocusReason:
                self.focus_area(first)
        super().focusInEvent(event)
        self._update_accessible()
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab and Shift+Tab walk the regions in catalogue order, then leave the map."""
        order = list(self.regions)
        if self.hasFocus() and self.focused_area in order:
            index = order.index(self.focused_area) + (1 if next else -1)
            if 0 <= index < len(order):
                self.focus_area(order[index])
                return True
        return super().focusNextPrevChild(next)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        directions = {
            Qt.Key.Key_Left: (-1.0, 0.0),
            Qt.Key.Key_Right: (1.0, 0.0),
            Qt.Key.Key_Up: (0.0, -1.0),
            Qt.Key.Key_Down: (0.0, 1.0),
        }
        order = list(self.regions)
        if key in directions:
            current = self.focused_area or order[0]
            self.focus_area(self.neighbour(current, directions[Qt.Key(key)]) or current)
        elif key == Qt.Key.Key_Home:
            self.focus_area(order[0])
        elif key == Qt.Key.Key_End:
            self.focus_area(order[-1])
        elif key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Select):
            if self.focused_area:
                self.activate(self.focused_area)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def neighbour(self, slug: str, direction: tuple[float, float]) -> str | None:
        """The region nearest ``slug``'s in ``direction`` (dx, dy) as drawn now, if any."""
        here = self.region_anchor(slug)
        best, best_score = None, math.inf
        dx, dy = direction
        for other in self.regions:
            if other == slug:
                continue
            there = self.region_anchor(other)
            vx, vy = there.x() - here.x(), there.y() - here.y()
            along = vx * dx + vy * dy
            if along <= 0.5:
                continue
            across = abs(vx * dy - vy * dx)
            score = along + 2.0 * across
            if score < best_score:
                best, best_score = other, score
        return best
