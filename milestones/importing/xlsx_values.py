"""Reading a workbook's cell values with python-calamine, where that is safe.

python-calamine (compiled) reads the values of a sheet about ten times faster than
openpyxl's read-only mode, but it holds each sheet as a dense rectangle from its first to
its last cell: two values far apart (A1 and XFD1048576) would ask for billions of cells. So
each worksheet's XML is looked at first, as it inflates (through the reader's
``GuardedPart``, which refuses a cell longer than Excel allows):

* a compact sheet, whose cells all name their place and lie within ``MAX_COLUMNS`` columns
  and under 100,000 rows, and not both wide (two-letter columns) and long (five-digit
  rows), is read by calamine: its rectangle stays below about 2.6 million cells;
* anything else, and any workbook whose parts are not laid out as Excel lays them out, is
  left to openpyxl, which streams (``readers.XlsxSheet``).

Calamine gives values only. The one thing the importer reads from a cell's style is its
font (a line in italics or smaller text is a note, ``readers.with_asides``); that is looked
up in the sheet's XML for the few cells that need it, through the workbook's styles part.
"""

from __future__ import annotations

import datetime
import io
import posixpath
import re
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from functools import partial

from defusedxml.ElementTree import fromstring
from django.utils.translation import gettext

from milestones.importing.readers import Font, FontOf, WorkbookSheet, not_a_spreadsheet

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
PACKAGE = "{http://schemas.openxmlformats.org/package/2006/relationships}"

# A sheet whose XML is kept whole for the font lookups (larger ones are streamed).
MAX_COMPACT_XML = 64 * 1024 * 1024
CHUNK = 1024 * 1024

# Places that make a sheet not compact (each search runs at C speed over the whole XML):
# a row of six or more digits; a column of two letters (wide) is only bad past GR (the
# 200th column) or in a sheet with a five-digit row (long).
WIDE = re.compile(rb' r="[A-Z]{2}')
FAR = re.compile(rb' r="(?:[A-Z]{3}|[H-Z][A-Z]|G[S-Z])')
SIX_DIGITS = re.compile(rb' r="[A-Z]{0,2}\d{6}')
FIVE_DIGITS = re.compile(rb' r="[A-Z]{0,2}\d{5}')
# The tags of cells and rows, which must each name their place once (calamine would count
# the places of those that do not); prefixed tags ("<x:c") are not counted, so a sheet
# written with them is not compact either.
TAGS = (b"<c ", b"<row ")
BARE_TAGS = (b"<c>", b"<c/>", b"<row>", b"<row/>")
STYLE = re.compile(rb'\ss="(\d+)"')


@dataclass
class Styles:
    """The fonts of a workbook's cell styles: ``fonts[style]`` for a cell's ``s``."""

    fonts: list[Font]

    def font(self, style: int) -> Font | None:
        return self.fonts[style] if 0 <= style < len(self.fonts) else None


class CompactSheet(WorkbookSheet):
    """One worksheet read by calamine; rows as ``readers.XlsxSheet`` gives them."""

    def __init__(self, workbook, name: str, xml: bytes, styles: Styles, file_name: str):
        self.workbook = workbook
        self.name = name
        self.file_name = file_name
        self.cells = CellPlaces(xml, styles)

    def values(self) -> Iterator[tuple[int, tuple]]:
        from python_calamine import CalamineError

        try:
            sheet = self.workbook.get_sheet_by_name(self.name)
            if not sheet.height:
                return
            # Rows come from the sheet's first row (1), cells from its first used column.
            pad = (None,) * sheet.start[1]
            for number, row in enumerate(sheet.iter_rows(), start=1):
                yield number, (*pad, *map(_value, row))
        except CalamineError as exc:
            raise not_a_spreadsheet(self.file_name, gettext("a damaged Excel workbook")) from exc

    def font_of(self, number: int) -> FontOf:
        return partial(self.cells.font, number)

    def close(self) -> None:
        from python_calamine import WorkbookClosed

        with suppress(WorkbookClosed):  # the sheets of a workbook share it
            self.workbook.close()


def _value(value):
    """A calamine value as openpyxl gives it: no empty texts, dates at midnight."""
    if value == "":
        return None
    if type(value) is datetime.date:
        return datetime.datetime(value.year, value.month, value.day)
    return value


class CellPlaces:
    """The style of a cell, found in the sheet's XML by its place ("B12"): every cell and
    row of a compact sheet names its place (``compact_xml``), a row by its number alone."""

    def __init__(self, xml: bytes, styles: Styles) -> None:
        self.xml = xml
        self.styles = styles
        self.rows: dict[int, int] = {}  # where the rows looked up so far begin

    def font(self, number: int, column: int) -> Font | None:
        xml = self.xml
        start = max((at for n, at in self.rows.items() if n <= number), default=0)
        row = xml.find(b' r="%d"' % number, start)
        if row < 0:
            row = xml.find(b' r="%d"' % number)  # rows out of order
        if row < 0:
            return self.styles.font(0)
        self.rows[number] = row
        end = xml.find(b"<row ", row)
        place = xml.find(
            b' r="%s%d"' % (letters(column), number), row, end if end >= 0 else len(xml)
        )
        if place < 0:
            return self.styles.font(0)
        tag = xml[xml.rfind(b"<", 0, place) : xml.find(b">", place)]
        style = STYLE.search(tag)
        return self.styles.font(int(style.group(1)) if style else 0)


