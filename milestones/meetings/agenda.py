"""Agenda drafts: what is due for a body at one of its meetings, and saving the agenda.

`propose_agenda()` reads the programme once (`milestones.dated_items.programme_items`, "late"
by the one rule, as on the meeting's day) and keeps the milestones, gates and deliverables
aimed at the series' body whose deadline falls after the previous meeting and on or before
this one, or that are late and still open; grouped per phase (in the phases' order), then by
date. An item is aimed at a body when the body takes part in the milestone, decides the gate,
or takes part in a milestone that discusses the deliverable.

`agenda_for()` answers the saved agenda, else the proposal; `save_agenda()` writes one with
the version the editor started from, and refuses a stale one (`StaleAgenda`): nobody's
update is lost.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from django.db import IntegrityError, transaction

from milestones.dated_items import DatedItem, programme_items
from milestones.meetings.models import Agenda, Treatment
from milestones.models import Milestone
from phases.fuzzy import local_today
from phases.meetings import Occurrence, occurrences
from phases.models import MeetingSeries
from phases.presentation import format_dated

KINDS = ("gate", "deliverable", "milestone")


@dataclass(frozen=True)
class AgendaEntry:
    """One item of an agenda: from the plan (`key` "milestone-12") or free (`key` "free-…")."""

    key: str
    title: str
    treatment: str = Treatment.DISCUSSION
    phase: str = ""
    when: str = ""  # the date as written, with its interval
    late: bool = False
    documents: tuple[str, ...] = ()
    outcome: str = ""  # the decisions list: what the meeting decided or concluded
    actions: str = ""  # the decisions list: action points (who does what)

    @property
    def kind(self) -> str:
        return self.key.split("-", 1)[0]

    @property
    def object_id(self) -> int | None:
        kind, _sep, rest = self.key.partition("-")
        return int(rest) if kind in KINDS and rest.isdigit() else None

    @property
    def treatment_label(self) -> str:
        return str(Treatment(self.treatment).label)

    @property
    def is_free(self) -> bool:
        return self.kind not in KINDS

    def to_json(self) -> dict[str, Any]:
        data = {
            "key": self.key,
            "title": self.title,
            "treatment": self.treatment,
            "phase": self.phase,
            "when": self.when,
            "late": self.late,
            "documents": list(self.documents),
            "outcome": self.outcome,
            "actions": self.actions,
        }
        return {k: v for k, v in data.items() if v or k in ("key", "title", "treatment")}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AgendaEntry:
        treatment = data.get("treatment")
        return cls(
            key=str(data.get("key", "")),
            title=str(data.get("title", "")),
            treatment=treatment if treatment in Treatment.values else Treatment.DISCUSSION,
            phase=str(data.get("phase", "")),
            when=str(data.get("when", "")),
            late=bool(data.get("late")),
            documents=tuple(str(d) for d in data.get("documents") or ()),
            outcome=str(data.get("outcome", "")),
            actions=str(data.get("actions", "")),
        )


@dataclass(frozen=True)
class MeetingAgenda:
    """The agenda of one meeting as a page or a document shows it."""

    series: MeetingSeries
    occurrence: Occurrence
    previous: datetime.date | None  # the meeting before, where the window starts
    entries: tuple[AgendaEntry, ...]
    saved: Agenda | None = None
    proposal: tuple[AgendaEntry, ...] = field(default=())

    @property
    def version(self) -> int:
        return self.saved.version if self.saved else 0


class StaleAgenda(Exception):
    """Someone saved the agenda after the editor opened it."""

    def __init__(self, current: Agenda | None) -> None:
        super().__init__("stale agenda")
        self.current = current


def previous_meeting(series: MeetingSeries, occurrence: Occurrence) -> datetime.date | None:
    """The day of the last meeting that took place before `occurrence` (cancelled skipped)."""
    before = occurrences(
        series, start=series.first_date, end=occurrence.day - datetime.timedelta(days=1)
    )
    # Not held_days(): a meeting moved earlier than another must not count as its own previous.
    held = [o.day for o in before if not o.cancelled and o.planned != occurrence.planned]
    return held[-1] if held else None


def propose_agenda(
    series: MeetingSeries,
    occurrence: Occurrence,
    previous: datetime.date | None,
    *,
    today: datetime.date | None = None,
) -> tuple[AgendaEntry, ...]:
    """The draft agenda of `occurrence` (module doc): plan items aimed at the series' body.

    An item is chosen by the late rule as on the meeting's day; it is marked late when it is
    late already (`today`, default the real one): a meeting ahead does not make it late yet.
    """
    today = today or local_today()
    body = series.target_group
    if body is None:
        return ()
    day = occurrence.day
    items = programme_items(programme=series.programme, today=day)
    documents = _documents(series)
    body_deliverables = set(documents.body_deliverables)
    phases = {phase.pk: phase for phase in items.phases}
    chosen: list[DatedItem] = []
    for item in items.work:
        if not item.is_dated or not _aimed_at(item, body.pk, body.name, body_deliverables):
            continue
        in_window = item.end <= day and (previous is None or item.end > previous)
        if (in_window and (previous is not None or item.open)) or item.late:
            chosen.append(item)

    def order(item: DatedItem):
        phase = phases.get(item.phase_id)
        return (phase.order if phase else 10**6, item.end, KINDS.index(item.kind), item.pk)

    return tuple(
        AgendaEntry(
            key=item.key,
            title=item.title,
            treatment=_treatment(item),
            phase=phases[item.phase_id].title if item.phase_id in phases else "",
            when=format_dated(item.date_text, item.start, item.end),
            late=item.late and item.end < today,
            documents=documents.of(item),
        )
        for item in sorted(chosen, key=order)
    )


def _aimed_at(item: DatedItem, body_id: int, body_name: str, deliverables: set[int]) -> bool:
    if item.kind == "milestone":
        return any(group.pk == body_id for group in item.groups)
    if item.kind == "gate":
        return item.decider == body_name
    return item.pk in deliverables


def _treatment(item: DatedItem) -> str:
    if item.kind == "gate":
        return Treatment.DECISION
    return Treatment.DISCUSSION if item.open else Treatment.INFORMATION


@dataclass(frozen=True)
class _Documents:
    by_milestone: dict[int, tuple[str, ...]]
    body_deliverables: tuple[int, ...]
    titles: dict[int, str]

    def of(self, item: DatedItem) -> tuple[str, ...]:
        if item.kind == "milestone":
            return self.by_milestone.get(item.pk, ())
        return ()  # a gate discusses no document; a deliverable is one itself


def _documents(series: MeetingSeries) -> _Documents:
    """The deliverables each milestone discusses, and those discussed with the body (1 query)."""
    links = Milestone.deliverables.through.objects.filter(
        milestone__programme=series.programme
    ).values_list("milestone_id", "deliverable_id", "deliverable__title")
    with_body = set(
        Milestone.objects.filter(
            programme=series.programme, involvements__target_group=series.target_group
        ).values_list("pk", flat=True)
    )
    by_milestone: dict[int, list[str]] = defaultdict(list)
    body, titles = set(), {}
    for milestone_id, deliverable_id, title in links.order_by("deliverable__title"):
        by_milestone[milestone_id].append(title)
        titles[deliverable_id] = title
        if milestone_id in with_body:
            body.add(deliverable_id)
    return _Documents(
        by_milestone={pk: tuple(names) for pk, names in by_milestone.items()},
        body_deliverables=tuple(sorted(body)),
        titles=titles,
    )


def agenda_for(series: MeetingSeries, occurrence: Occurrence) -> MeetingAgenda:
    """The saved agenda of `occurrence`, else the proposal."""
    previous = previous_meeting(series, occurrence)
    saved = Agenda.objects.filter(series=series, date=occurrence.planned).first()
    proposal = propose_agenda(series, occurrence, previous)
    entries = tuple(AgendaEntry.from_json(item) for item in saved.items) if saved else proposal
    return MeetingAgenda(series, occurrence, previous, entries, saved=saved, proposal=proposal)


def save_agenda(
    *,
    series: MeetingSeries,
    occurrence: Occurrence,
    entries: list[AgendaEntry],
    version: int,
) -> Agenda:
    """Store the agenda as the editor saw it at `version` (0: not saved before).

    Raises `StaleAgenda` when it was saved since: the row is locked between check and write.
    """
    try:
        with transaction.atomic():
            agenda = (
                Agenda.objects.select_for_update()
                .filter(series=series, date=occurrence.planned)
                .first()
            )
            current = agenda.version if agenda else 0
            if current != version:
                raise StaleAgenda(agenda)
            agenda = agenda or Agenda(series=series, date=occurrence.planned)
            agenda.items = [entry.to_json() for entry in entries]
            agenda.save()
            return agenda
    except IntegrityError as exc:  # two first saves at once: the other one won
        raise StaleAgenda(
            Agenda.objects.filter(series=series, date=occurrence.planned).first()
        ) from exc


def with_decisions(
    entries: tuple[AgendaEntry, ...], decisions: dict[str, tuple[str, str]]
) -> list[AgendaEntry]:
    """`entries` with the outcome and action points typed per key."""
    return [
        replace(entry, outcome=decisions[entry.key][0], actions=decisions[entry.key][1])
        if entry.key in decisions
        else entry
        for entry in entries
    ]
