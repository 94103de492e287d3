"""Reading rows into drafts: dates with the schedule cursor, target groups, phases.

``RowReader`` takes the rows the layout gives (``layout.py``) and turns each into a
milestone, deliverable or calendar-note draft of the plan, cleaning every cell with its
column object; a cell that cannot be used becomes a problem with its sheet, row and
column.  Dates are read in schedule order with one cursor (docs/conventions.md, "Which
year"); an empty date cell continues the date above.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext

from milestones.importing.columns import (
    COLUMNS_BY_ID,
    FIELD_COLUMNS,
    CellError,
    FromColumn,
    IdColumn,
    PrecisionColumn,
    RowKind,
    cell_text,
    max_length,
    too_long,
)
from milestones.importing.groups import GroupCatalogue, GroupRef
from milestones.importing.layout import PhaseRef, SheetLayout, SourceRow
from milestones.importing.plan import (
    DateValue,
    DeliverableDraft,
    Draft,
    FixableDate,
    NoteDraft,
    Notice,
    PhasePlan,
    Plan,
)
from milestones.importing.readers import Cell
from milestones.models import CalendarNote, Milestone
from phases.dates import FuzzyDate, FuzzyDateError, ScheduleReader, parse_fuzzy_date, parse_near
from phases.fuzzy import fuzzy_date_error_message
from phases.models import Deliverable, Phase, Programme
from stakeholders.models import TargetGroup


class DateReader:
    """The schedule cursor (docs/conventions.md, "Which year"), with two additions for imports.

    A From value (our export's interval column) pins the year: the text is read near it,
    so a round trip lands in the same year without ``--year``.  And a new programme
    without a year context takes the year of the first date that has one.
    """

    def __init__(self, year: int | None) -> None:
        self.schedule = ScheduleReader(year) if year is not None else None
        self.guessed = False
        # A reading depends only on (text, week, cursor or near): rows that repeat the date
        # of the row above are read once.
        self.memo: dict[tuple, FuzzyDate] = {}
        # A text with a year (and an Excel date cell) reads the same at any cursor: the
        # cursor rule only picks years for texts without one.  Those by (value, week).
        self.yeared: dict[tuple, FuzzyDate] = {}

    @property
    def year(self) -> int:
        return self.schedule.year if self.schedule else datetime.date.today().year

    def _start(self, value: Cell, near: datetime.date | None) -> ScheduleReader:
        if self.schedule is None:
            year = None
            if near is not None:
                year = near.year
            elif isinstance(value, datetime.date):
                year = value.year
            else:
                try:
                    reading = parse_fuzzy_date(cell_text(value), datetime.date.today().year)
                except FuzzyDateError:
                    reading = None
                if reading is not None and reading.has_year:
                    year = reading.start.year
            if year is None:
                year = datetime.date.today().year
                self.guessed = True
            self.schedule = ScheduleReader(year)
        return self.schedule

    def read(self, value: Cell, *, week: bool, near: datetime.date | None) -> DateValue:
        schedule = self._start(value, near)
        if isinstance(value, datetime.date):  # an Excel date cell: kept as its ISO date
            day = value.date() if isinstance(value, datetime.datetime) else value
            text = day.isoformat()
        else:
            text = cell_text(value)
            value = text  # numbers (a week cell), times and booleans are read as their text
        reading = self.yeared.get((value, week))
        key = (value, week, near or schedule.cursor, near is None)
        if reading is None:
            reading = self.memo.get(key)
        if reading is None:
            try:
                if near is not None and isinstance(value, str):
                    reading = parse_near(value, near, week=week)
                else:
                    reading = schedule.read(value, week=week)
            except FuzzyDateError as exc:
                return DateValue(text, None, fuzzy_date_error_message(exc))
            if reading.has_year:
                if len(self.yeared) > 10_000:
                    self.yeared.clear()
                self.yeared[(value, week)] = reading
            else:
                if len(self.memo) > 10_000:
                    self.memo.clear()
                self.memo[key] = reading
        schedule.cursor = reading.start
        return DateValue(text, reading)


# -- phases --------------------------------------------------------------------------------


class PhaseBook:
    """The programme's phases and the ones this import adds, found by name or number."""

    def __init__(self, programme: Programme | None) -> None:
        self.plans: list[PhasePlan] = []
        existing = list(programme.phases.order_by("order")) if programme else []
        for phase in existing:
            self.plans.append(PhasePlan(name=phase.name, order=phase.order, existing=phase))

    def resolve(self, ref: PhaseRef) -> PhasePlan:
        key = ref.name.casefold()
        for plan in self.plans:
            if plan.name.casefold() == key:
                return plan
        if ref.order is not None:
            for plan in self.plans:
                if plan.order == ref.order:
                    return plan
        taken = {plan.order for plan in self.plans}
        order = ref.order if ref.order is not None and ref.order not in taken else None
        if order is None:
            order = max(taken, default=0) + 1
        plan = PhasePlan(name=ref.name, order=order)
        self.plans.append(plan)
        return plan

    def used(self) -> list[PhasePlan]:
        return [p for p in self.plans if p.existing is None or p.result_changed]


# -- rows ---------------------------------------------------------------------------


class RowReader:
    """Rows of one import, sheet after sheet, into the drafts of ``plan``."""

    def __init__(self, *, plan: Plan, programme: Programme | None, year: int | None) -> None:
        self.plan = plan
        self.programme = programme
        self.dates = DateReader(year)
        self.groups = GroupCatalogue()
        self.phases = PhaseBook(programme)
        self.drafts: list[Draft] = []
        self.new_group_keys: set[str] = set()

    # -- notices --------------------------------------------------------------------------
    def problem(self, row: SourceRow | Draft, column: str, message: str) -> None:
        number = row.number if isinstance(row, SourceRow) else row.row
        self.plan.problems.append(Notice(row.sheet, number, column, message))

    def warn(self, row: SourceRow | Draft, column: str, message: str) -> None:
        number = row.number if isinstance(row, SourceRow) else row.row
        self.plan.warnings.append(Notice(row.sheet, number, column, message))

    # -- reading --------------------------------------------------------------------------
    def read_sheet(self, layout: SheetLayout) -> None:
        above: tuple[int, DateValue] | None = None  # the last date cell: (row, its reading)
        for row in layout.rows():
            if row.after_blank:  # a blank row ends the rows that continue a date
                above = None
            header = layout.header
            explicit_dates = "id" in header.positions  # our export writes every date
            for column, message in row.notices:
                self.warn(row, column, message)
            for column, message in row.errors:
                self.problem(row, column, message)
            if row.kind is RowKind.PHASE:
                self.phases.resolve(row.phase)
                continue
            if row.kind is RowKind.FOOTNOTE:
                self.warn(
                    row,
                    header.label("title"),
                    gettext('"%(text)s" is read as a footnote, not as a milestone.')
                    % {"text": row.text},
                )
                continue
            date = self.row_date(row, layout, above, explicit_dates)
            if date is not None and ("date" in row.values or self.corrected(row)):
                above = (row.number, date)
            if row.holiday and date is not None and date.reading is not None:
                self.plan.notes.append(NoteDraft(row.sheet, row.number, row.holiday, date))
            if row.kind is RowKind.DATE_ONLY:
                if date is not None and date.error:
                    self.warn(row, header.label("date"), date.error)
            elif row.kind is RowKind.NOTE:
                self.read_note(row, layout, date)
            elif row.kind is RowKind.RESULT and (phase := self.row_phase(row, layout)):
                self.read_deliverable(row, layout, phase, date)
            else:
                if row.kind is RowKind.RESULT:
                    self.warn(
                        row,
                        header.label("title"),
                        gettext(
                            "a result row belongs to a phase, and there is none here; it is "
                            "imported as a milestone."
                        ),
                    )
                    row.values["title"] = gettext("Result: %(title)s") % {"title": row.text}
                self.read_milestone(row, layout, date)

    def row_date(
        self,
        row: SourceRow,
        layout: SheetLayout,
        above: tuple[int, DateValue] | None,
        explicit: bool,
    ) -> DateValue | None:
        """The row's date; an empty cell continues the date above (not in our export).

        A date typed in the preview for this row (``plan.corrections``) replaces the
        cell and is read in its place, with the cursor where the cell's text would be.
        """
        header = layout.header
        if "date" not in header.positions:
            return None
        key = (row.sheet, row.number)
        raw = row.values.get("date")
        correction = self.plan.corrections.get(key)
        if correction is not None:
            self.warn(row, header.label("date"), corrected_message(cell_text(raw), correction))
            raw = correction
        cursor = self.dates.schedule.cursor if self.dates.schedule else None
        date = self.read_date(row, raw, layout, above, explicit)
        if date.error or correction is not None:
            self.plan.fixable[key] = FixableDate(cell_text(row.values.get("date")), cursor)
        return date

    def read_date(
        self,
        row: SourceRow,
        raw: Cell,
        layout: SheetLayout,
        above: tuple[int, DateValue] | None,
        explicit: bool,
    ) -> DateValue:
        if raw is None:
            if above is not None and not explicit:
                number, date = above
                if date.error is None:
                    return date
                # Say it once, at the row that has the text; here, point to it.
                message = gettext(
                    "the row continues the date of row %(row)d, which cannot be read."
                ) % {"row": number}
                return DateValue(date.text, None, message)
            return DateValue(
                "", None, gettext("the row has no date, and there is no date above it to continue.")
            )
        try:
            COLUMNS_BY_ID["date"].clean(raw)
        except CellError as exc:
            return DateValue(cell_text(raw)[:200], None, str(exc))
        near = FromColumn().clean(row.values.get("from"))
        week = layout.header.week or PrecisionColumn().clean(row.values.get("precision"))
        return self.dates.read(raw, week=week, near=near)

    def corrected(self, row: SourceRow) -> bool:
        return (row.sheet, row.number) in self.plan.corrections

    def row_phase(self, row: SourceRow, layout: SheetLayout) -> PhasePlan | None:
        if layout.has_phase_column:
            value = row.values.get("phase")
            if value is None:
                return None
            try:
                name = COLUMNS_BY_ID["phase"].clean(value)
            except CellError as exc:
                self.problem(row, layout.header.label("phase"), str(exc))
                return None
            return self.phases.resolve(PhaseRef.from_text(name))
        return self.phases.resolve(row.phase) if row.phase else None

    def row_id(self, row: SourceRow, layout: SheetLayout) -> int | None:
        try:
            return IdColumn().clean(row.values.get("id"))
        except CellError as exc:
            self.problem(row, layout.header.label("id"), str(exc))
            return None

    def clean(self, row: SourceRow, layout: SheetLayout, identifier: str) -> Any:
        try:
            return COLUMNS_BY_ID[identifier].clean(row.values.get(identifier))
        except CellError as exc:
            self.problem(row, layout.header.label(identifier), str(exc))
            return None

    def read_milestone(self, row: SourceRow, layout: SheetLayout, date: DateValue | None) -> None:
        header = layout.header
        title_column = COLUMNS_BY_ID["title"]
        title_fields = self.clean(row, layout, "title")
        if title_fields is None:  # reported: too long
            title_fields = {"title": cell_text(row.values["title"])[: title_column.max_length]}
        fields: dict[str, Any] = title_column.values(title_fields)
        if not title_fields.get("title"):
            shown = ", ".join(f'"{cell_text(v)}"' for v in row.values.values()) or "-"
            self.problem(
                row,
                header.label("title"),
                gettext("the row has no title (it holds %(values)s).") % {"values": shown},
            )
        for column in FIELD_COLUMNS:
            if column.identifier in header.positions:
                fields.update(column.values(self.clean(row, layout, column.identifier)))
        for identifier in ("description", "result"):  # lines of the title cell
            if title_fields.get(identifier) and not fields.get(identifier):
                fields[identifier] = title_fields[identifier]
        # Notes are the sheet's only where it has a notes column or text for them: a re-import
        # must not wipe what someone noted in Regie.
        if row.extra_notes or "notes" in header.positions:
            notes = "\n".join(filter(None, [fields.get("notes", ""), *row.extra_notes]))
            if len(notes) > (limit := max_length(Milestone, "notes")):
                self.problem(row, header.label("notes"), too_long(notes, limit))
                notes = notes[:limit]
            fields["notes"] = notes
        groups = None
        if "target_groups" in header.positions or header.others:
            groups = self.row_groups(row, layout)
        phase = self.row_phase(row, layout)
        draft = Draft(
            sheet=row.sheet,
            row=row.number,
            fields=fields,
            date=date,
            date_column=header.label("date"),
            groups=groups,
            phase=phase,
            phase_given=layout.has_phase_column or row.phase is not None,
            phase_from=phase_source(row, layout),
            id=self.row_id(row, layout) if "id" in header.positions else None,
            title_column=header.label("title"),
        )
        self.drafts.append(draft)

    def row_groups(self, row: SourceRow, layout: SheetLayout) -> tuple[GroupRef, ...]:
        label = layout.header.label("target_groups")
        text = row.values.get("target_groups")
        found = [(ref, label) for ref in self.groups.from_text(cell_text(text))] if text else []
        found += [(self.groups.resolve(m.group, raci=m.raci), m.column) for m in row.marks]
        refs: dict[str, GroupRef] = {}
        for ref, column in found:
            refs.setdefault(ref.key, ref)
            self.note_new_group(row, column, ref)
        return tuple(refs.values())

    def note_new_group(self, row: SourceRow, column: str, ref: GroupRef) -> None:
        if ref.group is not None or ref.key in self.new_group_keys:
            return
        self.new_group_keys.add(ref.key)
        if len(ref.name) > (limit := max_length(TargetGroup, "name")):
            self.problem(row, column, too_long(ref.name, limit))
            return
        self.plan.new_groups.append(ref)
        self.warn(
            row,
            column,
            gettext('new target group "%(name)s": it is not in the catalogue and will be created.')
            % {"name": ref.name},
        )

    def read_deliverable(
        self, row: SourceRow, layout: SheetLayout, phase: PhasePlan, date: DateValue | None
    ) -> None:
        header = layout.header
        limit = max_length(Deliverable, "title")
        if len(row.text) > limit:
            self.problem(row, header.label("title"), too_long(row.text, limit))
        explicit = "kind" in header.positions
        if not explicit and phase.result is None:
            phase.result = row.text[: max_length(Phase, "result")]
        fields = {
            column.deliverable_field: self.clean(row, layout, column.identifier)
            for column in FIELD_COLUMNS
            if column.deliverable_field and column.identifier in header.positions
        }
        self.plan.deliverables.append(
            DeliverableDraft(
                sheet=row.sheet,
                row=row.number,
                phase=phase,
                title=row.text[:limit],
                date=date,
                fields=fields,
                date_column=header.label("date"),
                id=self.row_id(row, layout) if "id" in header.positions else None,
            )
        )

    def read_note(self, row: SourceRow, layout: SheetLayout, date: DateValue | None) -> None:
        if date is None or date.reading is None:
            reason = date.error if date is not None else gettext("the sheet has no date column.")
            self.warn(
                row,
                layout.header.label("date"),
                gettext(
                    "%(title)s has no date that can be read, so it is not imported as a calendar "
                    "note: %(reason)s"
                )
                % {"title": f'"{row.text}"', "reason": reason},
            )
            return
        self.plan.notes.append(
            NoteDraft(
                sheet=row.sheet,
                row=row.number,
                title=row.text[: max_length(CalendarNote, "title")],
                date=date,
                id=self.row_id(row, layout) if "id" in layout.header.positions else None,
            )
        )


def phase_source(row: SourceRow, layout: SheetLayout) -> str:
    """Where a row's phase comes from (``Draft.phase_from``)."""
    if layout.has_phase_column:
        return "column"
    if row.phase is None:
        return ""
    return "sheet" if row.phase is layout.phase else "row"


def corrected_message(old: str, new: str) -> str:
    """The warning that records a date typed in the preview instead of the file's."""
    if not old:
        return gettext('the empty date cell was given the date "%(new)s" before importing.') % {
            "new": new
        }
    return gettext('the date "%(old)s" was corrected to "%(new)s" before importing.') % {
        "old": old,
        "new": new,
    }