def letters(column: int) -> bytes:
    """The letters of a column counted from 0: 0 is A, 26 is AA."""
    name = b""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        name = bytes([65 + rest]) + name
    return name


def open_compact(data: bytes, archive, file_name: str) -> list[CompactSheet] | None:
    """The workbook's worksheets read by calamine, or None when openpyxl should read it."""
    parts = workbook_parts(archive)
    if parts is None:
        return None
    sheets, styles_part, strings_part = parts
    if strings_part is not None:
        guard(archive, strings_part)
    texts = {}
    for name, part in sheets:
        xml = compact_xml(archive, part)
        if xml is None:
            return None
        texts[name] = xml
    from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except CalamineError:
        return None  # openpyxl says what is wrong with it, in its own way
    names = [s.name for s in workbook.sheets_metadata if s.typ == SheetTypeEnum.WorkSheet]
    if names != [name for name, _part in sheets]:
        workbook.close()
        return None
    styles = read_styles(archive, styles_part)
    return [CompactSheet(workbook, name, texts[name], styles, file_name) for name in names]


def workbook_parts(archive) -> tuple[list[tuple[str, str]], str | None, str | None] | None:
    """The worksheets (name, part) in workbook order, the styles part and the shared
    strings part, as the workbook and its relationships name them; None for anything
    unexpected."""
    try:
        relationships = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        workbook = fromstring(archive.read("xl/workbook.xml"))
    except KeyError:
        return None
    targets, styles, strings = {}, None, None
    for relationship in relationships.iter(f"{PACKAGE}Relationship"):
        target = part_name(relationship.get("Target", ""))
        kind = relationship.get("Type", "")
        if kind.endswith("/worksheet"):
            targets[relationship.get("Id")] = target
        elif kind.endswith("/styles"):
            styles = target
        elif kind.endswith("/sharedStrings"):
            strings = target
    sheets = []
    for sheet in workbook.iter(f"{MAIN}sheet"):
        part = targets.get(sheet.get(RELATIONSHIP))
        if part is not None:
            sheets.append((sheet.get("name"), part))
    names = set(archive.namelist())
    if not sheets or any(part not in names for _name, part in sheets):
        return None
    return sheets, styles if styles in names else None, strings if strings in names else None


def guard(archive, part: str) -> None:
    """Read ``part`` through the reader's guard, which refuses a text longer than a cell
    can hold before calamine holds it in memory."""
    with archive.open(part) as stream:
        while stream.read(CHUNK):
            pass


def part_name(target: str) -> str:
    """A relationship's target as a name in the zip ("worksheets/sheet1.xml" is
    "xl/worksheets/sheet1.xml"; an absolute "/xl/..." is taken as it is)."""
    if target.startswith("/"):
        return target[1:]
    return posixpath.normpath(posixpath.join("xl", target))


def compact_xml(archive, part: str) -> bytes | None:
    """The sheet's XML when the sheet is compact (see the module docstring), else None."""
    chunks, size = [], 0
    with archive.open(part) as stream:  # through the guard against overlong cells
        while chunk := stream.read(CHUNK):
            size += len(chunk)
            if size > MAX_COMPACT_XML:
                return None
            chunks.append(chunk)
    xml = b"".join(chunks)
    if xml.count(b' r="') != sum(map(xml.count, TAGS)) or any(tag in xml for tag in BARE_TAGS):
        return None
    if SIX_DIGITS.search(xml):
        return None
    if WIDE.search(xml) and (FAR.search(xml) or FIVE_DIGITS.search(xml)):
        return None
    return xml


def read_styles(archive, part: str | None) -> Styles:
    """Each cell style's font, as openpyxl reads it (``<i/>`` is italic, ``<i val="0"/>``
    is not; no styles part: no fonts)."""
    if part is None:
        return Styles([])
    root = fromstring(archive.read(part))
    fonts = []
    for font in root.iterfind(f"{MAIN}fonts/{MAIN}font"):
        italic = font.find(f"{MAIN}i")
        size = font.find(f"{MAIN}sz")
        fonts.append(
            (
                italic is not None and italic.get("val", "1").lower() not in ("0", "false"),
                _number(size.get("val")) if size is not None else None,
            )
        )
    styles = []
    for xf in root.iterfind(f"{MAIN}cellXfs/{MAIN}xf"):
        font = _number(xf.get("fontId", "0"))
        styles.append(fonts[int(font)] if font is not None and 0 <= font < len(fonts) else None)
    return Styles(styles)


def _number(text: str | None) -> float | None:
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def document_title(archive) -> str:
    """The workbook's own title (its core properties), as openpyxl reads it."""
    try:
        relationships = fromstring(archive.read("_rels/.rels"))
        part = next(
            (
                part_name_from_root(r.get("Target", ""))
                for r in relationships.iter(f"{PACKAGE}Relationship")
                if r.get("Type", "").endswith("/core-properties")
            ),
            None,
        )
        if part is None:
            return ""
        title = fromstring(archive.read(part)).find("{http://purl.org/dc/elements/1.1/}title")
    except (KeyError, ValueError, SyntaxError):  # a part missing, or XML it cannot read
        return ""
    return (title.text or "").strip() if title is not None else ""


def part_name_from_root(target: str) -> str:
    return target.lstrip("/")
