"""The body map: its art against the catalogue, shape-exact clicks, keys, colours, and its
three places in the app (Today, the session dialog, Skin & health), driven as a person would.

Where a test needs to know what lies under a pixel it asks Qt's own SVG renderer, drawing
one region alone (:func:`element_mask`), never the map's path parser it checks.
"""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ElementTree
from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import QByteArray, QEvent, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QHelpEvent, QImage, QPainter, QPalette
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication, QLineEdit, QToolTip, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from rollerlog.domain.areas import AREA_SLUGS, area_label
from rollerlog.domain.entities import Lesion, Roller, Session, Sterilization
from rollerlog.store import operations as ops
from rollerlog.store.db import Database
from rollerlog.ui.body_map import (
    STATE_LABELS,
    STATES,
    ArtError,
    BodyMap,
    MapAreaState,
    MapColours,
    MapMode,
    Spot,
    art_text,
    contrast_ratio,
    load_regions,
    parse_path,
)
from rollerlog.ui.common import format_day
from rollerlog.ui.dialogs.forms import LesionDialog
from rollerlog.ui.dialogs.session_dialog import SessionDialog
from rollerlog.ui.main_window import MainWindow
from tests.ui.conftest import NOW

SVG = "{http://www.w3.org/2000/svg}"


# --------------------------------------------------------------------------- oracles


def dark_palette() -> QPalette:
    """A dark desktop palette."""
    palette = QPalette()
    for role, colour in {
        QPalette.ColorRole.Window: "#2b2b2b",
        QPalette.ColorRole.WindowText: "#e8e8e8",
        QPalette.ColorRole.Base: "#1f1f1f",
        QPalette.ColorRole.Text: "#e8e8e8",
        QPalette.ColorRole.Button: "#363636",
        QPalette.ColorRole.ButtonText: "#e8e8e8",
        QPalette.ColorRole.Highlight: "#3d8ee0",
    }.items():
        palette.setColor(role, QColor(colour))
    return palette


def element_mask(widget: BodyMap, slug: str) -> QImage:
    """The pixels of ``slug``'s region as Qt's SVG renderer draws it alone, where the map
    draws its view: black inside, white outside (the region's own outline left out)."""
    text = art_text()
    # Every region's fill and stroke off, then this one filled black.
    text = re.sub(r'<g fill="[^"]*" stroke="[^"]*"', '<g fill="none" stroke="none"', text)
    text = text.replace(f'id="{slug}"', f'id="{slug}" fill="#000000"')
    renderer = QSvgRenderer(QByteArray(text.encode()))
    image = QImage(widget.size(), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    placement = widget.view_placements()[load_regions()[slug].view]
    renderer.setViewBox(placement.column)
    painter.setClipRect(placement.target)
    renderer.render(painter, placement.target)
    painter.end()
    return image


def _is_black(image: QImage, x: int, y: int) -> bool:
    if not (0 <= x < image.width() and 0 <= y < image.height()):
        return False
    return QColor(image.pixel(x, y)).lightness() < 40


def _is_white(image: QImage, x: int, y: int) -> bool:
    if not (0 <= x < image.width() and 0 <= y < image.height()):
        return True
    return QColor(image.pixel(x, y)).lightness() > 215


def deep_inside(image: QImage, x: int, y: int, margin: int = 2) -> bool:
    """True when the pixel and every pixel ``margin`` around it are inside."""
    return all(
        _is_black(image, x + dx, y + dy)
        for dx in range(-margin, margin + 1)
        for dy in range(-margin, margin + 1)
    )


def far_outside(image: QImage, x: int, y: int, margin: int = 2) -> bool:
    """True when the pixel and every pixel ``margin`` around it are outside."""
    return all(
        _is_white(image, x + dx, y + dy)
        for dx in range(-margin, margin + 1)
        for dy in range(-margin, margin + 1)
    )


def inside_points(image: QImage, step: int = 2) -> list[QPoint]:
    """Every ``step``-th pixel deep inside the mask."""
    return [
        QPoint(x, y)
        for y in range(0, image.height(), step)
        for x in range(0, image.width(), step)
        if deep_inside(image, x, y)
    ]


@pytest.fixture
def masks(qtbot: QtBot) -> tuple[BodyMap, dict[str, QImage]]:
    widget = BodyMap(MapMode.TOGGLE)
    qtbot.addWidget(widget)
    widget.resize(620, 460)
    widget.show()
    qtbot.waitExposed(widget)
    return widget, {slug: element_mask(widget, slug) for slug in AREA_SLUGS}


def click(qtbot: QtBot, widget: QWidget, point: QPoint | QPointF) -> None:
    """A left click at ``point`` of ``widget``."""
    where = point.toPoint() if isinstance(point, QPointF) else point
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=where)


