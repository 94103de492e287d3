"""Feeds that fit the job: meetings only / milestones only, "wk 37", the link's scheme, help."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from milestones.calendars.ical import CalendarFilters, Content
from milestones.calendars.views import NEW_LINKS
from milestones.models import CalendarFeed
from phases.fuzzy import read_date_text
from phases.models import AccessLevel
from tests.support.calendars import events_of, export
from tests.support.factories import (
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

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


@pytest.fixture
def plan():
    programme = ProgrammeFactory(name="Jeugd en gezin", slug="jeugd", year=2025)
    body = TargetGroupFactory(name="Stuurgroep")
    other = TargetGroupFactory(name="Klankbordgroep")
    phase = PhaseFactory(programme=programme, order=1, name="Fase 1")
    # A schedule's Week column holds a bare "37"; the importer reads it as a week.
    milestone = MilestoneFactory.build(programme=programme, phase=phase, title="Concept BO")
    reading = read_date_text("37", datetime.date(2025, 1, 1), year=2025, week=True)
    milestone.set_date(reading, text="37")
    milestone.save()
    InvolvementFactory(milestone=milestone, target_group=body)
    GateFactory(phase=phase, title="Besluit fase 1", decider=body, date_text="1 okt")
    MeetingSeriesFactory(
        programme=programme, name="Stuurgroep overleg", target_group=body,
        first_date=datetime.date(2025, 9, 4), frequency="WEEKLY", interval=2,
    )  # fmt: skip
    MeetingSeriesFactory(
        programme=programme, name="Klankbord overleg", target_group=other,
        first_date=datetime.date(2025, 9, 5), frequency="WEEKLY",
    )  # fmt: skip
    member = MembershipFactory(
        user=UserFactory(username="secretaris"), programme=programme, level=AccessLevel.VIEWER
    ).user
    return programme, body, member


def summaries(body: bytes) -> list[str]:
    return sorted(str(event["SUMMARY"]) for event in events_of(body))


EVERYTHING = [
    "Besluitmoment: Besluit fase 1",
    "Klankbord overleg",
    "Stuurgroep overleg",
    "Concept BO (wk 37)",
]


def test_content_selects_meetings_milestones_or_both(plan):
    programme, _body, _member = plan
    with_meetings = export(programme, filters=CalendarFilters(content=Content.MEETINGS))
    without = export(programme, filters=CalendarFilters(content=Content.MILESTONES))
    assert summaries(with_meetings) == ["Klankbord overleg", "Stuurgroep overleg"]
    assert summaries(without) == ["Besluitmoment: Besluit fase 1", "Concept BO (wk 37)"]
    assert summaries(export(programme)) == sorted(EVERYTHING)


def test_a_week_reads_wk_37_not_a_bare_number(plan):
    programme, _body, _member = plan
    (event,) = [e for e in events_of(export(programme)) if "Concept" in str(e["SUMMARY"])]
    assert str(event["SUMMARY"]) == "Concept BO (wk 37)"
    assert event.decoded("DTSTART") == datetime.date(2025, 9, 8)


def test_downloads_and_group_calendars_take_content(client, plan):
    programme, body, member = plan
    client.force_login(member)
    whole = reverse("calendar:programme", args=[programme.slug])
    group = reverse("calendar:group", args=[programme.slug, body.slug])
    assert summaries(client.get(whole, {"content": "meetings"}).content) == [
        "Klankbord overleg",
        "Stuurgroep overleg",
    ]
    assert summaries(client.get(group, {"content": "meetings"}).content) == ["Stuurgroep overleg"]
    assert summaries(client.get(group, {"content": "milestones"}).content) == [
        "Besluitmoment: Besluit fase 1",
        "Concept BO (wk 37)",
    ]
    assert summaries(client.get(whole).content) == sorted(EVERYTHING)
    assert client.get(whole, {"content": "vergaderingen"}).status_code == 400


def test_a_feed_made_for_meetings_only_holds_meetings_only(client, plan):
    programme, body, member = plan
    client.force_login(member)
    url = reverse("calendar:programme-feeds", args=[programme.slug])
    response = client.post(url, {"target_group": body.pk, "content": "meetings", "name": ""})
    assert response.status_code == 302
    feed = CalendarFeed.objects.get()
    assert feed.filters == {"content": "meetings"}
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Meetings only" in page
    # The link is shown once, when it is made (only its hash is kept).
    token = re.search(r'value="webcal://testserver/feeds/([\w-]+)\.ics"', page).group(1)
    ics = Client().get(reverse("calendar:feed", args=[token])).content
    assert summaries(ics) == ["Stuurgroep overleg"]


def test_changing_content_changes_the_etag(plan):
    programme, _body, _member = plan
    from milestones.calendars.ical import selection_for_programme

    etags = {
        selection_for_programme(programme=programme, filters=CalendarFilters(content=c))
        .validators()
        .etag
        for c in Content.values
    }
    assert len(etags) == 3


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("meetings", ["Klankbord overleg", "Stuurgroep overleg"]),
        ("milestones", ["Besluitmoment: Besluit fase 1", "Concept BO (wk 37)"]),
        ("all", sorted(EVERYTHING)),
    ],
)
def test_export_calendar_takes_content(plan, tmp_path, content, expected):
    out = tmp_path / "agenda.ics"
    call_command("export_calendar", "--programme", "jeugd", "--content", content, "-o", str(out))
    assert summaries(out.read_bytes()) == expected


def test_feed_links_follow_the_request_scheme_and_the_base_url(client, plan, settings):
    programme, _body, member = plan
    feed = CalendarFeed.objects.create(user=member, programme=programme, name="Mijn agenda")
    client.force_login(member)

    def just_made() -> None:  # the page shows a feed's link once, right after it is made
        session = client.session
        session[NEW_LINKS] = {str(feed.pk): feed.token}
        session.save()

    just_made()
    url = reverse("calendar:programme-feeds", args=[programme.slug])
    settings.REGIE_BASE_URL = ""
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'value="http://testserver/feeds/{feed.token}.ics"' in page
    assert "Web address (http://," in page
    assert "https://" not in page.split('id="feeds-heading"')[1].split("New subscription")[0]
    settings.REGIE_BASE_URL = "https://regie.example.nl"
    just_made()
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'value="https://regie.example.nl/feeds/{feed.token}.ics"' in page
    assert f'value="webcal://regie.example.nl/feeds/{feed.token}.ics"' in page
    assert "Web address (https://," in page
    milestone_id = programme.milestones.get().pk
    ics = client.get(reverse("calendar:programme", args=[programme.slug])).content
    assert f"https://regie.example.nl/milestones/{milestone_id}/".encode() in ics.replace(
        b"\r\n ", b""
    )


def test_feed_help_is_for_the_reader_and_the_admin_part_for_staff(client, plan):
    programme, _body, member = plan
    url = reverse("calendar:programme-feeds", args=[programme.slug])
    client.force_login(member)
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Google Calendar" in page and "Apple Calendar" in page
    assert "New Outlook and Outlook on the web" in page
    assert "For administrators" not in page and "REGIE_BASE_URL" not in page
    client.force_login(UserFactory(username="beheer", is_staff=True))
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "For administrators" in page and "REGIE_BASE_URL" in page
