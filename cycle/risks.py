"""Decisions at risk: gates whose target meeting can no longer be reached — before a phase
shift is saved (the shift preview) and afterwards (the dashboard)."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.template.loader import render_to_string

from cycle.calendars import build_cycle
from cycle.models import GatePlan
from cycle.planning import GateChain, PlanError, evaluate
from milestones.shifting.plan import ItemKind
from phases.fuzzy import local_today
from phases.models import Gate, Programme
from stakeholders.models import TargetGroup


def _plans(**filters):
    return GatePlan.objects.filter(**filters).select_related("gate__phase__programme", "route")


def shift_check(shift_plan) -> list[str]:
    """The warnings of a shift preview: each moved gate whose decision misses its meeting."""
    moved = {item.pk: item.new.end for item in shift_plan.moved if item.kind is ItemKind.GATE}
    if not moved:
        return []
    today = local_today()
    warnings = []
    for plan in _plans(gate_id__in=moved):
        try:
            chain = evaluate(plan, today=today, gate_end=moved[plan.gate_id])
        except PlanError:
            continue
        if chain.warning:
            warnings.append(f"{plan.gate.title}: {chain.warning}")
    return warnings


def at_risk(programme: Programme, today: datetime.date) -> list[tuple[Gate, GateChain]]:
    """The programme's open gates whose target meeting cannot be reached any more."""
    found = []
    for plan in _plans(gate__phase__programme=programme, gate__outcome=Gate.Outcome.OPEN):
        try:
            chain = evaluate(plan, today=today)
        except PlanError:
            continue
        if not chain.reachable:
            found.append((plan.gate, chain))
    return found


def dashboard_panel(request, programme: Programme, today: datetime.date) -> str:
    risks = at_risk(programme, today)
    if not risks:
        return ""
    return render_to_string("cycle/at_risk.html", {"risks": risks}, request=request)


def lane_meetings(
    programme: Programme, group_ids, first: datetime.date, last: datetime.date
) -> dict[int, list[datetime.date]]:
    """The meeting days of those target groups that have a meeting calendar (the timeline
    marks them on the axis of each group's lane)."""
    with_calendar = Q(meetings__isnull=False) | Q(meeting_series__isnull=False)
    bodies = list(TargetGroup.objects.filter(with_calendar, pk__in=group_ids).distinct())
    if not bodies:
        return {}
    cycle = build_cycle(bodies, programme=programme, today=local_today())
    return {
        body.pk: [day for day in cycle.meeting_days(body.name) if first <= day <= last]
        for body in bodies
    }
