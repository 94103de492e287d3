"""Hook points for apps built on milestones (the meeting cycle, `cycle`).

milestones imports no app above it (an import-linter contract), so those apps register
functions here in their `AppConfig.ready()`:

* `SHIFT_CHECKS`: given a phase-shift preview (`milestones.shifting.plan.ShiftPlan`), return
  warnings in the user's language; the preview shows them before anything is saved.
* `DASHBOARD_PANELS`: given the request, the programme and the dashboard's day, return HTML
  for a panel of the dashboard ("" for none).
* `LANE_MEETINGS`: given the programme, target group ids and a period, return each group's
  meeting days in it; the timeline marks them on the axis of the group's lane.
* `VERSION_PARTS`: given the programme, return querysets made by `milestones.versions.rows`
  or `total_row` that change whenever the app's data shown on the programme's pages does;
  they join the programme version's one query.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection, Mapping
from typing import Any

from django.http import HttpRequest

from phases.models import Programme

ShiftCheck = Callable[[Any], list[str]]
DashboardPanel = Callable[[HttpRequest, Programme, datetime.date], str]
LaneMeetings = Callable[
    [Programme, Collection[int], datetime.date, datetime.date], Mapping[int, list[datetime.date]]
]

SHIFT_CHECKS: list[ShiftCheck] = []
DASHBOARD_PANELS: list[DashboardPanel] = []
LANE_MEETINGS: list[LaneMeetings] = []
VERSION_PARTS: list[Callable[[Programme], Any]] = []


def register(registry: list, hook: Callable) -> Callable:
    if hook not in registry:
        registry.append(hook)
    return hook


def shift_warnings(plan) -> list[str]:
    return [warning for check in SHIFT_CHECKS for warning in check(plan)]


def dashboard_panels(request: HttpRequest, programme: Programme, today: datetime.date) -> list[str]:
    return [html for panel in DASHBOARD_PANELS if (html := panel(request, programme, today))]


def lane_meetings(
    programme: Programme, group_ids: Collection[int], first: datetime.date, last: datetime.date
) -> dict[int, list[datetime.date]]:
    found: dict[int, set[datetime.date]] = {}
    for hook in LANE_MEETINGS:
        for group_id, days in hook(programme, group_ids, first, last).items():
            found.setdefault(group_id, set()).update(days)
    return {group_id: sorted(days) for group_id, days in found.items()}


def version_parts(programme: Programme) -> list[Any]:
    return [queryset for part in VERSION_PARTS for queryset in part(programme)]
