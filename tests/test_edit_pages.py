"""Creating and editing phases, gates, deliverables, meeting series and programmes in the
browser: forms, gate decisions and the rule that a phase runs only after its gate, deletes,
history on every page, and the three-way merge that prevents lost updates (issue 6)."""

import datetime

import pytest
from django.urls import reverse

from milestones.models import Milestone
from phases.models import AccessLevel, Gate, MeetingSeries, Phase, Programme
from tests.support.factories import (
    GateFactory,
    MeetingSeriesFactory,
    MembershipFactory,
    MilestoneFactory,
    PhaseFactory,
    ProgrammeFactory,
    TargetGroupFactory,
    UserFactory,
)
from tests.support.forms import submitted

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dutch")]


@pytest.fixture
def programme():
    return ProgrammeFactory(slug="p", name="Programma P", year=2025)


@pytest.fixture
def editor(client, programme):
    user = MembershipFactory(
        user=UserFactory(username="projectleider", first_name="Petra", last_name="Leider"),
        programme=programme,
        level=AccessLevel.EDITOR,
    ).user
    client.force_login(user)
    return user


def form_of(client, url) -> dict:
    return submitted(client.get(url).context["form"])


def text(response) -> str:
    return response.content.decode()


# -- phases --------------------------------------------------------------------------------


def test_new_phase_gets_the_next_number_and_reads_its_period(client, programme, editor):
    PhaseFactory(programme=programme, order=1)
    url = reverse("phases:phase-new", args=["p"])
    data = form_of(client, url)
    assert data["order"] == "2"
    data.update(name="Fase 2: uitwerking", date_text="medio juni")
    response = client.post(url, data)
    phase = Phase.objects.get(name="Fase 2: uitwerking")
    assert response["Location"] == reverse("phases:phase", args=[phase.pk])
    assert (phase.date_text, phase.start, phase.end) == (
        "medio juni",
        datetime.date(2025, 6, 11),
        datetime.date(2025, 6, 20),
    )
    page = text(client.get(response["Location"]))
    assert "medio juni" in page and "11 – 20 jun 2025" in page


def test_phase_number_must_be_free(client, programme, editor):
    PhaseFactory(programme=programme, order=1)
    data = form_of(client, reverse("phases:phase-new", args=["p"]))
    data.update(name="Dubbel", order="1")
    response = client.post(reverse("phases:phase-new", args=["p"]), data)
    assert response.context["form"].errors["order"] == [
        "Een andere fase van dit programma heeft al nummer 1."
    ]
    assert not Phase.objects.filter(name="Dubbel").exists()


def test_unreadable_period_is_refused_next_to_the_field(client, programme, editor):
    phase = PhaseFactory(programme=programme, order=1, date_text="voorjaar")
    url = reverse("phases:phase-edit", args=[phase.pk])
    data = form_of(client, url)
    data["date_text"] = "zodra het kan"
    response = client.post(url, data)
    assert "geen datum die Regie begrijpt" in response.context["form"].errors["date_text"][0]
    assert 'value="zodra het kan"' in text(response)  # the typed text stays
    phase.refresh_from_db()
    assert phase.date_text == "voorjaar"


def test_phase_page_shows_its_history(client, programme, editor):
    phase = PhaseFactory(programme=programme, order=1, date_text="voorjaar")
    url = reverse("phases:phase-edit", args=[phase.pk])
    data = form_of(client, url)
    data.update(date_text="eind sep/begin okt", status="done")
    client.post(url, data)
    page = text(client.get(reverse("phases:phase", args=[phase.pk])))
    assert "Petra Leider" in page
    assert "<del>voorjaar</del> → <ins>eind sep/begin okt</ins>" in page
    assert "<del>gepland</del> → <ins>gereed</ins>" in page  # labels, not stored codes
    assert "<del>1 mrt – 31 mei 2025</del> → <ins>21 sep – 10 okt 2025</ins>" in page


# -- gates and the rule that a phase runs only after its gate -----------------------------


@pytest.fixture
def two_phases(programme):
    first = PhaseFactory(programme=programme, order=1, name="Fase 1", status="running")
    second = PhaseFactory(programme=programme, order=2, name="Fase 2")
    gate = GateFactory(phase=first, title="Besluit college", date_text="eind jun")
    return first, second, gate


