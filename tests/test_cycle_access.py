"""Who may plan a gate on its decision route (POST only, from the gate page): editors and
staff; others are refused and nothing is written."""

import datetime

import pytest
from django.urls import reverse

from cycle.models import GatePlan
from tests.support.access import as_user
from tests.support.cycle import council_year, raad_gate
from tests.support.factories import ProgrammeFactory

# who -> (status of a POST, whether the gate gets planned)
PERMISSIONS = {
    "anonymous": (302, False),
    "outsider": (404, False),
    "viewer": (403, False),
    "secretary": (403, False),
    "editor": (302, True),
    "staff": (302, True),
}


@pytest.fixture
def gate(db, monkeypatch):
    monkeypatch.setattr("cycle.views.local_today", lambda: datetime.date(2026, 3, 2))
    programme = ProgrammeFactory(slug="kader", year=2026)
    return raad_gate(programme, council_year(programme))


@pytest.mark.parametrize("who", PERMISSIONS)
def test_planning_a_gate_needs_the_editor_level(client, gate, who):
    as_user(client, None if who == "anonymous" else who, gate.phase.programme)
    url = reverse("cycle:gate-plan-edit", args=[gate.pk])
    status, planned = PERMISSIONS[who]
    response = client.post(url, {"meeting": "2026-07-02"})
    assert response.status_code == status
    if who == "anonymous":
        assert response["Location"].startswith("/accounts/login/?next=")
    assert GatePlan.objects.filter(gate=gate, target=datetime.date(2026, 7, 2)).exists() is planned
    if who in ("editor", "staff"):
        assert client.get(url).status_code == 405  # planning is a POST from the gate page


# who -> (status of a POST to a body's calendar, whether it changes)
BODY_PERMISSIONS = {
    "anonymous": (302, False),
    "member": (403, False),
    "with-permission": (302, True),
    "staff": (302, True),
}

BODY_WRITES = {
    "meeting": (
        lambda slug: reverse("cycle:body-meeting-new", args=[slug]),
        {"date": "2026-09-30", "title": "Extra raad"},
    ),
    "recess": (
        lambda slug: reverse("cycle:body-recess-new", args=[slug]),
        {"name": "herfstreces", "start": "2026-10-17", "end": "2026-10-25"},
    ),
}


def _body_user(client, who):
    from django.contrib.auth.models import Permission

    from tests.support.factories import UserFactory

    if who == "anonymous":
        return
    user = UserFactory(username=who, is_staff=who == "staff")
    if who == "with-permission":
        user.user_permissions.add(Permission.objects.get(codename="add_bodymeeting"))
    client.force_login(user)


@pytest.mark.parametrize("what", BODY_WRITES)
@pytest.mark.parametrize("who", BODY_PERMISSIONS)
def test_changing_a_bodys_calendar_needs_the_right(client, gate, who, what):
    from cycle.models import BodyMeeting, Recess

    _body_user(client, who)
    raad = gate.decider
    before = (BodyMeeting.objects.count(), Recess.objects.count())
    url, data = BODY_WRITES[what]
    response = client.post(url(raad.slug), data)
    status, changes = BODY_PERMISSIONS[who]
    assert response.status_code == status
    assert ((BodyMeeting.objects.count(), Recess.objects.count()) != before) is changes
    if who != "anonymous":
        page = client.get(reverse("cycle:body", args=[raad.slug])).content.decode()
        assert ('name="file"' in page) is changes  # the upload form only for who may


# who -> (status of adapting a shipped route / saving the programme's route, whether it changes)
ROUTE_PERMISSIONS = {
    "anonymous": (302, False),
    "outsider": (404, False),
    "viewer": (403, False),
    "secretary": (403, False),
    "editor": (302, True),
    "staff": (302, True),
}


@pytest.mark.parametrize("who", ROUTE_PERMISSIONS)
def test_adapting_and_editing_a_route_needs_the_editor_level(client, gate, who):
    from cycle.models import Route

    programme = gate.phase.programme
    shipped = Route.objects.get()
    own = Route.objects.create(name="Eigen route", programme=programme)
    as_user(client, None if who == "anonymous" else who, programme)
    status, changes = ROUTE_PERMISSIONS[who]
    response = client.post(
        reverse("cycle:route-new", args=[programme.slug]), {"source": shipped.pk}
    )
    assert response.status_code == status
    assert Route.objects.filter(programme=programme).count() == (2 if changes else 1)
    edit = reverse("cycle:route-edit", args=[own.pk])
    data = {
        "steps-TOTAL_FORMS": "1",
        "steps-INITIAL_FORMS": "0",
        "steps-0-order": "1",
        "steps-0-body": str(gate.decider.pk),
        "steps-0-kind": "meeting",
        "steps-0-days_before": "0",
    }
    response = client.post(edit, data)
    assert response.status_code == status
    assert own.steps.exists() is changes
    if who != "anonymous":
        assert client.get(edit).status_code == (200 if changes else status)
