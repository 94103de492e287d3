"""The meetings of a series: the days its rhythm gives, and cancelling or moving one of them.

`series_rule()` reads a series as an RRULE (the calendars write it), `occurrences()` lists the
meetings in a period with their exceptions applied: a cancelled one stays in the list marked
cancelled, a moved one carries the day the rhythm gave (`planned`, the calendars'
RECURRENCE-ID) and the day it takes place (`day`). The series page, the agendas, the
calendars and "since the last Stuurgroep" all read meetings through here.

Each change is saved on the series too, so its version (the calendars' SEQUENCE) grows and
its history says who cancelled or moved which meeting: subscribed calendars drop, move or
restore the occurrence on their next poll.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from dateutil.rrule import rrulestr
from django.db import transaction
from django.utils.translation import gettext

from phases.models import MeetingCancellation, MeetingSeries
from phases.presentation import format_day

ICAL_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WORKING_DAYS = ("MO", "TU", "WE", "TH", "FR")
ONE_DAY = datetime.timedelta(days=1)


def series_rule(series: MeetingSeries) -> tuple[datetime.date, dict[str, Any]] | None:
    """The first meeting day and the RRULE parts (FREQ, INTERVAL, BYDAY; UNTIL apart).

    Weekly meets on `weekday` (else the first date's weekday); monthly and yearly on the
    first date's n-th weekday of the month ("first Monday"; a fifth one becomes "last");
    daily on working days. None when the series never meets (nothing before its last date)
    or has no rhythm.
    """
    if not series.is_recurring:
        return None
    first = series.first_date
    parts: dict[str, Any] = {"freq": series.frequency, "interval": series.interval}
    if series.frequency == MeetingSeries.Frequency.WEEKLY:
        weekday = first.weekday() if series.weekday is None else series.weekday
        first += datetime.timedelta(days=(weekday - first.weekday()) % 7)
        parts["byday"] = ICAL_WEEKDAYS[weekday]
    elif series.frequency == MeetingSeries.Frequency.DAILY:
        while first.weekday() >= 5:
            first += ONE_DAY
        parts["byday"] = list(WORKING_DAYS)
    else:  # MONTHLY, YEARLY
        nth = (first.day - 1) // 7 + 1
        parts["byday"] = f"{nth if nth < 5 else -1}{ICAL_WEEKDAYS[first.weekday()]}"
        if series.frequency == MeetingSeries.Frequency.YEARLY:
            parts["bymonth"] = first.month
    if series.last_date is not None and first > series.last_date:
        return None
    return first, parts


def planned_days(series: MeetingSeries, start: datetime.date, end: datetime.date) -> list:
    """The days the rhythm gives from `start` to `end` (inclusive), exceptions not applied.

    A series without a rhythm meets once, on its first date.
    """
    if not series.is_recurring:
        return [series.first_date] if start <= series.first_date <= end else []
    rule = series_rule(series)
    if rule is None:
        return []
    first, parts = rule
    until = min(end, series.last_date) if series.last_date else end
    if until < max(start, first):
        return []
    text = ";".join(f"{key.upper()}={_rule_value(value)}" for key, value in parts.items())
    dtstart = datetime.datetime.combine(first, datetime.time.min)
    moments = rrulestr(f"RRULE:{text}", dtstart=dtstart).between(
        datetime.datetime.combine(max(start, first), datetime.time.min),
        datetime.datetime.combine(until, datetime.time.min),
        inc=True,
    )
    return [moment.date() for moment in moments]


def _rule_value(value) -> str:
    if isinstance(value, list | tuple):
        return ",".join(map(str, value))
    return str(value)


@dataclass(frozen=True)
class Occurrence:
    """One meeting of a series."""

    series: MeetingSeries
    planned: datetime.date  # the day the rhythm gives (RECURRENCE-ID of a moved one)
    day: datetime.date  # the day it takes place
    cancelled: bool = False
    exception: MeetingCancellation | None = None  # the cancellation or move, if any

    @property
    def moved(self) -> bool:
        return self.day != self.planned

    @property
    def reason(self) -> str:
        return self.exception.reason if self.exception else ""


def occurrences(
    series: MeetingSeries,
    *,
    start: datetime.date,
    end: datetime.date,
    exceptions: list[MeetingCancellation] | None = None,
) -> list[Occurrence]:
    """The meetings of `series` that take place (or would have) from `start` to `end`.

    A moved meeting counts where it takes place; a cancelled one where it was planned.
    `exceptions` saves the query when the caller read the series' cancellations already.
    """
    if exceptions is None:
        exceptions = list(series.cancellations.all())
    by_day = {exception.date: exception for exception in exceptions}
    # A meeting moved into the period from a planned day outside it counts too.
    planned = set(planned_days(series, start, end))
    planned |= {
        e.date
        for e in exceptions
        if e.moved_to and start <= e.moved_to <= end and planned_days(series, e.date, e.date)
    }
    found = []
    for day in planned:
        exception = by_day.get(day)
        moved_to = exception.moved_to if exception else None
        occurrence = Occurrence(
            series=series,
            planned=day,
            day=moved_to or day,
            cancelled=exception is not None and moved_to is None,
            exception=exception,
        )
        if start <= occurrence.day <= end:
            found.append(occurrence)
    return sorted(found, key=lambda o: (o.day, o.planned))


def held_days(
    series: MeetingSeries, *, start: datetime.date, end: datetime.date
) -> list[datetime.date]:
    """The days `series` meets from `start` to `end` (moved ones on their new day), cancelled
    ones left out."""
    return [o.day for o in occurrences(series, start=start, end=end) if not o.cancelled]


def meeting_on(series: MeetingSeries, day: datetime.date) -> Occurrence | None:
    """The meeting that takes place on `day` (moved there or planned), cancelled ones too."""
    for occurrence in occurrences(series, start=day, end=day):
        if occurrence.day == day:
            return occurrence
    return None


def cancel_meeting(
    *, series: MeetingSeries, day: datetime.date, reason: str = ""
) -> MeetingCancellation:
    with transaction.atomic():
        cancellation = MeetingCancellation.objects.create(series=series, date=day, reason=reason)
        _record(series, gettext("Meeting of %(day)s cancelled"), day)
    return cancellation


def move_meeting(
    *, series: MeetingSeries, day: datetime.date, to: datetime.date, reason: str = ""
) -> MeetingCancellation:
    """The meeting planned on `day` takes place on `to` instead (calendars: RECURRENCE-ID)."""
    with transaction.atomic():
        moved = MeetingCancellation.objects.create(
            series=series, date=day, moved_to=to, reason=reason
        )
        series._change_reason = (
            gettext("Meeting of %(day)s moved to %(to)s")
            % {"day": format_day(day), "to": format_day(to)}
        )[:100]
        series.save(update_fields=[])
    return moved


def restore_meeting(*, cancellation: MeetingCancellation) -> None:
    series = cancellation.series
    with transaction.atomic():
        cancellation.delete()
        _record(series, gettext("Meeting of %(day)s takes place after all"), cancellation.date)


def _record(series: MeetingSeries, template: str, day: datetime.date) -> None:
    series._change_reason = (template % {"day": format_day(day)})[:100]
    series.save(update_fields=[])  # only the version: the calendars' SEQUENCE