def test_phase_cannot_run_before_its_gate_is_approved(client, editor, two_phases):
    _first, second, _gate = two_phases
    url = reverse("phases:phase-edit", args=[second.pk])
    data = form_of(client, url)
    data["status"] = "running"
    response = client.post(url, data)
    assert response.context["form"].errors["status"] == [
        "Deze fase kan pas lopen als het besluitmoment ervoor is goedgekeurd: "
        "“Besluit college” (open). Leg eerst het besluit vast, of geef een reden om toch "
        "te starten."
    ]
    second.refresh_from_db()
    assert second.status == "planned"


def test_an_editor_may_start_anyway_with_a_reason_that_is_kept(client, editor, two_phases):
    _first, second, _gate = two_phases
    url = reverse("phases:phase-edit", args=[second.pk])
    data = form_of(client, url)
    data.update(status="running", start_override_reason="Wethouder akkoord per mail")
    assert client.post(url, data).status_code == 302
    second.refresh_from_db()
    assert (second.status, second.start_override_reason) == (
        "running",
        "Wethouder akkoord per mail",
    )
    page = text(client.get(second.get_absolute_url()))
    assert "Wethouder akkoord per mail" in page


def test_recording_the_decision_opens_the_next_phase(client, editor, two_phases):
    _first, second, gate = two_phases
    decision = reverse("phases:gate-decision", args=[gate.pk])
    data = form_of(client, decision)
    assert data["outcome"] == "approved"  # proposed; the user confirms
    college = TargetGroupFactory(name="College")
    data.update(
        decided_on="2025-07-01",
        decider=str(college.pk),
        reference="B&W 2025/123",
        reference_url="https://gemeente.example/besluit/123",
    )
    response = client.post(decision, data, follow=True)
    assert "Besluit over “Besluit college” vastgelegd." in text(response)
    gate.refresh_from_db()
    assert (gate.outcome, gate.decided_on, gate.decider, gate.reference) == (
        "approved",
        datetime.date(2025, 7, 1),
        college,
        "B&W 2025/123",
    )
    page = text(client.get(gate.get_absolute_url()))
    assert "goedgekeurd" in page and "https://gemeente.example/besluit/123" in page
    assert "<del>open</del> → <ins>goedgekeurd</ins>" in page

    url = reverse("phases:phase-edit", args=[second.pk])
    data = form_of(client, url)
    data["status"] = "running"
    assert client.post(url, data).status_code == 302
    second.refresh_from_db()
    assert second.status == "running"


def test_a_decision_needs_its_date_and_cannot_be_open(client, editor, two_phases):
    gate = two_phases[2]
    url = reverse("phases:gate-decision", args=[gate.pk])
    data = form_of(client, url)
    data.update(outcome="deferred", decided_on="")
    response = client.post(url, data)
    assert response.context["form"].errors["decided_on"] == ["Geef de datum van het besluit."]
    data.update(outcome="open", decided_on="2025-07-01")
    assert "outcome" in client.post(url, data).context["form"].errors
    gate.refresh_from_db()
    assert gate.outcome == "open"


def test_deferring_keeps_the_next_phase_waiting(client, editor, two_phases):
    _first, second, gate = two_phases
    url = reverse("phases:gate-decision", args=[gate.pk])
    data = form_of(client, url)
    data.update(outcome="deferred", decided_on="2025-06-30")
    client.post(url, data)
    page = text(client.get(second.get_absolute_url()))
    assert "Deze fase kan starten zodra het besluitmoment ervoor is goedgekeurd" in page
    assert "uitgesteld" in page


# -- no lost updates: the three-way merge ---------------------------------------------------


def test_changes_to_different_fields_are_merged_not_lost(client, programme, editor):
    milestone = MilestoneFactory(programme=programme, title="Kick-off", lead="")
    url = reverse("milestones:edit", args=[milestone.pk])
    mine = form_of(client, url)  # opened at version 1

    other = MembershipFactory(programme=programme, level=AccessLevel.EDITOR).user
    client.force_login(other)
    theirs = form_of(client, url)
    theirs["title"] = "Startbijeenkomst"
    assert client.post(url, theirs).status_code == 302

    client.force_login(editor)
    mine["lead"] = "Gemeente Noord"
    response = client.post(url, mine)
    assert response.status_code == 200  # shown again, not saved silently
    form = response.context["form"]
    assert [(c.label, c.before, c.theirs, c.clash) for c in form.conflicts] == [
        ("Titel", "Kick-off", "Startbijeenkomst", False)
    ]
    html = text(response)
    assert 'value="Startbijeenkomst"' in html  # their change taken into the form
    assert 'value="Gemeente Noord"' in html  # and what this user typed kept
    milestone.refresh_from_db()
    assert (milestone.title, milestone.lead) == ("Startbijeenkomst", "")

    assert client.post(url, submitted(form)).status_code == 302  # save the merge
    milestone.refresh_from_db()
    assert (milestone.title, milestone.lead, milestone.version) == (
        "Startbijeenkomst",
        "Gemeente Noord",
        3,
    )


