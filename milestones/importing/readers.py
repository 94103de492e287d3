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
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import PurePath
from typing import Protocol
from xml.etree.ElementTree import ParseError

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext

from milestones.importing.macros import has_macros, macro_message

Cell = str | int | float | datetime.datetime | datetime.date | datetime.time | bool | None
Row = tuple[int, tuple[Cell, ...]]
Font = tuple[bool, float | None]  # (italic, size)
FontOf = Callable[[int], Font | None]  # a row's font by the position of a cell

# Limits that keep one import small enough for one request and one transaction.  A real
# schedule has tens to hundreds of rows; the benchmark imports 10,000.
MAX_FILE_SIZE = 20 * 1024 * 1024
MAX_UNCOMPRESSED_SIZE = 200 * 1024 * 1024  # the XML inside an .xlsx (a zip bomb is tiny)
MAX_ROWS = 100_000
MAX_COLUMNS = 200
# Inside an .xlsx, part by part (checked from the zip's directory: Python's zipfile never
# inflates a part beyond the size the directory gives, a lying size fails its CRC).
# Worksheets are streamed; every other part is read whole by openpyxl, the shared strings
# (every text of the workbook) into a list: those are kept small.
MAX_SHARED_STRINGS_SIZE = 16 * 1024 * 1024  # ~900,000 tiny texts: ~130 MB in memory
MAX_OTHER_PART_SIZE = 8 * 1024 * 1024
# Excel holds at most 32,767 characters in a cell; in the XML one character takes up to
# six bytes ("&amp;"), so a text between two tags longer than this is no Excel cell.
MAX_CELL_CHARACTERS = 32_767
MAX_CELL_XML = MAX_CELL_CHARACTERS * 6
# A CSV field: csv's own limit (131,072 characters), said in Dutch when a file passes it.
MAX_CSV_FIELD = csv.field_size_limit()

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls (Excel 97-2003), also .doc

# Our exports prefix these with an apostrophe so that spreadsheet programs do not run them.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_FIRST = frozenset(FORMULA_STARTS)  # each start is one character: a set lookup


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
    if value[:1] in FORMULA_FIRST:
        return "'" + value
    return value


def open_source(*, data: bytes, file_name: str) -> Source:
    """Open ``data`` (the file's bytes) by what it contains, not by its name."""
    name = PurePath(file_name).name or file_name
    if len(data) > MAX_FILE_SIZE:
        raise UnreadableFile(too_large_message(name, len(data)))
    if not data.strip():
        raise UnreadableFile(gettext("%(file)s is empty.") % {"file": name})
    if is_word_file(data, name):
        # Imported here: python-docx loads only for a Word document (and docx_reader
        # imports this module).
        from milestones.importing import docx_reader

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


WORD_SUFFIXES = (".docx", ".docm", ".doc", ".dotx")


def is_word_file(data: bytes, file_name: str) -> bool:
    """A zip (Office) file with a Word document inside; else, when its content does not say
    (damaged, an old .doc, another zip), a file named as a Word document."""
    named = PurePath(file_name).suffix.lower() in WORD_SUFFIXES
    if not data.startswith(ZIP_MAGIC):
        return named
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except ZIP_ERRORS:
        return named
    if "word/document.xml" in names:
        return True
    return named and "xl/workbook.xml" not in names  # a workbook is read as one


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

# What the standard library raises for a damaged or foreign zip/XML file; `xlsx_errors()`
# adds openpyxl's own. openpyxl is imported when a workbook is opened, not at start-up (a
# command reading a CSV file never loads it).
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,  # a damaged deflate stream
    struct.error,
    NotImplementedError,  # a zip with a compression method or version Python lacks
    zipfile.LargeZipFile,
    ParseError,
    KeyError,
    ValueError,  # also defusedxml's refusals
    TypeError,
    IndexError,
    AttributeError,
    EOFError,
    OSError,
)


def xlsx_errors() -> tuple[type[BaseException], ...]:
    """What reading a damaged or foreign workbook raises: `ZIP_ERRORS` and openpyxl's own."""
    from openpyxl.utils.exceptions import InvalidFileException

    return (*ZIP_ERRORS, InvalidFileException)


