"""Reading Word documents (.docx): the tables of a document, each a sheet.

Plans live in Word as often as in Excel, and there the table is the plan.  This reader
gives the importer what the spreadsheet readers give (``readers.py``): sheets of
``(row number, cells)``, cleaned the same way, so the layout, the reading and the commit
are the same for every kind of file.

* Every table of the document body is a sheet named "Tabel N" (the name is stored with the
  milestones it imports and matched on re-import, so it does not change with the user's
  language; the Dutch word is the one the documents and the wizard use).
* A table that follows another with nothing between them but empty paragraphs, "Fase N"
  headings and "Resultaat: …" paragraphs continues it: Word splits a table where someone
  types a line into it.  Those paragraphs are rows of the table (one cell), as are "Fase N"
  headings right above a table and "Resultaat: …" paragraphs right below one, so that the
  layout reads them as phase headers and results.
* Cells are placed by the table grid: a cell spanning columns, or continuing a vertical
  merge, holds its text in its first (top-left) position only, as a merged Excel cell does.
* A cell's paragraphs are lines; a line break is a line; a non-breaking space is a space;
  a list item (a bullet or number in Word) is a line that starts with "· ".  A table inside
  a cell is part of that cell: its rows are lines, its cells joined with " | ".
* A cell whose text is all italic, or smaller than most cells of its table, is an aside
  (:class:`AsideText`): the layout reads such a row without a date as a note.

Anything that is not a readable Word document raises ``UnreadableFile``.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import docx
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext, ngettext
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.exceptions import OpcError
from docx.oxml.ns import qn
from docx.shared import Length
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from milestones.importing import readers
from milestones.importing.readers import (
    OLE2_MAGIC,
    ZIP_MAGIC,
    AsideText,
    Cell,
    Row,
    Sheet,
    Source,
    UnreadableFile,
    clean_row,
    too_large_message,
    too_many_rows,
)

# python-docx parses every XML part whole (an lxml tree is many times its text): the
# document's text and every other XML part are kept small; images are only held as bytes.
MAX_DOCUMENT_XML = 32 * 1024 * 1024
MAX_OTHER_XML = 8 * 1024 * 1024
MAX_NESTING = 3  # a table in a cell of a table in a cell of a table; deeper is refused
MAX_TABLES = 200
BULLET = "· "
NESTED_CELL_SEPARATOR = " | "

# Paragraphs that belong to the plan around a table (see the module docstring).
PHASE_PARAGRAPH_RE = re.compile(r"^(?:fase|phase)\s*\d{1,2}(?!\d)", re.IGNORECASE)
RESULT_PARAGRAPH_RE = re.compile(r"^(?:resultaat|result)\s*:", re.IGNORECASE)
SPACES_RE = re.compile(r"[ \u00a0\u202f\u2007]+")
DOCX_ERRORS = (*readers.xlsx_errors(), OpcError)

W_P, W_TBL, W_TC, W_R, W_T = qn("w:p"), qn("w:tbl"), qn("w:tc"), qn("w:r"), qn("w:t")


def not_a_word_document(file_name: str, reason: str) -> UnreadableFile:
    return UnreadableFile(
        gettext(
            "%(file)s is not a Word document Regie can read (%(reason)s). "
            "Open it in Word and save it again as .docx (Word document)."
        )
        % {"file": file_name, "reason": reason}
    )


def open_docx(data: bytes, file_name: str) -> Source:
    """The tables of a Word document as sheets; UnreadableFile when there is none."""
    if data.startswith(OLE2_MAGIC):
        raise UnreadableFile(
            gettext(
                "%(file)s is an old Word document (.doc). Open it in Word and save it as "
                ".docx (Word document), then import that file."
            )
            % {"file": file_name}
        )
    if not data.startswith(ZIP_MAGIC):
        raise not_a_word_document(file_name, gettext("the file is damaged or of another kind"))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        uncompressed = sum(info.file_size for info in archive.infolist())
        is_word = "word/document.xml" in archive.namelist()
    except DOCX_ERRORS as exc:
        raise not_a_word_document(file_name, gettext("a damaged zip file")) from exc
    if uncompressed > readers.MAX_UNCOMPRESSED_SIZE:  # the spreadsheets' limits, read now
        raise UnreadableFile(too_large_message(file_name, uncompressed))
    if not is_word:
        raise not_a_word_document(file_name, gettext("a zip file, but not a Word document"))
    for info in archive.infolist():
        if info.filename.endswith((".xml", ".rels")) and info.file_size > (
            MAX_DOCUMENT_XML if info.filename == "word/document.xml" else MAX_OTHER_XML
        ):
            raise UnreadableFile(
                gettext(
                    "%(file)s holds a part that is %(size)s when unpacked; Regie reads Word "
                    "documents whose text stays below that. Is it a schedule?"
                )
                % {"file": file_name, "size": filesizeformat(info.file_size)}
            )
    try:
        document = docx.Document(io.BytesIO(data))
        tables = _Walker(document, file_name).tables()
        if not tables:  # a plan written as headings and lists (docx_text.py)
            from milestones.importing.docx_text import text_plan  # which imports this module

            tables = [plan] if (plan := text_plan(document, file_name)) else []
    except DOCX_ERRORS as exc:
        raise not_a_word_document(file_name, gettext("a damaged Word document")) from exc
    if not tables:
        raise UnreadableFile(
            gettext(
                "%(file)s has no tables. Regie imports the schedule in a Word document's "
                "table (a row per activity, with columns such as Activiteit and Wanneer)."
            )
            % {"file": file_name}
        )
    count = len(tables)
    for table in tables:
        table.count = count
    title = (document.core_properties.title or "").strip()
    return Source(file_name=file_name, kind="docx", sheets=list(tables), title=title)


@dataclass
class DocxTable:
    """One table (with the tables that continue it), read into memory: a sheet."""

    number: int
    caption: str  # the heading or paragraph right above it, for the table choice
    file_name: str
    lines: list[tuple[Cell, ...]] = field(default_factory=list)
    count: int = 1  # tables in the document

    @property
    def name(self) -> str:
        return f"Tabel {self.number}"

    @property
    def width(self) -> int:
        return max((len(line) for line in self.lines), default=0)

    def label(self) -> str:
        """ "Tabel 2 van 4: Planning — 7 kolommen, 23 rijen", for the table choice."""
        columns = ngettext("%(count)d column", "%(count)d columns", self.width) % {
            "count": self.width
        }
        rows = ngettext("%(count)d row", "%(count)d rows", len(self.lines)) % {
            "count": len(self.lines)
        }
        where = gettext("Table %(number)d of %(count)d") % {
            "number": self.number,
            "count": self.count,
        }
        if self.caption:
            where = f"{where}: {self.caption}"
        return f"{where} — {columns}, {rows}"

    def rows(self) -> Iterator[Row]:
        for number, values in enumerate(self.lines, start=1):
            cleaned = clean_row(values, self.file_name)
            if cleaned is not None:
                yield (
                    number,
                    tuple(
                        AsideText(value) if isinstance(original, AsideText) and value else value
                        for value, original in zip(cleaned, values, strict=False)
                    ),
                )


class _Walker:
    """The document body in order: tables, and the paragraphs around them."""

    def __init__(self, document, file_name: str) -> None:
        self.document = document
        self.file_name = file_name
        self.body_size = _body_font_size(document)
        self.rows = 0

    def tables(self) -> list[Sheet]:
        found: list[DocxTable] = []
        between: list[str] = []  # non-empty paragraphs since the last table
        headings: list[bool] = []  # which of them are headings
        held: list[str] = []  # "Fase N" (and what follows it) right after a table
        for block in self.document.element.body.iterchildren():
            if block.tag == W_P:
                text = _paragraph_text(block).strip()
                if not text:
                    continue
                # Right after a table, "Resultaat: …" is its row, and "Fase N" too when the
                # table goes on after it (else it may head the next table).
                if found and not between and RESULT_PARAGRAPH_RE.match(text) and not held:
                    self.add(found[-1], [(text,)])
                    continue
                if found and not between and _plan_paragraph(text):
                    held.append(text)
                    continue
                between.extend(held)
                headings.extend(False for _ in held)
                held = []
                between.append(text)
                headings.append(_is_heading(block))
                continue
            if block.tag != W_TBL:
                continue
            lines = self.table_lines(block, depth=1)
            if found and not between:  # continues the table above
                self.add(found[-1], [*((t,) for t in held), *lines])
            else:
                if len(found) >= MAX_TABLES:
                    raise UnreadableFile(
                        gettext("%(file)s has more than %(max)d tables.")
                        % {"file": self.file_name, "max": MAX_TABLES}
                    )
                heading = [(t,) for t in _trailing(between, PHASE_PARAGRAPH_RE)]
                table = DocxTable(
                    number=len(found) + 1,
                    caption=_caption(between, headings),
                    file_name=self.file_name,
                )
                self.add(table, [*heading, *lines])
                found.append(table)
            between, headings, held = [], [], []
        if found and held:  # "Resultaat: …" (or "Fase N") under the last table
            self.add(found[-1], [(t,) for t in held])
        return found

    def add(self, table: DocxTable, lines: list[tuple[Cell, ...]]) -> None:
        self.rows += len(lines)
        if self.rows > readers.MAX_ROWS:
            raise too_many_rows(self.file_name)
        table.lines.extend(lines)

    def table_lines(self, tbl, *, depth: int) -> list[tuple[Cell, ...]]:
        if depth > MAX_NESTING:
            raise UnreadableFile(
                gettext(
                    "%(file)s has tables inside tables more than %(max)d deep; "
                    "Regie reads tables up to that."
                )
                % {"file": self.file_name, "max": MAX_NESTING}
            )
        rows: list[list[Cell]] = []
        looks: list[tuple[int, int, bool, Length | None]] = []  # of cells with text
        for tr in tbl.tr_lst:
            values: list[Cell] = [None] * tr.grid_before
            for tc in tr.tc_lst:
                if tc.vMerge == "continue":
                    values.append(None)
                else:
                    text = self.cell_value(tc, depth)
                    if text.strip():
                        looks.append((len(rows), len(values), *self.look(tc)))
                    values.append(text)
                values.extend([None] * (tc.grid_span - 1))
            rows.append(values)
        # Smaller than the table's usual size: the size most of its cells have.
        sizes = Counter(size for *_, size in looks if size)
        body = sizes.most_common(1)[0][0] if sizes else self.body_size
        for row, position, italic, size in looks:
            if italic or (size and body and size < body):
                rows[row][position] = AsideText(rows[row][position])
        return [tuple(values) for values in rows]

    def cell_value(self, tc, depth: int) -> Cell:
        lines: list[str] = []
        for block in tc.iterchildren():
            if block.tag == W_P:
                text = _paragraph_text(block)
                lines.append(BULLET + text.strip() if _is_list_item(block) and text else text)
            elif block.tag == W_TBL:
                for row in self.table_lines(block, depth=depth + 1):
                    lines.append(NESTED_CELL_SEPARATOR.join(str(v) for v in row if v))
        return "\n".join(lines)

    def look(self, tc) -> tuple[bool, Length | None]:
        """Whether all text of a cell is in italics, and the largest size of its text."""
        italic, largest, seen = True, None, False
        for run in tc.iter(W_R):
            if not "".join(t.text or "" for t in run.iter(W_T)).strip():
                continue
            seen = True
            style = _paragraph_style(next(run.iterancestors(W_P), None), self.document.styles)
            italic = italic and bool(_run_property(run, "italic", style))
            size = _run_property(run, "size", style) or self.body_size
            if size and (largest is None or size > largest):
                largest = size
        return italic and seen, largest


def _paragraph_text(p) -> str:
    """python-docx's Paragraph.text (breaks as "\n", tabs as "\t"), with Word's (narrow)
    non-breaking spaces as plain ones and runs of spaces as one ("de\xa0 fit/gap")."""
    lines = Paragraph(p, None).text.split("\n")
    return "\n".join(SPACES_RE.sub(" ", line).strip(" ") for line in lines)


def _is_list_item(p) -> bool:
    ppr = p.pPr
    if ppr is not None and ppr.numPr is not None:
        return True
    style = ppr.pStyle.val if ppr is not None and ppr.pStyle is not None else ""
    return style.casefold().startswith(("listbullet", "listnumber", "lijstopsommingsteken"))


def _is_heading(p) -> bool:
    ppr = p.pPr
    style = ppr.pStyle.val if ppr is not None and ppr.pStyle is not None else ""
    return style.casefold().startswith(("heading", "kop", "title", "titel"))


def _plan_paragraph(text: str) -> bool:
    return bool(PHASE_PARAGRAPH_RE.match(text) or RESULT_PARAGRAPH_RE.match(text))


def _trailing(paragraphs: list[str], pattern: re.Pattern) -> list[str]:
    """The last paragraphs that match ``pattern`` (the headings right above a table)."""
    taken: list[str] = []
    for text in reversed(paragraphs):
        if not pattern.match(text):
            break
        taken.insert(0, text)
    return taken


def _caption(paragraphs: list[str], headings: list[bool]) -> str:
    """What a table is called: a heading among the two paragraphs above it ("Planning",
    then "De planning ziet er als volgt uit:"), else the paragraph right above it."""
    for text, heading in list(zip(paragraphs, headings, strict=True))[-2:][::-1]:
        if heading:
            return _short(text)
    return _short(paragraphs[-1]) if paragraphs else ""


def _short(text: str, limit: int = 60) -> str:
    text = re.sub(r"\s+", " ", text).strip().rstrip(":")
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _paragraph_style(p, styles):
    ppr = p.pPr if p is not None else None
    style_id = ppr.pStyle.val if ppr is not None and ppr.pStyle is not None else None
    try:
        return styles.get_by_id(style_id, WD_STYLE_TYPE.PARAGRAPH)
    except (KeyError, ValueError):
        return None


def _run_property(r, name: str, style) -> bool | Length | None:
    """A run's italic or size: its own, else its paragraph style's (and the styles below)."""
    value = getattr(Run(r, None).font, name)
    if value is not None:
        return value
    while style is not None:
        value = getattr(style.font, name)
        if value is not None:
            return value
        style = style.base_style
    return None


def _body_font_size(document) -> Length | None:
    """The size of the document's body text: the Normal style's, else the defaults'."""
    try:
        normal = document.styles["Normal"]
    except KeyError:
        normal = None
    if normal is not None and normal.font.size is not None:
        return normal.font.size
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        return None
    size = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:sz')}")
    if size is None:
        return None
    try:
        return Length(int(size.get(qn("w:val"))) * 6350)  # half-points to EMU
    except (TypeError, ValueError):
        return None
