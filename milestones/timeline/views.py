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

from milestones.baselines.compare import plan_then
from milestones.baselines.query import Comparison, comparison_from_query
from milestones.fragments import KeptPartMixin
from milestones.timeline.builder import Before, LaneMode, Region, Zoom, build_timeline
from phases.access import ProgrammeAccessMixin
from phases.models import Programme

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


def _positions_then(programme: Programme, asked: Comparison) -> tuple[dict[str, Before], str]:
    """Where the compared plan had each dated item, and the name of that plan."""
    if not asked.asked:
        return {}, ""
    plan, _moment, label = plan_then(programme, baseline=asked.baseline, since=asked.since)
    before = {
        key: Before(item.date_text, item.start, item.end)
        for key, item in plan.items()
        if item.start is not None and item.end is not None
    }
    return before, label


def _milestone_url() -> Callable[[int], str] | None:
    """Links to the milestone pages, without a reverse() per mark."""
    marker = 987654321
    try:
        sample = reverse("milestones:detail", args=[marker])
    except NoReverseMatch:  # the milestone pages are not installed
        return None
    before, after = sample.split(str(marker), 1)
    return lambda pk: f"{before}{pk}{after}"


class TimelineView(ProgrammeAccessMixin, KeptPartMixin, TemplateView):
    """`/programmes/<slug>/timeline/?zoom=month|quarter|year&lanes=phase|group&region=…`.

    `?baseline=<id>` or `?since=YYYY-MM-DD` overlays where moved items were then.
    """

    template_name = "milestones/timeline.html"
    kept_name = "timeline"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.kept_context())
        if context["kept_html"] is not None:
            return context
        query = self.request.GET
        params = {
            "zoom": _choice(query.get("zoom"), Zoom, Zoom.YEAR),
            "lanes": _choice(query.get("lanes"), LaneMode, LaneMode.PHASE),
            "region": _choice(query.get("region"), Region, Region.MIDDLE),
        }
        start = _month(query.get("start")) if params["zoom"] is not Zoom.YEAR else None
        today = timezone.localdate()
        asked = comparison_from_query(self.programme, query, today)
        before, compared_with = _positions_then(self.programme, asked)
        timeline = build_timeline(
            programme=self.programme,
            zoom=params["zoom"],
            lanes=params["lanes"],
            region=params["region"],
            today=today,
            start=start,
            milestone_url=_milestone_url(),
            before=before,
        )
        compare = {"baseline": asked.baseline.pk} if asked.baseline else {}
        if asked.since and not asked.baseline:
            compare = {"since": asked.since.isoformat()}

        def url(**changes) -> str:
            merged = {**params, "start": start, **compare, **changes}
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

        plain = url(baseline=None, since=None)
        context.update(
            timeline=timeline,
            zoom_choices=choices("zoom", ZOOM_LABELS),
            lane_choices=choices("lanes", LANE_LABELS),
            region_choices=choices("region", REGION_LABELS),
            region_label=REGION_LABELS[params["region"]],
            previous_url=url(start=timeline.previous_start) if timeline.previous_start else "",
            next_url=url(start=timeline.next_start) if timeline.next_start else "",
            compared_with=compared_with,
            comparison=asked,
            baselines=self.programme.baselines.only("pk", "name", "taken_at"),
            without_comparison_url=plain,
            # The view's other choices, kept as hidden fields by the comparison's form.
            keep=QueryDict(plain[1:]).items(),
        )
        return context
