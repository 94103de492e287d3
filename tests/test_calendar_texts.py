"""Every text that reaches a calendar survives line breaks, ; , \\ and length.

A target group named with a line break (pasted from Word, Alt+Enter in a spreadsheet cell)
once made every calendar that named it answer 500. Names, titles and places are one line
when stored (`stakeholders.text`); the builder writes every text through icalendar's types.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from milestones.models import CalendarFeed, Milestone
from phases.models import AccessLevel, Deliverable, Gate, MeetingSeries, Phase, Programme
from stakeholders.models import TargetGroup
from stakeholders.text import single_line
from tests.support.calendars import parse_calendar
from tests.support.factories import (
    DeliverableFactory,
    GateFactory,
    InvolvementFactory,
    MeetingSeriesFactory,
    MembershipFactory,
    MilestoneFactory,
    PhaseFactory,
    ProgrammeFactory,
    TargetGroupFactory,
    UserFactory,
)
from tests.support.schedules import csv_file, load

pytestmark = pytest.mark.django_db

NASTY = "Cie\r\nInstellingen; a, b \\ c\rd\ne\u2028f"


def nasty(model, field: str, prefix: str = "") -> str:
    """A text with CR, LF, ; , \\ filled up to 300 characters or what the field holds."""
    limit = model._meta.get_field(field).max_length or 300
    text = f"{prefix}{NASTY} "
    return (text + "x" * 300)[: min(300, limit)]


@pytest.fixture
def world():
    """One programme with every text that reaches a calendar made nasty, and a member."""
    programme = ProgrammeFactory(name=nasty(Programme, "name", "P "), year=2024)
    group = TargetGroupFactory(name=nasty(TargetGroup, "name", "G "))
    phase = PhaseFactory(programme=programme, name=nasty(Phase, "name", "F "))
    milestone = MilestoneFactory(
        programme=programme,
        phase=phase,
        title=nasty(Milestone, "title", "M "),
        lead=nasty(Milestone, "lead", "L "),
        result=nasty(Milestone, "result", "R "),
        date_text="1 mrt",
    )
    InvolvementFactory(milestone=milestone, target_group=group)
    GateFactory(phase=phase, title=nasty(Gate, "title", "B "), decider=group, date_text="1 apr")
    deliverable = DeliverableFactory(
        phase=phase,
        title=nasty(Deliverable, "title", "D "),
        owner=nasty(Deliverable, "owner", "O "),
        description=nasty(Deliverable, "description", "T "),
        date_text="1 mei",
    )
    milestone.deliverables.add(deliverable)
    MeetingSeriesFactory(
        programme=programme,
        target_group=group,
        name=nasty(MeetingSeries, "name", "S "),
        rhythm_text=nasty(MeetingSeries, "rhythm_text", "Y "),
        location=nasty(MeetingSeries, "location", "W "),
        notes=nasty(MeetingSeries, "notes", "N "),
        first_date=datetime.date(2024, 1, 4),
        last_date=datetime.date(2024, 12, 31),
        start_time=datetime.time(10),
        end_time=datetime.time(11),
    )
    user = MembershipFactory(
        user=UserFactory(username="lezer"), programme=programme, level=AccessLevel.VIEWER
    ).user
    return programme, group, user


def calendar_urls(programme, group, user) -> dict[str, str]:
    feeds = {
        "feed-programme": CalendarFeed.objects.create(
            user=user, programme=programme, name=nasty(CalendarFeed, "name", "A ")
        ),
        "feed-group": CalendarFeed.objects.create(
            user=user, programme=None, target_group=group, name=nasty(CalendarFeed, "name", "Z ")
        ),
    }
    return {
        "programme": reverse("calendar:programme", args=[programme.slug]),
        "group": reverse("calendar:group", args=[programme.slug, group.slug]),
        **{key: reverse("calendar:feed", args=[feed.token]) for key, feed in feeds.items()},
    }


def read_all(client, programme, group, user) -> dict[str, object]:
    client.force_login(user)
    calendars = {}
    for key, url in calendar_urls(programme, group, user).items():
        response = client.get(url)
        assert response.status_code == 200, key
        calendars[key] = parse_calendar(response.content)
    return calendars


def all_text(calendar) -> str:
    """Every text property of the calendar and its events, unescaped."""
    parts = [str(calendar["X-WR-CALNAME"].to_ical().decode())]
    for event in calendar.walk("VEVENT"):
        for name in ("SUMMARY", "DESCRIPTION", "LOCATION"):
            if name in event:
                parts.append(str(event[name]))
        if "CATEGORIES" in event:
            parts.extend(str(c) for c in event["CATEGORIES"].cats)
    return "\n".join(parts)


def test_names_titles_and_places_are_stored_on_one_line(world):
    programme, group, _user = world
    assert "\n" not in programme.name and "\r" not in group.name
    assert group.name.startswith("G Cie Instellingen; a, b \\ c d e f x")
    series = MeetingSeries.objects.get()
    assert series.location.startswith("W Cie Instellingen; a, b \\ c d e f")
    # Multi-line texts keep their lines.
    assert "\r\n" in Deliverable.objects.get().description or "\n" in series.notes


def test_every_calendar_with_nasty_texts_answers_and_parses(client, world):
    programme, group, user = world
    calendars = read_all(client, programme, group, user)
    group_calendar = calendars["group"]
    name = group_calendar["X-WR-CALNAME"].to_ical().decode()
    assert "\n" not in name
    assert str(group_calendar["X-WR-CALNAME"]).startswith("P Cie Instellingen\\; a\\, b \\\\ c d")
    text = all_text(group_calendar)
    # The names travel whole: ; , and \ come back unescaped in the event texts.
    for prefix in ("M ", "B ", "S "):
        assert f"{prefix}Cie Instellingen; a, b \\ c d e f" in text, prefix
    assert "W Cie Instellingen; a, b \\ c d e f" in text  # the location
    for key, calendar in calendars.items():
        assert len(calendar.walk("VEVENT")) >= 2, key
        for event in calendar.walk("VEVENT"):
            for prop in ("SUMMARY", "LOCATION"):
                if prop in event:
                    assert "\n" not in str(event[prop]) and "\r" not in str(event[prop])


def test_texts_stored_with_line_breaks_before_the_fix_still_make_a_calendar(client, world):
    """Rows written before names were folded (or by hand in SQL) are escaped when written."""
    programme, group, user = world
    raw = "Cie\r\nInstellingen;\\,\r"
    TargetGroup.objects.filter(pk=group.pk).update(name=raw)
    Programme.objects.filter(pk=programme.pk).update(name=raw)
    Milestone.objects.update(title=raw)
    MeetingSeries.objects.update(location=raw, name=raw)
    calendars = read_all(client, programme, group, user)
    group_calendar = calendars["group"]
    assert (
        str(group_calendar["X-WR-CALNAME"])
        == "Cie Instellingen\\;\\\\\\, – Cie Instellingen\\;\\\\\\,"
    )
    summaries = {str(event["SUMMARY"]) for event in group_calendar.walk("VEVENT")}
    assert "Cie Instellingen;\\," in summaries


def test_a_form_folds_a_pasted_line_break(client):
    programme = ProgrammeFactory(name="Sociale agenda", slug="sa")
    client.force_login(UserFactory(username="staf", is_staff=True))
    response = client.post(
        reverse("phases:phase-new", args=[programme.slug]),
        {"name": "Fase\r\nvoorbereiding", "order": "1", "date_text": "2024", "status": "planned"},
    )
    assert response.status_code == 302
    assert Phase.objects.get(programme=programme).name == "Fase voorbereiding"


def test_an_import_folds_line_breaks_in_one_line_fields():
    load(
        csv_file(
            [
                ["Fase", "Mijlpaal", "Datum", "Wie (lead)"],
                ["Fase\neen", "Start", "1-mrt", "Jan\r\nJansen"],
            ]
        ),
        "planning.csv",
        year=2024,
    )
    milestone = Milestone.objects.get()
    assert milestone.phase.name == "Fase een"
    assert milestone.lead == "Jan. Jansen"  # the importer's own rule (columns.one_line)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\r\nb", "a b"),
        ("a \n  b", "a b"),
        ("a\rb\u2029c\x0bd", "a b c d"),
        ("\nab\n", "ab"),
        ("a;b,c\\d", "a;b,c\\d"),
        ("  kept  as  is  ", "  kept  as  is  "),  # no break: untouched
    ],
)
def test_single_line(text, expected):
    assert single_line(text) == expected
