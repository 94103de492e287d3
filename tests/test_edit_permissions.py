"""Every write URL checks access on the server, for GET and POST alike (issue 6).

Anonymous users are sent to log in, non-members get 404, members below the level 403 —
and a refused request changes nothing at all.
"""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from milestones.models import Involvement, Milestone
from phases.models import (
    AccessLevel,
    Deliverable,
    Gate,
    MeetingCancellation,
    MeetingSeries,
    Phase,
    Programme,
    ProgrammeMembership,
)
from tests.support.access import LEVELS, as_user
from tests.support.factories import (
    DeliverableFactory,
    GateFactory,
    MeetingSeriesFactory,
    MembershipFactory,
    MilestoneFactory,
    PhaseFactory,
    ProgrammeFactory,
    UserFactory,
)
from tests.support.forms import submitted

pytestmark = pytest.mark.django_db

WHO = ["anonymous", "outsider", "viewer", "secretary", "editor", "staff"]


@pytest.fixture
def world():
    programme = ProgrammeFactory(slug="p", name="Programma P", year=2025)
    phase = PhaseFactory(programme=programme, order=1, name="Fase 1", date_text="voorjaar")
    PhaseFactory(programme=programme, order=2, name="Fase 2")
    meeting = MeetingSeriesFactory(programme=programme, first_date=datetime.date(2025, 9, 4))
    return {
        "programme": programme,
        "phase": phase,
        "gate": GateFactory(phase=phase),
        "deliverable": DeliverableFactory(phase=phase),
        "meeting": meeting,
        "cancellation": MeetingCancellation.objects.create(
            series=meeting, date=datetime.date(2025, 9, 18), reason="Zomerreces"
        ),
        "milestone": MilestoneFactory(programme=programme, phase=phase),
    }


# (url name, which object's key the URL takes, the lowest level that may use it)
WRITE_URLS = [
    ("phases:programme-edit", "slug", AccessLevel.EDITOR),
    ("phases:programme-delete", "slug", AccessLevel.EDITOR),
    ("phases:phase-new", "slug", AccessLevel.EDITOR),
    ("phases:phase-edit", "phase", AccessLevel.EDITOR),
    ("phases:phase-delete", "phase", AccessLevel.EDITOR),
    ("phases:gate-new", "phase", AccessLevel.EDITOR),
    ("phases:gate-edit", "gate", AccessLevel.EDITOR),
    ("phases:gate-decision", "gate", AccessLevel.SECRETARY),  # from a decisions list
    ("phases:gate-delete", "gate", AccessLevel.EDITOR),
    ("phases:deliverable-new", "phase", AccessLevel.EDITOR),
    ("phases:deliverable-edit", "deliverable", AccessLevel.EDITOR),
    ("phases:deliverable-delete", "deliverable", AccessLevel.EDITOR),
    ("phases:meeting-new", "slug", AccessLevel.SECRETARY),
    ("phases:meeting-edit", "meeting", AccessLevel.SECRETARY),
    ("phases:meeting-delete", "meeting", AccessLevel.SECRETARY),
    ("phases:cancellation-new", "meeting", AccessLevel.SECRETARY),
    ("phases:cancellation-delete", "cancellation", AccessLevel.SECRETARY),
    ("milestones:new", "slug", AccessLevel.EDITOR),
    ("milestones:edit", "milestone", AccessLevel.EDITOR),
    ("milestones:delete", "milestone", AccessLevel.EDITOR),
]


def url_for(world, name, key):
    arg = world["programme"].slug if key == "slug" else world[key].pk
    return reverse(name, args=[arg])


def log_in(client, world, who):
    return as_user(client, None if who == "anonymous" else who, world["programme"])


def post_data(client, world, url, name) -> dict:
    """A valid submission, as an editor's browser would send it."""
    if name.endswith("delete"):
        return {"confirm_name": world["programme"].name}
    staff = UserFactory(username="voorbereider", is_staff=True)
    client.force_login(staff)
    data = submitted(client.get(url).context["form"])
    client.logout()
    data.update(
        {
            key: value
            for key, value in {
                "name": "Nieuwe naam",
                "title": "Nieuwe titel",
                "first_date": "2025-01-09",
                "date": "2025-10-02",
            }.items()
            if key in data and not data[key]
        }
    )
    return data


def state() -> tuple:
    """Everything a write could touch: rows, versions, memberships."""
    return tuple(
        tuple(model.objects.order_by("pk").values_list(*fields))
        for model, fields in [
            (Programme, ("pk", "version", "name")),
            (Phase, ("pk", "version", "name", "status")),
            (Gate, ("pk", "version", "outcome")),
            (Deliverable, ("pk", "version")),
            (MeetingSeries, ("pk", "version")),
            (MeetingCancellation, ("pk", "date")),
            (Milestone, ("pk", "version", "title")),
            (Involvement, ("pk",)),
            (ProgrammeMembership, ("pk", "level")),
        ]
    )


