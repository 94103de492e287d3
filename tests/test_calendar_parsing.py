"""Every calendar Regie writes is read back by two independent parsers (support/calendars.py)."""

from pathlib import Path

import pytest
from django.core.management import call_command

from milestones.meetings.duties import programme_reports
from milestones.models import Milestone
from phases.models import Deliverable, Gate, MeetingSeries, Programme
from tests.support.calendars import events_of, export, parse_calendar
from tests.support.factories import MilestoneFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

DEMO = Path(__file__).resolve().parents[1] / "fixtures" / "demo"


def test_calendar_header_names_programme_and_group_and_time_zone():
    programme = ProgrammeFactory(name="OD van de toekomst")
    MilestoneFactory(programme=programme, date_text="1-mrt")
    calendar = parse_calendar(export(programme))

    assert str(calendar["PRODID"]) == "-//Regie//Regie planning calendar//NL"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["X-WR-CALNAME"]) == "OD van de toekomst"
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Amsterdam"


def test_vtimezone_comes_from_zoneinfo_and_covers_the_events_years():
    programme = ProgrammeFactory(year=2007)
    MilestoneFactory(programme=programme, date_text="1-mrt")  # 2007
    MilestoneFactory(programme=programme, date_text="1-3-2008")
    body = export(programme)
    (timezone,) = parse_calendar(body).walk("VTIMEZONE")
    assert str(timezone["TZID"]) == "Europe/Amsterdam"

    block = body.split(b"BEGIN:VTIMEZONE")[1].split(b"END:VTIMEZONE")[0].decode()
    onsets = sorted(
        value
        for line in block.splitlines()
        if line.startswith(("DTSTART:", "RDATE:"))
        for value in line.split(":", 1)[1].split(",")
    )
    # Every change of 2007 and 2008, and nothing of other years.
    assert onsets == [
        "20070101T000000",
        "20070325T030000",
        "20071028T030000",
        "20080330T030000",
        "20081026T030000",
    ]


def test_empty_calendar_still_has_the_time_zone_and_parses():
    programme = ProgrammeFactory(name="Leeg", year=2030)
    calendar = parse_calendar(export(programme))
    assert calendar.walk("VEVENT") == []
    assert str(calendar["X-WR-CALNAME"]) == "Leeg"


def test_every_demo_programme_parses_with_one_event_per_dated_item():
    call_command("load_demo")
    programmes = list(Programme.objects.all())
    assert len(programmes) == len(list(DEMO.glob("0*.toml"))) > 0
    for programme in programmes:
        milestones = Milestone.objects.filter(programme=programme, start__isnull=False)
        expected = (
            sum(max(1, len(m.dates)) for m in milestones)
            + Gate.objects.filter(phase__programme=programme, start__isnull=False).count()
            + Deliverable.objects.filter(phase__programme=programme, end__isnull=False).count()
            + MeetingSeries.objects.filter(programme=programme).exclude(frequency="").count()
            + len(programme_reports(programme))  # each time a reporting duty falls due
        )
        assert len(events_of(export(programme))) == expected, programme.slug
