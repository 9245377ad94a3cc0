"""Coloured text (stop, caution, ready, note) stays readable in a light and a dark palette."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from rollerlog.ui import common
from rollerlog.ui.app import follow_the_palette
from rollerlog.ui.main_window import MainWindow

WCAG_AA = 4.5


def dark_palette() -> QPalette:
    """A dark palette as desktops ship it: light text on near-black windows and fields."""
    palette = QPalette()
    for role, value in (
        (QPalette.ColorRole.Window, "#2b2b2b"),
        (QPalette.ColorRole.Base, "#1e1e1e"),
        (QPalette.ColorRole.AlternateBase, "#333333"),
        (QPalette.ColorRole.WindowText, "#e8e8e8"),
        (QPalette.ColorRole.Text, "#e8e8e8"),
    ):
        palette.setColor(role, QColor(value))
    return palette


def light_palette() -> QPalette:
    """The style's own light palette (white fields, light grey windows)."""
    palette = QPalette()
    for role, value in (
        (QPalette.ColorRole.Window, "#efefef"),
        (QPalette.ColorRole.Base, "#ffffff"),
        (QPalette.ColorRole.AlternateBase, "#f7f7f7"),
    ):
        palette.setColor(role, QColor(value))
    return palette


@pytest.fixture(autouse=True)
def _back_to_the_app_palette(qapp: QApplication):
    yield
    common.follow_palette(qapp.palette())


@pytest.mark.parametrize("make_palette", [light_palette, dark_palette], ids=["light", "dark"])
def test_every_state_colour_meets_wcag_aa_on_the_palette(make_palette) -> None:
    palette = make_palette()
    common.follow_palette(palette)
    for name, color in (
        ("stop", common.RED),
        ("caution", common.AMBER),
        ("ready", common.GREEN),
        ("note", common.BLUE),
    ):
        for role in (
            QPalette.ColorRole.Window,
            QPalette.ColorRole.Base,
            QPalette.ColorRole.AlternateBase,
        ):
            ratio = common.contrast_ratio(color, palette.color(role))
            assert ratio >= WCAG_AA, f"{name} on {role.name}: {ratio:.2f}"


def test_severity_colours_are_the_state_colours_that_follow_the_palette() -> None:
    common.follow_palette(light_palette())
    light_stop = common.SEVERITY_COLORS[common.Severity.STOP].name()
    common.follow_palette(dark_palette())
    dark_stop = common.SEVERITY_COLORS[common.Severity.STOP].name()
    assert light_stop != dark_stop
    assert common.contrast_ratio(QColor(dark_stop), QColor("#1e1e1e")) >= WCAG_AA


def test_the_uses_bar_text_is_readable_on_its_fill() -> None:
    assert common.contrast_ratio(QColor("#ffffff"), common.BAR_RED) >= WCAG_AA
    assert common.contrast_ratio(QColor("#1a1a1a"), common.BAR_AMBER) >= WCAG_AA


def test_the_ratio_is_the_wcag_one() -> None:
    assert common.contrast_ratio(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert common.contrast_ratio(QColor("#777777"), QColor("#ffffff")) == pytest.approx(
        4.48, abs=0.01
    )


def test_the_app_switches_colours_when_the_desktop_palette_turns_dark(
    qapp: QApplication, window: MainWindow
) -> None:
    """The window follows the desktop's palette (no filter on the whole application)."""
    original = qapp.palette()
    follow_the_palette(qapp)
    before = common.RED.name()
    try:
        qapp.setPalette(dark_palette())
        qapp.processEvents()
        assert common.RED.name() != before
        assert common.contrast_ratio(common.RED, dark_palette().color(QPalette.ColorRole.Base)) >= (
            WCAG_AA
        )
    finally:
        qapp.setPalette(original)
        qapp.processEvents()
    assert common.RED.name() == before
