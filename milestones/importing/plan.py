"""The plan of an import: what it would create, update and leave alone, and every problem.

A plan is made by ``plan_import()`` (``reading`` turns rows into drafts, ``matching``
finds the milestones they update) and carried out by ``commit_plan()``.  Nothing here
touches the database; a plan is what the preview shows.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext, ngettext

from milestones.importing.groups import GroupRef
from milestones.models import CalendarNote, Milestone
from phases.dates import FuzzyDate
from phases.models import Deliverable, Phase, Programme

DATE_FIELDS = ("date_text", "start", "end", "precision", "dates")


@dataclass(frozen=True)
class Notice:
    """A problem or a warning, where it was found: ``<sheet> row N, column C: message``."""

    sheet: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return gettext("%(sheet)s: %(message)s") % {
                "sheet": self.sheet,
                "message": self.message,
            }
        return gettext("%(sheet)s row %(row)d, column %(column)s: %(message)s") % {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class DateValue:
    """A date as written and its reading; ``error`` says why there is no reading."""

    text: str
    reading: FuzzyDate | None
    error: str | None = None

    def fields(self) -> dict[str, Any]:
        reading = self.reading
        return {
            "date_text": self.text,
            "start": reading.start if reading else None,
            "end": reading.end if reading else None,
            "precision": reading.precision.value if reading else "",
            "dates": [day.isoformat() for day in reading.dates] if reading else [],
        }


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


@dataclass(eq=False)
class PhasePlan:
    """A phase the import puts milestones in: an existing one, or one to create."""

    name: str
    order: int
    existing: Phase | None = None
    result: str | None = None  # a "Resultaat:" row of this import

    @property
    def result_changed(self) -> bool:
        return self.result is not None and (
            self.existing is None or self.existing.result != self.result
        )


@dataclass(eq=False, slots=True)
class Draft:
    """A milestone as one row describes it; what is not given is left as it is."""

    sheet: str
    row: int
    fields: dict[str, Any]
    date: DateValue | None  # None: the sheet has no date column
    date_column: str
    groups: tuple[GroupRef, ...] | None  # None: the sheet names no target groups
    phase: PhasePlan | None
    phase_given: bool
    # Where the phase came from: "column" or "row" (a phase column, a phase heading row:
    # the file names its phases), "sheet" (the sheet's or file's name or title mentions
    # one), "" (nothing).
    phase_from: str = ""
    id: int | None = None
    title_column: str = ""
    milestone: Milestone | None = None
    changes: list[Change] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.fields.get("title", "")

    def values(self) -> dict[str, Any]:
        """Model field -> value, for every field this row sets."""
        values = dict(self.fields)
        if self.date is not None:
            values.update(self.date.fields())
        if self.phase_given:
            values["phase"] = self.phase
        return values


@dataclass(eq=False)
class DeliverableDraft:
    sheet: str
    row: int
    phase: PhasePlan
    title: str
    date: DateValue | None
    # Deliverable field -> value, for the columns the sheet has (``Column.deliverable_field``)
    fields: dict[str, Any] = field(default_factory=dict)
    date_column: str = ""
    id: int | None = None
    existing: Deliverable | None = None
    changes: list[Change] = field(default_factory=list)


@dataclass(eq=False)
class NoteDraft:
    sheet: str
    row: int
    title: str
    date: DateValue
    id: int | None = None
    existing: CalendarNote | None = None
    changes: list[Change] = field(default_factory=list)


@dataclass(frozen=True)
class FixableDate:
    original: str  # the date cell as text, "" when empty
    cursor: datetime.date | None  # None: a new programme's first dated row


NO_PHASE = 0  # the choice "no phase" for the new milestones of a file that names no phases


@dataclass(frozen=True)
class FlatList:
    """A file that names no phases (no phase column, no phase rows), imported into a programme
    that has phases: where its new milestones go, and what the user chose."""

    count: int  # new milestones whose phase the file does not give
    phase: str  # the name of the phase they go into, "" for none
    file_phase: str  # the phase the file's name or title mentions, "" for none
    choice: int | None  # a phase's pk, NO_PHASE, or None: not chosen (as the file says)
    options: tuple[tuple[int, str], ...]  # the programme's phases: (pk, name)


@dataclass(frozen=True)
class ChangeCount:
    """Everything an import would write, by kind; ``total`` is what the wizard confirms.

    Target groups added to or removed from a milestone (its involvements) make it an
    update.  An import never removes a milestone (those not in the file are left alone),
    and a warning is no change: a file whose rows all stand in Regie already changes nothing.
    """

    created: int  # milestones
    updated: int  # milestones
    phases: int  # new phases and phases whose result changes
    groups: int  # new target groups
    deliverables: int  # new or changed
    notes: int  # calendar notes, new or changed
    programme: int  # 1 when the import creates the programme

    @property
    def total(self) -> int:
        return (
            self.created
            + self.updated
            + self.phases
            + self.groups
            + self.deliverables
            + self.notes
            + self.programme
        )


@dataclass
class NewProgramme:
    name: str
    slug: str
    year: int


@dataclass
class Plan:
    """Everything an import would do, for a preview; ``commit_plan()`` carries it out."""

    file_name: str
    sha256: str
    size: int
    sheet: str  # the --sheet asked for, "" for all
    sheets: list[str]  # the sheets read
    year: int
    programme: Programme | None
    new_programme: NewProgramme | None
    allow_undated: bool
    # Typed in the preview: (sheet, row) -> the date text that replaces the cell's.
    corrections: Mapping[tuple[str, int], str] = field(default_factory=dict)
    undated_rows: frozenset[tuple[str, int]] = frozenset()  # kept undated, as --allow-undated
    undated_sheets: frozenset[str] = frozenset()  # sheets without a date column, imported so
    creates: list[Draft] = field(default_factory=list)
    updates: list[Draft] = field(default_factory=list)
    unchanged: list[Draft] = field(default_factory=list)
    phases: list[PhasePlan] = field(default_factory=list)
    deliverables: list[DeliverableDraft] = field(default_factory=list)
    notes: list[NoteDraft] = field(default_factory=list)
    new_groups: list[GroupRef] = field(default_factory=list)
    problems: list[Notice] = field(default_factory=list)
    warnings: list[Notice] = field(default_factory=list)
    kept_undated: list[Notice] = field(default_factory=list)  # also in warnings
    sheets_without_dates: list[str] = field(default_factory=list)  # each also a problem/warning
    # Rows whose date cannot be read or was corrected: what the file says and where the
    # schedule cursor stood (a date typed for the row is read from there).
    fixable: dict[tuple[str, int], FixableDate] = field(default_factory=dict)
    # A Word document with several tables: (name, "Tabel 2 van 4: Planning — …") of each, so
    # that the preview can offer to import one of them.
    tables: list[tuple[str, str]] = field(default_factory=list)
    # The phase chosen for the new milestones of a file that names no phases (``FlatList``).
    phase_choice: int | None = None
    flat: FlatList | None = None  # set when such a file meets a programme with phases

    @property
    def is_valid(self) -> bool:
        return not self.problems

    @property
    def changes(self) -> ChangeCount:
        """What the import would write; the one count of the preview, the wizard's button
        and its refusal to record an import that changes nothing."""
        return ChangeCount(
            created=len(self.creates),
            updated=len(self.updates),
            phases=sum(1 for p in self.phases if p.existing is None or p.result_changed),
            groups=len(self.new_groups),
            deliverables=sum(self.changed(self.deliverables)[:2]),
            notes=sum(self.changed(self.notes)[:2]),
            programme=1 if self.programme is None else 0,
        )

    @property
    def changes_nothing(self) -> bool:
        return self.changes.total == 0

    @property
    def rows(self) -> int:
        """The rows read as milestones, deliverables and calendar notes."""
        return (
            len(self.creates)
            + len(self.updates)
            + len(self.unchanged)
            + len(self.deliverables)
            + len(self.notes)
        )

    @property
    def undated(self) -> int:
        drafts = [*self.creates, *self.updates, *self.unchanged]
        return sum(1 for d in drafts if d.date is not None and d.date.reading is None)

    @property
    def new_phases(self) -> list[PhasePlan]:
        return [phase for phase in self.phases if phase.existing is None]

    @property
    def programme_name(self) -> str:
        return self.programme.name if self.programme else self.new_programme.name

    @property
    def programme_slug(self) -> str:
        return self.programme.slug if self.programme else self.new_programme.slug

    def changed(self, items: Iterable[DeliverableDraft | NoteDraft]) -> tuple[int, int, int]:
        """(new, changed, unchanged) of deliverables or notes."""
        items = list(items)
        new = sum(1 for i in items if i.existing is None)
        changed = sum(1 for i in items if i.existing is not None and i.changes)
        return new, changed, len(items) - new - changed


def nothing_message(plan: Plan) -> str:
    """ "This import changes nothing: all 63 rows are already so in Regie." """
    if not plan.rows:
        return gettext("This import changes nothing: the file holds no milestones.")
    return ngettext(
        "This import changes nothing: its %(count)d row is already so in Regie.",
        "This import changes nothing: all %(count)d rows are already so in Regie.",
        plan.rows,
    ) % {"count": plan.rows}
