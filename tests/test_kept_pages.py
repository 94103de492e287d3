"""Pages kept under the programme version (milestones.fragments, milestones.versions).

A kept part is served again only while nothing it shows has changed: every kind of change
gives the programme a new version, and a page asked for after it is built again.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from cycle.models import BodyMeeting, Recess
from milestones import fragments
from milestones.baselines.taking import take_baseline
from milestones.extensions import DASHBOARD_PANELS, register
from milestones.involvements import set_target_groups
from milestones.models import CalendarNote
from milestones.versions import programme_version
from phases.models import AccessLevel, MeetingCancellation
from tests.support.factories import (
    DeliverableFactory,
    GateFactory,
    MeetingSeriesFactory,
    MembershipFactory,
    MilestoneFactory,
    PhaseFactory,
    ProgrammeFactory,
    TargetGroupFactory,
    UserFactory,
)

PAGES = ["milestones:timeline", "milestones:dashboard", "milestones:table"]


def same_page(response) -> str:
    """The page without what differs for every response (CSP nonce, masked CSRF token)."""
    return re.sub(r'nonce="[^"]*"|\b[A-Za-z0-9]{64}\b', "", response.content.decode())


@pytest.fixture
def plan(db):
    programme = ProgrammeFactory(slug="kept", year=2024)
    phase = PhaseFactory(programme=programme, name="Verkenning", date_text="jan-jun")
    group = TargetGroupFactory(name="Stuurgroep")
    milestone = MilestoneFactory(programme=programme, phase=phase, title="Startnotitie")
    set_target_groups(milestone, [group])
    series = MeetingSeriesFactory(programme=programme, target_group=group)
    return {
        "programme": programme,
        "phase": phase,
        "group": group,
        "milestone": milestone,
        "gate": GateFactory(phase=phase),
        "deliverable": DeliverableFactory(phase=phase),
        "series": series,
    }


def _fresh(programme):
    programme.refresh_from_db()
    return programme_version(programme)


CHANGES = {
    "milestone saved": lambda p: p["milestone"].save(),
    "milestone added": lambda p: MilestoneFactory(programme=p["programme"]),
    "milestone deleted": lambda p: p["milestone"].delete(),
    "target groups changed": lambda p: set_target_groups(
        p["milestone"], [TargetGroupFactory(name="BOR")]
    ),
    "phase renamed": lambda p: setattr(p["phase"], "name", "Uitwerking") or p["phase"].save(),
    "gate decided": lambda p: setattr(p["gate"], "outcome", "approved") or p["gate"].save(),
    "deliverable saved": lambda p: p["deliverable"].save(),
    "calendar note added": lambda p: CalendarNote.objects.create(
        programme=p["programme"], title="Zomerreces", date_text="jul"
    ),
    "meeting series saved": lambda p: p["series"].save(),
    "meeting cancelled": lambda p: MeetingCancellation.objects.create(
        series=p["series"], date=datetime.date(2024, 3, 7)
    ),
    "target group renamed": lambda p: (
        setattr(p["group"], "name", "Stuurgroep OD") or p["group"].save()
    ),
    "baseline taken": lambda p: take_baseline(programme=p["programme"], name="Vastgesteld"),
    "programme renamed": lambda p: (
        setattr(p["programme"], "name", "Anders") or p["programme"].save()
    ),
    "council meeting added": lambda p: BodyMeeting.objects.create(
        body=p["group"], date=datetime.date(2024, 5, 2)
    ),
    "recess added": lambda p: Recess.objects.create(
        body=p["group"],
        name="Zomer",
        start=datetime.date(2024, 7, 20),
        end=datetime.date(2024, 9, 1),
    ),
}


@pytest.mark.parametrize("change", CHANGES)
def test_every_kind_of_change_gives_the_programme_a_new_version(plan, change):
    before = _fresh(plan["programme"])
    assert _fresh(plan["programme"]) == before  # nothing changed: the same version
    CHANGES[change](plan)
    assert _fresh(plan["programme"]) != before


def test_a_moved_cancellation_and_an_edited_council_meeting_change_the_version(plan):
    cancellation = MeetingCancellation.objects.create(
        series=plan["series"], date=datetime.date(2024, 3, 7)
    )
    meeting = BodyMeeting.objects.create(body=plan["group"], date=datetime.date(2024, 5, 2))
    before = _fresh(plan["programme"])
    cancellation.moved_to = datetime.date(2024, 3, 8)
    cancellation.save()
    moved = _fresh(plan["programme"])
    assert moved != before
    meeting.date = datetime.date(2024, 5, 9)
    meeting.save()
    assert _fresh(plan["programme"]) != moved


def test_another_programme_changing_leaves_the_version_alone(plan):
    before = _fresh(plan["programme"])
    MilestoneFactory(programme=ProgrammeFactory(), title="Elders")
    assert _fresh(plan["programme"]) == before


def test_the_version_is_one_query(plan, django_assert_num_queries):
    with django_assert_num_queries(1):
        programme_version(plan["programme"])


@pytest.mark.parametrize("page", PAGES)
def test_a_page_asked_again_is_served_kept_and_never_after_a_change(
    plan, client, staff_user, page, django_assert_max_num_queries
):
    client.force_login(staff_user)
    url = reverse(page, args=["kept"])
    first = client.get(url)
    assert "Startnotitie" in first.content.decode()
    # Asked again: the kept part, without building anything (session, user, programme,
    # access, version and the kept part at most).
    with django_assert_max_num_queries(7):
        again = client.get(url)
    assert again.context["kept_html"] is not None
    assert same_page(again) == same_page(first)
    plan["milestone"].title = "Startnotitie herzien"
    plan["milestone"].save()
    after = client.get(url).content.decode()
    assert "Startnotitie herzien" in after


@pytest.mark.parametrize("page", PAGES)
def test_the_kept_part_is_shared_by_processes_through_the_cache(plan, client, staff_user, page):
    client.force_login(staff_user)
    url = reverse(page, args=["kept"])
    first = client.get(url)
    fragments.recent.clear()  # another process: nothing in its memory
    again = client.get(url)
    assert again.context["kept_html"] is not None
    assert same_page(again) == same_page(first)


@pytest.mark.parametrize("page", PAGES)
def test_the_language_the_day_and_the_readers_level_each_have_their_own_part(
    plan, client, page, monkeypatch
):
    editor, viewer = UserFactory(), UserFactory()
    MembershipFactory(user=editor, programme=plan["programme"], level=AccessLevel.EDITOR)
    MembershipFactory(user=viewer, programme=plan["programme"], level=AccessLevel.VIEWER)
    url = reverse(page, args=["kept"])
    client.force_login(editor)
    as_editor = client.get(url)
    client.force_login(viewer)
    as_viewer = client.get(url)
    assert as_viewer.context["kept_html"] is None  # not the editor's part
    if page == "milestones:table":  # the pencils are the editor's
        quick = reverse("milestones:quick-edit", args=[plan["milestone"].pk, "status"])
        assert quick in as_editor.content.decode()
        assert quick not in as_viewer.content.decode()
    with translation.override("en"):
        english = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert english.context["kept_html"] is None
    monkeypatch.setattr(fragments, "local_today", lambda: datetime.date(2030, 1, 1))
    assert client.get(url).context["kept_html"] is None  # another day


@pytest.mark.parametrize("query", [{"days": "60"}, {"lanes": "group"}, {"status": "done"}])
def test_another_query_string_is_another_part(plan, client, staff_user, query):
    client.force_login(staff_user)
    for page in PAGES:
        url = reverse(page, args=["kept"])
        client.get(url)
        assert client.get(url, query).context["kept_html"] is None


def test_the_dashboard_panels_are_rendered_for_every_request(plan, client, monkeypatch):
    panel = register(DASHBOARD_PANELS, lambda request, programme, today: request.user.username)
    try:
        url = reverse("milestones:dashboard", args=["kept"])
        for name in ("anna", "bert"):
            reader = UserFactory(username=name)
            MembershipFactory(user=reader, programme=plan["programme"])
            client.force_login(reader)
            html = client.get(url).content.decode()
            assert name in html and "regie:hole" not in html
        assert client.get(url).context["kept_html"] is not None
    finally:
        DASHBOARD_PANELS.remove(panel)


def test_keep_without_a_key_renders_and_fills_its_holes(db):
    template = Template("{% load kept %}{% keep %}<p>{{ a }}</p>{% hole b %}{% endkeep %}")
    html = template.render(Context({"a": "<x>", "b": ["<i>no</i>", "ja"]}))
    assert html == "<p>&lt;x&gt;</p>&lt;i&gt;no&lt;/i&gt;ja"
    kept = Template("{% load kept %}{% keep %}<p>{{ a }}</p>{% hole b %}{% endkeep %}")
    assert kept.render(Context({"kept_html": "<p>old</p><!--regie:hole:b-->", "b": "new"})) == (
        "<p>old</p>new"
    )
