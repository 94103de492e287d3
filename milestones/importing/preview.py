"""What the import wizard's preview shows: plain frozen rows built from a plan.

``build_preview()`` sorts a plan into what a person checks before importing: the counts,
every problem (a date problem with the field to correct it), the dates corrected or kept
undated so far, and the rows per category.  The template only loops.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext, ngettext

from milestones.importing.plan import (
    NO_PHASE,
    Change,
    ChangeCount,
    DateValue,
    DeliverableDraft,
    Draft,
    FlatList,
    Notice,
    Plan,
    nothing_message,
)
from phases.dates import FuzzyDate
from phases.presentation import format_value

MAX_ROWS_SHOWN = 500  # per category; a preview of 10,000 rows helps nobody


@dataclass(frozen=True)
class DateFix:
    """The correction field of a row whose date cannot be read, or was corrected."""

    index: int  # position in the form
    sheet: str
    row: int
    title: str
    original: str  # as the file has it
    text: str  # in the field: the correction typed, else the file's text
    undated: bool  # "keep this row without a date" is ticked
    reading: FuzzyDate | None
    error: str | None
    cursor: datetime.date | None  # for the live reading of a typed date

    @property
    def corrected(self) -> bool:
        return self.text != self.original


@dataclass(frozen=True)
class ProblemRow:
    notice: Notice
    title: str  # of the row's milestone or deliverable, "" for a sheet's problem
    fix: DateFix | None  # the date of its row can be corrected right here


@dataclass(frozen=True)
class SheetFix:
    """A sheet without a date column: its milestones can be imported undated."""

    sheet: str
    undated: bool


@dataclass(frozen=True)
class TableChoice:
    """A table of a Word document, offered to import alone."""

    name: str  # "Tabel 2": the sheet name plan_import takes
    label: str  # "Tabel 2 van 4: Planning — 7 kolommen, 23 rijen"
    chosen: bool


@dataclass(frozen=True)
class PhaseChoice:
    """Where the new milestones of a file that names no phases go, and the select to choose."""

    message: str
    chosen: bool  # the user chose; else it is what the file says, and the preview warns
    options: tuple[tuple[str, str, bool], ...]  # (value, label, selected)


@dataclass(frozen=True)
class PreviewRow:
    sheet: str
    row: int
    title: str
    date: DateValue | None  # None: the sheet has no date column
    changes: tuple[Change, ...] = ()
    phase: str = ""


@dataclass(frozen=True)
class Category:
    rows: tuple[PreviewRow, ...]
    total: int

    @property
    def hidden(self) -> int:
        return self.total - len(self.rows)


@dataclass(frozen=True)
class Preview:
    file_name: str
    year: int
    sheets: tuple[str, ...]
    several_sheets: bool  # else rows are named by number alone
    problems: tuple[ProblemRow, ...]
    fixes: tuple[DateFix, ...]  # every correction field, in file order
    settled: tuple[DateFix, ...]  # fields of rows that are no problem (any more)
    sheet_fixes: tuple[SheetFix, ...]
    creates: Category
    updates: Category
    unchanged: Category
    deliverables: Category
    new_phases: tuple[str, ...]
    new_groups: tuple[str, ...]
    warnings: tuple[Notice, ...]
    notes: int
    changes: ChangeCount
    nothing: str = ""  # "This import changes nothing: …" when it is valid and does
    phase_choice: PhaseChoice | None = None
    tables: tuple[TableChoice, ...] = ()  # a Word document's tables, when it has several

    @property
    def can_confirm(self) -> bool:
        return not self.problems and not self.nothing


def build_preview(plan: Plan) -> Preview:
    drafts: dict[tuple[str, int], Draft | DeliverableDraft] = {
        (d.sheet, d.row): d
        for d in (*plan.creates, *plan.updates, *plan.unchanged, *plan.deliverables)
    }
    problem_rows = {(n.sheet, n.row) for n in plan.problems}
    fixes: dict[tuple[str, int], DateFix] = {}
    for key, spot in plan.fixable.items():
        draft = drafts.get(key)
        if draft is None or draft.date is None:
            continue
        chosen = key in plan.corrections or key in plan.undated_rows
        if not chosen and key not in problem_rows:
            continue  # unreadable, but kept as it is (imported so before): nothing to do
        fixes[key] = DateFix(
            index=len(fixes),
            sheet=draft.sheet,
            row=draft.row,
            title=draft.title,
            original=spot.original,
            text=plan.corrections.get(key, spot.original),
            undated=key in plan.undated_rows,
            reading=draft.date.reading,
            error=draft.date.error,
            cursor=spot.cursor,
        )
    problems = []
    with_field: set[tuple[str, int]] = set()  # a row's field is shown once
    for notice in plan.problems:
        key = (notice.sheet, notice.row)
        draft = drafts.get(key)
        fix = fixes.get(key)
        title = draft.title if draft is not None else ""
        if fix is not None and key not in with_field and notice.column == draft.date_column:
            with_field.add(key)
            problems.append(ProblemRow(notice, title, fix))
        else:
            problems.append(ProblemRow(notice, title, None))
    return Preview(
        file_name=plan.file_name,
        year=plan.year,
        sheets=tuple(plan.sheets),
        several_sheets=len(plan.sheets) > 1,
        problems=tuple(problems),
        fixes=tuple(fixes.values()),
        settled=tuple(fix for key, fix in fixes.items() if key not in with_field),
        sheet_fixes=tuple(
            SheetFix(sheet, sheet in plan.undated_sheets) for sheet in plan.sheets_without_dates
        ),
        creates=_category(plan.creates),
        updates=_category(plan.updates),
        unchanged=_category(plan.unchanged),
        deliverables=Category(
            tuple(
                PreviewRow(
                    d.sheet,
                    d.row,
                    d.title,
                    d.date,
                    _shown(d.changes),
                    d.phase.name,
                )
                for d in plan.deliverables[:MAX_ROWS_SHOWN]
            ),
            len(plan.deliverables),
        ),
        new_phases=tuple(p.name for p in plan.new_phases),
        new_groups=tuple(g.name for g in plan.new_groups),
        warnings=tuple(plan.warnings),
        notes=len(plan.notes),
        changes=plan.changes,
        nothing=nothing_message(plan) if plan.is_valid and plan.changes_nothing else "",
        phase_choice=phase_choice(plan.flat) if plan.flat else None,
        tables=tuple(TableChoice(name, label, name == plan.sheet) for name, label in plan.tables),
    )


def _category(drafts: list[Draft]) -> Category:
    rows = tuple(
        PreviewRow(
            sheet=d.sheet,
            row=d.row,
            title=d.title,
            date=d.date,
            changes=_shown(d.changes),
            phase=d.phase.name if d.phase else "",
        )
        for d in drafts[:MAX_ROWS_SHOWN]
    )
    return Category(rows, len(drafts))


def _shown(changes: list[Change]) -> tuple[Change, ...]:
    """The changes as people read them (`phases.presentation`); nothing reads "—"."""
    return tuple(Change(c.field, format_value(c.old), format_value(c.new)) for c in changes)


def phase_choice(flat: FlatList) -> PhaseChoice:
    """The warning and the select of a file that names no phases.

    The first option is what happens when nothing is chosen (the phase the file's name or
    title mentions, else none), named as such; then the programme's other phases and "no
    phase".
    """
    values = {"count": flat.count, "phase": flat.phase}
    if flat.choice is not None:
        message = (
            ngettext(
                "The file names no phases; its %(count)d new milestone goes into phase "
                "“%(phase)s”, as chosen.",
                "The file names no phases; its %(count)d new milestones go into phase "
                "“%(phase)s”, as chosen.",
                flat.count,
            )
            if flat.phase
            else ngettext(
                "The file names no phases; its %(count)d new milestone gets no phase, as chosen.",
                "The file names no phases; its %(count)d new milestones get no phase, as chosen.",
                flat.count,
            )
        )
    elif flat.phase:
        message = ngettext(
            "The file names no phases; its %(count)d new milestone goes into phase "
            "“%(phase)s”. Choose a phase or add a phase column.",
            "The file names no phases; all %(count)d new milestones go into phase "
            "“%(phase)s”. Choose a phase or add a phase column.",
            flat.count,
        )
    else:
        message = ngettext(
            "The file names no phases; its %(count)d new milestone gets no phase. Choose a "
            "phase or add a phase column.",
            "The file names no phases; its %(count)d new milestones get no phase. Choose a "
            "phase or add a phase column.",
            flat.count,
        )
    selected = "" if flat.choice is None else str(flat.choice)
    if flat.file_phase:
        default = gettext("%(phase)s (as the file says)") % {"phase": flat.file_phase}
    else:
        default = gettext("No phase (as the file says)")
    options = [("", default, selected == "")]
    options += [
        (str(pk), name, selected == str(pk)) for pk, name in flat.options if name != flat.file_phase
    ]
    if flat.file_phase:
        options.append((str(NO_PHASE), gettext("No phase"), selected == str(NO_PHASE)))
    return PhaseChoice(message % values, flat.choice is not None, tuple(options))