def test_a_version_moved_by_fields_the_form_does_not_show_is_no_conflict(
    client, editor, two_phases
):
    gate = two_phases[2]
    url = reverse("phases:gate-edit", args=[gate.pk])
    mine = form_of(client, url)
    gate.outcome, gate.decided_on = Gate.Outcome.DEFERRED, datetime.date(2025, 6, 30)
    gate.save()  # the decision: not a field of this form
    mine["title"] = "Besluit college over fase 2"
    assert client.post(url, mine).status_code == 302
    gate.refresh_from_db()
    assert (gate.title, gate.outcome) == ("Besluit college over fase 2", "deferred")


def test_a_tampered_snapshot_treats_every_difference_as_a_clash(client, programme, editor):
    milestone = MilestoneFactory(programme=programme, title="Kick-off")
    url = reverse("milestones:edit", args=[milestone.pk])
    mine = form_of(client, url)
    Milestone.objects.get(pk=milestone.pk).save()  # someone saves: version 2
    mine.update(base="not-signed", title="Mijn titel")
    form = client.post(url, mine).context["form"]
    assert [(c.label, c.clash) for c in form.conflicts] == [("Titel", True)]


# -- deliverables, meeting series, programmes ----------------------------------------------


def test_deliverable_created_under_its_phase(client, programme, editor):
    phase = PhaseFactory(programme=programme, order=1)
    url = reverse("phases:deliverable-new", args=[phase.pk])
    data = form_of(client, url)
    data.update(title="Bestuursopdracht", date_text="uiterlijk 1 juli", owner="Team")
    response = client.post(url, data, follow=True)
    deliverable = phase.deliverables.get()
    assert deliverable.end == datetime.date(2025, 7, 1)
    assert "Bestuursopdracht" in text(response) and "uiterlijk 1 juli" in text(response)


def test_secretary_creates_a_meeting_series_with_dutch_errors(client, programme):
    secretary = MembershipFactory(programme=programme, level=AccessLevel.SECRETARY).user
    client.force_login(secretary)
    url = reverse("phases:meeting-new", args=["p"])
    data = form_of(client, url)
    data.update(
        name="Projectgroep",
        frequency="WEEKLY",
        interval="2",
        weekday="3",
        start_time="13:00",
        end_time="12:00",
        first_date="2025-09-04",
    )
    response = client.post(url, data)
    assert response.context["form"].errors["end_time"] == [
        "De eindtijd moet na de begintijd liggen."
    ]
    data["end_time"] = "14:00"
    response = client.post(url, data)
    series = MeetingSeries.objects.get(name="Projectgroep")
    assert response["Location"] == series.get_absolute_url()
    assert (series.start_time, series.end_time) == (datetime.time(13), datetime.time(14))


def test_programme_slug_from_the_name_is_numbered_when_taken(client):
    ProgrammeFactory(slug="omgevingsvisie")
    client.force_login(UserFactory(username="staf", is_staff=True))
    url = reverse("phases:programme-new")
    client.post(url, {"name": "Omgevingsvisie", "year": "2026"})
    assert Programme.objects.filter(slug="omgevingsvisie-2").exists()
    # A typed address that is taken or reserved: the same refusal, with a free one.
    english = {"HTTP_ACCEPT_LANGUAGE": "en"}
    data = {"name": "Andere", "slug": "omgevingsvisie", "year": "2026"}
    response = client.post(url, data, **english)
    assert response.context["form"].errors["slug"] == [
        "“omgevingsvisie” cannot be used as a web address; “omgevingsvisie-3” is free."
    ]
    response = client.post(url, {"name": "Nieuw", "slug": "new", "year": "2026"}, **english)
    assert response.context["form"].errors["slug"] == [
        "“new” cannot be used as a web address; “new-2” is free."
    ]


def test_deleting_a_programme_needs_its_name(client, programme, editor):
    url = reverse("phases:programme-delete", args=["p"])
    response = client.post(url, {"confirm_name": "programma p"}, follow=True)
    assert "Typ de naam van het programma precies over" in text(response)
    assert Programme.objects.filter(pk=programme.pk).exists()
    response = client.post(url, {"confirm_name": "Programma P"})
    assert response["Location"] == "/"
    assert not Programme.objects.filter(pk=programme.pk).exists()


