"""The plan of a programme as plain values: now, as a baseline stored it, or as history had it.

A `Plan` maps an item's key ("milestone-12") to a `PlannedItem`: its date text and interval,
status, phase and (milestones) target groups. The current plan comes from the one selector
of a programme's dated things (`milestones.dated_items.programme_items`); a baseline stores
the same values as one compact JSON list; a past moment is rebuilt from the
django-simple-history tables (the newest record of each object at that moment).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from milestones.dated_items import DatedItem, ProgrammeItems
from milestones.models import Involvement, Milestone
from phases.models import Deliverable, Gate, Phase, Programme

#: Item kinds a plan holds, in the order they are listed.
KINDS = ("phase", "gate", "deliverable", "milestone")


@dataclass(frozen=True)
class PlannedItem:
    kind: str  # one of KINDS
    pk: int
    title: str
    date_text: str
    start: datetime.date | None
    end: datetime.date | None
    status: str  # a WorkStatus value, a phase status or a gate outcome
    phase_id: int | None
    groups: tuple[str, ...] = ()  # milestones: their target groups by name, sorted

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.pk}"

    def to_json(self) -> list:
        start = self.start.isoformat() if self.start else None
        end = self.end.isoformat() if self.end else None
        return [self.kind, self.pk, self.title, self.date_text, start, end, self.status,
                self.phase_id, list(self.groups)]  # fmt: skip

    @classmethod
    def from_json(cls, row: list) -> PlannedItem:
        kind, pk, title, text, start, end, status, phase_id, groups = row
        return cls(
            kind=kind,
            pk=pk,
            title=title,
            date_text=text,
            start=datetime.date.fromisoformat(start) if start else None,
            end=datetime.date.fromisoformat(end) if end else None,
            status=status,
            phase_id=phase_id,
            groups=tuple(groups),
        )


Plan = dict[str, PlannedItem]


def _planned(item: DatedItem) -> PlannedItem:
    return PlannedItem(
        kind=item.kind,
        pk=item.pk,
        title=item.title,
        date_text=item.date_text,
        start=item.start,
        end=item.end,
        status=item.status,
        phase_id=item.phase_id,
        groups=tuple(sorted(group.name for group in item.groups)),
    )


def plan_of(items: ProgrammeItems) -> Plan:
    """The current plan from the selector's items (calendar notes are no part of it)."""
    every = (*items.phases, *items.gates, *items.deliverables, *items.milestones)
    return {item.key: item for item in map(_planned, every)}


def plan_to_json(plan: Plan) -> list[list]:
    return [item.to_json() for item in plan.values()]


def plan_from_json(rows: Iterable[list]) -> Plan:
    return {item.key: item for item in map(PlannedItem.from_json, rows)}


# -- a past moment, from the history tables ------------------------------------------------


def _latest(records: Iterable[dict]) -> Iterator[dict]:
    """The newest record per object (records ordered by id, then time); deleted ones left out."""
    newest: dict[int, dict] = {}
    for record in records:
        newest[record["id"]] = record
    return (record for record in newest.values() if record["history_type"] != "-")


_DATED = ("id", "date_text", "start", "end", "history_type")
_ORDER = ("id", "history_date", "history_id")


def plan_as_of(programme: Programme, moment: datetime.datetime) -> Plan:
    """The plan as it stood at `moment`, rebuilt from history (five queries)."""
    before = {"history_date__lte": moment}
    phases = list(
        _latest(
            Phase.history.filter(programme_id=programme.pk, **before)
            .order_by(*_ORDER)
            .values(*_DATED, "name", "status")
        )
    )
    phase_ids = [row["id"] for row in phases]
    plan: Plan = {}

    def add(kind: str, row: dict, title: str, status: str, phase_id: int | None, groups=()):
        item = PlannedItem(kind, row["id"], row[title], row["date_text"], row["start"],
                           row["end"], row[status], phase_id, tuple(sorted(groups)))  # fmt: skip
        plan[item.key] = item

    for row in phases:
        add("phase", row, "name", "status", row["id"])
    for kind, model, status in (("gate", Gate, "outcome"), ("deliverable", Deliverable, "status")):
        records = model.history.filter(phase_id__in=phase_ids, **before).order_by(*_ORDER)
        for row in _latest(records.values(*_DATED, "title", "phase_id", status)):
            add(kind, row, "title", status, row["phase_id"])
    milestones = list(
        _latest(
            Milestone.history.filter(programme_id=programme.pk, **before)
            .order_by(*_ORDER)
            .values(*_DATED, "title", "status", "phase_id")
        )
    )
    groups = _groups_as_of([row["id"] for row in milestones], moment)
    for row in milestones:
        add("milestone", row, "title", "status", row["phase_id"], groups.get(row["id"], ()))
    return plan


def _groups_as_of(milestone_ids: list[int], moment: datetime.datetime) -> dict[int, set[str]]:
    """Each milestone's target groups at `moment`, replaying the "+"/"-" involvement rows."""
    groups: dict[int, set[str]] = {}
    for milestone_id, name, history_type in (
        Involvement.history.filter(milestone_id__in=milestone_ids, history_date__lte=moment)
        .order_by("history_date", "history_id")
        .values_list("milestone_id", "target_group__name", "history_type")
    ):
        names = groups.setdefault(milestone_id, set())
        if history_type == "+":
            names.add(name)
        elif history_type == "-":
            names.discard(name)
    return groups
