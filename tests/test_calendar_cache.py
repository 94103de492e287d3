"""Cached calendar bodies: a repeated GET is not rebuilt, and no change is ever missed."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from milestones.calendars import views
from milestones.models import CalendarFeed
from phases.meetings import cancel_meeting
from phases.models import AccessLevel, WorkStatus
from tests.support.calendars import events_of
from tests.support.factories import (
    MeetingSeriesFactory,
    MembershipFactory,
    MilestoneFactory,
    ProgrammeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def builds(monkeypatch):
    """How often a calendar was built (not taken from the cache)."""
    calls = []
    real = views.build_calendar

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(views, "build_calendar", counting)
    return calls


@pytest.fixture
def setting(client):
    programme = ProgrammeFactory(slug="cache", year=2024)
    user = UserFactory(username="secretaris")
    membership = MembershipFactory(user=user, programme=programme, level=AccessLevel.VIEWER)
    milestone = MilestoneFactory(
        programme=programme, title="Stuurgroep 1", date_text="3 jun", lead="Projectleider"
    )
    feed = CalendarFeed.objects.create(user=user, programme=programme, name="Agenda")
    return {
        "url": reverse("calendar:feed", args=[feed.token]),
        "milestone": milestone,
        "membership": membership,
        "programme": programme,
    }


def summaries(response) -> list[str]:
    return sorted(str(event.get("SUMMARY")) for event in events_of(response.content))


def test_a_repeated_get_without_if_none_match_is_served_from_the_cache(client, setting, builds):
    first = client.get(setting["url"])
    second = client.get(setting["url"])
    assert second.content == first.content and second["ETag"] == first["ETag"]
    assert len(builds) == 1


def test_an_edited_item_is_never_served_from_an_old_body(client, setting, builds):
    assert summaries(client.get(setting["url"])) == ["Stuurgroep 1"]
    milestone = setting["milestone"]
    milestone.title = "Stuurgroep 2"
    milestone.save()
    assert summaries(client.get(setting["url"])) == ["Stuurgroep 2"]
    assert len(builds) == 2


def test_a_cancellation_is_never_served_from_an_old_body(client, setting, builds):
    series = MeetingSeriesFactory(programme=setting["programme"])
    before = client.get(setting["url"]).content
    cancel_meeting(series=series, day=series.first_date)
    after = client.get(setting["url"]).content
    assert b"EXDATE" in after and b"EXDATE" not in before
    milestone = setting["milestone"]
    milestone.status = WorkStatus.CANCELLED
    milestone.save()
    assert b"STATUS:CANCELLED" in client.get(setting["url"]).content
    assert len(builds) == 3


def test_lost_access_is_never_served_from_an_old_body(client, setting, builds):
    assert summaries(client.get(setting["url"])) == ["Stuurgroep 1"]
    setting["membership"].delete()
    assert summaries(client.get(setting["url"])) == []


def test_another_language_is_never_served_from_an_old_body(client, setting, builds):
    with override_settings(LANGUAGE_CODE="nl"):
        dutch = client.get(setting["url"]).content
    with override_settings(LANGUAGE_CODE="en"):
        english = client.get(setting["url"]).content
    assert b"Lead: Projectleider" in english and b"Lead: Projectleider" not in dutch
    assert len(builds) == 2