def test_deleting_a_phase_says_what_it_affects_and_keeps_the_milestones(client, programme, editor):
    phase = PhaseFactory(programme=programme, order=1, name="Fase 1")
    GateFactory(phase=phase)
    milestone = MilestoneFactory(programme=programme, phase=phase)
    url = reverse("phases:phase-delete", args=[phase.pk])
    page = text(client.get(url))
    assert "1 × besluitmomenten verwijderd" in page
    assert "1 × mijlpalen raken hun fase kwijt" in page
    client.post(url)
    milestone.refresh_from_db()
    assert milestone.phase is None
    assert Phase.history.filter(id=phase.pk, history_type="-").get().history_user == editor


# -- history across the programme and on the milestone page --------------------------------


def test_milestone_page_shows_who_changed_which_target_groups(client, programme, editor):
    bor, stuurgroep = TargetGroupFactory(name="BOR"), TargetGroupFactory(name="Stuurgroep")
    milestone = MilestoneFactory(programme=programme, title="Kick-off")
    milestone.set_target_groups([bor])
    url = reverse("milestones:edit", args=[milestone.pk])
    data = form_of(client, url)
    data.update(target_groups=[str(stuurgroep.pk)], status="done")
    client.post(url, data)
    page = text(client.get(milestone.get_absolute_url()))
    assert "<del>BOR</del> → <ins>Stuurgroep</ins>" in page
    assert "<del>gepland</del> → <ins>gereed</ins>" in page
    entry = client.get(milestone.get_absolute_url()).context["history"][0]
    assert entry.who == "Petra Leider"
    assert {c.label for c in entry.changes} == {"status", "doelgroepen"}


def test_programme_page_lists_recent_changes_with_links(client, programme, editor):
    phase = PhaseFactory(programme=programme, order=1, name="Fase 1")
    url = reverse("phases:phase-edit", args=[phase.pk])
    data = form_of(client, url)
    data["name"] = "Fase 1: verkenning"
    client.post(url, data)
    response = client.get(programme.get_absolute_url())
    change = response.context["changes"][0]
    assert (change.who, change.thing, change.name, change.url) == (
        "Petra Leider",
        "fase",
        "Fase 1: verkenning",
        phase.get_absolute_url(),
    )
    assert f'<a href="{phase.get_absolute_url()}">Fase 1: verkenning</a>' in text(response)


def test_date_preview_reads_bare_numbers_as_weeks_for_week_items(client, programme, editor):
    url = reverse("phases:date-preview", args=["p"])
    assert "wk 47" in text(client.get(url, {"date_text": "47", "week": "1"}))
    assert "geen datum" in text(client.get(url, {"date_text": "47"}))
    page = text(client.get(url, {"date_text": "eind sep/begin okt"}))
    # Dutch once the catalogue has it: "Periode: 21 sep – 10 okt 2025 (wk 38–41)"
    assert ": 21 sep – 10 okt 2025 (wk 38–41)" in page
    assert "onnauwkeurig" not in page


def test_secretary_cancels_one_meeting_and_calendars_follow(client, programme):
    secretary = MembershipFactory(programme=programme, level=AccessLevel.SECRETARY).user
    client.force_login(secretary)
    series = MeetingSeriesFactory(
        programme=programme, first_date=datetime.date(2025, 9, 4), start_time=datetime.time(12)
    )  # fortnightly on Thursdays
    url = reverse("phases:cancellation-new", args=[series.pk])
    response = client.post(url, {"date": "2025-09-17", "reason": ""})
    assert response.context["form"].errors["date"] == ["Deze reeks vergadert op donderdag."]

    response = client.post(url, {"date": "2025-09-18", "reason": "Reces"}, follow=True)
    assert "Het overleg van 18 september 2025 vervalt; agenda's laten het weg." in [
        str(m) for m in response.context["messages"]
    ]
    series.refresh_from_db()
    assert series.version == 2
    assert series.history.first().history_change_reason == "Overleg van 18 sep 2025 vervalt"
    calendar = client.get(reverse("calendar:programme", args=["p"])).content.decode()
    assert "EXDATE;TZID=Europe/Amsterdam:20250918T120000" in calendar
    assert "SEQUENCE:2" in calendar
    response = client.post(url, {"date": "2025-09-18"})
    assert response.context["form"].errors["date"] == ["Dat overleg is al vervallen."]

    cancellation = series.cancellations.get()
    client.post(reverse("phases:cancellation-delete", args=[cancellation.pk]))
    series.refresh_from_db()
    assert (series.cancellations.count(), series.version) == (0, 3)
    assert "EXDATE" not in client.get(reverse("calendar:programme", args=["p"])).content.decode()
