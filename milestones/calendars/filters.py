"""What a calendar download or feed holds: the content, phase, status and period filters.

Stored in `CalendarFeed.filters` as JSON (`to_json` / `from_json`), read from a download's
query string by `milestones.calendars.forms.CalendarFilterForm`.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy

from phases.models import WorkStatus


class Content(models.TextChoices):
    """What kind of events a calendar holds: a secretary may want the meetings alone."""

    ALL = "all", gettext_lazy("Meetings and milestones")
    MEETINGS = "meetings", gettext_lazy("Meetings only")
    MILESTONES = "milestones", gettext_lazy("Milestones only (no meetings)")


@dataclass(frozen=True)
class CalendarFilters:
    """Phase, status and period filters of a download or a feed (stored in `feed.filters`).

    A filter narrows the kinds of item that have that attribute and leaves the others alone:
    `phase` selects milestones, gates and deliverables of that phase; `statuses` milestones
    and deliverables; `period` (inclusive) everything whose dates overlap it. Meeting series
    belong to no phase and have no status. `content` keeps the meetings alone
    (`meetings`), everything but the meetings (`milestones`) or both (`all`).
    """

    phase_id: int | None = None
    statuses: tuple[str, ...] = ()
    period_start: datetime.date | None = None
    period_end: datetime.date | None = None
    period_text: str = ""
    content: str = Content.ALL

    @property
    def has_period(self) -> bool:
        return self.period_start is not None and self.period_end is not None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if self.phase_id is not None:
            data["phase"] = self.phase_id
        if self.statuses:
            data["status"] = list(self.statuses)
        if self.has_period:
            data["period"] = {
                "text": self.period_text,
                "start": self.period_start.isoformat(),
                "end": self.period_end.isoformat(),
            }
        if self.content != Content.ALL:
            data["content"] = self.content
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> CalendarFilters:
        """Read `feed.filters`; a part that does not make sense (edited by hand) is ignored."""
        data = data if isinstance(data, Mapping) else {}
        phase = data.get("phase")
        statuses = data.get("status") or []
        if isinstance(statuses, str):
            statuses = [statuses]
        elif not isinstance(statuses, list | tuple):
            statuses = []
        period = data.get("period") if isinstance(data.get("period"), Mapping) else {}
        try:
            start = datetime.date.fromisoformat(period["start"])
            end = datetime.date.fromisoformat(period["end"])
        except (KeyError, TypeError, ValueError):
            start = end = None
        return cls(
            phase_id=phase if isinstance(phase, int) and not isinstance(phase, bool) else None,
            statuses=tuple(s for s in statuses if s in WorkStatus.values),
            period_start=start,
            period_end=end,
            period_text=str(period.get("text", "")) if start else "",
            content=data.get("content") if data.get("content") in Content.values else Content.ALL,
        )
