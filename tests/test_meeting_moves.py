"""Moving one meeting of a series: RECURRENCE-ID in the feed, read by three parsers."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from ical.calendar_stream import IcsCalendarStream

from milestones.calendars.ical import selection_for_programme
from phases.meetings import (
    cancel_meeting,
    held_days,
    meeting_on,
    move_meeting,
    occurrences,
    restore_meeting,
)
from tests.support.calendars import events_of, export
from tests.support.factories import MeetingSeriesFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
D = datetime.date


@pytest.fixture
def series():
    programme = ProgrammeFactory(name="Jeugd en gezin", slug="jeugd", year=2025)
    return MeetingSeriesFactory(
        programme=programme,
        name="Stuurgroep",
        frequency="WEEKLY",
        interval=2,
        weekday=3,  # Thursday
        first_date=D(2025, 9, 4),
        last_date=D(2025, 11, 27),
        start_time=datetime.time(12, 0),
        end_time=datetime.time(13, 0),
    )


def starts_between(body: bytes, start: D, end: D) -> list[datetime.datetime]:
    calendar = recurring_ical_events.of(icalendar.Calendar.from_ical(body)).between(start, end)
    return sorted(event.decoded("DTSTART").astimezone(AMSTERDAM) for event in calendar)


def test_a_moved_meeting_replaces_the_planned_one_in_every_parser(series):
    move_meeting(series=series, day=D(2025, 10, 2), to=D(2025, 10, 7), reason="Herfstreces")
    cancel_meeting(series=series, day=D(2025, 10, 30))
    body = export(series.programme)

    # icalendar: the series and one override with the series' UID and RECURRENCE-ID.
    events = events_of(body)
    assert [str(e["UID"]) for e in events] == [f"meeting-{series.pk}@regie.invalid"] * 2
    (override,) = [e for e in events if "RECURRENCE-ID" in e]
    assert override.decoded("RECURRENCE-ID") == datetime.datetime(2025, 10, 2, 12, tzinfo=AMSTERDAM)
    assert override.decoded("DTSTART") == datetime.datetime(2025, 10, 7, 12, tzinfo=AMSTERDAM)
    assert override.decoded("DTEND") == datetime.datetime(2025, 10, 7, 13, tzinfo=AMSTERDAM)
    assert override["SEQUENCE"] == series.version
    (main,) = [e for e in events if "RRULE" in e]
    assert [d.dt for d in main["EXDATE"].dts] == [
        datetime.datetime(2025, 10, 30, 12, tzinfo=AMSTERDAM)
    ]

    # recurring-ical-events: 7 October instead of 2 October, 30 October gone.
    days = [moment.date() for moment in starts_between(body, D(2025, 9, 1), D(2025, 12, 1))]
    assert days == [
        D(2025, 9, 4), D(2025, 9, 18), D(2025, 10, 7), D(2025, 10, 16),
        D(2025, 11, 13), D(2025, 11, 27),
    ]  # fmt: skip

    # The strict `ical` parser accepts it and expands the same days.
    strict = IcsCalendarStream.calendar_from_ics(body.decode())
    timeline = strict.timeline_tz(AMSTERDAM)
    strict_days = [
        event.start.date()
        for event in timeline.overlapping(
            datetime.datetime(2025, 9, 1, tzinfo=AMSTERDAM),
            datetime.datetime(2025, 12, 1, tzinfo=AMSTERDAM),
        )
    ]
    assert strict_days == days


def test_an_all_day_series_moves_by_date(series):
    series.start_time = series.end_time = None
    series.save()
    move_meeting(series=series, day=D(2025, 9, 18), to=D(2025, 9, 19))
    body = export(series.programme)
    (override,) = [e for e in events_of(body) if "RECURRENCE-ID" in e]
    assert override.decoded("RECURRENCE-ID") == D(2025, 9, 18)
    assert override.decoded("DTSTART") == D(2025, 9, 19)
    assert override.decoded("DTEND") == D(2025, 9, 20)
    days = [
        e.decoded("DTSTART")
        for e in recurring_ical_events.of(icalendar.Calendar.from_ical(body)).between(
            D(2025, 9, 1), D(2025, 10, 1)
        )
    ]
    assert sorted(days) == [D(2025, 9, 4), D(2025, 9, 19)]


def test_moving_grows_the_sequence_and_the_etag_and_restoring_takes_it_back(series):
    selection = selection_for_programme(programme=series.programme)
    before, version = selection.validators().etag, series.version
    moved = move_meeting(series=series, day=D(2025, 10, 2), to=D(2025, 10, 7))
    series.refresh_from_db()
    assert series.version == version + 1
    assert series.history.first().history_change_reason.startswith("Overleg van 2 ")
    assert selection.validators().etag != before
    restore_meeting(cancellation=moved)
    assert not [e for e in events_of(export(series.programme)) if "RECURRENCE-ID" in e]


def test_occurrences_show_cancelled_and_moved_meetings(series):
    move_meeting(series=series, day=D(2025, 10, 2), to=D(2025, 10, 7))
    cancel_meeting(series=series, day=D(2025, 10, 16), reason="Geen agenda")
    found = occurrences(series, start=D(2025, 9, 20), end=D(2025, 10, 20))
    assert [(o.planned, o.day, o.moved, o.cancelled, o.reason) for o in found] == [
        (D(2025, 10, 2), D(2025, 10, 7), True, False, ""),
        (D(2025, 10, 16), D(2025, 10, 16), False, True, "Geen agenda"),
    ]
    assert meeting_on(series, D(2025, 10, 7)).planned == D(2025, 10, 2)
    assert meeting_on(series, D(2025, 10, 2)) is None
    # "Since the last Stuurgroep" counts the moved meeting on its new day.
    assert held_days(series, start=series.first_date, end=D(2025, 10, 20)) == [
        D(2025, 9, 4),
        D(2025, 9, 18),
        D(2025, 10, 7),
    ]


def test_secretary_moves_one_meeting_with_the_form(client, series):
    from django.urls import reverse

    from phases.models import AccessLevel
    from tests.support.factories import MembershipFactory

    secretary = MembershipFactory(programme=series.programme, level=AccessLevel.SECRETARY).user
    client.force_login(secretary)
    url = reverse("phases:cancellation-new", args=[series.pk])
    response = client.post(
        url, {"date": "2025-10-02", "moved_to": "2025-10-02"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.context["form"].errors["moved_to"] == ["Moving a meeting takes another day."]
    response = client.post(url, {"date": "2025-10-02", "moved_to": "2025-10-07"}, follow=True)
    assert response.status_code == 200
    moved = series.cancellations.get()
    assert (moved.date, moved.moved_to) == (D(2025, 10, 2), D(2025, 10, 7))
    response = client.post(url, {"date": "2025-10-02"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["form"].errors["date"] == ["That meeting is already moved."]
    calendar = client.get(reverse("calendar:programme", args=["jeugd"])).content.decode()
    assert "RECURRENCE-ID;TZID=Europe/Amsterdam:20251002T120000" in calendar
    assert "EXDATE" not in calendar
