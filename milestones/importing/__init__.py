"""Importing source schedules (.xlsx, .csv, a .docx's tables) into a programme: preview
first, then commit.

The engine behind ``manage.py import_schedule`` and the import wizard::

    plan = plan_import(data=..., file_name="planning.xlsx", programme="sociale-agenda")
    for problem in plan.problems: ...      # "<sheet> row N, column C: what and why"
    if plan.is_valid:
        record = commit_import(plan=plan, user=request.user)

``plan_import`` reads and checks every row and writes nothing; ``commit_import`` writes
the plan in one transaction.  Access is the caller's business: check
``programme.allows(user, AccessLevel.EDITOR)`` first.  The modules, in reading order:
``readers`` (file -> rows of cells), ``columns`` and ``layout`` (what a column and a row
are), ``groups``, ``reading`` (rows -> drafts), ``matching`` (drafts -> create, update or
leave alone), ``plan`` (the result), ``commit`` (the transaction).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Collection, Iterator, Mapping
from pathlib import PurePath

from django.utils.translation import gettext

from milestones.calendars.prerender import queue_prerender
from milestones.importing.columns import one_line
from milestones.importing.commit import StalePlan, commit_plan
from milestones.importing.layout import NoHeader, understand
from milestones.importing.matching import Matcher
from milestones.importing.plan import NewProgramme, Notice, Plan
from milestones.importing.readers import (
    MAX_FILE_SIZE,
    NoSuchSheet,
    Sheet,
    Source,
    UnreadableFile,
    open_source,
)
from milestones.importing.reading import DateReader, RowReader
from milestones.models import ImportRecord
from phases.models import Programme

# "Programma X – fase 2 Ontwerp": a phase named after a dash, colon or comma is no part of
# the programme's name ("Mijlpalen fase 1" says what the file is, and stays whole).
PHASE_SUFFIX_RE = re.compile(r"\s*[-–—:,]\s*(?:fase|phase)\s*\d{1,2}(?!\d).*$", re.I | re.S)

__all__ = [
    "MAX_FILE_SIZE",
    "NoSuchSheet",
    "Notice",
    "Plan",
    "StalePlan",
    "UnreadableFile",
    "commit_import",
    "plan_import",
]


def plan_import(
    *,
    data: bytes,
    file_name: str,
    programme: str,
    year: int | None = None,
    sheet: str | None = None,
    allow_undated: bool = False,
    corrections: Mapping[tuple[str, int], str] | None = None,
    undated_rows: Collection[tuple[str, int]] = (),
    undated_sheets: Collection[str] = (),
    phase: int | None = None,
    progress: Callable[[str, int], None] | None = None,
) -> Plan:
    """Read ``data`` (the file's bytes) as a schedule for the programme with slug ``programme``.

    A slug no programme has yet plans a new programme (its year context: ``year``, else
    the year the schedule names, else this year with a warning).  ``year`` is the year
    context for reading dates (default: the programme's); ``sheet`` limits the import to
    one sheet; ``allow_undated`` keeps rows with unreadable dates as undated milestones
    instead of making them problems.

    What the import wizard's preview adds: ``corrections`` maps ``(sheet, row)`` to a date
    text that replaces the row's date cell (read with the schedule cursor in the cell's
    place, stored as written, and noted as a warning); ``undated_rows`` are rows, and
    ``undated_sheets`` sheets without a date column, to keep undated as
    ``allow_undated`` would.  Sheet names are as in the notices (a CSV file's is its
    file name).  ``phase``: where the new milestones of a file that names no phases go, in
    a programme that has phases (a phase's pk, or ``plan.NO_PHASE``; ``plan.flat`` says
    where they go and what can be chosen).

    ``progress(phase, rows)`` is told every row read ("reading", rows so far) and when
    the rows are compared with the programme ("comparing"): a background import's
    progress bar (``milestones.importing.background``).

    Raises UnreadableFile when the file is not a spreadsheet, is empty, too large, or has
    no header row, and its subclass NoSuchSheet when ``sheet`` is not in the file.
    """
    existing = Programme.objects.filter(slug=programme).first()
    source = open_source(data=data, file_name=file_name)
    counter = RowCounter(progress)
    if progress is not None:
        source.sheets = [CountedSheet(sheet, counter) for sheet in source.sheets]
    try:
        plan = Plan(
            file_name=source.file_name,
            sha256=hashlib.sha256(data).hexdigest(),
            size=len(data),
            sheet=sheet or "",
            sheets=[],
            year=year or (existing.year if existing else 0),
            programme=existing,
            new_programme=None,
            allow_undated=allow_undated,
            corrections=dict(corrections or {}),
            undated_rows=frozenset(undated_rows),
            undated_sheets=frozenset(undated_sheets),
            phase_choice=phase,
        )
        if source.kind == "docx" and len(source.sheets) > 1:
            plan.tables = [(table.name, table.label()) for table in source.sheets]
        _read(plan, source, _chosen_sheets(source, sheet), slug=programme, counter=counter)
    finally:
        source.close()
    return plan


def commit_import(*, plan: Plan, user=None) -> ImportRecord:
    """Write a plan without problems in one transaction; returns the import record.

    On any error nothing is written, not even a new programme.  Raises StalePlan when
    milestones the plan compared were changed in the meantime.  The programme's calendar
    feeds are rendered anew in the background afterwards (bulk writes send no signals).
    """
    record = commit_plan(plan=plan, user=user)
    queue_prerender(record.programme_id)
    return record


def programme_name(titles: list[str], source: Source) -> str:
    """A new programme's name: the first title row of the first sheet, else the file's
    document title, else its name; without a phase suffix."""
    name = next((t for t in titles if t.strip()), "") or source.title
    name = one_line(name or PurePath(source.file_name).stem)
    return (PHASE_SUFFIX_RE.sub("", name).strip() or name)[:200]


def _chosen_sheets(source: Source, name: str | None) -> list[Sheet]:
    if not name:
        return source.sheets
    chosen = [s for s in source.sheets if s.name == name] or [
        s for s in source.sheets if s.name.strip().casefold() == name.strip().casefold()
    ]
    if not chosen:
        raise NoSuchSheet(
            gettext('%(file)s has no sheet "%(sheet)s"; its sheets are: %(sheets)s.')
            % {
                "file": source.file_name,
                "sheet": name,
                "sheets": ", ".join(f'"{sheet}"' for sheet in source.sheet_names),
            }
        )
    return chosen


class RowCounter:
    """Rows read so far, told to a ``progress`` callback (none: counts nothing)."""

    def __init__(self, progress: Callable[[str, int], None] | None) -> None:
        self.progress = progress
        self.rows = 0

    def row(self) -> None:
        self.rows += 1
        self.progress("reading", self.rows)

    def comparing(self) -> None:
        if self.progress is not None:
            self.progress("comparing", self.rows)


class CountedSheet:
    """A sheet that counts the rows it yields; everything else is the sheet's."""

    def __init__(self, sheet: Sheet, counter: RowCounter) -> None:
        self._sheet = sheet
        self._counter = counter

    def rows(self) -> Iterator:
        for row in self._sheet.rows():
            self._counter.row()
            yield row

    def __getattr__(self, name: str):
        return getattr(self._sheet, name)


def _read(
    plan: Plan, source: Source, sheets: list[Sheet], *, slug: str, counter: RowCounter
) -> None:
    """Fill ``plan`` from the sheets: read every row, then match with the programme."""
    programme = plan.programme
    reader = RowReader(plan=plan, programme=programme, year=plan.year or None)
    stem = PurePath(source.file_name).stem if source.kind == "csv" else None
    titles: list[str] | None = None  # of the first sheet read
    empty = 0
    for sheet in sheets:
        try:
            layout = understand(sheet, several_sheets=len(source.sheets) > 1, stem=stem)
        except NoHeader as exc:
            empty += exc.empty
            if not exc.empty:
                message = gettext("no header row found in its first rows; the sheet is skipped.")
                plan.warnings.append(Notice(sheet.name, None, None, message))
            continue
        plan.sheets.append(sheet.name)
        if titles is None:
            titles = layout.titles
        if reader.dates.schedule is None and layout.year is not None:
            reader.dates = DateReader(layout.year)  # "Jaarcontext: 2024" in a title row
        reader.read_sheet(layout)
    if empty == len(sheets):
        raise UnreadableFile(
            gettext("%(file)s is empty: there is no value in any cell.")
            % {"file": source.file_name}
        )
    if not plan.sheets:
        raise UnreadableFile(
            gettext(
                "%(file)s: no header row found. Regie looks in the first rows of each sheet "
                "for a row that names a title column (Mijlpaal, Activiteit, Actie, Product) "
                "and at least one other column (Datum, Wanneer, Week, Doelgroep, Wie, …)."
            )
            % {"file": source.file_name}
        )
    counter.comparing()
    Matcher(plan=plan, programme=programme, drafts=reader.drafts, phases=reader.phases.plans).run()
    # Found while reading or while matching: show them in the order of the file.
    order = {name: index for index, name in enumerate(plan.sheets)}
    for notices in (plan.problems, plan.warnings):
        notices.sort(key=lambda notice: (order.get(notice.sheet, -1), notice.row or 0))
    plan.phases = reader.phases.used()
    plan.year = reader.dates.year
    if programme is None:
        plan.new_programme = NewProgramme(
            name=programme_name(titles or [], source), slug=slug, year=plan.year
        )
        if reader.dates.guessed or reader.dates.schedule is None:
            message = gettext(
                "no year context was given and the schedule names no year; it is read from "
                "1 January %(year)d. Use --year to choose another year."
            ) % {"year": plan.year}
            plan.warnings.insert(0, Notice(source.file_name, None, None, message))
