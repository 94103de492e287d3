"""The decision route on a gate's page (a panel, see `phases.panels`) and planning it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cycle.calendars import build_cycle
from cycle.forms import PlanGateForm
from cycle.models import GatePlan
from cycle.planning import GateChain, PlanError, evaluate, resolve_route, route_steps
from cycle.procedure import plan_gate
from cycle.wording import time_left
from phases.access import require_level
from phases.fuzzy import local_today
from phases.models import AccessLevel, Gate
from phases.presentation import format_day

#: How many of the deciding body's meetings the form offers.
MEETING_CHOICES = 24


@dataclass(frozen=True)
class RouteRow:
    body: str
    date: datetime.date
    kind: str
    rule: str
    left: str
    past: bool
    is_target: bool


def _rows(chain: GateChain, today: datetime.date) -> list[RouteRow]:
    last = len(chain.steps) - 1
    return [
        RouteRow(
            step.body,
            step.date,
            step.kind,
            step.rule,
            time_left(step.days_left(today)),
            step.date < today,
            step.index == last,
        )
        for step in chain.steps
    ]


def _meetings(gate: Gate, today: datetime.date) -> list[datetime.date]:
    route = resolve_route(gate)
    if route is None:
        return []
    rows, steps = route_steps(route)
    cycle = build_cycle([rows[-1].body], programme=gate.phase.programme, today=today)
    return [day for day in cycle.meeting_days(steps[-1].body) if day >= today][:MEETING_CHOICES]


def gate_route_panel(request, gate: Gate) -> str:
    """The gate's decision route (vertical, with dates and time left) and, for editors, the
    form that plans it; "" for a gate no route ends in."""
    today = local_today()
    plan = GatePlan.objects.filter(gate=gate).select_related("route", "gate__phase").first()
    try:
        chain = evaluate(plan, today=today) if plan else None
        route = plan.route if plan else resolve_route(gate)
    except PlanError as exc:
        chain, route = None, None
        messages.warning(request, str(exc))
    if route is None and chain is None:
        return ""
    can_edit = gate.phase.programme.allows(request.user, AccessLevel.EDITOR)
    form = None
    if can_edit:
        initial = {"meeting": plan.target.isoformat() if plan else "earliest"}
        if plan:
            initial["preparation_days"] = plan.preparation_days
        form = PlanGateForm(initial=initial, meetings=_meetings(gate, today))
    context = {
        "gate": gate,
        "route": route,
        "chain": chain,
        "rows": _rows(chain, today) if chain else [],
        "form": form,
    }
    return render_to_string("cycle/gate_route.html", context, request=request)


@require_POST
def plan_gate_view(request, pk: int):
    gate = get_object_or_404(Gate.objects.select_related("phase__programme", "decider"), pk=pk)
    require_level(request.user, gate.phase.programme, AccessLevel.EDITOR)
    today = local_today()
    form = PlanGateForm(request.POST, meetings=_meetings(gate, today))
    if not form.is_valid():
        messages.error(request, _("Choose a meeting of the list, or “earliest possible”."))
        return redirect(gate)
    target = form.target()
    try:
        chain = plan_gate(
            gate=gate,
            today=today,
            target=target,
            earliest=target is None,
            preparation_days=form.cleaned_data.get("preparation_days") or 0,
        )
    except PlanError as exc:
        messages.error(request, str(exc))
        return redirect(gate)
    messages.success(
        request,
        _("The decision route is planned on the %(body)s of %(day)s.")
        % {"body": chain.body, "day": format_day(chain.target, long=True)},
    )
    return redirect(gate)
