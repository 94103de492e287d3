"""The programme's steering meeting and its last occurrence: "since the last Stuurgroep"."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from milestones.baselines.compare import Changes, compare, start_of_day
from milestones.baselines.models import Baseline
from phases.meetings import held_days
from phases.models import MeetingSeries, Programme
from phases.presentation import format_day

STEERING_BODY = "stuurgroep"


@dataclass(frozen=True)
class SteeringMeeting:
    series: MeetingSeries
    day: datetime.date

    def __str__(self) -> str:
        """ "Stuurgroep 12 nov 2024"."""
        return f"{self.series.name} {format_day(self.day)}"


def steering_series(programme: Programme) -> MeetingSeries | None:
    """The series the programme names as its steering meeting; else the series of the body
    named "Stuurgroep", else of one of the programme's owner bodies."""
    if programme.steering_series_id is not None:
        named = programme.meeting_series.filter(pk=programme.steering_series_id).first()
        if named is not None:  # a series of this programme (a form cannot name another's)
            return named
    series = programme.meeting_series.select_related("target_group").order_by("first_date", "pk")
    named = series.filter(target_group__name__iexact=STEERING_BODY).first()
    if named is not None:
        return named
    return series.filter(target_group__in=programme.owner_groups.all()).first()


def last_steering_meeting(programme: Programme, today: datetime.date) -> SteeringMeeting | None:
    """The steering meeting's last occurrence before `today` (cancelled ones skipped)."""
    series = steering_series(programme)
    if series is None:
        return None
    days = held_days(series, start=series.first_date, end=today - datetime.timedelta(days=1))
    return SteeringMeeting(series, days[-1]) if days else None


def changes_since_last_meeting(
    programme: Programme, today: datetime.date
) -> tuple[SteeringMeeting | None, Changes | None]:
    """What moved since the last steering meeting: the plan as it stood when its day was over
    (what the meeting decided that day is no news to it); (None, None) without a meeting."""
    meeting = last_steering_meeting(programme, today)
    if meeting is None:
        return None, None
    moment = start_of_day(meeting.day + datetime.timedelta(days=1))
    return meeting, compare(programme=programme, today=today, since=moment, label=str(meeting))


def changes_to_show(
    programme: Programme,
    today: datetime.date,
    *,
    baseline: Baseline | None = None,
    since: datetime.date | None = None,
) -> tuple[SteeringMeeting | None, Changes | None]:
    """The comparison a reader asked for: with a baseline, since a day, or (neither given) since
    the last steering meeting; the meeting is returned when it was the starting point."""
    if baseline is not None:
        return None, compare(programme=programme, today=today, baseline=baseline)
    if since is not None:
        return None, compare(programme=programme, today=today, since=since)
    return changes_since_last_meeting(programme, today)
