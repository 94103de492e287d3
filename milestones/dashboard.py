"""The phase dashboard: where a programme stands, in plain frozen dataclasses.

One function reads everything a steering committee member needs in a fixed number of
queries; the template only loops.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch

from milestones.models import Involvement, Milestone
from phases.models import Deliverable, Gate, Phase, Programme, WorkStatus
from stakeholders.models import TargetGroup

HORIZONS = (30, 60, 90)
FINISHED = {WorkStatus.DONE, WorkStatus.CANCELLED}


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
    phase: Phase
    status: str  # planned | running | done | late
    milestones_done: int
    milestones_total: int
    deliverables_done: int
    deliverables_total: int
    late: tuple[LateItem, ...]

    @property
    def percent_done(self) -> int:
        if not self.milestones_total:
            return 0
        return round(100 * self.milestones_done / self.milestones_total)


@dataclass(frozen=True)
class GroupOutlook:
    group: TargetGroup | None
    milestones: tuple[Milestone, ...]


@dataclass(frozen=True)
class NextGate:
    gate: Gate
    needs: tuple[Deliverable, ...]


@dataclass(frozen=True)
class Dashboard:
    programme: Programme
    today: datetime.date
    horizon: int
    phases: tuple[PhaseSummary, ...]
    late: tuple[LateItem, ...]
    outlook: tuple[GroupOutlook, ...]
    next_gate: NextGate | None
    undated: int = 0
    unassigned: PhaseSummary | None = field(default=None)


def _late(items, kind: str, today: datetime.date) -> list[LateItem]:
    return [
        LateItem(
            kind=kind,
            title=item.title,
            date_text=item.date_text,
            end=item.end,
            days_late=(today - item.end).days,
            url=item.get_absolute_url() if hasattr(item, "get_absolute_url") else "",
        )
        for item in items
        if item.end is not None and item.end < today and item.status not in FINISHED
    ]


def _phase_status(phase: Phase, late: list[LateItem], today: datetime.date) -> str:
    if phase.status == Phase.Status.DONE:
        return "done"
    if late or (phase.end is not None and phase.end < today):
        return "late"
    return phase.status


def build_dashboard(*, programme: Programme, today: datetime.date, horizon: int = 30) -> Dashboard:
    """Everything the dashboard shows, in five queries whatever the programme's size."""
    phases = list(programme.phases.order_by("order"))
    milestones = list(
        Milestone.objects.for_programme(programme).prefetch_related(
            Prefetch("involvements", queryset=Involvement.objects.select_related("target_group"))
        )
    )
    deliverables = list(Deliverable.objects.filter(phase__programme=programme))
    gates = list(
        Gate.objects.filter(phase__programme=programme)
        .select_related("decider", "phase")
        .order_by("end", "pk")
    )

    by_phase: dict[int | None, list[Milestone]] = {}
    for milestone in milestones:
        by_phase.setdefault(milestone.phase_id, []).append(milestone)
    deliverables_by_phase: dict[int, list[Deliverable]] = {}
    for deliverable in deliverables:
        deliverables_by_phase.setdefault(deliverable.phase_id, []).append(deliverable)

    def summary(phase: Phase | None, own: list[Milestone], products: list[Deliverable]):
        late = _late(own, "milestone", today) + _late(products, "deliverable", today)
        late.sort(key=lambda item: item.end)
        return PhaseSummary(
            phase=phase,
            status=_phase_status(phase, late, today) if phase else "running",
            milestones_done=sum(m.status == WorkStatus.DONE for m in own),
            milestones_total=sum(m.status != WorkStatus.CANCELLED for m in own),
            deliverables_done=sum(d.status == WorkStatus.DONE for d in products),
            deliverables_total=sum(d.status != WorkStatus.CANCELLED for d in products),
            late=tuple(late),
        )

    summaries = tuple(
        summary(phase, by_phase.get(phase.pk, []), deliverables_by_phase.get(phase.pk, []))
        for phase in phases
    )
    unassigned = summary(None, by_phase[None], []) if by_phase.get(None) else None
    all_late = sorted(
        [item for s in (*summaries, *([unassigned] if unassigned else [])) for item in s.late],
        key=lambda item: item.end,
    )

    until = today + datetime.timedelta(days=horizon)
    coming: dict[int | None, list[Milestone]] = {}
    groups: dict[int | None, TargetGroup | None] = {}
    for milestone in milestones:
        if milestone.start is None or milestone.status in FINISHED:
            continue
        if milestone.end < today or milestone.start > until:
            continue
        involved = [inv.target_group for inv in milestone.involvements.all()] or [None]
        for group in involved:
            key = group.pk if group else None
            groups[key] = group
            coming.setdefault(key, []).append(milestone)
    outlook = tuple(
        GroupOutlook(group=groups[key], milestones=tuple(sorted(items, key=lambda m: m.end)))
        for key, items in sorted(
            coming.items(), key=lambda kv: (kv[0] is None, groups[kv[0]].name if kv[0] else "")
        )
    )

    open_gates = [g for g in gates if g.outcome != Gate.Outcome.APPROVED and g.end is not None]
    upcoming = [g for g in open_gates if g.outcome == Gate.Outcome.OPEN] or open_gates
    next_gate = None
    if upcoming:
        gate = upcoming[0]
        needs = tuple(
            d for d in deliverables_by_phase.get(gate.phase_id, []) if d.status not in FINISHED
        )
        next_gate = NextGate(gate=gate, needs=needs)

    return Dashboard(
        programme=programme,
        today=today,
        horizon=horizon,
        phases=summaries,
        late=tuple(all_late),
        outlook=outlook,
        next_gate=next_gate,
        undated=sum(m.start is None for m in milestones),
        unassigned=unassigned,
    )
