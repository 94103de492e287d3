"""Gates planned on a decision route: which route, the chain, the warning, the milestones.

`plan_gate()` fixes a gate's target meeting (a meeting of its deciding body, or the earliest
possible from today plus the preparation time), keeps the gate's date on that meeting and
writes the chain as procedure milestones. `evaluate()` recomputes a plan on the calendars as
they are now (a meeting cancelled, a step moved, the gate moved by a phase shift) and says
whether the target meeting is still reachable, and if not, the next one that is.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cycle import chain as pure
from cycle.calendars import build_cycle
from cycle.models import GatePlan, Route, RouteStep
from phases.models import Gate
from phases.presentation import format_day


class PlanError(Exception):
    """The gate cannot be planned; the message says why, for the person who asked."""


def resolve_route(gate: Gate) -> Route | None:
    """The route of `gate`'s deciding body: the programme's own, else its organisation's,
    else the shipped default (a route whose last step is that body)."""
    if gate.decider_id is None:
        return None
    programme = gate.phase.programme
    routes = Route.objects.prefetch_related("steps")
    candidates = (
        routes.filter(programme=programme),
        routes.filter(organisation__in=programme.organisations.all()),
        routes.shipped(),
    )
    for queryset in candidates:
        for route in queryset.order_by("pk"):
            steps = list(route.steps.all())
            if steps and steps[-1].body_id == gate.decider_id:
                return route
    return None


def route_steps(route: Route) -> tuple[list[RouteStep], tuple[pure.Step, ...]]:
    """The rows of `route` in order, and the same steps for `cycle.chain`."""
    rows = sorted(route.steps.select_related("body"), key=lambda row: row.order)
    index_of = {row.order: index for index, row in enumerate(rows)}
    steps = tuple(
        pure.Step(
            row.body.name,
            pure.StepKind(row.kind),
            days_before=row.days_before,
            anchor=index_of.get(row.anchor) if row.anchor is not None else None,
        )
        for row in rows
    )
    try:
        pure.check_route(steps)
    except pure.RouteError as exc:
        raise PlanError(
            gettext("The route “%(route)s” cannot be computed: %(error)s")
            % {"route": route.name, "error": exc}
        ) from exc
    return rows, steps


def rule_text(steps: Sequence[pure.Step], index: int) -> str:
    """What a step's rule says, in the reader's language."""
    step = steps[index]
    if index == len(steps) - 1:
        return gettext("the decision")
    anchor = steps[step.anchor_index(index)].body
    following = steps[index + 1].body
    if step.kind == pure.StepKind.DEADLINE:
        text = gettext("deadline on a working day, at least %(n)d days before %(anchor)s")
    elif step.days_before:
        text = gettext("meeting at least %(n)d days before %(anchor)s")
    else:
        text = gettext("meeting before %(anchor)s")
    text = text % {"n": step.days_before, "anchor": anchor}
    if step.anchor_index(index) != index + 1:
        text += gettext(", and before %(next)s") % {"next": following}
    return text


@dataclass(frozen=True)
class PlannedStep:
    index: int
    body: str
    date: datetime.date
    kind: str  # "meeting" | "deadline"
    rule: str

    def days_left(self, today: datetime.date) -> int:
        return (self.date - today).days

    def as_json(self) -> dict:
        return {
            "body": self.body,
            "date": self.date.isoformat(),
            "kind": self.kind,
            "rule": self.rule,
        }


@dataclass(frozen=True)
class GateChain:
    """A gate's chain as computed now, and whether its target meeting is still reachable."""

    gate_id: int
    route: str
    body: str
    target: datetime.date
    steps: tuple[PlannedStep, ...]
    reachable: bool
    next_target: datetime.date | None = None
    recess: str = ""

    @property
    def warning(self) -> str:
        """ "Door deze verschuiving haalt het besluit de raad van 2 juli niet meer; …"."""
        if self.reachable:
            return ""
        values = {
            "body": self.body.lower(),
            "day": format_day(self.target, with_year=False, long=True),
        }
        if self.next_target is None:
            return (
                gettext(
                    "After this change the decision no longer makes the %(body)s of %(day)s, "
                    "and no later %(body)s in the calendar can be reached."
                )
                % values
            )
        values["next"] = format_day(self.next_target, with_year=False, long=True)
        if self.recess:
            values["recess"] = self.recess
            return (
                gettext(
                    "After this change the decision no longer makes the %(body)s of %(day)s; "
                    "next possible %(body)s: %(next)s, after the %(recess)s"
                )
                % values
            )
        return (
            gettext(
                "After this change the decision no longer makes the %(body)s of %(day)s; "
                "next possible %(body)s: %(next)s"
            )
            % values
        )


