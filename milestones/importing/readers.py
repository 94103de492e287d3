"""Reading source schedules: rows of cell values from an .xlsx workbook or a .csv file.

A reader knows nothing about schedules.  It turns a file into sheets, and a sheet into
``(row number, cell values)`` pairs, streaming: an .xlsx file is read with openpyxl in
read-only mode (defusedxml is installed, so hostile XML cannot blow up memory) and a row
is produced as soon as it is parsed.  Row numbers are the ones Excel shows (1-based, title
and empty rows included); for a CSV file they are the line a record starts on.

Cell values are cleaned the same way for both formats: text is stripped (an empty text is
``None``), a whole float is an int, and the apostrophe our exports put before ``=``, ``+``,
``-`` and ``@`` (against formula injection) is taken off again.

Anything that is not a readable spreadsheet raises :class:`UnreadableFile` with a message
for the user; it never escapes as a library's exception.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePath
from typing import Protocol
from xml.etree.ElementTree import ParseError

import openpyxl
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from openpyxl.utils.exceptions import InvalidFileException

Cell = str | int | float | datetime.datetime | datetime.date | datetime.time | bool | None
Row = tuple[int, tuple[Cell, ...]]

# Limits that keep one import small enough for one request and one transaction.  A real
# schedule has tens to hundreds of rows; the benchmark imports 10,000.
MAX_FILE_SIZE = 20 * 1024 * 1024
MAX_UNCOMPRESSED_SIZE = 200 * 1024 * 1024  # the XML inside an .xlsx (a zip bomb is tiny)
MAX_ROWS = 100_000
MAX_COLUMNS = 200

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls (Excel 97-2003), also .doc

# Our exports prefix these with an apostrophe so that spreadsheet programs do not run them.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class AsideText(str):
    """A cell's text set apart (in italics or smaller than the body text): a note, not a row
    of the plan, when it has no date (``layout.py``).  The .docx reader marks it."""

    __slots__ = ()


class UnreadableFile(Exception):
    """The file cannot be read as a spreadsheet at all; ``str()`` is the user's message."""


class NoSuchSheet(UnreadableFile):
    """The sheet asked for is not in the file; ``str()`` names the sheets it has."""


class Sheet(Protocol):
    name: str

    def rows(self) -> Iterator[Row]: ...


@dataclass
class Source:
    """An opened file: its sheets in workbook order."""

    file_name: str
    kind: str  # "xlsx", "csv" or "docx"
    sheets: list[Sheet]
    title: str = ""  # the document's own title (its properties), if it has one

    @property
    def sheet_names(self) -> list[str]:
        return [sheet.name for sheet in self.sheets]

    def close(self) -> None:
        for sheet in self.sheets:
            close = getattr(sheet, "close", None)
            if close is not None:
                close()


def clean_value(value: Cell) -> Cell:
    """One cell as the importer sees it (see the module docstring)."""
    if isinstance(value, str):
        value = value.strip()
        if not value:
            return None
        if value[0] == "'" and len(value) > 1 and value[1] in FORMULA_STARTS:
            return value[1:]
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def clean_row(values: tuple[Cell, ...] | list[Cell], file_name: str) -> tuple[Cell, ...] | None:
    """The cleaned cells of a row, or None for a row without any value."""
    if len(values) > MAX_COLUMNS and any(v not in (None, "") for v in values[MAX_COLUMNS:]):
        raise UnreadableFile(
            gettext("%(file)s has more than %(max)d columns; Regie reads schedules up to that.")
            % {"file": file_name, "max": MAX_COLUMNS}
        )
    cleaned = tuple(clean_value(value) for value in values[:MAX_COLUMNS])
    if cleaned.count(None) == len(cleaned):
        return None
    return cleaned


def neutralise(value: str) -> str:
    """The text a CSV export writes for ``value``: formula starts get an apostrophe."""
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def open_source(*, data: bytes, file_name: str) -> Source:
    """Open ``data`` (the file's bytes) by what it contains, not by its name."""
    name = PurePath(file_name).name or file_name
    if len(data) > MAX_FILE_SIZE:
        raise UnreadableFile(too_large_message(name, len(data)))
    if not data.strip():
        raise UnreadableFile(gettext("%(file)s is empty.") % {"file": name})
    from milestones.importing import docx_reader  # which imports this module

    if docx_reader.is_word_file(data, name):
        return docx_reader.open_docx(data, name)
    if data.startswith(OLE2_MAGIC):
        raise UnreadableFile(
            gettext(
                "%(file)s is an old Excel file (.xls) or another Office document. "
                "Open it in Excel and save it as .xlsx (Excel workbook) or .csv."
            )
            % {"file": name}
        )
    if data.startswith(ZIP_MAGIC):
        return _open_xlsx(data, name)
    return _open_csv(data, name)


def too_large_message(file_name: str, size: int) -> str:
    return gettext("%(file)s is %(size)s; Regie imports files up to %(max)s.") % {
        "file": file_name,
        "size": filesizeformat(size),
        "max": filesizeformat(MAX_FILE_SIZE),
    }


def not_a_spreadsheet(file_name: str, reason: str) -> UnreadableFile:
    return UnreadableFile(
        gettext(
            "%(file)s is not a spreadsheet Regie can read (%(reason)s). "
            "Save it as .xlsx (Excel workbook) or .csv."
        )
        % {"file": file_name, "reason": reason}
    )


def too_many_rows(file_name: str) -> UnreadableFile:
    return UnreadableFile(
        gettext("%(file)s has more than %(max)s rows; split it into smaller files.")
        % {"file": file_name, "max": f"{MAX_ROWS:,}".replace(",", ".")}
    )