def _open_xlsx(data: bytes, file_name: str) -> Source:
    try:
        archive = GuardedZipFile(io.BytesIO(data), file_name=file_name)
        uncompressed = sum(info.file_size for info in archive.infolist())
    except ZIP_ERRORS as exc:
        raise not_a_spreadsheet(file_name, gettext("a damaged zip file")) from exc
    if uncompressed > MAX_UNCOMPRESSED_SIZE:
        raise UnreadableFile(too_large_message(file_name, uncompressed))
    if "xl/workbook.xml" not in archive.namelist():
        raise not_a_spreadsheet(file_name, gettext("a zip file, but not an Excel workbook"))
    for info in archive.infolist():
        if info.file_size > part_limit(info.filename):
            raise UnreadableFile(too_large_part_message(file_name, info.file_size))
    if has_macros(archive):
        raise UnreadableFile(macro_message(file_name))
    from milestones.importing import xlsx_values

    try:
        compact = xlsx_values.open_compact(data, archive, file_name)
    except ZIP_ERRORS:
        compact = None  # openpyxl reads it, or says what is wrong with it
    if compact is not None:
        title = xlsx_values.document_title(archive)
        return Source(file_name=file_name, kind="xlsx", sheets=list(compact), title=title)
    try:
        workbook = load_workbook(archive)
    except xlsx_errors() as exc:
        raise not_a_spreadsheet(file_name, gettext("a damaged Excel workbook")) from exc
    sheets: list[Sheet] = [XlsxSheet(workbook, ws, file_name) for ws in workbook.worksheets]
    if not sheets:
        workbook.close()
        raise UnreadableFile(gettext("%(file)s has no sheets.") % {"file": file_name})
    title = (workbook.properties.title or "") if workbook.properties else ""
    return Source(file_name=file_name, kind="xlsx", sheets=sheets, title=title.strip())


def part_limit(name: str) -> int:
    """The most bytes a part of an .xlsx may inflate to (see the limits above)."""
    if name.startswith("xl/worksheets/"):
        return MAX_UNCOMPRESSED_SIZE
    if name == "xl/sharedStrings.xml":
        return MAX_SHARED_STRINGS_SIZE
    return MAX_OTHER_PART_SIZE


def too_large_part_message(file_name: str, size: int) -> str:
    return gettext(
        "%(file)s holds a part that is %(size)s when unpacked; Regie reads workbooks whose "
        "parts stay below that. Is it a schedule?"
    ) % {"file": file_name, "size": filesizeformat(size)}


def cell_too_large(file_name: str) -> UnreadableFile:
    return UnreadableFile(
        gettext(
            "%(file)s has a cell with more text than Excel allows in one cell (%(max)s "
            "characters); Regie does not read it."
        )
        % {"file": file_name, "max": f"{MAX_CELL_CHARACTERS:,}".replace(",", ".")}
    )


class GuardedZipFile(zipfile.ZipFile):
    """A zip whose parts are read through :class:`GuardedPart`."""

    def __init__(self, file, *, file_name: str) -> None:
        super().__init__(file)
        self.file_name = file_name

    def open(self, name, mode="r", pwd=None, *, force_zip64=False):
        part = super().open(name, mode, pwd, force_zip64=force_zip64)
        return GuardedPart(part, self.file_name) if mode == "r" else part


class GuardedPart:
    """A part of an .xlsx, read as it inflates, that refuses a cell too long for Excel.

    The XML parser would hold a whole text node in memory before openpyxl sees it (a
    190 MB cell inflates to gigabytes of parser state). A text cannot hold ``<``, so the
    longest run of bytes without one bounds every cell: it is counted across reads, and
    the part is refused as soon as a run passes :data:`MAX_CELL_XML`.
    """

    def __init__(self, part, file_name: str) -> None:
        self.part = part
        self.file_name = file_name
        self.run = 0  # bytes since the last "<"

    def read(self, size: int = -1) -> bytes:
        data = self.part.read(size)
        if data:
            last = data.rfind(b"<")
            if last < 0:
                self.run += len(data)
            else:
                first = data.find(b"<")
                longest = max(map(len, data[first:last].split(b"<")), default=0)
                if max(self.run + first, longest) > MAX_CELL_XML:
                    raise cell_too_large(self.file_name)
                self.run = len(data) - last - 1
            if self.run > MAX_CELL_XML:
                raise cell_too_large(self.file_name)
        return data

    def close(self) -> None:
        self.part.close()

    def __enter__(self) -> GuardedPart:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def __getattr__(self, name: str):
        return getattr(self.part, name)


def load_workbook(archive: GuardedZipFile):
    """``openpyxl.load_workbook(read_only=True, data_only=True)`` over ``archive``.

    That is what ``load_workbook`` does (openpyxl 3.1), with our archive in place of the
    one it opens itself, so that every part it reads goes through :class:`GuardedPart`.
    """
    from openpyxl.reader.excel import ExcelReader

    reader = ExcelReader(archive.fp, read_only=True, data_only=True)
    reader.archive.close()
    reader.archive = archive
    reader.valid_files = archive.namelist()
    reader.read()
    return reader.wb