@pytest.mark.parametrize(("name", "key", "level"), WRITE_URLS)
@pytest.mark.parametrize("who", WHO)
def test_write_url_access(client, world, name, key, level, who):
    url = url_for(world, name, key)
    data = post_data(client, world, url, name)
    log_in(client, world, who)
    before = state()
    allowed = who == "staff" or (who in LEVELS and LEVELS[who] >= level)
    expected = {"anonymous": 302, "outsider": 404}.get(who, 200 if allowed else 403)

    response = client.get(url)
    assert response.status_code == expected
    if who == "anonymous":
        assert response["Location"].startswith("/accounts/login/?next=")

    response = client.post(url, data)
    if allowed:
        assert response.status_code == 302, getattr(response, "context", None) and (
            response.context.get("form") and response.context["form"].errors
        )
        assert state() != before
    else:
        assert response.status_code == expected
        assert state() == before


def test_every_write_url_of_the_apps_is_in_the_table():
    """A new write page must join the access table above."""
    from django.urls import get_resolver

    names = set()
    for namespace in ("phases", "milestones", "cycle", "meetings"):
        resolver = get_resolver().namespace_dict[namespace][1]
        names |= {f"{namespace}:{n}" for n in resolver.reverse_dict if isinstance(n, str)}
    endings = ("-new", "-edit", "-delete", "-decision")
    writes = {n for n in names if n.split(":")[1].endswith(endings)}
    writes |= {
        n for n in names if n.startswith("meetings:") and not n.endswith(("docx", "calendar"))
    }
    writes |= {n for n in names if n.split(":")[1] in ("new", "edit", "delete")}
    writes.discard("phases:programme-new")  # by permission, tested below
    writes -= set(TESTED_ELSEWHERE)
    assert writes <= {name for name, _key, _level in WRITE_URLS}


# Write URLs with an access table of their own (their own kind of request), and where.
TESTED_ELSEWHERE = {
    "milestones:quick-edit": "test_quick_edit.py",  # htmx fragments, one per field
    "cycle:gate-plan-edit": "test_cycle_access.py",  # POST only, from the gate page
    "cycle:route-new": "test_cycle_access.py",  # POST only: copies a route
    "cycle:route-edit": "test_cycle_access.py",  # a formset of steps
    "cycle:body-meeting-new": "test_cycle_access.py",  # bodies' calendars: no programme
    "cycle:body-recess-new": "test_cycle_access.py",
    # pages that viewers read and secretaries save (GET and POST differ)
    "meetings:agenda": "test_meeting_pages.py",
    "meetings:decisions": "test_meeting_pages.py",
}


@pytest.mark.parametrize(("name", "module"), TESTED_ELSEWHERE.items())
def test_write_urls_tested_elsewhere_have_their_access_table(name, module):
    from pathlib import Path

    source = (Path(__file__).parent / module).read_text(encoding="utf-8")
    assert f'reverse("{name}"' in source and "PERMISSIONS" in source


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("member", 403), ("staff", 200), ("with-permission", 200)],
)
def test_creating_a_programme_needs_the_permission(client, who, status):
    if who == "member":
        user = MembershipFactory(level=AccessLevel.EDITOR).user
    elif who == "staff":
        user = UserFactory(username="staf", is_staff=True)
    elif who == "with-permission":
        user = UserFactory(username="starter")
        user.user_permissions.add(Permission.objects.get(codename="add_programme"))
    if who != "anonymous":
        client.force_login(user)
    url = reverse("phases:programme-new")
    assert client.get(url).status_code == status
    before = Programme.objects.count()
    response = client.post(url, {"name": "Omgevingsvisie", "year": "2026"})
    if status == 200:
        assert response.status_code == 302
        created = Programme.objects.get(name="Omgevingsvisie")
        assert created.slug == "omgevingsvisie"
        assert response["Location"] == reverse("programme", args=["omgevingsvisie"])
        assert created.allows(user, AccessLevel.EDITOR)
    else:
        assert response.status_code == status
        assert Programme.objects.count() == before


def test_the_new_programme_button_is_for_those_who_may(client):
    member = MembershipFactory(level=AccessLevel.EDITOR).user
    client.force_login(member)
    new = reverse("phases:programme-new")
    assert new not in client.get("/").content.decode()
    client.force_login(UserFactory(username="staf", is_staff=True))
    assert new in client.get("/").content.decode()


def test_writes_need_the_csrf_token(world):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    log_in(browser, world, "editor")
    url = reverse("phases:phase-edit", args=[world["phase"].pk])
    page = browser.get(url)
    data = submitted(page.context["form"])
    data["name"] = "Zonder token"
    before = state()
    assert browser.post(url, data).status_code == 403  # a forged request from elsewhere
    assert state() == before
    data["csrfmiddlewaretoken"] = page.context["csrf_token"]
    assert browser.post(url, data).status_code == 302
    world["phase"].refresh_from_db()
    assert world["phase"].name == "Zonder token"
