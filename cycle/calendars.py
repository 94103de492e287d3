"""The meeting calendars of bodies, read from the database into a `cycle.chain.Cycle`.

A body's meetings are its `BodyMeeting` rows (imported or typed in, cancelled ones left out)
and the days of its meeting series in Regie (`phases.meetings.held_days`,
the one reading of a series' RRULE and cancellations); its recesses are `Recess` rows. Rows
of another organisation than the programme's are left out.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from cycle.chain import Cycle, Recess, public_holidays
from cycle.models import BodyMeeting
from cycle.models import Recess as RecessRow
from milestones.versions import rows, total_row
from phases.meetings import held_days
from phases.models import MeetingCancellation, MeetingSeries, Programme
from stakeholders.models import TargetGroup

#: How far around today calendars are read: plans reach a few years ahead.
YEARS_BACK = 1
YEARS_AHEAD = 4


def horizon(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    return (
        datetime.date(today.year - YEARS_BACK, 1, 1),
        datetime.date(today.year + YEARS_AHEAD, 12, 31),
    )


def _scope(programme: Programme | None) -> Q:
    if programme is None:
        return Q()
    return Q(organisation__isnull=True) | Q(organisation__in=programme.organisations.all())


def series_of(bodies: Iterable[TargetGroup], programme: Programme | None):
    """The meeting series of `bodies` that count for `programme`: its own, and those of
    programmes that share an organisation with it."""
    series = MeetingSeries.objects.filter(target_group__in=list(bodies))
    if programme is not None:
        series = series.filter(
            Q(programme=programme) | Q(programme__organisations__in=programme.organisations.all())
        ).distinct()
    return series.select_related("target_group").prefetch_related("cancellations")


def build_cycle(
    bodies: Iterable[TargetGroup], *, programme: Programme | None, today: datetime.date
) -> Cycle:
    """The meetings and recesses of `bodies` (keyed by body name) around `today`."""
    bodies = list(bodies)
    first, last = horizon(today)
    meetings: dict[str, set[datetime.date]] = defaultdict(set)
    rows = BodyMeeting.objects.filter(
        _scope(programme), body__in=bodies, cancelled=False, date__range=(first, last)
    ).values_list("body__name", "date")
    for name, day in rows:
        meetings[name].add(day)
    for series in series_of(bodies, programme):
        meetings[series.target_group.name].update(held_days(series, start=first, end=last))
    recesses: dict[str, list[Recess]] = defaultdict(list)
    for row in RecessRow.objects.filter(
        _scope(programme), body__in=bodies, end__gte=first
    ).select_related("body"):
        recesses[row.body.name].append(Recess(row.name, row.start, row.end))
    return Cycle(
        meetings={body.name: sorted(meetings[body.name]) for body in bodies},
        recesses=dict(recesses),
        holidays=public_holidays(first.year, last.year),
    )


def version_part(programme: Programme) -> list[QuerySet]:
    """What of the council calendars `programme`'s pages show (`milestones.versions`): the
    meetings and recesses in its scope, and the meeting series it shares with programmes of
    the same organisations, with their cancellations."""
    scope = _scope(programme)
    series = MeetingSeries.objects.filter(
        Q(programme=programme) | Q(programme__organisations__in=programme.organisations.all())
    ).values("pk")
    return [
        rows(BodyMeeting.objects.filter(scope), "body meeting", "body_id", "date", "cancelled"),
        rows(RecessRow.objects.filter(scope), "recess", "body_id", "name", "start", "end"),
        total_row(MeetingSeries.objects.filter(pk__in=series), "shared series"),
        rows(
            MeetingCancellation.objects.filter(series__in=series),
            "shared cancellation",
            "series_id",
            "date",
            "moved_to",
        ),
    ]
