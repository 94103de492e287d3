"""The timeline page: `build_timeline()` draws, this view reads the query string and renders."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.http import QueryDict
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from milestones.timeline.builder import LaneMode, Region, Zoom, build_timeline
from phases.access import ProgrammeAccessMixin

ZOOM_LABELS = {Zoom.MONTH: _("Month"), Zoom.QUARTER: _("Quarter"), Zoom.YEAR: _("Whole programme")}
LANE_LABELS = {LaneMode.PHASE: _("Per phase"), LaneMode.GROUP: _("Per target group")}
REGION_LABELS = {Region.NORTH: _("North"), Region.MIDDLE: _("Middle"), Region.SOUTH: _("South")}
DEFAULTS = {"zoom": Zoom.YEAR, "lanes": LaneMode.PHASE, "region": Region.MIDDLE}


@dataclass(frozen=True)
class Choice:
    label: str
    url: str
    current: bool


def _choice(value: str | None, kind: type, default):
    try:
        return kind(value)
    except ValueError:
        return default


def _month(value: str | None) -> datetime.date | None:
    """`?start=2024-05`: the month a month or quarter window opens at."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return datetime.date(year, month, 1) if 1900 <= year <= 2200 else None
    except ValueError:
        return None


def _milestone_url() -> Callable[[int], str] | None:
    """Links to the milestone pages, without a reverse() per mark."""
    marker = 987654321
    try:
        sample = reverse("milestones:detail", args=[marker])
    except NoReverseMatch:  # the milestone pages are not installed
        return None
    before, after = sample.split(str(marker), 1)
    return lambda pk: f"{before}{pk}{after}"


class TimelineView(ProgrammeAccessMixin, TemplateView):
    """`/programmes/<slug>/timeline/?zoom=month|quarter|year&lanes=phase|group&region=…`."""

    template_name = "milestones/timeline.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET
        params = {
            "zoom": _choice(query.get("zoom"), Zoom, Zoom.YEAR),
            "lanes": _choice(query.get("lanes"), LaneMode, LaneMode.PHASE),
            "region": _choice(query.get("region"), Region, Region.MIDDLE),
        }
        start = _month(query.get("start")) if params["zoom"] is not Zoom.YEAR else None
        timeline = build_timeline(
            programme=self.programme,
            zoom=params["zoom"],
            lanes=params["lanes"],
            region=params["region"],
            today=timezone.localdate(),
            start=start,
            milestone_url=_milestone_url(),
        )

        def url(**changes) -> str:
            merged = {**params, "start": start, **changes}
            q = QueryDict(mutable=True)
            for key, value in merged.items():
                if value is not None and value != DEFAULTS.get(key):
                    q[key] = value.strftime("%Y-%m") if key == "start" else str(value)
            return f"?{q.urlencode()}" if q else "?"

        def choices(key: str, labels: dict) -> list[Choice]:
            # A new zoom opens around today again; lanes and region keep the window.
            reset = {"start": None} if key == "zoom" else {}
            return [
                Choice(str(label), url(**{key: value}, **reset), params[key] == value)
                for value, label in labels.items()
            ]

        context.update(
            timeline=timeline,
            zoom_choices=choices("zoom", ZOOM_LABELS),
            lane_choices=choices("lanes", LANE_LABELS),
            region_choices=choices("region", REGION_LABELS),
            region_label=REGION_LABELS[params["region"]],
            previous_url=url(start=timeline.previous_start) if timeline.previous_start else "",
            next_url=url(start=timeline.next_start) if timeline.next_start else "",
        )
        return context
