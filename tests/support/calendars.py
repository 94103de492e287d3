"""Reading back the calendars Regie writes, with two independent parsers.

Every calendar test reads a body through `parse_calendar()`: the strict `ical` package
(pydantic models, RFC 5545 validation) and `icalendar` must both accept it and agree on its
events.
"""

from __future__ import annotations

import icalendar
from ical.calendar_stream import IcsCalendarStream

from milestones.calendars.ical import build_calendar, selection_for_programme
from phases.models import Programme

BASE_URL = "https://regie.example.org/"


def parse_calendar(body: bytes) -> icalendar.Calendar:
    """Both parsers accept `body` and see the same events; returns icalendar's reading."""
    strict = IcsCalendarStream.calendar_from_ics(body.decode("utf-8"))
    loose = icalendar.Calendar.from_ical(body)
    loose_events = loose.walk("VEVENT")
    assert sorted(event.uid for event in strict.events) == sorted(
        str(event["UID"]) for event in loose_events
    )
    assert [tz.tz_id for tz in strict.timezones] == ["Europe/Amsterdam"]
    return loose


def events_of(body: bytes) -> list[icalendar.Event]:
    return parse_calendar(body).walk("VEVENT")


def by_uid(body: bytes) -> dict[str, icalendar.Event]:
    return {str(event["UID"]): event for event in events_of(body)}


def export(programme: Programme, **kwargs) -> bytes:
    return build_calendar(selection_for_programme(programme=programme, **kwargs), base_url=BASE_URL)