# -- xlsx -----------------------------------------------------------------------------------

# What openpyxl and the standard library raise for a damaged or foreign zip/XML file.
XLSX_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,  # a damaged deflate stream
    struct.error,
    NotImplementedError,  # a zip with a compression method or version Python lacks
    zipfile.LargeZipFile,
    InvalidFileException,
    ParseError,
    KeyError,
    ValueError,  # also defusedxml's refusals
    TypeError,
    IndexError,
    AttributeError,
    EOFError,
    OSError,
)


def _open_xlsx(data: bytes, file_name: str) -> Source:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        uncompressed = sum(info.file_size for info in archive.infolist())
    except XLSX_ERRORS as exc:
        raise not_a_spreadsheet(file_name, gettext("a damaged zip file")) from exc
    if uncompressed > MAX_UNCOMPRESSED_SIZE:
        raise UnreadableFile(too_large_message(file_name, uncompressed))
    if "xl/workbook.xml" not in archive.namelist():
        raise not_a_spreadsheet(file_name, gettext("a zip file, but not an Excel workbook"))
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except XLSX_ERRORS as exc:
        raise not_a_spreadsheet(file_name, gettext("a damaged Excel workbook")) from exc
    sheets: list[Sheet] = [XlsxSheet(workbook, ws, file_name) for ws in workbook.worksheets]
    if not sheets:
        workbook.close()
        raise UnreadableFile(gettext("%(file)s has no sheets.") % {"file": file_name})
    title = (workbook.properties.title or "") if workbook.properties else ""
    return Source(file_name=file_name, kind="xlsx", sheets=sheets, title=title.strip())


class XlsxSheet:
    """One worksheet, streamed row by row."""

    def __init__(self, workbook, worksheet, file_name: str) -> None:
        self.workbook = workbook
        self.worksheet = worksheet
        self.file_name = file_name
        self.name: str = worksheet.title
        self.body_size: float | None = None  # of the table's text so far (``with_asides``)

    def rows(self) -> Iterator[Row]:
        ws = self.worksheet
        # The stored dimensions can be wrong (some programs write "A1"); read what is there.
        ws.reset_dimensions()
        try:
            for number, cells in enumerate(ws.iter_rows(), start=1):
                if number > MAX_ROWS:
                    raise too_many_rows(self.file_name)
                if cells:
                    cleaned = clean_row(tuple(cell.value for cell in cells), self.file_name)
                    if cleaned is not None:
                        yield number, self.with_asides(cells, cleaned)
        except XLSX_ERRORS as exc:
            raise not_a_spreadsheet(self.file_name, gettext("a damaged Excel workbook")) from exc

    def with_asides(self, cells, cleaned: tuple[Cell, ...]) -> tuple[Cell, ...]:
        """A row of one text, set in italics or smaller than the rows of the table above it
        (the last row with several texts), with that text as an :class:`AsideText`: a note
        line under a plan."""
        texts = [p for p, value in enumerate(cleaned) if isinstance(value, str)]
        if len(texts) != 1:
            if texts:
                self.body_size = getattr(getattr(cells[texts[0]], "font", None), "sz", None)
            return cleaned
        position = texts[0]
        font = getattr(cells[position], "font", None)
        body = self.body_size
        if font is None or not (font.i or (font.sz and body and font.sz < body)):
            return cleaned
        return (*cleaned[:position], AsideText(cleaned[position]), *cleaned[position + 1 :])

    def close(self) -> None:
        self.workbook.close()


# -- csv ------------------------------------------------------------------------------------

CSV_DELIMITERS = ";,\t"


def decode_text(data: bytes, file_name: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252."""
    if data.startswith(codecs.BOM_UTF8):
        encodings = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]  # what Excel writes as "Unicode text"
    else:
        encodings = ["utf-8", "cp1252"]
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text
    raise not_a_spreadsheet(file_name, gettext("not a text file in UTF-8 or Windows-1252"))


def sniff_delimiter(text: str) -> str:
    """``;`` (Dutch Excel), ``,`` or tab, from the first lines of the file."""
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=CSV_DELIMITERS).delimiter
    except csv.Error:
        # One column, or too irregular for the sniffer: count in the first line with text.
        first = next((line for line in sample.splitlines() if line.strip()), "")
        return max(CSV_DELIMITERS, key=first.count)  # ties: ";" comes first


def _open_csv(data: bytes, file_name: str) -> Source:
    text = decode_text(data, file_name)
    return Source(file_name=file_name, kind="csv", sheets=[CsvSheet(text, file_name)])


class CsvSheet:
    """A CSV file is one sheet; its name (in messages) is the file name."""

    def __init__(self, text: str, file_name: str) -> None:
        self.text = text
        self.name = file_name
        self.delimiter = sniff_delimiter(text)
        # Rows with an empty line above them: a quoted cell can span lines, so a gap in the
        # numbers is no blank row here (``layout.SheetLayout.rows``).
        self.after_blank: set[int] = set()

    def rows(self) -> Iterator[Row]:
        reader = csv.reader(io.StringIO(self.text, newline=""), delimiter=self.delimiter)
        count = 0
        last = 0  # the line the last row with a value ended on
        try:
            while True:
                start = reader.line_num + 1  # a quoted cell can span lines: report the first
                try:
                    values = next(reader)
                except StopIteration:
                    return
                count += 1
                if count > MAX_ROWS:
                    raise too_many_rows(self.name)
                cleaned = clean_row(values, self.name)
                if cleaned is not None:
                    if start > last + 1:
                        self.after_blank.add(start)
                    last = reader.line_num
                    yield start, cleaned
        except csv.Error as exc:
            raise not_a_spreadsheet(self.name, str(exc)) from exc
