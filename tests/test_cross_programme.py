"""Names of programmes a user may not see never reach them: choices and the merge screen.

Two organisations: A runs "Sociale agenda" (our user's) and "Wonen" (same organisation),
B runs "Geheim programma" with "Geheime fase B", "Geheim product B" and the group
"Cie Instellingen" that only B's programme uses.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.db.models import F
from django.urls import reverse

from milestones.calendars.forms import FeedForm
from milestones.models import Milestone
from phases.groups import offered_groups
from phases.models import AccessLevel, Gate, MeetingSeries, Programme
from tests.support.factories import (
    DeliverableFactory,
    GateFactory,
    InvolvementFactory,
    MeetingSeriesFactory,
    MembershipFactory,
    MilestoneFactory,
    OrganisationFactory,
    PhaseFactory,
    ProgrammeFactory,
    TargetGroupFactory,
    UserFactory,
)
from tests.support.forms import submitted

pytestmark = pytest.mark.django_db

SECRETS = ("Cie Instellingen", "Geheime fase B", "Geheim product B", "Geheim programma")


@pytest.fixture
def world():
    org_a, org_b = OrganisationFactory(name="Gemeente A"), OrganisationFactory(name="Gemeente B")
    ours = ProgrammeFactory(name="Sociale agenda", slug="sociale-agenda")
    ours.organisations.add(org_a)
    sister = ProgrammeFactory(name="Wonen", slug="wonen")
    sister.organisations.add(org_a)
    secret = ProgrammeFactory(name="Geheim programma", slug="geheim")
    secret.organisations.add(org_b)

    stuurgroep = TargetGroupFactory(name="Stuurgroep")
    klankbord = TargetGroupFactory(name="Klankbordgroep")
    cie = TargetGroupFactory(name="Cie Instellingen")
    TargetGroupFactory(name="Nieuwe raad")  # in the catalogue, used by nobody yet

    ours.owner_groups.add(stuurgroep)
    phase = PhaseFactory(programme=ours, name="Voorbereiding")
    PhaseFactory(programme=ours, name="Uitvoering")
    milestone = MilestoneFactory(programme=ours, phase=phase, title="Start")
    InvolvementFactory(milestone=milestone, target_group=stuurgroep)
    DeliverableFactory(phase=phase, title="Plan van aanpak")
    gate = GateFactory(phase=phase, title="Go", decider=stuurgroep)
    series = MeetingSeriesFactory(programme=ours, target_group=stuurgroep, name="Overleg")
    InvolvementFactory(milestone=MilestoneFactory(programme=sister), target_group=klankbord)

    secret_phase = PhaseFactory(programme=secret, name="Geheime fase B")
    secret_deliverable = DeliverableFactory(phase=secret_phase, title="Geheim product B")
    InvolvementFactory(milestone=MilestoneFactory(programme=secret), target_group=cie)

    editor = MembershipFactory(
        user=UserFactory(username="redacteur"), programme=ours, level=AccessLevel.EDITOR
    ).user
    editor.user_permissions.add(Permission.objects.get(codename="add_programme"))
    return {
        "ours": ours,
        "milestone": milestone,
        "gate": gate,
        "series": series,
        "editor": editor,
        "secret_phase": secret_phase,
        "secret_deliverable": secret_deliverable,
        "cie": cie,
    }


# -- target group choices (item 7) ---------------------------------------------------------


def group_pages(w) -> dict[str, str]:
    ours, milestone = w["ours"], w["milestone"]
    return {
        "milestone edit": reverse("milestones:edit", args=[milestone.pk]),
        "milestone new": reverse("milestones:new", args=[ours.slug]),
        "quick groups": reverse("milestones:quick-edit", args=[milestone.pk, "groups"])
        + "?place=table",
        "gate new": reverse("phases:gate-new", args=[milestone.phase.pk]),
        "gate edit": reverse("phases:gate-edit", args=[w["gate"].pk]),
        "gate decision": reverse("phases:gate-decision", args=[w["gate"].pk]),
        "meeting new": reverse("phases:meeting-new", args=[ours.slug]),
        "meeting edit": reverse("phases:meeting-edit", args=[w["series"].pk]),
        "programme edit": reverse("phases:programme-edit", args=[ours.slug]),
        "programme new": reverse("phases:programme-new"),
        "programme feeds": reverse("calendar:programme-feeds", args=[ours.slug]),
        "all feeds": reverse("calendar:feeds"),
    }


def test_choices_offer_our_organisations_groups_and_never_another_organisations(client, world):
    client.force_login(world["editor"])
    for page, url in group_pages(world).items():
        headers = {"HX-Request": "true"} if page == "quick groups" else {}
        response = client.get(url, headers=headers)
        assert response.status_code == 200, page
        html = response.content.decode()
        assert "Stuurgroep" in html, page
        assert "Cie Instellingen" not in html, page


def test_the_offered_groups_are_ours_our_organisations_and_unused_ones(world):
    names = {g.name for g in offered_groups(user=world["editor"], programme=world["ours"])}
    assert names == {"Stuurgroep", "Klankbordgroep", "Nieuwe raad"}
    form = FeedForm(user=world["editor"])
    assert "Cie Instellingen" not in {g.name for g in form.fields["target_group"].queryset}


def test_staff_are_offered_a_programmes_groups_for_a_programme_and_else_the_catalogue(
    client, world
):
    staff = UserFactory(username="staf", is_staff=True)
    client.force_login(staff)
    response = client.get(reverse("milestones:edit", args=[world["milestone"].pk]))
    assert "Stuurgroep" in response.content.decode()
    assert "Cie Instellingen" not in response.content.decode()  # another organisation's
    assert "Cie Instellingen" in {g.name for g in offered_groups(user=staff)}


def test_a_group_calendar_of_another_organisations_group_is_not_found(client, world):
    client.force_login(world["editor"])
    ours, cie = world["ours"], world["cie"]
    assert client.get(reverse("calendar:group", args=[ours.slug, cie.slug])).status_code == 404
    own = reverse("calendar:group", args=[ours.slug, "stuurgroep"])
    assert client.get(own).status_code == 200


def test_another_organisations_group_cannot_be_chosen(client, world):
    client.force_login(world["editor"])
    milestone = world["milestone"]
    url = reverse("milestones:edit", args=[milestone.pk])
    data = submitted(client.get(url).context["form"])
    data["target_groups"] = [str(world["cie"].pk)]
    response = client.post(url, data)
    assert response.status_code == 200  # refused: not one of the choices
    assert not milestone.involvements.filter(target_group=world["cie"]).exists()


# -- the merge screen with a stale version (item 2) ----------------------------------------


def stale_posts(w) -> dict[str, tuple[str, dict[str, object]]]:
    """Per form: its URL and the foreign ids to post in its choice fields."""
    cie, phase, deliverable = w["cie"].pk, w["secret_phase"].pk, w["secret_deliverable"].pk
    milestone = w["milestone"]
    return {
        "milestone": (
            reverse("milestones:edit", args=[milestone.pk]),
            {"phase": phase, "deliverables": [deliverable], "target_groups": [cie]},
        ),
        "quick groups": (
            reverse("milestones:quick-edit", args=[milestone.pk, "groups"]),
            {"target_groups": [cie, phase, deliverable]},
        ),
        "gate": (reverse("phases:gate-edit", args=[w["gate"].pk]), {"decider": cie}),
        "gate decision": (reverse("phases:gate-decision", args=[w["gate"].pk]), {"decider": cie}),
        "meeting": (
            reverse("phases:meeting-edit", args=[w["series"].pk]),
            {"target_group": cie},
        ),
        "programme": (
            reverse("phases:programme-edit", args=[w["ours"].slug]),
            {"owner_groups": [cie]},
        ),
    }


def someone_else_saves(w) -> None:
    """Another editor changes the choice fields of every form: versions move on."""
    bump = {"version": F("version") + 1}
    Milestone.objects.filter(pk=w["milestone"].pk).update(phase=None, **bump)
    w["milestone"].involvements.all().delete()
    Gate.objects.filter(pk=w["gate"].pk).update(decider=None, **bump)
    MeetingSeries.objects.filter(pk=w["series"].pk).update(target_group=None, **bump)
    Programme.objects.filter(pk=w["ours"].pk).update(**bump)
    w["ours"].owner_groups.clear()


@pytest.mark.parametrize("signed", [False, True], ids=["without snapshot", "with snapshot"])
@pytest.mark.parametrize(
    "form", ["milestone", "quick groups", "gate", "gate decision", "meeting", "programme"]
)
def test_a_stale_post_with_other_programmes_ids_names_none_of_them(client, world, form, signed):
    client.force_login(world["editor"])
    htmx = {"HX-Request": "true"}  # the quick editor is an htmx fragment
    url, foreign = stale_posts(world)[form]
    data = submitted(client.get(url, headers=htmx).context["form"])
    someone_else_saves(world)
    if not signed:
        data["base"] = ""  # no trustworthy snapshot: every difference is listed
    for name, value in foreign.items():
        data[name] = [str(v) for v in value] if isinstance(value, list) else str(value)
    response = client.post(url, data, headers=htmx)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="conflicts"' in html or "quick-conflict" in html
    for secret in SECRETS:
        assert secret not in html, secret


def test_a_stale_post_with_a_non_numeric_id_is_answered(client, world):
    client.force_login(world["editor"])
    url = reverse("milestones:edit", args=[world["milestone"].pk])
    data = submitted(client.get(url).context["form"])
    data.update(version="0", base="", phase="x", target_groups=["y", "99999999999999999999999"])
    response = client.post(url, data)
    assert response.status_code == 200
    assert 'id="conflicts"' in response.content.decode()


# -- the slug oracle (item 9) --------------------------------------------------------------


def test_renaming_to_an_invisible_programmes_slug_does_not_confirm_it_exists(client, world):
    client.force_login(world["editor"])
    url = reverse("phases:programme-edit", args=[world["ours"].slug])
    data = submitted(client.get(url).context["form"])
    errors = {}
    for slug in ("geheim", "new"):  # another organisation's programme; a reserved word
        data["slug"] = slug
        response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
        errors[slug] = response.context["form"].errors["slug"]
    assert errors == {
        "geheim": ["“geheim” cannot be used as a web address; “geheim-2” is free."],
        "new": ["“new” cannot be used as a web address; “new-2” is free."],
    }
    html = response.content.decode()
    assert "Geheim programma" not in html and "already" not in html
    data["slug"] = "geheim-2"
    assert client.post(url, data).status_code == 302
