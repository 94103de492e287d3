"""The phase dashboard: where a programme stands, in plain frozen dataclasses.

One function reads everything a steering committee member needs in a fixed number of
queries; the template only loops.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.urls import reverse

from milestones.dated_items import DatedItem, GroupRef, LateCounts, programme_items
from phases.models import CLOSED_WORK, Deliverable, Gate, Phase, Programme, WorkStatus

HORIZONS = (30, 60, 90)


@dataclass(frozen=True)
class LateItem:
    kind: str  # "milestone" | "deliverable"
    title: str
    date_text: str
    end: datetime.date
    days_late: int
    url: str = ""


@dataclass(frozen=True)
class PhaseSummary:
    phase: Phase | None
    status: str  # planned | running | done | late (the phase's own end passed, not done)
    milestones_done: int
    milestones_total: int
    deliverables_done: int
    deliverables_total: int
    late: tuple[LateItem, ...]  # late work in the phase: milestones and deliverables

    @property
    def percent_done(self) -> int:
        if not self.milestones_total:
            return 0
        return round(100 * self.milestones_done / self.milestones_total)


@dataclass(frozen=True)
class GroupOutlook:
    group: GroupRef | None
    milestones: tuple[DatedItem, ...]


@dataclass(frozen=True)
class NextGate:
    gate: Gate
    needs: tuple[Deliverable, ...]
    late: bool = False  # its date passed on the dashboard's day without a decision


@dataclass(frozen=True)
class Dashboard:
    programme: Programme
    today: datetime.date
    horizon: int
    phases: tuple[PhaseSummary, ...]
    late: tuple[LateItem, ...]  # late work: milestones and deliverables, by deadline
    late_counts: LateCounts
    outlook: tuple[GroupOutlook, ...]
    next_gate: NextGate | None
    undated: int = 0
    unassigned: PhaseSummary | None = field(default=None)


_ITEM_URLS = {"milestone": "milestones:detail", "deliverable": "phases:deliverable"}


def _late_items(items: list[DatedItem], today: datetime.date) -> list[LateItem]:
    late = [
        LateItem(
            kind=item.kind,
            title=item.title,
            date_text=item.date_text,
            end=item.end,
            days_late=item.days_late(today),
            url=reverse(_ITEM_URLS[item.kind], args=[item.pk]),
        )
        for item in items
        if item.late
    ]
    return sorted(late, key=lambda item: item.end)


def _phase_status(phase: DatedItem | None) -> str:
    if phase is None:  # the work without a phase
        return "running"
    if phase.status == Phase.Status.DONE:
        return "done"
    return "late" if phase.late else phase.status


def _summary(
    phase: Phase | None,
    item: DatedItem | None,
    own: list[DatedItem],
    products: list[DatedItem],
    today: datetime.date,
) -> PhaseSummary:
    return PhaseSummary(
        phase=phase,
        status=_phase_status(item),
        milestones_done=sum(m.status == WorkStatus.DONE for m in own),
        milestones_total=sum(m.status != WorkStatus.CANCELLED for m in own),
        deliverables_done=sum(d.status == WorkStatus.DONE for d in products),
        deliverables_total=sum(d.status != WorkStatus.CANCELLED for d in products),
        late=tuple(_late_items(own + products, today)),
    )


def _outlook(
    milestones: tuple[DatedItem, ...], today: datetime.date, until: datetime.date
) -> tuple[GroupOutlook, ...]:
    """Open milestones in [today, until], per target group (by name; "no group" last)."""
    coming: dict[GroupRef | None, list[DatedItem]] = {}
    for milestone in milestones:
        if milestone.start is None or milestone.status in CLOSED_WORK:
            continue
        if milestone.end < today or milestone.start > until:
            continue
        for group in milestone.groups or (None,):
            coming.setdefault(group, []).append(milestone)
    return tuple(
        GroupOutlook(group=group, milestones=tuple(sorted(items, key=lambda m: m.end)))
        for group, items in sorted(
            coming.items(), key=lambda kv: (kv[0] is None, kv[0].name if kv[0] else "")
        )
    )


def _next_gate(gates: tuple[DatedItem, ...]) -> NextGate | None:
    """The first open gate by date (else the first not approved), with what it still needs."""
    undecided = [g for g in gates if g.status != Gate.Outcome.APPROVED and g.end is not None]
    upcoming = [g for g in undecided if g.status == Gate.Outcome.OPEN] or undecided
    if not upcoming:
        return None
    gate = Gate.objects.select_related("decider", "phase").get(pk=upcoming[0].pk)
    needs = Deliverable.objects.filter(phase=gate.phase_id).exclude(status__in=CLOSED_WORK)
    return NextGate(gate=gate, needs=tuple(needs.order_by("pk")), late=upcoming[0].late)


def build_dashboard(*, programme: Programme, today: datetime.date, horizon: int = 30) -> Dashboard:
    """Everything the dashboard shows, in a fixed number of queries whatever the size."""
    items = programme_items(programme=programme, today=today)
    phase_items = {item.pk: item for item in items.phases}
    milestones: dict[int | None, list[DatedItem]] = {}
    for milestone in items.milestones:
        milestones.setdefault(milestone.phase_id, []).append(milestone)
    deliverables: dict[int, list[DatedItem]] = {}
    for deliverable in items.deliverables:
        deliverables.setdefault(deliverable.phase_id, []).append(deliverable)
    summaries = tuple(
        _summary(
            phase,
            phase_items[phase.pk],
            milestones.get(phase.pk, []),
            deliverables.get(phase.pk, []),
            today,
        )
        for phase in programme.phases.order_by("order")
    )
    unassigned = None
    if milestones.get(None):
        unassigned = _summary(None, None, milestones[None], [], today)
    until = today + datetime.timedelta(days=horizon)
    return Dashboard(
        programme=programme,
        today=today,
        horizon=horizon,
        phases=summaries,
        late=tuple(_late_items([*items.milestones, *items.deliverables], today)),
        late_counts=items.late_counts,
        outlook=_outlook(items.milestones, today, until),
        next_gate=_next_gate(items.gates),
        undated=sum(not m.is_dated for m in items.milestones),
        unassigned=unassigned,
    )
