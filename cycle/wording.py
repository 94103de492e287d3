"""How a chain reads to people: time left ("nog 4 weken en 2 dagen"), the summary of
`plan_gate`. Dates come from `phases.presentation`, units from the shift's wording."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext

from cycle.planning import GateChain
from milestones.shifting.plan import unit_count
from phases.dates import ShiftUnit
from phases.presentation import format_day


def time_left(days: int) -> str:
    """ "4 weeks and 2 days left", "today", "3 days ago"."""
    if days == 0:
        return gettext("today")
    weeks, rest = divmod(abs(days), 7)
    parts = []
    if weeks:
        parts.append(unit_count(ShiftUnit.WEEK, weeks))
    if rest:
        parts.append(unit_count(ShiftUnit.DAY, rest))
    amount = (
        gettext("%(weeks)s and %(days)s") % {"weeks": parts[0], "days": parts[1]}
        if len(parts) == 2
        else parts[0]
    )
    if days > 0:
        return gettext("%(time)s left") % {"time": amount}
    return gettext("%(time)s ago") % {"time": amount}


def summary(chain: GateChain, *, gate_title: str, today: datetime.date) -> list[str]:
    """The lines `plan_gate` prints: a heading, one line per step, the warning if any."""
    lines = [
        gettext("%(gate)s: route “%(route)s”, decided by %(body)s on %(day)s")
        % {
            "gate": gate_title,
            "route": chain.route,
            "body": chain.body,
            "day": format_day(chain.target, long=True, weekday=True),
        }
    ]
    width = max((len(step.body) for step in chain.steps), default=0)
    for step in chain.steps:
        lines.append(
            f"  {format_day(step.date, weekday=True)}  {step.body.ljust(width)}  "
            f"{step.rule} ({time_left(step.days_left(today))})"
        )
    if chain.warning:
        lines.append(chain.warning)
    return lines
