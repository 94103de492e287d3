"""Creating and editing a milestone in the browser (issue 6), and the live date preview."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from milestones.models import Involvement, Milestone
from phases.models import AccessLevel
from tests.support.access import PERMISSIONS, as_user, member
from tests.support.factories import (
    InvolvementFactory,
    MilestoneFactory,
    PhaseFactory,
    TargetGroupFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def milestone(programme):
    return MilestoneFactory(programme=programme, title="Kick-off", date_text="1-mrt")


def form_data(milestone, **changes):
    data = {
        "title": milestone.title,
        "phase": milestone.phase_id or "",
        "date_text": milestone.date_text,
        "status": milestone.status,
        "lead": milestone.lead,
        "description": milestone.description,
        "result": milestone.result,
        "work_form": milestone.work_form,
        "duration": milestone.duration,
        "participants": milestone.participants,
        "notes": milestone.notes,
        "version": milestone.version,
        "target_groups": list(milestone.involvements.values_list("target_group_id", flat=True)),
    }
    if milestone.is_optional:
        data["is_optional"] = "on"
    data.update(changes)
    return data


@pytest.mark.parametrize(("who", "status"), PERMISSIONS)
def test_edit_permissions(client, programme, milestone, who, status):
    as_user(client, who, programme)
    url = reverse("milestones:edit", args=[milestone.pk])
    response = client.get(url)
    assert response.status_code == status
    if who is None:
        assert response["Location"].startswith("/accounts/login/")

    response = client.post(url, form_data(milestone, title="Nieuw"))
    milestone.refresh_from_db()
    if status == 200:
        assert response.status_code == 302
        assert milestone.title == "Nieuw"
    else:
        assert response.status_code == status
        assert milestone.title == "Kick-off"
        assert milestone.version == 1


@pytest.mark.parametrize(("who", "status"), PERMISSIONS)
def test_new_permissions(client, programme, who, status):
    as_user(client, who, programme)
    url = reverse("milestones:new", args=[programme.slug])
    response = client.get(url)
    assert response.status_code == status
    if who is None:
        assert response["Location"].startswith("/accounts/login/")

    response = client.post(url, {"title": "Nieuwe mijlpaal", "status": "planned", "date_text": ""})
    if status == 200:
        assert response.status_code == 302
        created = Milestone.objects.get(title="Nieuwe mijlpaal")
        assert created.programme == programme
        assert response["Location"] == created.get_absolute_url()
    else:
        assert response.status_code == status
        assert not Milestone.objects.exists()


def test_edit_page_shows_form_and_preview_hooks(client, programme, milestone):
    as_user(client, "editor", programme)
    response = client.get(reverse("milestones:edit", args=[milestone.pk]))
    html = response.content.decode()
    assert 'name="version"' in html
    assert 'hx-get="/programmes/p/date-preview/?start=2024-03-01"' in html
    assert 'hx-trigger="input changed delay:300ms, change"' in html
    assert 'id="date-preview"' in html and 'aria-live="polite"' in html


def test_medio_juni_is_stored_verbatim_with_interval(client, programme, milestone):
    editor = as_user(client, "editor", programme)
    response = client.post(
        reverse("milestones:edit", args=[milestone.pk]),
        form_data(milestone, date_text="medio juni"),
        follow=True,
    )
    assert response.redirect_chain[-1][0] == milestone.get_absolute_url()
    milestone.refresh_from_db()
    assert milestone.date_text == "medio juni"
    assert (milestone.start, milestone.end) == (
        datetime.date(2024, 6, 11),
        datetime.date(2024, 6, 20),
    )
    assert milestone.history.first().history_user == editor
    assert list(response.context["messages"])


def test_unreadable_date_shows_dutch_error_and_saves_nothing(client, programme, milestone):
    as_user(client, "editor", programme)
    with translation.override("nl"):
        response = client.post(
            reverse("milestones:edit", args=[milestone.pk]),
            form_data(milestone, date_text="zelf invullen", title="Anders"),
        )
    assert response.status_code == 200
    errors = response.context["form"].errors["date_text"]
    assert "geen datum die Regie begrijpt" in errors[0]
    assert "geen datum die Regie begrijpt" in response.content.decode()
    milestone.refresh_from_db()
    assert (milestone.title, milestone.date_text, milestone.version) == ("Kick-off", "1-mrt", 1)


def test_phase_is_limited_to_the_programme(client, programme, milestone):
    own, other = PhaseFactory(programme=programme), PhaseFactory()
    as_user(client, "editor", programme)
    url = reverse("milestones:edit", args=[milestone.pk])
    response = client.post(url, form_data(milestone, phase=other.pk))
    assert "phase" in response.context["form"].errors
    client.post(url, form_data(milestone, phase=own.pk))
    milestone.refresh_from_db()
    assert milestone.phase == own


def test_target_groups_added_and_removed_keeping_raci(client, programme, milestone):
    kept, dropped, added = (TargetGroupFactory(name=n) for n in ("Kept", "Dropped", "Added"))
    InvolvementFactory(milestone=milestone, target_group=kept, raci="A")
    InvolvementFactory(milestone=milestone, target_group=dropped)
    as_user(client, "editor", programme)
    client.post(
        reverse("milestones:edit", args=[milestone.pk]),
        form_data(milestone, target_groups=[kept.pk, added.pk]),
    )
    rows = dict(
        Involvement.objects.filter(milestone=milestone).values_list("target_group__name", "raci")
    )
    assert rows == {"Kept": "A", "Added": ""}


def test_conflicting_edit_is_refused_then_saved_deliberately(client, programme, milestone):
    first = member(programme, AccessLevel.EDITOR, "eerste")
    second = member(programme, AccessLevel.EDITOR, "tweede")
    url = reverse("milestones:edit", args=[milestone.pk])
    client.force_login(first)
    client.get(url)
    client.force_login(second)
    opened = client.get(url).context["form"]["base"].value()  # what the page showed
    stale = form_data(milestone, title="Titel van twee", base=opened)  # both loaded version 1

    client.force_login(first)
    assert client.post(url, form_data(milestone, title="Titel van een")).status_code == 302

    client.force_login(second)
    response = client.post(url, stale)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Iemand anders heeft “Titel van een” gewijzigd terwijl u het bewerkte" in str(
        response.context["form"].non_field_errors()
    )
    assert "Kick-off" in html and "Titel van een" in html  # what changed meanwhile
    assert 'value="Titel van twee"' in html  # what the user typed is kept
    assert response.context["form"]["version"].value() == "2"
    milestone.refresh_from_db()
    assert milestone.title == "Titel van een"

    response = client.post(url, {**stale, "version": "2"})
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.title == "Titel van twee"
    assert milestone.history.first().history_user == second


def test_preview_fragment(client, programme):
    as_user(client, "viewer", programme)
    url = reverse("phases:date-preview", args=[programme.slug])
    html = client.get(url, {"date_text": "eind sep/begin okt"}).content.decode()
    assert "21 sep" in html and "10 okt" in html and "wk 38" in html
    html = client.get(url, {"date_text": "zelf invullen"}).content.decode()
    assert "zelf invullen" in html and "geen datum" in html
    assert client.get(url, {"date_text": ""}).content.decode().strip() == ""
    html = client.get(url, {"date_text": "mrt", "start": "2025-06-01"}).content.decode()
    assert "2026" in html or "2025" in html
    assert client.post(url, {"date_text": "mrt"}).status_code == 405


@pytest.mark.parametrize(("who", "status"), PERMISSIONS)
def test_preview_permissions(client, programme, who, status):
    as_user(client, who, programme)
    url = reverse("phases:date-preview", args=[programme.slug])
    # Members read dates; anyone else, an expired session too, gets 404: a fragment fetched
    # while typing must not redirect the page away from the form.
    expected = 404 if who in (None, "outsider") else 200
    response = client.get(url, {"date_text": "1-mrt"}, HTTP_HX_REQUEST="true")
    assert response.status_code == expected
    assert "HX-Redirect" not in response


def test_edit_and_new_buttons_for_editors_only(client, programme, milestone):
    as_user(client, "viewer", programme)
    assert (
        reverse("milestones:edit", args=[milestone.pk])
        not in client.get(milestone.get_absolute_url()).content.decode()
    )
    client.logout()
    as_user(client, "editor", programme)
    assert (
        reverse("milestones:edit", args=[milestone.pk])
        in client.get(milestone.get_absolute_url()).content.decode()
    )
    table = client.get(reverse("milestones:table", args=[programme.slug])).content.decode()
    assert reverse("milestones:new", args=[programme.slug]) in table