class WorkbookSheet:
    """A worksheet's rows: ``values()`` (raw, numbered as Excel shows them) cleaned, with
    the lines set apart marked (:meth:`with_asides`). Subclasses read the values."""

    file_name: str
    name: str
    # A note (``with_asides``) is smaller than the body text: the first text of the last row
    # with several texts, as (its font's lookup, its position); read only when needed.
    body: tuple[FontOf, int] | None = None

    def values(self) -> Iterator[tuple[int, tuple[Cell, ...]]]:
        raise NotImplementedError

    def font_of(self, number: int) -> FontOf:
        raise NotImplementedError

    def errors(self) -> tuple[type[BaseException], ...]:
        return ZIP_ERRORS

    def rows(self) -> Iterator[Row]:
        try:
            for number, values in self.values():
                if number > MAX_ROWS:
                    raise too_many_rows(self.file_name)
                cleaned = clean_row(values, self.file_name)
                if cleaned is not None:
                    end = len(cleaned)
                    while cleaned[end - 1] is None:  # a row ends at its last value
                        end -= 1
                    yield number, self.with_asides(number, cleaned[:end])
        except self.errors() as exc:
            raise not_a_spreadsheet(self.file_name, gettext("a damaged Excel workbook")) from exc

    def with_asides(self, number: int, cleaned: tuple[Cell, ...]) -> tuple[Cell, ...]:
        """A row of one text, set in italics or smaller than the rows of the table above it
        (the last row with several texts), with that text as an :class:`AsideText`: a note
        line under a plan."""
        texts = [p for p, value in enumerate(cleaned) if isinstance(value, str)]
        if len(texts) != 1:
            if texts:
                self.body = (self.font_of(number), texts[0])
            return cleaned
        position = texts[0]
        font = self.font_of(number)(position)
        if font is None:
            return cleaned
        italic, size = font
        body = self.body_size()
        if not (italic or (size and body and size < body)):
            return cleaned
        return (*cleaned[:position], AsideText(cleaned[position]), *cleaned[position + 1 :])

    def body_size(self) -> float | None:
        if self.body is None:
            return None
        font_of, position = self.body
        font = font_of(position)
        return font[1] if font else None


class XlsxSheet(WorkbookSheet):
    """One worksheet, streamed row by row by openpyxl."""

    def __init__(self, workbook, worksheet, file_name: str) -> None:
        self.workbook = workbook
        self.worksheet = worksheet
        self.file_name = file_name
        self.name: str = worksheet.title
        self.cells: tuple = ()  # of the row read last

    def values(self) -> Iterator[tuple[int, tuple[Cell, ...]]]:
        ws = self.worksheet
        # The stored dimensions can be wrong (some programs write "A1"); read what is there.
        ws.reset_dimensions()
        for number, cells in enumerate(ws.iter_rows(), start=1):
            if cells or number > MAX_ROWS:
                self.cells = cells
                yield number, tuple(cell.value for cell in cells)

    def font_of(self, number: int) -> FontOf:
        return CellFonts(self.cells)

    def errors(self) -> tuple[type[BaseException], ...]:
        return xlsx_errors()

    def close(self) -> None:
        self.workbook.close()


class CellFonts:
    """The fonts of one row of openpyxl cells, by position: (italic, size)."""

    def __init__(self, cells: tuple) -> None:
        self.cells = cells

    def __call__(self, position: int) -> Font | None:
        font = getattr(self.cells[position], "font", None)
        return None if font is None else (bool(font.i), font.sz)


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


SNIFF_SAMPLE = 64 * 1024  # characters: the first lines, not the whole file


def sniff_delimiter(text: str) -> str:
    """``;`` (Dutch Excel), ``,`` or tab, from the first lines of the file."""
    head = text[:SNIFF_SAMPLE]
    if len(text) > SNIFF_SAMPLE and "\n" in head:
        head = head[: head.rindex("\n")]  # whole lines only
    sample = "\n".join(head.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=CSV_DELIMITERS).delimiter
    except csv.Error:
        # One column, or too irregular for the sniffer: count in the first line with text.
        first = next((line for line in sample.splitlines() if line.strip()), "")
        return max(CSV_DELIMITERS, key=first.count)  # ties: ";" comes first


def _open_csv(data: bytes, file_name: str) -> Source:
    text = decode_text(data, file_name)
    return Source(file_name=file_name, kind="csv", sheets=[CsvSheet(text, file_name)])


LINE_END = re.compile(r"\r\n|\r|\n")


def lines(text: str) -> Iterator[str]:
    """The lines of ``text`` with their endings (LF, CRLF or CR, as ``newline=""`` reads
    them), one at a time: ``io.StringIO`` would copy the text at four bytes a character."""
    start = 0
    for match in LINE_END.finditer(text):
        yield text[start : match.end()]
        start = match.end()
    if start < len(text):
        yield text[start:]


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
        reader = csv.reader(lines(self.text), delimiter=self.delimiter)
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
            if "field larger than field limit" in str(exc):
                raise UnreadableFile(
                    gettext(
                        "%(file)s has a cell of more than %(max)s characters (from line "
                        "%(line)d); Regie reads cells up to that. Is it a schedule?"
                    )
                    % {
                        "file": self.name,
                        "max": f"{MAX_CSV_FIELD:,}".replace(",", "."),
                        "line": start,
                    }
                ) from exc
            raise not_a_spreadsheet(self.name, str(exc)) from exc