# --------------------------------------------------------------------------- the art


def test_the_art_has_exactly_one_region_per_area_and_nothing_else() -> None:
    root = ElementTree.fromstring(art_text())
    with_id = [element for element in root.iter() if element.get("id") is not None]
    ids = [element.get("id") for element in with_id]
    assert sorted(ids) == sorted(AREA_SLUGS)  # both ways, and no id twice
    assert {element.tag for element in with_id} == {f"{SVG}path"}
    assert not any(element.get("transform") for element in root.iter())
    assert set(load_regions()) == set(AREA_SLUGS)


def test_the_views_put_the_person_s_left_where_their_title_says() -> None:
    regions = load_regions()
    views = {slug: region.view for slug, region in regions.items()}
    face = {"forehead", "nose", "left-cheek", "right-cheek", "upper-lip", "chin", "jawline"}
    assert {slug for slug, view in views.items() if view == "face"} == face
    assert {slug for slug, view in views.items() if view == "back"} == {"back", "scalp"}

    def centre_x(slug: str) -> float:
        return regions[slug].path.boundingRect().center().x()

    # Front views: the person faces you, so their left side is on your right.
    for side in ("cheek", "arm", "hand", "thigh", "leg", "foot"):
        assert centre_x(f"left-{side}") > centre_x(f"right-{side}"), side


def test_the_parsed_regions_have_the_shapes_qt_s_svg_renderer_draws() -> None:
    renderer = QSvgRenderer(QByteArray(art_text().encode()))
    for slug, region in load_regions().items():
        drawn = renderer.boundsOnElement(slug)
        parsed = region.path.boundingRect()
        for ours, theirs in zip(
            (parsed.left(), parsed.top(), parsed.right(), parsed.bottom()),
            (drawn.left(), drawn.top(), drawn.right(), drawn.bottom()),
            strict=True,
        ):
            assert ours == pytest.approx(theirs, abs=0.7), slug  # half the stroke, 0.6
        assert region.path.contains(region.anchor), slug


def test_path_data_is_read_with_every_command_the_art_may_use_and_arcs_refused() -> None:
    absolute = parse_path("M10,10 L30,10 L30,30 L10,30 Z")
    relative = parse_path("m10 10 h20 v20 h-20 z")
    assert absolute.boundingRect() == relative.boundingRect() == QRectF(10, 10, 20, 20)
    assert relative.contains(QPointF(20, 20))
    assert not relative.contains(QPointF(35, 20))
    curve = parse_path("M0,0 C0,10 10,10 10,0 S20,-10 20,0 Q25,5 30,0 T40,0 Z")
    assert curve.boundingRect().right() == pytest.approx(40)
    assert curve.boundingRect().top() < -5  # the reflected control point of S pulls up
    with pytest.raises(ArtError):
        parse_path("M0,0 A5,5 0 0 1 10,10 Z")
    with pytest.raises(ArtError):
        parse_path("M0,0 L10")
    with pytest.raises(ArtError):
        parse_path("10,10 L20,20")


# --------------------------------------------------------------------------- clicks and keys


