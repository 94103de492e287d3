"""Matching drafts with what the programme has, and comparing them field by field.

Milestones are matched

1. by the id column of our own export;
2. else by source sheet + title + target groups, identical rows in order of appearance;
3. else, for rows of a sheet the programme has not seen (a CSV file under a new name,
   the .xlsx of the same schedule), by title + target groups among milestones that came
   from elsewhere.

A matched milestone is compared only on what the sheet says (a sheet without a Status
column leaves statuses alone); an unchanged one is left alone.  Deliverables match by id
or phase + title, calendar notes by id or title + interval.  A date that cannot be read
is a problem here, where it is known whether it is new: importing the same unreadable
text again is not.
"""

from __future__ import annotations

import datetime
from collections import defaultdict, deque
from typing import Any

from django.db.models import F, Prefetch
from django.utils.translation import gettext, ngettext

from milestones.importing.columns import columns_of, display, field_label
from milestones.importing.plan import (
    NO_PHASE,
    Change,
    DateValue,
    DeliverableDraft,
    Draft,
    FlatList,
    NoteDraft,
    Notice,
    PhasePlan,
    Plan,
)
from milestones.models import CalendarNote, Involvement, Milestone
from phases.models import Deliverable, Programme
from phases.presentation import format_dated
from stakeholders.models import normalise_group_name

INVOLVEMENTS = Involvement.objects.select_related("target_group")


