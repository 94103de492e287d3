"""Calendar downloads, subscription feeds, conditional GETs and the feed pages."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from milestones.models import CalendarFeed, hash_feed_token
from phases.models import AccessLevel, MeetingCancellation, ProgrammeMembership
from tests.support.calendars import by_uid, events_of, parse_calendar
from tests.support.factories import (
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


@pytest.fixture
def programme():
    return ProgrammeFactory(name="Sociale agenda", slug="sociale-agenda", year=2024)


@pytest.fixture
def group():
    return TargetGroupFactory(name="Klankbordgroep")


@pytest.fixture
def member(programme):
    return MembershipFactory(
        user=UserFactory(username="secretaris"), programme=programme, level=AccessLevel.VIEWER
    ).user


def feed_url(feed: CalendarFeed) -> str:
    return reverse("calendar:feed", args=[feed.token])


def feed_for(user, programme=None, **kwargs) -> CalendarFeed:
    return CalendarFeed.objects.create(
        user=user, programme=programme, name=kwargs.pop("name", "Mijn agenda"), **kwargs
    )


# -- URLs and access ------------------------------------------------------------------------


def test_urls_are_exactly_as_documented(programme, group):
    assert reverse("calendar:programme", args=["sociale-agenda"]) == (
        "/programmes/sociale-agenda/calendar.ics"
    )
    assert reverse("calendar:group", args=["sociale-agenda", group.slug]) == (
        "/programmes/sociale-agenda/calendar/klankbordgroep.ics"
    )
    assert reverse("calendar:feed", args=["abc_DEF-123"]) == "/feeds/abc_DEF-123.ics"
    assert reverse("calendar:feeds") == "/feeds/"
    assert reverse("calendar:programme-feeds", args=["sociale-agenda"]) == (
        "/programmes/sociale-agenda/feeds/"
    )
    assert reverse("calendar:revoke", args=[7]) == "/feeds/7/revoke/"


PAGES = [
    ("calendar:programme", True),
    ("calendar:group", True),
    ("calendar:programme-feeds", True),
    ("calendar:feeds", False),
]


def page_url(name: str, needs_programme: bool) -> str:
    if name == "calendar:group":
        return reverse(name, args=["sociale-agenda", "klankbordgroep"])
    return reverse(name, args=["sociale-agenda"] if needs_programme else [])


@pytest.mark.parametrize(
    ("who", "expected"),
    [("anonymous", 302), ("outsider", 404), ("viewer", 200), ("staff", 200)],
)
@pytest.mark.parametrize(("name", "needs_programme"), PAGES)
def test_access_matrix(client, programme, group, who, expected, name, needs_programme):
    if who != "anonymous":
        user = UserFactory(username=who, is_staff=who == "staff")
        if who == "viewer":
            MembershipFactory(user=user, programme=programme, level=AccessLevel.VIEWER)
        client.force_login(user)
    if name == "calendar:feeds" and who == "outsider":
        expected = 200  # everyone's own feed page; it lists no programme of others
    url = page_url(name, needs_programme)
    response = client.get(url)
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"] == f"/accounts/login/?next={url}"
    if expected == 200 and url.endswith(".ics"):
        assert str(parse_calendar(response.content)["X-WR-CALNAME"]).startswith("Sociale agenda")


def test_unknown_group_is_404(client, programme, member):
    client.force_login(member)
    response = client.get(reverse("calendar:group", args=["sociale-agenda", "niemand"]))
    assert response.status_code == 404


def test_download_is_an_attachment_with_the_programmes_events(client, programme, member, group):
    milestone = MilestoneFactory(programme=programme, title="Start", date_text="1-mrt")
    InvolvementFactory(milestone=milestone, target_group=group)
    MilestoneFactory(programme=programme, title="Zonder groep")
    client.force_login(member)

    whole = client.get(reverse("calendar:programme", args=["sociale-agenda"]))
    assert whole["Content-Type"] == "text/calendar; charset=utf-8"
    assert whole["Content-Disposition"] == 'attachment; filename="sociale-agenda.ics"'
    assert sorted(str(e["SUMMARY"]) for e in events_of(whole.content)) == ["Start", "Zonder groep"]
    # Links are absolute, built from the request.
    assert [str(e["URL"]) for e in events_of(whole.content) if e["SUMMARY"] == "Start"] == [
        f"http://testserver/milestones/{milestone.pk}/"
    ]

    one = client.get(reverse("calendar:group", args=["sociale-agenda", "klankbordgroep"]))
    assert one["Content-Disposition"] == (
        'attachment; filename="sociale-agenda-klankbordgroep.ics"'
    )
    assert [str(e["SUMMARY"]) for e in events_of(one.content)] == ["Start"]


def test_download_query_filters(client, programme, member):
    phase = PhaseFactory(programme=programme)
    MilestoneFactory(programme=programme, phase=phase, title="Mei", date_text="1 mei")
    MilestoneFactory(programme=programme, title="Sep", date_text="1 sep", status="done")
    MilestoneFactory(programme=programme, title="Okt", date_text="1 okt", status="cancelled")
    client.force_login(member)
    url = reverse("calendar:programme", args=["sociale-agenda"])

    def titles(query: dict) -> list[str]:
        response = client.get(url, query)
        assert response.status_code == 200
        return sorted(str(e["SUMMARY"]) for e in events_of(response.content))

    assert titles({"phase": phase.pk}) == ["Mei"]
    assert titles({"status": ["done", "cancelled"]}) == ["Okt", "Sep"]
    assert titles({"period": "Q3"}) == ["Sep"]
    assert titles({"period": "sep t/m dec 2024", "status": "cancelled"}) == ["Okt"]


def test_invalid_filter_is_400_with_the_reason(client, programme, member):
    client.force_login(member)
    response = client.get(
        reverse("calendar:programme", args=["sociale-agenda"]),
        {"status": "kwijt"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.content.decode() == (
        "status: Select a valid choice. kwijt is not one of the available choices."
    )
    other_phase = PhaseFactory()  # of another programme
    response = client.get(
        reverse("calendar:programme", args=["sociale-agenda"]), {"phase": other_phase.pk}
    )
    assert response.status_code == 400


# -- feeds -----------------------------------------------------------------------------------


def test_feed_works_without_a_session_and_records_the_fetch(programme, member):
    MilestoneFactory(programme=programme, title="Start")
    feed = feed_for(member, programme)
    response = Client().get(feed_url(feed))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "Content-Disposition" not in response
    assert response["Cache-Control"] == "private, no-cache"
    calendar = parse_calendar(response.content)
    assert str(calendar["X-WR-CALNAME"]) == "Mijn agenda"
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Start"]
    feed.refresh_from_db()
    assert feed.last_fetched_at is not None
    assert timezone.now() - feed.last_fetched_at < datetime.timedelta(minutes=1)


def test_unknown_and_revoked_tokens_are_404(client, programme, member):
    feed = feed_for(member, programme)
    assert Client().get("/feeds/bestaat-niet.ics").status_code == 404
    assert events_of(Client().get(feed_url(feed)).content) == []  # a 200 with a calendar

    client.force_login(member)
    response = client.post(reverse("calendar:revoke", args=[feed.pk]))
    assert response.status_code == 302
    feed.refresh_from_db()
    assert feed.revoked_at is not None
    assert Client().get(feed_url(feed)).status_code == 404


def test_group_feed_holds_nothing_of_other_groups(programme, member, group):
    bor = TargetGroupFactory(name="BOR")
    shared = MilestoneFactory(programme=programme, title="Samen")
    bor_only = MilestoneFactory(programme=programme, title="Alleen BOR")
    InvolvementFactory(milestone=shared, target_group=group)
    InvolvementFactory(milestone=shared, target_group=bor)
    InvolvementFactory(milestone=bor_only, target_group=bor)
    MeetingSeriesFactory(programme=programme, name="BOR-overleg", target_group=bor)
    feed = feed_for(member, programme, target_group=group)
    events = by_uid(Client().get(feed_url(feed)).content)
    assert list(events) == [f"milestone-{shared.pk}@regie.invalid"]


def test_feed_never_shows_a_programme_its_owner_cannot_see(programme, member):
    other = ProgrammeFactory(name="Geheim", slug="geheim")
    MilestoneFactory(programme=programme, title="Zichtbaar")
    MilestoneFactory(programme=other, title="Niet voor jou")
    everything = feed_for(member, None, name="Alles")
    this_one = feed_for(member, programme, name="Sociale agenda")
    sneaky = feed_for(member, other, name="Ooit gezien")  # e.g. membership taken away since

    def titles(feed) -> list[str]:
        return [str(e["SUMMARY"]) for e in events_of(Client().get(feed_url(feed)).content)]

    assert titles(everything) == ["Zichtbaar"]
    assert titles(this_one) == ["Zichtbaar"]
    assert titles(sneaky) == []

    ProgrammeMembership.objects.filter(user=member).delete()
    assert titles(everything) == []
    assert titles(this_one) == []

    member.is_staff = True
    member.save()
    assert sorted(titles(everything)) == ["Niet voor jou", "Zichtbaar"]


def test_feed_of_an_inactive_user_is_empty(programme, member):
    MilestoneFactory(programme=programme)
    feed = feed_for(member, programme)
    member.is_active = False
    member.save()
    assert events_of(Client().get(feed_url(feed)).content) == []


def test_feed_query_count_does_not_grow(programme, member, group, django_assert_max_num_queries):
    feed = feed_for(member, programme, target_group=group)
    client = Client()
    counts = []
    for size in (3, 30):
        while programme.milestones.count() < size:
            InvolvementFactory(milestone=MilestoneFactory(programme=programme), target_group=group)
        # 16 to build (one of them the reporting duties), and 5 of the database cache storing
        # the body (milestones.calendars.cache)
        with django_assert_max_num_queries(21), CaptureQueriesContext(connection) as queries:
            response = client.get(feed_url(feed))
        assert len(events_of(response.content)) == size
        counts.append(len([q for q in queries if not q["sql"].startswith("UPDATE")]))
        with django_assert_max_num_queries(6):  # the poll: feed, programmes, validators
            assert client.get(feed_url(feed), HTTP_IF_NONE_MATCH=response["ETag"]).status_code == (
                304
            )
    assert counts[0] == counts[1]


# -- conditional GET -------------------------------------------------------------------------


def test_unchanged_feed_answers_304_and_every_change_moves_the_etag(programme, member, group):
    milestone = MilestoneFactory(programme=programme, title="Start")
    series = MeetingSeriesFactory(programme=programme)
    feed = feed_for(member, programme)
    client = Client()
    url = feed_url(feed)
    first = client.get(url)
    parse_calendar(first.content)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and etag.endswith('"')

    not_modified = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == etag
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304

    def changed() -> None:
        nonlocal etag
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 200
        parse_calendar(response.content)
        assert response["ETag"] != etag
        etag = response["ETag"]

    milestone.title = "Start (verschoven)"
    milestone.save()
    changed()
    InvolvementFactory(milestone=milestone, target_group=group)  # categories
    changed()
    group.name = "Klankbord"  # a catalogue name, no version of its own
    group.save()
    changed()
    MeetingCancellation.objects.create(series=series, date=datetime.date(2007, 9, 20))
    changed()
    MilestoneFactory(programme=programme)
    changed()
    milestone.delete()
    changed()
    other = ProgrammeFactory()
    MilestoneFactory(programme=other)
    feed.programme = None  # the selection itself
    feed.save()
    membership = MembershipFactory(user=member, programme=other)
    changed()
    membership.delete()  # access
    changed()


def test_download_answers_304_too(client, programme, member):
    MilestoneFactory(programme=programme)
    client.force_login(member)
    url = reverse("calendar:programme", args=["sociale-agenda"])
    first = client.get(url)
    assert len(events_of(first.content)) == 1
    etag = first["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    # Another filter is another calendar.
    other = client.get(url, {"status": "done"}, HTTP_IF_NONE_MATCH=etag)
    assert other.status_code == 200
    assert events_of(other.content) == []


# -- managing feeds in the browser ---------------------------------------------------------


def test_member_creates_a_feed_with_group_and_filters(client, programme, member, group):
    phase = PhaseFactory(programme=programme, name="Fase 2")
    InvolvementFactory(milestone=MilestoneFactory(programme=programme), target_group=group)
    client.force_login(member)
    url = reverse("calendar:programme-feeds", args=["sociale-agenda"])
    response = client.post(
        url,
        {
            "name": "",
            "target_group": group.pk,
            "phase": phase.pk,
            "status": ["planned", "in_progress"],
            "period": "Q3",
        },
    )
    feed = CalendarFeed.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{url}#feed-{feed.pk}"
    assert (feed.user, feed.programme, feed.target_group) == (member, programme, group)
    assert feed.name == "Sociale agenda – Klankbordgroep"
    assert feed.filters == {
        "phase": phase.pk,
        "status": ["planned", "in_progress"],
        "period": {"text": "Q3", "start": "2024-07-01", "end": "2024-09-30"},
    }
    assert len(feed.token_hash) == 64  # only the hash is stored

    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    token = re.search(r'value="webcal://testserver/feeds/([\w-]+)\.ics"', page).group(1)
    assert len(token) >= 40 and token != feed.token_hash
    assert hash_feed_token(token) == feed.token_hash
    assert f'value="http://testserver/feeds/{token}.ics"' in page
    assert "shows it this once" in page
    assert f'<label for="feed-{feed.pk}-webcal"' in page
    assert page.count(">Copy</button>") == 2
    assert "New Outlook and Outlook on the web" in page  # the reader's help, not the admin's
    assert '<script src="/static/regie/copy-links.js" defer></script>' in page
    assert "Fase 2" in page


def test_feed_form_refuses_an_unreadable_period(client, programme, member):
    client.force_login(member)
    response = client.post(
        reverse("calendar:programme-feeds", args=["sociale-agenda"]),
        {"period": "ooit"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "period": ['"ooit" is not a date Regie understands: "ooit" is not a month or a date word.']
    }
    assert not CalendarFeed.objects.exists()


def test_outsider_cannot_create_a_feed_for_a_programme(client, programme):
    client.force_login(UserFactory(username="buitenstaander"))
    response = client.post(reverse("calendar:programme-feeds", args=["sociale-agenda"]), {})
    assert response.status_code == 404
    assert not CalendarFeed.objects.exists()


def test_staff_create_a_feed_and_everyone_an_all_programmes_feed(client, programme, staff_user):
    client.force_login(staff_user)
    client.post(reverse("calendar:programme-feeds", args=["sociale-agenda"]), {"name": "Staf"})
    response = client.post(
        reverse("calendar:feeds"),
        {"name": "", "status": ["planned"]},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    assert sorted(
        CalendarFeed.objects.values_list("name", "programme__slug", "user__username", "filters")
    ) == [
        ("All my programmes", None, "medewerker", {"status": ["planned"]}),
        ("Staf", "sociale-agenda", "medewerker", {}),
    ]


def test_feed_pages_need_csrf(programme, member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    feed = feed_for(member, programme)
    assert client.post(reverse("calendar:revoke", args=[feed.pk])).status_code == 403
    create = reverse("calendar:programme-feeds", args=["sociale-agenda"])
    assert client.post(create, {"name": "x"}).status_code == 403
    assert not CalendarFeed.objects.exclude(pk=feed.pk).exists()
    feed.refresh_from_db()
    assert feed.revoked_at is None


def test_nobody_revokes_someone_elses_feed(client, programme, member):
    feed = feed_for(member, programme)
    url = reverse("calendar:revoke", args=[feed.pk])
    assert client.post(url)["Location"] == f"/accounts/login/?next={url}"  # anonymous
    client.force_login(UserFactory(username="ander"))
    assert client.post(reverse("calendar:revoke", args=[feed.pk])).status_code == 404
    assert client.get(reverse("calendar:revoke", args=[feed.pk])).status_code == 405
    feed.refresh_from_db()
    assert feed.revoked_at is None


def test_revoked_feed_is_listed_without_links(client, programme, member):
    feed = feed_for(member, programme)
    client.force_login(member)
    response = client.post(
        reverse("calendar:revoke", args=[feed.pk]),
        {"next": reverse("calendar:programme-feeds", args=["sociale-agenda"])},
    )
    assert response["Location"] == "/programmes/sociale-agenda/feeds/"
    page = client.get(reverse("calendar:feeds"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "revoked" in page
    assert feed.token not in page
    # An outside `next` is ignored.
    other = feed_for(member, programme)
    response = client.post(
        reverse("calendar:revoke", args=[other.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == "/feeds/"


def test_feed_speaks_the_sites_language_whatever_the_client_sends(programme, member):
    MilestoneFactory(programme=programme, phase=PhaseFactory(programme=programme))
    feed = feed_for(member, programme)
    english = Client().get(feed_url(feed), HTTP_ACCEPT_LANGUAGE="en")
    plain = Client().get(feed_url(feed))
    assert english["ETag"] == plain["ETag"]
    assert english.content == plain.content
    assert len(events_of(plain.content)) == 1


# -- admin -------------------------------------------------------------------------------------


def test_admin_shows_neither_the_feed_address_nor_its_hash_and_revokes(client, programme, member):
    feed = feed_for(member, programme)
    client.force_login(UserFactory(username="beheer", is_staff=True, is_superuser=True))
    page = client.get(reverse("admin:milestones_calendarfeed_change", args=[feed.pk]))
    assert page.status_code == 200
    assert feed.token not in page.content.decode()
    assert feed.token_hash not in page.content.decode()
    response = client.post(
        reverse("admin:milestones_calendarfeed_changelist"),
        {"action": "revoke_feeds", "_selected_action": [feed.pk]},
    )
    assert response.status_code == 302
    assert Client().get(feed_url(feed)).status_code == 404
