"""Writing a gate's plan: the plan row, the gate on its target meeting, procedure milestones.

The procedure milestones are ordinary milestones (kind "procedurestap": linked through
`ProcedureStep`), so the table, the timeline and the calendar feeds show them; each keeps its
row when the chain moves, so its calendar UID stays and its SEQUENCE (version) grows.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext

from cycle.models import GatePlan, ProcedureStep, Route
from cycle.planning import GateChain, PlannedStep, compute, evaluate
from milestones.involvements import set_target_groups
from milestones.models import Milestone
from phases.dates import parse_fuzzy_date
from phases.fuzzy import local_today
from phases.models import Gate
from stakeholders.models import TargetGroup

#: Saves made by the chain itself, so that the "moved by hand" receiver leaves them alone.
_SYNCING: set[int] = set()


def day_text(day: datetime.date) -> str:
    """How a computed day is written in a date field: "2-7-2026" (day first, as the
    conventions read it)."""
    return f"{day.day}-{day.month}-{day.year}"


def _set_day(item, day: datetime.date) -> bool:
    """Put a dated item on `day`; False when it already is."""
    if item.start == day and item.end == day and item.date_text == day_text(day):
        return False
    item.set_date(parse_fuzzy_date(day, day.year), text=day_text(day))
    return True


def step_title(step: PlannedStep, gate: Gate) -> str:
    return gettext("Procedure step: %(body)s – %(gate)s") % {"body": step.body, "gate": gate.title}


def sync_steps(plan: GatePlan, chain: GateChain, *, reason: str = "") -> list[Milestone]:
    """Make the plan's procedure milestones follow `chain`; kept as they are when the target
    meeting cannot be reached (the warning says why, and a step moved by hand stays).

    They belong to no phase: shifting the phase moves the gate, and the chain follows the
    meeting cycle rather than the shift."""
    if not chain.steps or not chain.reachable:
        return [step.milestone for step in plan.steps.select_related("milestone")]
    gate = plan.gate
    existing = {step.index: step for step in plan.steps.select_related("milestone")}
    names = {step.body for step in chain.steps}
    bodies = {group.name: group for group in TargetGroup.objects.filter(name__in=names)}
    milestones = []
    for step in chain.steps:
        link = existing.pop(step.index, None)
        milestone = link.milestone if link else Milestone(programme=gate.phase.programme)
        milestone.phase = None
        changed = _set_day(milestone, step.date)
        title = step_title(step, gate)[: Milestone._meta.get_field("title").max_length]
        changed |= milestone.title != title
        milestone.title = title
        if changed or milestone.pk is None:
            if reason:
                milestone._change_reason = reason[:100]
            _save_quietly(milestone)
        if link is None:
            ProcedureStep.objects.create(plan=plan, index=step.index, milestone=milestone)
        body = bodies.get(step.body)
        set_target_groups(milestone, [body] if body else [], reason=reason, saved=changed)
        milestones.append(milestone)
    for link in existing.values():  # the route lost steps
        link.milestone.delete()
    return milestones


def _save_quietly(item) -> None:
    key = id(item)
    _SYNCING.add(key)
    try:
        item.save()
    finally:
        _SYNCING.discard(key)


def is_syncing(item) -> bool:
    return id(item) in _SYNCING


def plan_gate(
    *,
    gate: Gate,
    today: datetime.date,
    target: datetime.date | None = None,
    earliest: bool = False,
    preparation_days: int = 0,
    route: Route | None = None,
) -> GateChain:
    """Plan `gate` on its route (PlanError when it cannot be) and write the chain."""
    route, _steps, dates, ready = compute(
        gate,
        today=today,
        target=target,
        earliest=earliest,
        preparation_days=preparation_days,
        route=route,
    )
    with transaction.atomic():
        plan, _created = GatePlan.objects.update_or_create(
            gate=gate,
            defaults={
                "route": route,
                "target": dates[-1],
                "earliest": earliest or target is None,
                "preparation_days": preparation_days,
                "ready": ready,
                "first_step": dates[0],
            },
        )
        plan.steps.filter(not_before__isnull=False).update(not_before=None)
        if _set_day(gate, dates[-1]):
            gate._change_reason = gettext("Planned on the meeting cycle")
            _save_quietly(gate)
        chain = evaluate(plan, today=today)
        sync_steps(plan, chain, reason=gettext("Planned on the meeting cycle"))
    return chain


def recompute(plans: Sequence[GatePlan], *, today: datetime.date, reason: str) -> list[GateChain]:
    """Recompute `plans` on today's calendars and move their procedure milestones."""
    chains = []
    for plan in plans:
        with transaction.atomic():
            chain = evaluate(plan, today=today)
            sync_steps(plan, chain, reason=reason)
        chains.append(chain)
    return chains


def recompute_for_body(body_id: int | None, *, today: datetime.date | None = None) -> None:
    """Recompute every plan whose route passes `body` (its meeting calendar changed)."""
    if body_id is None:
        return
    plans = GatePlan.objects.filter(route__steps__body_id=body_id).distinct()
    recompute(list(plans), today=today or local_today(), reason=gettext("Meeting calendar changed"))
