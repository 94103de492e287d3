"""Understanding a sheet: where the header is, what each column holds, what each row is.

docs/importing.md, "How a sheet is read", describes the layouts this module knows:

* Title and empty rows above the header are normal; the header is the first row (of the
  first :data:`HEADER_SEARCH_ROWS` with content) that names a title column and at least
  one other known column.  A header repeated further down is skipped; one that names
  other columns switches the layout from there on.
* Columns are :class:`Column` objects found by Dutch and English synonyms (and by the
  labels of our own export, in the active language).  A column with any other header is
  a target group when its cells hold X marks (the X-matrix); other text in it is kept in
  the milestone's notes as "Header: value", so nothing typed is lost.
* A row is a milestone, a phase header ("Fase 2", "Fase 2: Uitwerking"), a result row
  ("Resultaat: …", the phase's deliverable), a holiday row (Herfstvakantie, …: a calendar
  note), an empty week of a planning grid, or a footnote.  A row with one cell more than
  the header (a page of a Word table with an extra column) is read one column to the left.

The plan (``plan.py``) reads dates, resolves target groups and phases; this module only
looks at cells.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext

from milestones.importing.columns import (
    COLUMNS_BY_ID,
    RESULT_RE,
    CellError,
    Column,
    DateColumn,
    KindColumn,
    RowKind,
    cell_text,
    normalise,
    one_line,
    synonym_table,
)
from milestones.importing.readers import AsideText, Cell, Row, Sheet

HEADER_SEARCH_ROWS = 30


# -- rows ----------------------------------------------------------------------------------

PHASE_CELL_RE = re.compile(r"^(fase|phase)\s*(\d{1,2})(?!\d)\s*(?:[:.\-–]\s*(.*))?$", re.I | re.S)
PHASE_MENTION_RE = re.compile(r"(?<![a-z])(fase|phase)[\s_-]*(\d{1,2})(?!\d)", re.IGNORECASE)
# The phase's own name after "Fase 2": "Fase 2 Ontwerp", "fase 2: Ontwerp", "Fase 2 – Ontwerp"
PHASE_NAME_RE = re.compile(r"^(?:\s*[:.\-–—]\s*|\s+)(\w.*)$", re.S)
HOLIDAY_RE = re.compile(
    r"^(?:herfst|kerst|zomer|school|mei|voorjaars|krokus)vakantie\b", re.IGNORECASE
)
FOOTNOTE_RE = re.compile(
    r"^(?:\*|\(\*\)|[¹²³⁴⁵⁶⁷⁸⁹]|noot\b|n\.?b\.?(?:\W|$)|bron\s*:|let\s+op\b|opmerking(?:en)?\b)",
    re.IGNORECASE,
)
# A list item in a cell: "· " (how the .docx reader writes a Word list item), "•", "-", "–".
BULLET_RE = re.compile(r"^\s*[·•▪◦\-–]\s+(?=\S)")
YEAR_CONTEXT_RE = re.compile(
    r"\b(?:jaarcontext|beginjaar|year context|jaar)\s*:?\s*(\d{4})\b", re.I
)
GENERIC_SHEET_RE = re.compile(r"^(?:blad|sheet|tabel|tab|werkblad)\s*\d*$", re.IGNORECASE)
MARKS = frozenset({"x", "✓", "✔", "●", "•"})
RACI = frozenset({"r", "a", "c", "i"})


def mark_of(value: Cell) -> str | None:
    """ "" for an X mark, the RACI letter for R/A/C/I, None for anything else."""
    if not isinstance(value, str) or len(value) > 1:
        return None
    key = value.casefold()
    if key in MARKS:
        return ""
    if key in RACI:
        return key.upper()
    return None


@dataclass(frozen=True)
class PhaseRef:
    """A phase as a sheet names it; ``order`` when it says "Fase N"."""

    name: str
    order: int | None = None

    @classmethod
    def from_text(cls, text: str) -> PhaseRef:
        match = PHASE_CELL_RE.match(text)
        return cls(name=text, order=int(match.group(2)) if match else None)

    @classmethod
    def mentioned_in(cls, text: str) -> PhaseRef | None:
        """ "Mijlpalen fase 1", "fase1_mijlpalen": the phase a title or name mentions.

        A name after the number is the phase's own ("Fase 2 Ontwerp", "Programma X – fase 2
        Ontwerp": "Ontwerp", numbered 2); without one the phase is called "Fase 2".
        """
        match = PHASE_MENTION_RE.search(text)
        if match is None:
            return None
        number = int(match.group(2))
        own = PHASE_NAME_RE.match(text[match.end() :])
        name = one_line(own.group(1)) if own else ""
        return cls(name=name or f"{match.group(1).capitalize()} {number}", order=number)


@dataclass(frozen=True)
class Mark:
    """An X (or RACI letter) in a target-group column."""

    group: str  # the column header as written
    raci: str
    column: str


@dataclass(slots=True)
class SourceRow:
    """One row of a sheet as the layout reads it; the plan does the rest."""

    sheet: str
    number: int
    kind: RowKind
    values: dict[str, Cell] = field(default_factory=dict)  # column identifier -> cell
    marks: list[Mark] = field(default_factory=list)
    extra_notes: list[str] = field(default_factory=list)  # "Header: value" of other columns
    holiday: str | None = None  # a holiday in the extra cell of a shifted row
    text: str = ""  # phase name, deliverable title, note title or footnote as written
    after_blank: bool = False  # an empty row lies between this row and the one above
    phase: PhaseRef | None = None  # the phase this row belongs to
    notices: list[tuple[str, str]] = field(default_factory=list)  # (column, warning)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column, problem)


@dataclass
class Header:
    number: int
    positions: dict[str, int]  # column identifier -> position
    labels: dict[int, str]  # position -> header as written
    others: dict[int, str]  # position -> header of a column that is not a known one
    week: bool

    def key(self) -> tuple:
        return tuple(sorted(self.positions.items())), tuple(sorted(self.others.items()))

    def label(self, identifier: str) -> str:
        position = self.positions.get(identifier)
        return (
            self.labels[position]
            if position is not None
            else str(COLUMNS_BY_ID[identifier].verbose_name)
        )

    def column_label(self, position: int) -> str:
        from openpyxl.utils import get_column_letter  # not at start-up: it loads all openpyxl

        return self.labels.get(position) or get_column_letter(position + 1)


def detect_header(
    values: tuple[Cell, ...], number: int, table: dict[str, Column], *, loose: bool = True
) -> Header | None:
    """The header this row is, or None: a title column and at least one other known one.

    ``loose`` also reads "Duur\nSessies excl. …" as Duur and "Datum gereed" as Datum.
    """
    found: dict[int, Column] = {}
    texts: dict[int, str] = {}
    for position, value in enumerate(values):
        if isinstance(value, str):
            texts[position] = re.sub(r"\s+", " ", value).strip()
        elif value is not None:
            texts[position] = cell_text(value)
    taken: set[str] = set()
    # Exact names first, then looser readings ("Duur\nSessies excl. …", "Datum gereed").
    for looser in (False, True) if loose else (False,):
        for position, text in texts.items():
            if position in found:
                continue
            column = _match_column(text, table, loose=looser)
            if column is not None and column.identifier not in taken:
                found[position] = column
                taken.add(column.identifier)
    if "title" not in taken or len(taken) < 2:
        return None
    positions = {column.identifier: position for position, column in found.items()}
    date_position = positions.get("date")
    week = date_position is not None and (
        normalise(texts[date_position]) in DateColumn.week_synonyms
        or normalise(texts[date_position]).split(" ")[0] in DateColumn.week_synonyms
    )
    return Header(
        number=number,
        positions=positions,
        labels=texts,
        others={p: t for p, t in texts.items() if p not in found},
        week=week,
    )


def _match_column(text: str, table: dict[str, Column], *, loose: bool) -> Column | None:
    key = normalise(text)
    if not loose:
        return table.get(key)
    first_line = normalise(text.splitlines()[0]) if text.splitlines() else key
    without_remarks = normalise(re.sub(r"\(.*?\)", " ", key))
    first_word = key.split(" ")[0]
    for candidate in (first_line, without_remarks, first_word):
        if candidate in table:
            return table[candidate]
    return None


@dataclass
class SheetLayout:
    """A sheet with its header found: what its title rows say, and its rows one by one."""

    name: str
    header: Header
    titles: list[str]
    phase: PhaseRef | None  # the phase of the whole sheet (title row or sheet name)
    year: int | None  # a year context a title row names ("Jaarcontext: 2024")
    _rows: Iterator[Row]
    _table: dict[str, Column]
    _blanks: set[int] | None = None  # rows after an empty one, where numbers can skip (CSV)

    @property
    def has_phase_column(self) -> bool:
        return "phase" in self.header.positions

    def rows(self) -> Iterator[SourceRow]:
        title_words = frozenset(
            key for key, column in self._table.items() if column.identifier == "title"
        )
        current_phase = self.phase
        previous = self.header.number
        blanks = self._blanks
        for number, values in self._rows:
            after_blank = number in blanks if blanks is not None else number > previous + 1
            previous = number
            # A header again: the same one is skipped, another one switches the layout.
            if any(isinstance(v, str) and v.casefold() in title_words for v in values):
                header = self.repeated_header(values, number)
                if header is not None:
                    self.header = header
                    continue
            for each in split_bullets(values, self.header):
                row = read_row(self.name, number, each, self.header)
                if row is None:
                    continue
                row.after_blank = after_blank
                if row.kind is RowKind.PHASE:
                    current_phase = row.phase
                elif not self.has_phase_column:
                    row.phase = current_phase
                yield row

    def repeated_header(self, values: tuple[Cell, ...], number: int) -> Header | None:
        """A header row below the first, or None for a row that only looks like one.

        Stricter than the first header: exact column names only, no numbers (our export's
        rows say "mijlpaal" and "week" too, next to an id), and either two columns where
        the current header has them or three known columns.
        """
        if any(not isinstance(v, str) or v.isdigit() for v in values if v is not None):
            return None
        header = detect_header(values, number, self._table, loose=False)
        if header is None:
            return None
        same = set(header.positions.items()) & set(self.header.positions.items())
        if len(same) >= 2 or len(header.positions) >= 3:
            return header
        return None


class NoHeader(Exception):  # noqa: N818  (a finding, not a failure)
    """A sheet without a header row in its first rows; ``empty``: without any value."""

    def __init__(self, *, empty: bool) -> None:
        super().__init__()
        self.empty = empty


def understand(sheet: Sheet, *, several_sheets: bool, stem: str | None = None) -> SheetLayout:
    """Find the header of ``sheet``; raises NoHeader when its first rows have none.

    ``several_sheets``: the workbook has more than one sheet, so a sheet with a name of
    its own ("Verkenning") is a phase.  ``stem``: the name to look for a phase mention in
    (a CSV file's name without extension; the sheet name otherwise).
    """
    table = synonym_table()
    rows = sheet.rows()
    titles: list[str] = []
    for seen, (number, values) in enumerate(rows, start=1):
        header = detect_header(values, number, table)
        if header is not None:
            break
        titles.extend(cell_text(v) for v in values if v is not None)
        if seen >= HEADER_SEARCH_ROWS:
            raise NoHeader(empty=False)
    else:
        raise NoHeader(empty=not titles)
    phase = next(filter(None, (PhaseRef.mentioned_in(t) for t in titles)), None)
    name = stem if stem is not None else sheet.name
    if phase is None:
        phase = PhaseRef.mentioned_in(name)
    if phase is None and several_sheets and not GENERIC_SHEET_RE.match(name.strip()):
        phase = PhaseRef(name=sheet.name.strip())
    year = next((int(m.group(1)) for t in titles if (m := YEAR_CONTEXT_RE.search(t))), None)
    return SheetLayout(
        name=sheet.name,
        header=header,
        titles=titles,
        phase=phase,
        year=year,
        _rows=rows,
        _table=table,
        _blanks=getattr(sheet, "after_blank", None),
    )


# -- one row -------------------------------------------------------------------------------


def split_bullets(values: tuple[Cell, ...], header: Header) -> list[tuple[Cell, ...]]:
    """A row whose title cell is a list (every line a list item) is a row per item.

    Seed 002's planning has a cell of bullets per month: each is an activity of that
    month.  A title followed by bullets (seed 001) is one activity with a description.
    """
    position = header.positions.get("title")
    title = values[position] if position is not None and position < len(values) else None
    if not isinstance(title, str):
        return [values]
    lines = [line for line in title.splitlines() if line.strip()]
    if not lines or not all(BULLET_RE.match(line) for line in lines):
        return [values]
    kind = type(title) if isinstance(title, AsideText) else str
    return [
        (*values[:position], kind(BULLET_RE.sub("", line).strip()), *values[position + 1 :])
        for line in lines
    ]


def _quoted(value: Cell) -> str:
    return f'"{one_line(cell_text(value))}"' if value is not None else gettext("an empty cell")


def _shift(values: tuple[Cell, ...], header: Header) -> int | None:
    """Where a row has one cell more than its header, if reading it so makes it fit.

    Fits: every target-group column then holds an X mark or nothing (and at least one
    mark), where it held other text before.  The extra cell lies after the title and date
    columns and before the first target-group column: a source table that grew a column
    there (seed 003, weeks 29-36).  Right at the first target-group column only an empty
    cell or a holiday counts as extra: anything else there is that column's text.
    """
    first_other = min(header.others)
    after = max(header.positions.get("title", -1), header.positions.get("date", -1)) + 1
    for position in range(after, min(first_other + 1, len(values))):
        extra = values[position]
        if position == first_other and extra is not None and not HOLIDAY_RE.match(str(extra)):
            break
        marks = 0
        for other in header.others:
            # After removing the cell at `position`, column `other` holds the cell right of it.
            source = other + 1 if other >= position else other
            value = values[source] if source < len(values) else None
            if value is None:
                continue
            if mark_of(value) is None:
                break
            marks += 1
        else:
            if marks:
                return position
    return None


def read_row(sheet: str, number: int, values: tuple[Cell, ...], header: Header) -> SourceRow | None:
    """What one row below the header is (see the module docstring); None for nothing."""
    row = SourceRow(sheet=sheet, number=number, kind=RowKind.MILESTONE)
    values, extra = _without_extra_cell(row, values, header)
    filled = [p for p, value in enumerate(values) if value is not None]
    if not filled:
        return None
    consumed: set[int] = set()
    kind = _stated_kind(row, values, header)
    if kind is None:
        guessed = _guess_kind(values, filled, header, _title_of(values, header))
        if guessed is None:
            return None
        row.kind, row.text, position = guessed
        if position is not None:
            consumed.add(position)
        if row.kind is RowKind.PHASE:
            row.phase = PhaseRef.from_text(row.text)
            return row
        if row.kind is RowKind.FOOTNOTE:
            return row
    else:
        row.kind = kind
        consumed |= _kind_text(row, values, header)
    _take_cells(row, values, filled, consumed, header)
    if extra is not None:
        text = one_line(cell_text(extra))
        if HOLIDAY_RE.match(text):
            row.holiday = text
        else:
            row.extra_notes.append(text)
    if row.kind is RowKind.NOTE and kind is None:
        _warn_ignored(row, header)
    return row


def _title_of(values: tuple[Cell, ...], header: Header) -> Cell:
    position = header.positions["title"]
    return values[position] if position < len(values) else None


def _without_extra_cell(
    row: SourceRow, values: tuple[Cell, ...], header: Header
) -> tuple[tuple[Cell, ...], Cell]:
    """The row's cells without the extra cell of a row one cell wider than its header
    (said in a notice), and that cell (None: the row fits)."""
    if not header.others or not any(
        values[p] is not None and mark_of(values[p]) is None
        for p in header.others
        if p < len(values)
    ):
        return values, None
    position = _shift(values, header)
    if position is None:
        return values, None
    extra = values[position]
    row.notices.append(
        (
            header.column_label(position),
            gettext(
                "the row has one cell more than the header (%(value)s); the cells "
                "from here on are read one column to the left."
            )
            % {"value": _quoted(extra)},
        )
    )
    return values[:position] + values[position + 1 :], extra


def _stated_kind(row: SourceRow, values: tuple[Cell, ...], header: Header) -> RowKind | None:
    """The kind a Kind cell (our export) states; None without one."""
    position = header.positions.get("kind")
    if position is None or position >= len(values):
        return None
    try:
        return KindColumn().clean(values[position])
    except CellError as exc:
        row.errors.append((header.column_label(position), str(exc)))
        return RowKind.MILESTONE


def _kind_text(row: SourceRow, values: tuple[Cell, ...], header: Header) -> set[int]:
    """For a stated deliverable or note: its text from the title cell (then consumed)."""
    title = _title_of(values, header)
    if row.kind is RowKind.MILESTONE or title is None:
        return set()
    text = cell_text(title)
    if row.kind is RowKind.RESULT and (match := RESULT_RE.match(text)):
        text = match.group(1)
    row.text = one_line(text)
    return {header.positions["title"]}


def _take_cells(
    row: SourceRow,
    values: tuple[Cell, ...],
    filled: list[int],
    consumed: set[int],
    header: Header,
) -> None:
    """Known columns into ``values``; X marks of other columns, their other text as notes."""
    positions = header.positions
    for identifier, position in positions.items():
        if position < len(values) and position not in consumed and values[position] is not None:
            row.values.setdefault(identifier, values[position])
    known = set(positions.values())
    for position in filled:
        if position in known or position in consumed:
            continue
        value = values[position]
        group = header.others.get(position)
        raci = mark_of(value) if group is not None else None
        if raci is not None:
            row.marks.append(Mark(group=group, raci=raci, column=group))
        elif group:
            row.extra_notes.append(f"{group}: {one_line(cell_text(value))}")
        else:  # a cell right of the header, or under an empty header cell
            row.extra_notes.append(one_line(cell_text(value)))


def _warn_ignored(row: SourceRow, header: Header) -> None:
    """A row read as a holiday: what else it held is not imported, and said so."""
    ignored = [
        *(
            str(row.values[i])
            for i in row.values
            if i not in ("date", "from", "until", "id", "kind", "precision")
        ),
        *(m.group for m in row.marks),
        *row.extra_notes,
    ]
    if ignored:
        row.notices.append(
            (
                header.label("title"),
                gettext(
                    "%(title)s is read as a holiday (a calendar note); the rest of the row "
                    "(%(values)s) is not imported."
                )
                % {"title": _quoted(row.text), "values": ", ".join(ignored)},
            )
        )


def _guess_kind(
    values: tuple[Cell, ...], filled: list[int], header: Header, title: Cell
) -> tuple[RowKind, str, int | None] | None:
    """(kind, text, position of the cell that said so) for a row without a Kind cell."""
    positions = header.positions
    title_position = positions["title"]
    texts = [(p, values[p]) for p in filled if isinstance(values[p], str)]

    # "Fase 2", "Fase 2: Uitwerking", or "Fase 1" | "Zoektocht en eerste schets"
    for position, value in texts:
        if position == positions.get("phase") or not PHASE_CELL_RE.match(value):
            continue
        if set(filled) - {position, title_position}:
            break
        name = re.sub(r"\s+", " ", value)
        if position != title_position and title is not None:
            name = f"{name} – {one_line(cell_text(title))}"
        return RowKind.PHASE, name, position

    title_text = cell_text(title) if title is not None else ""
    if match := RESULT_RE.match(title_text):
        return RowKind.RESULT, one_line(match.group(1).splitlines()[0]), title_position
    if HOLIDAY_RE.match(title_text):
        return RowKind.NOTE, one_line(title_text), title_position
    if title is None:
        for position, value in texts:
            if match := RESULT_RE.match(value):
                return RowKind.RESULT, one_line(match.group(1).splitlines()[0]), position
            if HOLIDAY_RE.match(value) and len(texts) == 1:
                return RowKind.NOTE, one_line(value), position
        dated = positions.get("date")
        if dated is not None and set(filled) <= {
            dated,
            *(positions[i] for i in ("from", "until", "precision", "kind") if i in positions),
        }:
            return RowKind.DATE_ONLY, "", None
        has_date = dated is not None and dated in filled
        if not has_date and len(filled) == 1:
            return RowKind.FOOTNOTE, one_line(cell_text(values[filled[0]])), filled[0]
        return RowKind.MILESTONE, "", None
    has_date = positions.get("date") in filled
    has_marks = any(mark_of(values[p]) is not None for p in filled if p in header.others)
    # A note under the plan: "NB …", "Let op: …", "* …", or text set apart (italics, smaller).
    aside = FOOTNOTE_RE.match(title_text) or isinstance(title, AsideText)
    if not has_date and not has_marks and aside:
        return RowKind.FOOTNOTE, one_line(title_text), title_position
    return RowKind.MILESTONE, "", None