KIND_LABELS = {"meeting": _("meeting"), "deadline": _("deadline")}


def _planned(steps: Sequence[pure.Step], dates: Sequence[datetime.date]) -> tuple[PlannedStep, ...]:
    return tuple(
        PlannedStep(index, step.body, day, step.kind.value, rule_text(steps, index))
        for index, (step, day) in enumerate(zip(steps, dates, strict=True))
    )


def bounds(plan: GatePlan, *, gate_end: datetime.date | None) -> dict[int, datetime.date]:
    """The days the chain's steps may not lie before: the ready day, the planned first step
    moved with the gate (a phase shifted later), and steps someone moved by hand."""
    found: dict[int, datetime.date] = {}
    if plan.ready is not None:
        found[0] = plan.ready
    if gate_end is not None and gate_end > plan.target:
        moved = plan.first_step + (gate_end - plan.target)
        found[0] = max(found.get(0, moved), moved)
    for step in plan.steps.all():
        if step.not_before is not None:
            found[step.index] = max(found.get(step.index, step.not_before), step.not_before)
    return found


def evaluate(
    plan: GatePlan, *, today: datetime.date, gate_end: datetime.date | None = None
) -> GateChain:
    """The plan's chain on today's calendars. `gate_end`: the gate's date to judge by (the
    shift preview passes the date a shift would give it); default its stored date."""
    rows, steps = route_steps(plan.route)
    gate = plan.gate
    cycle = build_cycle([row.body for row in rows], programme=gate.phase.programme, today=today)
    limits = bounds(plan, gate_end=gate.end if gate_end is None else gate_end)
    dates = pure.latest_chain(steps, cycle, plan.target)
    ok = dates is not None and pure.reachable(dates, limits)
    next_target, recess = None, ""
    if not ok:
        ready = limits.get(0, plan.first_step)
        later = pure.earliest_chain(steps, cycle, ready, not_before=limits)
        if later is not None:
            next_target = later[-1]
            found = cycle.recess_between(steps[-1].body, plan.target, next_target)
            recess = found.name if found else ""
    return GateChain(
        gate_id=gate.pk,
        route=plan.route.name,
        body=steps[-1].body,
        target=plan.target,
        steps=_planned(steps, dates) if dates is not None else (),
        reachable=ok,
        next_target=next_target,
        recess=recess,
    )


def compute(
    gate: Gate,
    *,
    today: datetime.date,
    target: datetime.date | None = None,
    earliest: bool = False,
    preparation_days: int = 0,
    route: Route | None = None,
) -> tuple[Route, tuple[pure.Step, ...], tuple[datetime.date, ...], datetime.date | None]:
    """The chain a new plan would get, writing nothing: (route, steps, dates, ready)."""
    route = route or resolve_route(gate)
    if route is None:
        raise PlanError(
            gettext("No decision route ends with the body that decides this gate (%(body)s).")
            % {"body": gate.decider or "—"}
        )
    rows, steps = route_steps(route)
    cycle = build_cycle([row.body for row in rows], programme=gate.phase.programme, today=today)
    ready = None
    if earliest or target is None:
        ready = today + datetime.timedelta(days=preparation_days)
        dates = pure.earliest_chain(steps, cycle, ready)
        if dates is None:
            raise PlanError(
                gettext("No meeting of %(body)s in the calendar can be reached from %(day)s.")
                % {"body": steps[-1].body, "day": format_day(ready)}
            )
        return route, steps, dates, ready
    dates = pure.latest_chain(steps, cycle, target)
    if dates is None:
        if not cycle.is_meeting(steps[-1].body, target):
            message = gettext("%(body)s does not meet on %(day)s.")
        else:
            message = gettext("No chain of meetings leads to the %(body)s of %(day)s.")
        raise PlanError(message % {"body": steps[-1].body, "day": format_day(target)})
    return route, steps, dates, ready
