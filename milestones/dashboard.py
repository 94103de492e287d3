"""The phase dashboard: where a programme stands, in plain frozen dataclasses.

One function reads everything a steering committee member needs in a fixed number of
queries; the template only loops.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace

from django.urls import reverse

from milestones.dated_items import (
    DatedItem,
    LateCounts,
    MilestoneTally,
    milestone_items,
    milestone_tallies,
    phase_period,
    programme_items,
)
from milestones.meetings.duties import ReportDue, programme_reports, reports_between
from milestones.models import Milestone
from phases.models import Deliverable, Gate, Phase, Programme, WorkStatus

HORIZONS = (30, 60, 90)
#: late work the page lists (the rest is a count and a link to the table)
LATE_SHOWN = 8


@dataclass(frozen=True)
class LateItem:
    kind: str  # "milestone" | "deliverable"
    title: str
    date_text: str
    end: datetime.date
    days_late: int
    pk: int = 0

    @property
    def url(self) -> str:
        # Only the few links a page shows are built (reverse() is slow for thousands).
        return reverse(_ITEM_URLS[self.kind], args=[self.pk]) if self.pk else ""


@dataclass(frozen=True)
class PhaseSummary:
    phase: Phase | None
    status: str  # planned | running | done | late (the phase's own end passed, not done)
    milestones_done: int
    milestones_total: int
    deliverables_done: int
    deliverables_total: int
    late: int  # late work in the phase: milestones and deliverables
    # The phase's period: its own dates, else from its items (then `derived`); None undated.
    start: datetime.date | None = None
    end: datetime.date | None = None
    derived: bool = False

    @property
    def percent_done(self) -> int:
        if not self.milestones_total:
            return 0
        return round(100 * self.milestones_done / self.milestones_total)


@dataclass(frozen=True)
class NextGate:
    gate: Gate
    needs: tuple[Deliverable, ...]
    late: bool = False  # its date passed on the dashboard's day without a decision
    outcome: str = Gate.Outcome.OPEN  # as it stood on the dashboard's day
    days_late: int = 0

    @property
    def outcome_label(self) -> str:
        return Gate.Outcome(self.outcome).label


@dataclass(frozen=True)
class Dashboard:
    programme: Programme
    today: datetime.date
    horizon: int
    phases: tuple[PhaseSummary, ...]
    # late work by deadline, milestones and deliverables: the first `late_shown` (the page) or
    # all (the report); `late_counts.work` counts them all
    late: tuple[LateItem, ...]
    late_counts: LateCounts
    upcoming: tuple[DatedItem, ...]  # open milestones in the horizon, each once, by date
    next_gate: NextGate | None
    decisions: tuple[DatedItem, ...] = ()  # every gate still to be decided, by date
    undated: int = 0
    unassigned: PhaseSummary | None = field(default=None)
    empty: bool = False  # no phases and no milestones: nothing planned yet
    reports: tuple[ReportDue, ...] = ()  # reporting duties due in the horizon, by deadline

    @property
    def phase_cards(self) -> tuple[PhaseSummary, ...]:
        """The phases in order, then the work without a phase (if any)."""
        return self.phases + ((self.unassigned,) if self.unassigned else ())


_ITEM_URLS = {"milestone": "milestones:detail", "deliverable": "phases:deliverable"}


def _late_items(items: list[DatedItem], today: datetime.date) -> list[LateItem]:
    late = [
        LateItem(
            kind=item.kind,
            title=item.title,
            date_text=item.date_text,
            end=item.end,
            days_late=item.days_late(today),
            pk=item.pk,
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
    tally: MilestoneTally,
    products: list[DatedItem],
    gates: list[DatedItem],
) -> PhaseSummary:
    start, end, derived = phase_period(item, [*products, *gates], (tally.start, tally.end))
    return PhaseSummary(
        phase=phase,
        status=_phase_status(item),
        milestones_done=tally.done,
        milestones_total=tally.total,
        deliverables_done=sum(d.status == WorkStatus.DONE for d in products),
        deliverables_total=sum(d.status != WorkStatus.CANCELLED for d in products),
        late=tally.late + sum(d.late for d in products),
        start=start,
        end=end,
        derived=derived,
    )


def _upcoming(
    programme: Programme, today: datetime.date, until: datetime.date
) -> tuple[DatedItem, ...]:
    """Open milestones that touch [today, until], each once (its groups go with it), by date."""
    return milestone_items(
        programme,
        today,
        selection=Milestone.objects.open().in_period(today, until),
        order_by=("end", "start", "title", "pk"),
    )


def gates_to_decide(gates: tuple[DatedItem, ...]) -> list[DatedItem]:
    """Dated gates not approved, by date: the decisions still ahead.

    A deferred or rejected gate is still to be decided until it is approved; an open one
    whose date has passed too (marked late).
    """
    undecided = [g for g in gates if g.status != Gate.Outcome.APPROVED and g.end is not None]
    return sorted(undecided, key=lambda g: (g.end, g.pk))


def _next_gate(undecided: list[DatedItem], today: datetime.date) -> NextGate | None:
    """The first gate still to be decided, with what its phase still needs."""
    if not undecided:
        return None
    first = undecided[0]
    gate = Gate.objects.select_related("decider", "phase").get(pk=first.pk)
    needs = Deliverable.objects.filter(phase=gate.phase_id).open()
    return NextGate(
        gate=gate,
        needs=tuple(needs.order_by("pk")),
        late=first.late,
        outcome=first.status,
        days_late=first.days_late(today),
    )


def _by_phase(items: tuple[DatedItem, ...]) -> dict[int | None, list[DatedItem]]:
    grouped: dict[int | None, list[DatedItem]] = {}
    for item in items:
        grouped.setdefault(item.phase_id, []).append(item)
    return grouped


def build_dashboard(
    *,
    programme: Programme,
    today: datetime.date,
    horizon: int = 30,
    decisions_as_of_today: bool = False,
    late_shown: int | None = LATE_SHOWN,
) -> Dashboard:
    """Everything the dashboard shows, in a fixed number of queries whatever the size.

    Milestones are counted in the database; only the late ones listed (the first
    `late_shown`; None: all, for the report) and those coming up are read.
    `decisions_as_of_today` for a peildatum: gate outcomes as they stood on `today`.
    """
    items = programme_items(
        programme=programme,
        today=today,
        decisions_as_of_today=decisions_as_of_today,
        with_milestones=False,
    )
    tallies = milestone_tallies(programme, today)
    phase_items = {item.pk: item for item in items.phases}
    deliverables = _by_phase(items.deliverables)
    gates = _by_phase(items.gates)
    summaries = tuple(
        _summary(
            phase,
            phase_items[phase.pk],
            tallies.get(phase.pk, MilestoneTally()),
            deliverables.get(phase.pk, []),
            gates.get(phase.pk, []),
        )
        for phase in programme.phases.order_by("order")
    )
    unassigned = None
    if None in tallies:
        unassigned = _summary(None, None, tallies[None], [], [])
    late_milestones = milestone_items(
        programme,
        today,
        selection=Milestone.objects.late(today),
        order_by=("end", "pk"),
        limit=late_shown,
    )
    late = _late_items([*late_milestones, *items.deliverables], today)[:late_shown]
    decisions = gates_to_decide(items.gates)
    until = today + datetime.timedelta(days=horizon)
    return Dashboard(
        programme=programme,
        today=today,
        horizon=horizon,
        phases=summaries,
        late=tuple(late),
        late_counts=replace(
            items.late_counts, milestones=sum(tally.late for tally in tallies.values())
        ),
        upcoming=_upcoming(programme, today, until),
        next_gate=_next_gate(decisions, today),
        decisions=tuple(decisions),
        undated=sum(tally.undated for tally in tallies.values()),
        unassigned=unassigned,
        empty=not items.phases and not tallies,
        reports=tuple(reports_between(programme_reports(programme), today, until)),
    )
