"""Every character drawn: a fallback font for what the print font lacks, or a visible stand-in.

For each character the print font cannot draw, ``GlyphFallback`` looks for an installed font
that can. When none can (an emoji on a machine without an emoji font), it makes a tiny font
of its own, with fontTools, whose one glyph is the character's code point drawn in the print
font's outlines, "[U+1F44D]", mapped to the character itself. Drawn text then shows that
stand-in, and the PDF's text layer keeps the original character: Qt maps glyphs back to text
only within the Basic Multilingual Plane, so ``restore_text_layer`` rewrites, after the PDF
is written, the text map of each stand-in font beyond it (as an incremental update, the
way PDF files are meant to be amended).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from PySide6.QtCore import QByteArray
from PySide6.QtGui import QFont, QFontDatabase, QPainterPath, QRawFont

#: Every stand-in font's family starts so; the code point in hex follows.
STAND_IN_PREFIX = "RollerlogStandIn"
_UNITS_PER_EM = 1000
_IGNORED = {0x09, 0x0A, 0x0D, 0x2028, 0x2029, 0x00A0, 0x200B, 0xFEFF}


def stand_in_text(code_point: int) -> str:
    """What is drawn for a character no font can draw: "[U+1F44D]"."""
    return f"[U+{code_point:04X}]"


def _glyph_from_path(path: QPainterPath) -> object:
    """A TrueType glyph with the outline of ``path`` (Qt's y axis points down, fonts' up)."""
    pen = TTGlyphPen(None)
    curves = Cu2QuPen(pen, max_err=1.0, reverse_direction=True)
    index = 0
    count = path.elementCount()
    open_contour = False
    while index < count:
        element = path.elementAt(index)
        kind = element.type
        if kind == QPainterPath.ElementType.MoveToElement:
            if open_contour:
                curves.closePath()
            curves.moveTo((element.x, -element.y))
            open_contour = True
            index += 1
        elif kind == QPainterPath.ElementType.LineToElement:
            curves.lineTo((element.x, -element.y))
            index += 1
        else:  # a cubic curve: this control point, then two data points
            second = path.elementAt(index + 1)
            third = path.elementAt(index + 2)
            curves.curveTo((element.x, -element.y), (second.x, -second.y), (third.x, -third.y))
            index += 3
    if open_contour:
        curves.closePath()
    return pen.glyph()


def _raw_at_em(family: str) -> QRawFont:
    font = QFont(family)
    font.setPixelSize(_UNITS_PER_EM)
    return QRawFont.fromFont(font)


def make_stand_in_font(code_point: int, print_family: str, glyph_family: str = "") -> bytes:
    """A TrueType font mapping ``code_point`` to one glyph.

    The glyph is the character's own outline from ``glyph_family`` when given, else the
    stand-in "[U+XXXX]" in the outlines of ``print_family``.
    """
    raw = _raw_at_em(print_family)
    text = stand_in_text(code_point)
    if glyph_family:
        raw = _raw_at_em(glyph_family)
        text = chr(code_point)
    indexes = raw.glyphIndexesForString(text)
    advances = raw.advancesForGlyphIndexes(indexes)
    outline = QPainterPath()
    x = 0.0
    for glyph, advance in zip(indexes, advances, strict=True):
        outline.addPath(raw.pathForGlyph(glyph).translated(x, 0))
        x += advance.x()
    name = f"u{code_point:X}"
    family = f"{STAND_IN_PREFIX}{code_point:X}"
    builder = FontBuilder(_UNITS_PER_EM, isTTF=True)
    builder.setupGlyphOrder([".notdef", name])
    builder.setupCharacterMap({code_point: name})
    empty = TTGlyphPen(None).glyph()
    builder.setupGlyf({".notdef": empty, name: _glyph_from_path(outline)})
    builder.setupHorizontalMetrics({".notdef": (500, 0), name: (round(x), 0)})
    ascent = round(raw.ascent())
    descent = round(raw.descent())
    builder.setupHorizontalHeader(ascent=ascent, descent=-descent)
    builder.setupNameTable({"familyName": family, "styleName": "Regular", "psName": family})
    builder.setupOS2(
        sTypoAscender=ascent, sTypoDescender=-descent, usWinAscent=ascent, usWinDescent=descent
    )
    builder.setupPost()
    buffer = io.BytesIO()
    builder.save(buffer)
    return buffer.getvalue()


class GlyphFallback:
    """Which extra families a text needs so that every character of it is drawn."""

    def __init__(self, print_family: str) -> None:
        self.print_family = print_family
        self._main = self._raw(print_family)
        self._by_code_point: dict[int, str] = {}
        self._drawn: dict[int, bool] = {}
        self._installed: list[tuple[str, QRawFont]] | None = None

    @staticmethod
    def _raw(family: str) -> QRawFont:
        font = QFont(family)
        font.setPixelSize(20)
        return QRawFont.fromFont(font)

    def _installed_fonts(self) -> list[tuple[str, QRawFont]]:
        if self._installed is None:
            self._installed = []
            for family in QFontDatabase.families():
                if family.startswith(STAND_IN_PREFIX) or family == self.print_family:
                    continue
                raw = self._raw(family)
                if raw.isValid():
                    self._installed.append((family, raw))
        return self._installed

    def _family_for(self, code_point: int) -> str:
        known = self._by_code_point.get(code_point)
        if known is not None:
            return known
        fonts = [(self.print_family, self._main), *self._installed_fonts()]
        found = next((family for family, raw in fonts if raw.supportsCharacter(code_point)), "")
        if found and code_point <= 0xFFFF:
            self._by_code_point[code_point] = "" if found == self.print_family else found
            return self._by_code_point[code_point]
        if (
            found
            and _raw_at_em(found)
            .pathForGlyph(_raw_at_em(found).glyphIndexesForString(chr(code_point))[0])
            .isEmpty()
        ):
            self._by_code_point[code_point] = found  # a colour emoji font: no outline to copy
            return found
        # Beyond the BMP Qt loses the character from the PDF's text, so it gets a font of its
        # own (its outline copied, or the stand-in) whose text map is restored afterwards.
        data = make_stand_in_font(code_point, self.print_family, found)
        font_id = QFontDatabase.addApplicationFontFromData(QByteArray(data))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        family = families[0] if families else ""
        self._by_code_point[code_point] = family
        return family

    def families_for(self, text: str) -> list[str]:
        """The families, beyond the print font, that ``text`` needs (often none)."""
        if text.isascii():
            return []
        needed: list[str] = []
        for character in set(text):
            code_point = ord(character)
            if code_point < 0x20 or code_point in _IGNORED:
                continue
            drawn = self._drawn.get(code_point)
            if drawn is None:
                drawn = code_point <= 0xFFFF and self._main.supportsCharacter(code_point)
                self._drawn[code_point] = drawn
            if drawn:
                continue
            if 0xFE00 <= code_point <= 0xFE0F or 0x1F3FB <= code_point <= 0x1F3FF:
                continue  # variation selectors and skin tones modify the character before
            family = self._family_for(code_point)
            if family and family not in needed:
                needed.append(family)
        return sorted(needed)

    @property
    def stand_ins(self) -> dict[str, int]:
        """The stand-in families made so far, with the code point each one stands for."""
        return {
            family: code_point
            for code_point, family in self._by_code_point.items()
            if family.startswith(STAND_IN_PREFIX)
        }


def _utf16_hex(code_point: int) -> str:
    return chr(code_point).encode("utf-16-be").hex().upper()


_FONT_WITH_MAP = re.compile(
    rb"/BaseFont /(?:[A-Z]{6}\+)?" + STAND_IN_PREFIX.encode() + rb"([0-9A-F]+)\s[^>]*?"
    rb"/ToUnicode (\d+) 0 R"
)
_TRAILER = re.compile(rb"trailer\s*<<(.*?)>>\s*startxref\s*(\d+)\s*%%EOF\s*$", re.S)


def restore_text_layer(path: Path) -> int:
    """Map each stand-in glyph of the PDF at ``path`` back to its character; returns how many.

    Appends new text maps and a cross-reference section to the file (an incremental
    update), leaving what Qt wrote untouched.
    """
    data = path.read_bytes()
    replacements: dict[int, int] = {}
    for match in _FONT_WITH_MAP.finditer(data):
        code_point = int(match.group(1), 16)
        if code_point > 0xFFFF:
            replacements[int(match.group(2))] = code_point
    trailer = _TRAILER.search(data)
    if not replacements or trailer is None:
        return 0
    appended = bytearray(b"\n")
    offsets: dict[int, int] = {}
    for number, code_point in sorted(replacements.items()):
        cmap = (
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
            f"1 beginbfchar\n<0001> <{_utf16_hex(code_point)}>\nendbfchar\n"
            "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
        ).encode("ascii")
        offsets[number] = len(data) + len(appended)
        appended += f"{number} 0 obj\n<< /Length {len(cmap)} >>\nstream\n".encode()
        appended += cmap + b"endstream\nendobj\n"
    xref_at = len(data) + len(appended)
    appended += b"xref\n0 1\n0000000000 65535 f \n"
    for number, offset in sorted(offsets.items()):
        appended += f"{number} 1\n{offset:010d} 00000 n \n".encode()
    old_dictionary = re.sub(rb"/Prev\s+\d+", b"", trailer.group(1))
    appended += (
        b"trailer\n<<"
        + old_dictionary
        + b" /Prev "
        + trailer.group(2)
        + b" >>\nstartxref\n"
        + str(xref_at).encode()
        + b"\n%%EOF\n"
    )
    with path.open("ab") as stream:
        stream.write(appended)
    return len(offsets)