def test_a_click_inside_each_region_selects_exactly_that_region(
    qtbot: QtBot, masks: tuple[BodyMap, dict[str, QImage]]
) -> None:
    widget, by_slug = masks
    for slug in AREA_SLUGS:
        points = inside_points(by_slug[slug])
        assert points, f"{slug} has no pixel to click"
        # The first, middle and last pixels deep inside the shape Qt draws.
        for point in (points[0], points[len(points) // 2], points[-1]):
            widget.set_selected(())
            with qtbot.waitSignal(widget.area_toggled) as toggled:
                click(qtbot, widget, point)
            assert toggled.args == [slug, True], (slug, point)
            assert widget.selected() == (slug,)
        click(qtbot, widget, points[0])
        assert widget.selected() == ()  # the second click unticks


def test_a_click_near_a_bounding_box_corner_outside_the_shape_selects_what_is_really_there(
    qtbot: QtBot, masks: tuple[BodyMap, dict[str, QImage]]
) -> None:
    widget, by_slug = masks
    renderer = QSvgRenderer(QByteArray(art_text().encode()))
    tried = 0
    for slug in AREA_SLUGS:
        placement = widget.view_placements()[load_regions()[slug].view]
        bounds = renderer.boundsOnElement(slug)
        scale = placement.scale
        box = QRectF(
            placement.target.left() + (bounds.left() - placement.column.left()) * scale,
            placement.target.top() + (bounds.top() - placement.column.top()) * scale,
            bounds.width() * scale,
            bounds.height() * scale,
        )
        inner = box.adjusted(3, 3, -3, -3)
        # The corners, and points along the edges of the box towards them.
        edge_points = [
            QPointF(inner.left() + inner.width() * t, y)
            for t in (0, 0.1, 0.2, 0.8, 0.9, 1)
            for y in (inner.top(), inner.bottom())
        ] + [
            QPointF(x, inner.top() + inner.height() * t)
            for t in (0.1, 0.2, 0.8, 0.9)
            for x in (inner.left(), inner.right())
        ]
        for corner in edge_points:
            point = corner.toPoint()
            if not far_outside(by_slug[slug], point.x(), point.y()):
                continue  # the shape fills this corner (a nearly square region)
            under = [s for s in AREA_SLUGS if deep_inside(by_slug[s], point.x(), point.y())]
            if not under and not all(
                far_outside(by_slug[s], point.x(), point.y()) for s in AREA_SLUGS
            ):
                continue  # on another region's edge: no clear answer to check
            tried += 1
            widget.set_selected(())
            click(qtbot, widget, point)
            assert widget.selected() == tuple(under), (slug, corner, under)
    assert tried >= 50  # most regions are curved enough to leave their box's corners empty


def test_the_keyboard_walks_the_regions_and_ticks_with_space(qtbot: QtBot) -> None:
    before = QLineEdit()
    widget = BodyMap(MapMode.TOGGLE)
    after = QLineEdit()
    holder = QWidget()
    layout = QVBoxLayout(holder)
    for item in (before, widget, after):
        layout.addWidget(item)
    qtbot.addWidget(holder)
    holder.resize(640, 560)
    with qtbot.waitActive(holder):
        holder.show()
        holder.activateWindow()
    before.setFocus()
    qtbot.keyClick(before, Qt.Key.Key_Tab)
    assert widget.hasFocus()
    visited = [widget.focused_area]
    for _ in range(len(AREA_SLUGS) - 1):
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
        assert widget.hasFocus()
        visited.append(widget.focused_area)
    assert visited == list(AREA_SLUGS)  # every region, in the order of the check boxes
    assert widget.accessibleName() == f"Body map: {area_label(AREA_SLUGS[-1])}"
    qtbot.keyClick(widget, Qt.Key.Key_Tab)
    assert after.hasFocus()  # and then on to the next field
    qtbot.keyClick(after, Qt.Key.Key_Backtab)
    assert widget.hasFocus()
    assert widget.focused_area == AREA_SLUGS[-1]

    qtbot.keyClick(widget, Qt.Key.Key_Home)
    assert widget.focused_area == "forehead"
    qtbot.keyClick(widget, Qt.Key.Key_Down)
    assert widget.focused_area == "nose"
    qtbot.keyClick(widget, Qt.Key.Key_Right)  # the viewer's right: the person's left cheek
    assert widget.focused_area == "left-cheek"
    qtbot.keyClick(widget, Qt.Key.Key_Left)
    qtbot.keyClick(widget, Qt.Key.Key_Left)
    assert widget.focused_area == "right-cheek"
    with qtbot.waitSignal(widget.area_toggled) as toggled:
        qtbot.keyClick(widget, Qt.Key.Key_Space)
    assert toggled.args == ["right-cheek", True]
    qtbot.keyClick(widget, Qt.Key.Key_Return)
    assert widget.selected() == ()

    holder.resize(330, 900)  # tall and narrow: the face above the body
    placements = widget.view_placements()
    assert placements["face"].target.bottom() < placements["front"].target.top()
    widget.focus_area("chin")
    qtbot.keyClick(widget, Qt.Key.Key_Down)  # the arrows follow the drawing as it is shown
    assert widget.focused_area is not None
    assert load_regions()[widget.focused_area].view in {"front", "back"}
    widget.focus_area("neck")
    qtbot.keyClick(widget, Qt.Key.Key_Up)  # up from the neck: the face drawn above it
    assert widget.focused_area is not None
    assert load_regions()[widget.focused_area].view == "face"


def test_hovering_or_focusing_a_region_tells_its_state_next_day_and_reasons(
    qtbot: QtBot,
) -> None:
    widget = BodyMap(MapMode.OPEN)
    qtbot.addWidget(widget)
    widget.resize(620, 460)
    widget.show()
    qtbot.waitExposed(widget)
    reason = "Left cheek was needled on 16 February 2026."
    widget.set_states(
        {
            "left-cheek": MapAreaState("healing", date(2026, 3, 16), (reason,)),
            "nose": MapAreaState("ready"),
        }
    )
    qtbot.mouseMove(widget, widget.region_anchor("left-cheek").toPoint())
    assert widget.hovered_area == "left-cheek"
    text = widget.info_text()
    assert "Left cheek" in text
    assert "Healing" in text
    assert format_day(date(2026, 3, 16)) in text  # the day as the app words it
    assert reason in text
    anchor = widget.region_anchor("left-cheek").toPoint()
    QApplication.sendEvent(
        widget, QHelpEvent(QEvent.Type.ToolTip, anchor, widget.mapToGlobal(anchor))
    )
    assert QToolTip.isVisible()
    assert QToolTip.text() == widget.describe("left-cheek")
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    widget.focus_area("left-cheek")
    assert widget.accessibleName() == "Body map: Left cheek"
    assert f"Healing until {format_day(date(2026, 3, 16))}" in widget.accessibleDescription()
    assert reason in widget.accessibleDescription()
    widget.focus_area("nose")
    assert "Ready" in widget.accessibleDescription()


def test_in_today_s_mode_only_an_open_area_starts_a_session(qtbot: QtBot) -> None:
    widget = BodyMap(MapMode.OPEN)
    qtbot.addWidget(widget)
    widget.resize(620, 460)
    widget.show()
    states = {slug: MapAreaState("ready") for slug in AREA_SLUGS}
    states["chin"] = MapAreaState("avoid", None, ("An active breakout is on the chin.",))
    states["neck"] = MapAreaState("healing", date(2026, 3, 5))
    states["nose"] = MapAreaState("care")
    widget.set_states(states)
    started: list[str] = []
    widget.area_activated.connect(started.append)
    for slug in ("chin", "neck", "nose", "back"):
        click(qtbot, widget, widget.region_anchor(slug))
    assert started == ["nose", "back"]


# --------------------------------------------------------------------------- colours


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_the_colours_are_chosen_against_the_palette_and_readable(qtbot: QtBot, dark: bool) -> None:
    palette = dark_palette() if dark else QApplication.palette()
    colours = MapColours.for_palette(palette)
    assert contrast_ratio(colours.text, colours.background) >= 4.5  # the legend's text
    for state in STATES:
        assert contrast_ratio(colours.inks[state], colours.fills[state]) >= 3.0, state
    assert contrast_ratio(colours.line, colours.skin) >= 3.0
    assert contrast_ratio(colours.focus, colours.background) >= 3.0
    assert (colours.background.lightness() < 128) == dark
    assert (colours.fills["ready"].lightness() < 128) == dark  # fills follow the palette

    widget = BodyMap(MapMode.OPEN)
    widget.setPalette(palette)
    widget.setAutoFillBackground(True)
    qtbot.addWidget(widget)
    widget.resize(620, 460)
    widget.set_states({slug: MapAreaState(STATES[i % 4]) for i, slug in enumerate(AREA_SLUGS)})
    image = widget.grab().toImage()
    legend = QRectF(0, 0, widget.width(), widget.legend_height()).toRect()
    text_like = [
        QColor(image.pixel(x, y))
        for x in range(legend.left(), legend.right())
        for y in range(legend.top(), legend.bottom())
    ]
    darkest = min(text_like, key=lambda c: c.lightness())
    lightest = max(text_like, key=lambda c: c.lightness())
    drawn_text = lightest if dark else darkest
    assert contrast_ratio(drawn_text, colours.background) >= 4.5
    region_pixel = QColor(image.pixel(widget.region_anchor("back").toPoint()))
    assert abs(region_pixel.lightness() - colours.fills[STATES[10 % 4]].lightness()) < 60


def test_each_state_has_its_own_pattern_so_colour_is_not_needed(qtbot: QtBot) -> None:
    widget = BodyMap(MapMode.OPEN)
    qtbot.addWidget(widget)
    widget.resize(620, 460)
    grey = QPalette()
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
        grey.setColor(role, QColor("#ffffff"))
    widget.setPalette(grey)
    signatures = {}
    for state in STATES:
        widget.set_states(dict.fromkeys(AREA_SLUGS, MapAreaState(state)))
        image = widget.grab().toImage().convertToFormat(QImage.Format.Format_Grayscale8)
        box = widget.region_shape("back").boundingRect().adjusted(12, 12, -12, -12).toRect()
        values = [
            QColor(image.pixel(x, y)).lightness()
            for y in range(box.top(), box.bottom())
            for x in range(box.left(), box.right())
        ]
        dark_share = sum(v < min(values) + 40 for v in values) / len(values)
        signatures[state] = round(dark_share, 2)
    # Seen in grey alone, plain, dots, stripes and cross-hatching cover ever more of an area.
    assert signatures["ready"] > 0.9 or signatures["ready"] < 0.05  # one flat tone
    assert signatures["care"] < signatures["healing"] < signatures["avoid"]
    legend_texts = [text for _key, text, _rect in widget._legend_layout()]
    assert legend_texts == [STATE_LABELS[state] for state in STATES]
    assert [text for _k, text, _r in BodyMap(MapMode.TOGGLE)._legend_layout()][-1] == "Ticked"


def test_the_map_is_drawn_at_device_resolution_on_a_2x_screen(qtbot: QtBot) -> None:
    widget = BodyMap(MapMode.OPEN)
    qtbot.addWidget(widget)
    widget.resize(620, 460)
    widget.set_states(dict.fromkeys(AREA_SLUGS, MapAreaState("healing")))
    sharp = QImage(1240, 920, QImage.Format.Format_ARGB32)
    sharp.setDevicePixelRatio(2.0)
    sharp.fill(QColor("white"))
    widget.render(sharp)
    plain = QImage(620, 460, QImage.Format.Format_ARGB32)
    plain.fill(QColor("white"))
    widget.render(plain)
    blown_up = plain.scaled(1240, 920)  # what a bitmap map would look like at 2x
    # Along a row through the forehead's stripes, the 2x drawing changes colour about twice
    # as often per logical pixel as the blown-up bitmap's pairs of equal pixels.
    y = int(widget.region_anchor("forehead").y() * 2)
    left = int(widget.region_shape("forehead").boundingRect().left() * 2) + 8
    right = int(widget.region_shape("forehead").boundingRect().right() * 2) - 8

    def changes(image: QImage) -> int:
        row = [image.pixel(x, y) for x in range(left, right)]
        return sum(1 for a, b in itertools.pairwise(row) if a != b)

    pairs_equal = sum(
        1 for x in range(left, right, 2) if sharp.pixel(x, y) == sharp.pixel(x + 1, y)
    )
    assert changes(sharp) > 0
    assert changes(blown_up) > 0
    assert pairs_equal < (right - left) // 2  # not a 1x drawing doubled
    assert sharp.devicePixelRatio() == 2.0


# --------------------------------------------------------------------------- in the app


def _roller(database: Database, name: str = "Face 0.5") -> None:
    ops.add_roller(database, Roller(name, 0.5, date(2026, 1, 1)))


def test_today_shows_each_area_s_state_and_a_click_starts_a_session_there(
    qtbot: QtBot, window: MainWindow, database: Database
) -> None:
    _roller(database)
    ops.log_sterilization(
        database, Sterilization(datetime(2026, 2, 20, 9, 0), "Face 0.5", "isopropyl-70", 10)
    )
    ops.log_session(database, Session(datetime(2026, 2, 20, 20, 0), "Face 0.5", ("forehead",)))
    ops.add_lesion(database, Lesion("chin", "active-breakout", date(2026, 3, 1)))
    ops.add_lesion(database, Lesion("left-cheek", "mole", date(2026, 1, 5)))
    window.refresh(window.today.topics)
    body_map = window.today.body_map
    states = {slug: value.state for slug, value in body_map.states.items()}
    assert states["forehead"] == "healing"
    assert body_map.states["forehead"].next_on == date(2026, 2, 20) + timedelta(days=28)
    assert states["chin"] == "avoid"
    assert states["left-cheek"] == "care"
    assert {slug for slug, state in states.items() if state == "ready"} == set(AREA_SLUGS) - {
        "forehead",
        "chin",
        "left-cheek",
    }
    click(qtbot, body_map, body_map.region_anchor("forehead"))
    assert window.dialog is None  # healing: no session
    click(qtbot, body_map, body_map.region_anchor("left-cheek"))
    dialog = window.dialog
    assert isinstance(dialog, SessionDialog)
    assert dialog.isVisible()
    assert dialog.areas.selected() == ("left-cheek",)
    assert dialog.body_map.selected() == ("left-cheek",)
    assert any(f.code == "lesion-in-area" for f in dialog.findings)


def test_today_marks_every_area_avoid_when_a_profile_stop_applies(
    window: MainWindow, database: Database
) -> None:
    _roller(database)
    ops.set_conditions(database, ["pregnant"])
    window.refresh(window.today.topics)
    states = window.today.body_map.states
    assert {value.state for value in states.values()} == {"avoid"}
    assert len(states) == len(AREA_SLUGS)
    assert all(any("pregnan" in r.lower() for r in value.reasons) for value in states.values())


def test_the_dialog_s_ticks_follow_the_map_and_the_map_follows_the_ticks(
    qtbot: QtBot, window: MainWindow, database: Database
) -> None:
    _roller(database)
    ops.add_lesion(database, Lesion("chin", "cold-sore", date(2026, 3, 1)))
    dialog = window.actions.sessions.new_session()
    assert dialog is not None
    qtbot.waitExposed(dialog)
    body_map = dialog.body_map
    assert body_map.states["chin"].state == "avoid"  # marked in the dialog too
    assert body_map.states["nose"].state == "ready"
    click(qtbot, body_map, body_map.region_anchor("nose"))
    assert dialog.areas.boxes["nose"].isChecked()
    assert dialog.planned().areas == ("nose",)
    dialog.areas.boxes["left-thigh"].setChecked(True)
    assert body_map.selected() == ("nose", "left-thigh")
    click(qtbot, body_map, body_map.region_anchor("nose"))
    assert not dialog.areas.boxes["nose"].isChecked()
    assert dialog.areas.selected() == ("left-thigh",) == body_map.selected()
    click(qtbot, body_map, body_map.region_anchor("chin"))
    assert any(f.code == "broken-skin-in-area" for f in dialog.findings)


def test_skin_and_health_draws_unresolved_spots_and_a_click_starts_adding_one(
    qtbot: QtBot, window: MainWindow, database: Database
) -> None:
    ops.add_lesion(database, Lesion("left-cheek", "mole", date(2026, 1, 5)))
    ops.add_lesion(database, Lesion("chin", "active-breakout", date(2026, 2, 1), date(2026, 2, 9)))
    ops.add_lesion(database, Lesion("back", "open-wound", date(2026, 3, 1)))
    window.show_view(window.health)
    body_map = window.health.body_map
    qtbot.waitExposed(body_map)
    assert [(s.area, s.kind) for s in body_map.spots] == [
        ("back", "open-wound"),
        ("left-cheek", "mole"),
    ]
    image = body_map.grab().toImage()
    colours = body_map.colours()
    ratio = body_map.devicePixelRatioF()
    for spot, point in body_map.spot_positions():
        pixel = QColor(image.pixel((point * ratio).toPoint()))
        expected = colours.spot_stop if spot.kind == "open-wound" else colours.spot_caution
        assert abs(pixel.hue() - expected.hue()) < 20, spot
        assert body_map.region_shape(spot.area).contains(point)
    legend = [text for _key, text, _rect in body_map._legend_layout()]
    assert legend == ["Open wound", "Mole"]
    assert "Mole noted" in body_map.describe("left-cheek")
    click(qtbot, body_map, body_map.region_anchor("nose"))
    dialog = window.dialog
    assert isinstance(dialog, LesionDialog)
    assert dialog.area.currentData() == "nose"


def test_spot_markers_differ_in_shape_for_every_kind(qtbot: QtBot) -> None:
    from rollerlog.ui.body_map import SPOT_SHAPES, marker_path

    outlines = {
        kind: marker_path(shape, QPointF(20, 20), 16).toFillPolygon().boundingRect().size()
        for kind, shape in SPOT_SHAPES.items()
    }
    shapes = set(SPOT_SHAPES.values())
    assert len(shapes) == len(SPOT_SHAPES)  # one shape per kind
    assert all(size.width() > 6 and size.height() > 6 for size in outlines.values())
    widget = BodyMap(MapMode.SPOTS)
    qtbot.addWidget(widget)
    widget.set_spots([Spot("chin", "mole"), Spot("chin", "sunburn"), Spot("chin", "flare")])
    legend = [text for _key, text, _rect in widget._legend_layout()]
    assert legend == ["Mole", "Sunburn", "Flare-up"]  # the contract's new kinds too
    positions = [point for _spot, point in widget.spot_positions()]
    assert len({(round(p.x()), round(p.y())) for p in positions}) == 3  # side by side


@pytest.mark.parametrize("page", ["today", "health"])
def test_the_window_still_fits_1024_by_640_with_the_map(
    window: MainWindow, database: Database, page: str
) -> None:
    _roller(database)
    ops.add_lesion(database, Lesion("left-cheek", "mole", date(2026, 1, 5)))
    window.show_view(getattr(window, page))
    hint = window.minimumSizeHint()
    assert hint.width() <= 1024
    assert hint.height() <= 640 - 60
    window.resize(1024, 580)
    body_map = getattr(window, page).body_map
    assert body_map.view_placements()["face"].target.width() >= 100  # the face stays clickable


def test_the_session_dialog_with_the_map_fits_a_1024_by_640_screen(
    window: MainWindow, database: Database
) -> None:
    _roller(database)
    dialog = window.actions.sessions.new_session()
    assert dialog is not None
    hint = dialog.minimumSizeHint()
    assert hint.width() <= 1024 - 40
    assert hint.height() <= 640 - 60
    dialog.resize(984, 580)
    assert dialog.body_map.view_placements()["face"].target.width() >= 80
    assert NOW.date() == date(2026, 3, 2)