class Matcher:
    def __init__(
        self,
        *,
        plan: Plan,
        programme: Programme | None,
        drafts: list[Draft],
        phases: list[PhasePlan] | None = None,
    ) -> None:
        self.plan = plan
        self.programme = programme
        self.drafts = drafts
        # The programme's phases and the ones the file adds (``PhaseBook.plans``): a phase
        # the file's name mentions is taken out when its milestones go elsewhere.
        self.phases = phases if phases is not None else []

    def warn(self, draft: Draft | DeliverableDraft, column: str, message: str) -> None:
        self.plan.warnings.append(Notice(draft.sheet, draft.row, column, message))

    def problem(self, draft: Draft | DeliverableDraft, column: str, message: str) -> None:
        self.plan.problems.append(Notice(draft.sheet, draft.row, column, message))

    def run(self) -> None:
        self.match()
        self.match_deliverables()
        self.match_notes()

    # -- dates that cannot be read ---------------------------------------------------------
    def check_date(self, draft: Draft | DeliverableDraft, unchanged: bool) -> None:
        """A row without a readable date: a problem, or a warning when it is to be kept
        undated (--allow-undated, or chosen for this row or sheet in the preview).

        ``unchanged``: the milestone already has this very text and no reading, so
        importing it again changes nothing and is no new problem.
        """
        plan = self.plan
        date = draft.date
        if date is None:  # the sheet has no date column
            if (
                getattr(draft, "milestone", None) is not None
                or draft.sheet in plan.sheets_without_dates
            ):
                return
            plan.sheets_without_dates.append(draft.sheet)
            notice = Notice(draft.sheet, None, None, no_date_column_message())
            if plan.allow_undated or draft.sheet in plan.undated_sheets:
                plan.warnings.append(notice)
            else:
                plan.problems.append(notice)
            return
        if date.error is None:
            return
        if plan.allow_undated or unchanged or (draft.sheet, draft.row) in plan.undated_rows:
            self.warn(
                draft,
                draft.date_column,
                gettext("%(reason)s It is kept undated, with the text as written.")
                % {"reason": date.error},
            )
            self.plan.kept_undated.append(self.plan.warnings[-1])
        else:
            self.problem(draft, draft.date_column, date.error)

    # -- matching --------------------------------------------------------------------------
    def match(self) -> None:
        existing = self.existing_milestones()
        groups = {
            m.pk: frozenset(
                (normalise_group_name(i.target_group.name), i.raci) for i in m.involvements.all()
            )
            for m in existing
        }
        taken: set[int] = set()
        pending = self.match_by_id(existing, taken)
        sheets = set(self.plan.sheets)
        elsewhere = [m for m in existing if m.source_sheet not in sheets]
        pending = self.match_by_content(existing, groups, pending, taken, with_sheet=True)
        self.match_by_content(elsewhere, groups, pending, taken, with_sheet=False)
        self.place_flat_list()
        for draft in self.drafts:
            self.classify(draft, groups)
        self.warn_left_alone(existing, taken)

    def existing_milestones(self) -> list[Milestone]:
        if self.programme is None:
            return []
        return list(
            Milestone.objects.filter(programme=self.programme)
            .select_related("phase")
            .prefetch_related(
                Prefetch(
                    "involvements", queryset=Involvement.objects.select_related("target_group")
                )
            )
            .order_by(F("source_row").asc(nulls_last=True), "pk")
        )

    def match_by_id(self, existing: list[Milestone], taken: set[int]) -> list[Draft]:
        """1. Rows of our export, by their id column; returns the rows left to match."""
        by_id = {m.pk: m for m in existing}
        pending: list[Draft] = []
        foreign: dict[str, int] = defaultdict(int)  # ids of another programme, per sheet
        for draft in self.drafts:
            milestone = by_id.get(draft.id) if draft.id is not None else None
            if milestone is None:
                if draft.id is not None:
                    foreign[draft.sheet] += 1
                pending.append(draft)
            elif milestone.pk in taken:
                self.problem(
                    draft,
                    draft.title_column,
                    gettext("milestone %(id)d appears twice in the file.") % {"id": draft.id},
                )
            else:
                taken.add(milestone.pk)
                draft.milestone = milestone
        for sheet, count in foreign.items():
            message = ngettext(
                "%(count)d row has an id of no milestone in this programme (an export of "
                "another programme?); it is imported as a new milestone.",
                "%(count)d rows have ids of no milestone in this programme (an export of "
                "another programme?); they are imported as new milestones.",
                count,
            )
            self.plan.warnings.append(Notice(sheet, None, None, message % {"count": count}))
        return pending

    def match_by_content(
        self,
        candidates: list[Milestone],
        groups: dict[int, frozenset],
        pending: list[Draft],
        taken: set[int],
        *,
        with_sheet: bool,
    ) -> list[Draft]:
        """2./3. By (sheet +) title + target groups, in order of appearance; returns the
        rows left to match."""
        if not candidates or not pending:
            return pending
        queues: dict[tuple, deque[Milestone]] = defaultdict(deque)
        for milestone in candidates:
            names = frozenset(key for key, _raci in groups[milestone.pk])
            title = milestone.title.casefold()
            sheet = milestone.source_sheet if with_sheet else ""
            queues[(sheet, title, names)].append(milestone)
            queues[(sheet, title, None)].append(milestone)  # for sheets without groups
        remaining = []
        for draft in pending:
            names = frozenset(g.key for g in draft.groups) if draft.groups is not None else None
            queue = queues.get((draft.sheet if with_sheet else "", draft.title.casefold(), names))
            while queue and queue[0].pk in taken:
                queue.popleft()
            if queue:
                draft.milestone = queue.popleft()
                taken.add(draft.milestone.pk)
            else:
                remaining.append(draft)
        return remaining

    def place_flat_list(self) -> None:
        """A file that names no phases, into a programme that has them (``FlatList``).

        Neither a phase column nor phase rows, and every row in the one phase its name or
        title mentions (or all in none): the milestones it matches keep their phase (a
        re-import moves nothing), the new ones go into the phase chosen in the preview,
        else where the file's name puts them (or none); the preview says which, and offers
        the choice.
        """
        drafts = self.drafts
        if any(d.phase_from in ("column", "row") for d in drafts):
            return
        mentioned = {id(d.phase): d.phase for d in drafts}
        existing = [p.existing for p in self.phases if p.existing is not None]
        if len(mentioned) > 1 or not existing:  # a sheet per phase (or one without) names them
            return
        file_phase = next(iter(mentioned.values()), None)
        new = [d for d in drafts if d.milestone is None]
        for draft in drafts:
            if draft.milestone is not None:
                draft.phase_given = False
        if not new:
            return
        choice = self.plan.phase_choice
        chosen = {p.pk: p for p in existing}
        target = file_phase
        if choice == NO_PHASE:
            target = None
        elif choice in chosen:
            target = next(p for p in self.phases if p.existing is chosen[choice])
        else:
            choice = None  # not chosen, or a phase removed since: as the file says
        for draft in new:
            draft.phase, draft.phase_given = target, True
        if (
            file_phase is not None
            and file_phase.existing is None
            and target is not file_phase
            and not any(d.phase is file_phase for d in self.plan.deliverables)
        ):
            self.phases.remove(file_phase)
        self.plan.flat = FlatList(
            count=len(new),
            phase=target.name if target else "",
            file_phase=file_phase.name if file_phase else "",
            choice=choice,
            options=tuple((phase.pk, phase.name) for phase in existing),
        )

    def classify(self, draft: Draft, groups: dict[int, frozenset]) -> None:
        """Create, update or leave alone; a date that cannot be read is checked here."""
        milestone = draft.milestone
        if milestone is None:
            self.check_date(draft, unchanged=False)
            self.plan.creates.append(draft)
            return
        same_unreadable = (
            draft.date is not None
            and draft.date.error is not None
            and milestone.start is None
            and milestone.date_text == draft.date.text
        )
        self.check_date(draft, unchanged=same_unreadable)
        draft.changes = self.compare(draft, milestone, groups[milestone.pk])
        (self.plan.updates if draft.changes else self.plan.unchanged).append(draft)

    def warn_left_alone(self, existing: list[Milestone], taken: set[int]) -> None:
        for sheet in self.plan.sheets:
            left = sum(1 for m in existing if m.source_sheet == sheet and m.pk not in taken)
            if left:
                message = ngettext(
                    "%(count)d milestone imported from this sheet before is not in "
                    "the file; it was left as it is.",
                    "%(count)d milestones imported from this sheet before are not in "
                    "the file; they were left as they are.",
                    left,
                )
                self.plan.warnings.append(Notice(sheet, None, None, message % {"count": left}))

    def compare(self, draft: Draft, milestone: Milestone, groups: frozenset) -> list[Change]:
        """What the row changes, field by field, as its columns compare them."""
        changes = [
            Change(*change)
            for column in columns_of(draft.fields)
            for change in column.compare(draft.fields, milestone)
        ]
        if draft.phase_given:
            new = draft.phase
            same = (new is None and milestone.phase_id is None) or (
                new is not None
                and new.existing is not None
                and new.existing.pk == milestone.phase_id
            )
            if not same:
                old_name = milestone.phase.name if milestone.phase_id else ""
                changes.append(Change(field_label("phase"), old_name, new.name if new else ""))
        changes.extend(date_change(draft.date, milestone))
        if draft.groups is not None:
            new_groups = frozenset((g.key, g.raci) for g in draft.groups)
            if new_groups != groups:
                old_names = sorted(i.target_group.name for i in milestone.involvements.all())
                changes.append(
                    Change(
                        field_label("target_groups"),
                        ", ".join(old_names),
                        ", ".join(sorted(g.name for g in draft.groups)),
                    )
                )
        return changes

    def match_deliverables(self) -> None:
        existing = []
        if self.programme is not None:
            existing = list(
                Deliverable.objects.filter(phase__programme=self.programme)
                .select_related("phase")
                .order_by("pk")
            )
        by_id = {d.pk: d for d in existing}
        queues: dict[tuple, deque[Deliverable]] = defaultdict(deque)
        for deliverable in existing:
            queues[(deliverable.phase_id, deliverable.title.casefold())].append(deliverable)
        taken: set[int] = set()
        for draft in self.plan.deliverables:
            found = by_id.get(draft.id) if draft.id is not None else None
            if found is None and draft.phase.existing is not None:
                queue = queues[(draft.phase.existing.pk, draft.title.casefold())]
                while queue and queue[0].pk in taken:
                    queue.popleft()
                found = queue.popleft() if queue else None
            if found is not None and found.pk not in taken:
                taken.add(found.pk)
                draft.existing = found
            if draft.date is not None and draft.date.error and draft.date.text:
                unchanged = bool(
                    found and found.start is None and found.date_text == draft.date.text
                )
                self.check_date(draft, unchanged=unchanged)
            if draft.existing is None:
                continue
            values: dict[str, Any] = {"title": draft.title, **draft.fields}
            for name, new in values.items():
                old = getattr(draft.existing, name)
                if old != new:
                    draft.changes.append(
                        Change(field_label(name, Deliverable), display(old), display(new))
                    )
            if draft.phase.existing is None or draft.phase.existing.pk != draft.existing.phase_id:
                draft.changes.append(
                    Change(
                        field_label("phase", Deliverable),
                        draft.existing.phase.name,
                        draft.phase.name,
                    )
                )
            self.compare_date(draft, draft.existing, Deliverable)

    def match_notes(self) -> None:
        existing = []
        if self.programme is not None:
            existing = list(CalendarNote.objects.filter(programme=self.programme).order_by("pk"))
        by_id = {n.pk: n for n in existing}
        queues: dict[tuple, deque[CalendarNote]] = defaultdict(deque)
        for note in existing:
            queues[(note.title.casefold(), note.start, note.end)].append(note)
        taken: set[int] = set()
        for draft in self.plan.notes:
            found = by_id.get(draft.id) if draft.id is not None else None
            if found is None or found.pk in taken:
                reading = draft.date.reading
                queue = queues[(draft.title.casefold(), reading.start, reading.end)]
                while queue and queue[0].pk in taken:
                    queue.popleft()
                found = queue.popleft() if queue else None
            if found is None:
                continue
            taken.add(found.pk)
            draft.existing = found
            if found.title != draft.title:
                draft.changes.append(
                    Change(field_label("title", CalendarNote), found.title, draft.title)
                )
            self.compare_date(draft, found, CalendarNote)

    def compare_date(self, draft: DeliverableDraft | NoteDraft, obj: Any, model: type) -> None:
        draft.changes.extend(date_change(draft.date, obj, model))


def date_change(date: DateValue | None, obj: Any, model: type = Milestone) -> list[Change]:
    """The change of a dated object's date, if the row gives one that differs."""
    if date is None:
        return []
    new = date.fields()
    if all(getattr(obj, key) == value for key, value in new.items()):
        return []
    return [
        Change(
            field_label("date_text", model),
            date_display(obj.date_text, obj.start, obj.end),
            date_display(date.text, new["start"], new["end"]),
        )
    ]


def no_date_column_message() -> str:
    return gettext("the sheet has no date column, so its milestones have no dates.")


def undated_hint() -> str:
    """What ``import_schedule`` adds to the problem of a sheet without a date column."""
    return gettext("Use --allow-undated to import them without dates.")


def date_display(text: str, start: datetime.date | None, end: datetime.date | None) -> str:
    """A date in a change: as written, with the interval it is read as."""
    return format_dated(text, start, end)
