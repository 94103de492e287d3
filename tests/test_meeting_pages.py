"""The secretary's week: series page, agenda drafts, decisions lists, their documents."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from docx import Document

from milestones.meetings.agenda import agenda_for, previous_meeting, propose_agenda
from milestones.meetings.models import Agenda
from phases.fuzzy import local_today
from phases.meetings import cancel_meeting, meeting_on, move_meeting, occurrences
from phases.models import Gate
from tests.support.access import as_user
from tests.support.meetings import secretary_world

pytestmark = pytest.mark.django_db

D = datetime.date
MEETING = "2025-10-02"
PROPOSED = [
    "Verkenning afronden",
    "Besluit start fase 2",
    "Concept bestuursopdracht bespreken",
    "Bestuursopdracht",
]


@pytest.fixture
def world():
    return secretary_world()


def url(name, world, day=MEETING):
    return reverse(name, args=[world.series.pk, day])


def docx_text(body: bytes) -> str:
    document = Document(io.BytesIO(body))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


# -- the proposal ----------------------------------------------------------------------------


def test_proposal_holds_what_is_aimed_at_the_body_between_meetings_or_late(world):
    occurrence = meeting_on(world.series, D(2025, 10, 2))
    assert previous_meeting(world.series, occurrence) == D(2025, 9, 18)
    entries = propose_agenda(world.series, occurrence, D(2025, 9, 18), today=D(2025, 9, 26))
    assert [e.title for e in entries] == PROPOSED
    assert [e.phase for e in entries] == ["Fase 1 Verkenning"] * 2 + ["Fase 2 Bestuursopdracht"] * 2
    assert [e.treatment for e in entries] == ["discussion", "decision", "discussion", "discussion"]
    # Chosen by the late rule on the meeting's day; marked late when late already (26 Sep).
    assert [e.late for e in entries] == [True, False, True, False]
    assert entries[3].documents == ()  # the deliverable is the document itself
    assert entries[2].documents == ("Bestuursopdracht",)
    assert entries[1].key == f"gate-{world.gate.pk}"


def test_the_window_starts_at_the_last_meeting_held(world):
    cancel_meeting(series=world.series, day=D(2025, 9, 18))
    occurrence = meeting_on(world.series, D(2025, 10, 2))
    assert previous_meeting(world.series, occurrence) == D(2025, 9, 4)
    titles = [e.title for e in agenda_for(world.series, occurrence).entries]
    assert "Startnotitie" in titles  # done on 10 Sep, after the meeting of 4 Sep


def test_a_moved_meeting_takes_the_items_up_to_its_new_day(world):
    move_meeting(series=world.series, day=D(2025, 10, 2), to=D(2025, 10, 9))
    occurrence = meeting_on(world.series, D(2025, 10, 9))
    assert occurrence.planned == D(2025, 10, 2)
    titles = [e.title for e in agenda_for(world.series, occurrence).entries]
    assert titles == [*PROPOSED[:3], "Bestuursopdracht", "Uitwerking"]


# -- who may do what -------------------------------------------------------------------------

READ_URLS = [
    "meetings:agenda",
    "meetings:agenda-docx",
    "meetings:decisions",
    "meetings:decisions-docx",
]
# (who, status of a read, status of a write); PERMISSIONS as everywhere: 404 for outsiders.
PERMISSIONS = [
    (None, 302, 302),
    ("outsider", 404, 404),
    ("viewer", 200, 403),
    ("secretary", 200, 302),
    ("editor", 200, 302),
    ("staff", 200, 302),
]


@pytest.mark.parametrize(("who", "read", "write"), PERMISSIONS)
def test_viewers_read_agendas_and_secretaries_and_editors_write_them(
    client, world, who, read, write
):
    as_user(client, who, world.programme)
    for name in READ_URLS:
        assert client.get(url(name, world)).status_code == read, name
    assert client.get(reverse("meeting", args=[world.series.pk])).status_code == read
    assert client.get(reverse("meetings:calendar", args=[world.series.pk])).status_code == read
    data = {
        "version": "0",
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-0-title": "Opening",
        "items-0-treatment": "information",
        "items-0-order": "1",
    }
    response = client.post(reverse("meetings:agenda", args=[world.series.pk, MEETING]), data)
    assert response.status_code == write
    decisions = {"version": "0", "decisions-TOTAL_FORMS": "0", "decisions-INITIAL_FORMS": "0"}
    decisions_url = reverse("meetings:decisions", args=[world.series.pk, MEETING])
    assert client.post(decisions_url, decisions).status_code == write
    assert Agenda.objects.exists() == (who in ("secretary", "editor", "staff"))


def test_a_day_the_series_does_not_meet_is_404(client, world):
    as_user(client, "viewer", world.programme)
    assert client.get(url("meetings:agenda", world, "2025-10-03")).status_code == 404
    assert client.get(url("meetings:agenda", world, "kwijt")).status_code == 404
    cancel_meeting(series=world.series, day=D(2025, 10, 16))
    assert client.get(url("meetings:agenda", world, "2025-10-16")).status_code == 200


# -- saving ----------------------------------------------------------------------------------


def agenda_post(page) -> dict:
    """The agenda form as the browser would send it."""
    formset = page.context["formset"]
    data = {"version": str(page.context["agenda"].version)}
    data.update({f"items-{k}": v for k, v in formset.management_form.initial.items()})
    for form in formset.forms:
        for name in ("key", "order", "title", "treatment", "remove"):
            value = form[name].value()
            if value not in (None, False, ""):
                data[form[name].html_name] = "on" if value is True else value
    return data


def test_secretary_reorders_adds_rondvraag_and_saves(client, world):
    as_user(client, "secretary", world.programme)
    page = client.get(url("meetings:agenda", world))
    assert [e.title for e in page.context["agenda"].entries] == PROPOSED
    data = agenda_post(page)
    data["items-1-order"] = "0"  # the gate first
    data["items-4-title"] = "Rondvraag"
    data["items-4-order"] = "9"
    data["items-4-treatment"] = "information"
    data["items-3-remove"] = "on"  # the deliverable is discussed with the milestone
    response = client.post(url("meetings:agenda", world), data, follow=True)
    assert response.status_code == 200
    agenda = Agenda.objects.get()
    assert [i["title"] for i in agenda.items] == [
        "Besluit start fase 2", "Verkenning afronden", "Concept bestuursopdracht bespreken",
        "Rondvraag",
    ]  # fmt: skip
    assert (
        agenda.items[3]["key"].startswith("free-") and agenda.items[3]["treatment"] == "information"
    )
    assert agenda.items[2]["documents"] == ["Bestuursopdracht"]
    assert agenda.version == 1
    # The saved agenda is what the page shows now; the item left out is offered again.
    page = client.get(url("meetings:agenda", world))
    assert [e.title for e in page.context["agenda"].entries][-1] == "Rondvraag"
    assert [e.title for e in page.context["left_out"]] == ["Bestuursopdracht"]


def test_a_stale_agenda_is_not_saved_over_someone_elses(client, world):
    as_user(client, "secretary", world.programme)
    page = client.get(url("meetings:agenda", world))
    mine = agenda_post(page)
    theirs = agenda_post(page)
    theirs["items-0-title"] = "Verkenning afronden (mondeling)"
    client.post(url("meetings:agenda", world), theirs)
    mine["items-4-title"] = "Rondvraag"
    response = client.post(
        url("meetings:agenda", world), mine, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Someone else saved this agenda" in response.content.decode()
    titles = [i["title"] for i in Agenda.objects.get().items]
    assert titles[0] == "Verkenning afronden (mondeling)" and "Rondvraag" not in titles
    assert Agenda.objects.get().version == 1


def test_decisions_list_records_outcomes_and_leads_to_the_gate_decision(client, world):
    as_user(client, "secretary", world.programme)
    page = client.get(url("meetings:decisions", world))
    link = (
        reverse("phases:gate-decision", args=[world.gate.pk])
        + f"?decided_on={MEETING}&amp;decider={world.body.pk}&amp;meeting={world.series.pk}"
    )
    assert link in page.content.decode()
    data = {"version": "0", "decisions-TOTAL_FORMS": "4", "decisions-INITIAL_FORMS": "4"}
    for n, entry in enumerate(page.context["agenda"].entries):
        data[f"decisions-{n}-key"] = entry.key
    data["decisions-1-outcome"] = "Akkoord met start fase 2"
    data["decisions-1-actions"] = "Secretaris informeert het college"
    client.post(url("meetings:decisions", world), data)
    items = Agenda.objects.get().items
    assert items[1]["outcome"] == "Akkoord met start fase 2"
    assert [i["title"] for i in items] == PROPOSED

    form_page = client.get(link.replace("&amp;", "&"))
    form = form_page.context["form"]
    assert form.initial["decided_on"] == D(2025, 10, 2)
    assert form.initial["decider"] == world.body.pk and form.initial["meeting"] == world.series.pk
    client.post(
        link.replace("&amp;", "&"),
        {"outcome": "approved", "decided_on": MEETING, "decider": world.body.pk,
         "meeting": world.series.pk, "version": form["version"].value(),
         "base": form["base"].value()},
    )  # fmt: skip
    gate = Gate.objects.get(pk=world.gate.pk)
    assert (gate.outcome, gate.decided_on, gate.meeting) == (
        "approved",
        D(2025, 10, 2),
        world.series,
    )
    gate_page = client.get(gate.get_absolute_url()).content.decode()
    assert f'href="/meetings/{world.series.pk}/#meeting-2025-10-02"' in gate_page


# -- documents -------------------------------------------------------------------------------


def test_agenda_docx_numbers_the_items_with_date_place_time_and_attendees(client, world):
    as_user(client, "viewer", world.programme)
    response = client.get(url("meetings:agenda-docx", world), HTTP_ACCEPT_LANGUAGE="en")
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="agenda-stuurgroep-2025-10-02.docx"'
    )
    text = docx_text(response.content)
    for number, title in enumerate(PROPOSED, start=1):
        assert f"{number}. {title}" in text
    assert "Thursday 2 October 2025" in text
    assert "10:00–12:00" in text and "Stadhuis, kamer 3" in text
    assert "A. de Vries, B. Jansen" in text
    assert "Fase 2 Bestuursopdracht" in text and "Documents: Bestuursopdracht" in text


def test_decisions_docx_holds_outcomes_and_action_points(client, world):
    occurrence = meeting_on(world.series, D(2025, 10, 2))
    items = [e.to_json() for e in agenda_for(world.series, occurrence).entries]
    items[1]["outcome"], items[1]["actions"] = "Akkoord", "Brief aan college"
    Agenda.objects.create(series=world.series, date=D(2025, 10, 2), items=items)
    as_user(client, "viewer", world.programme)
    text = docx_text(
        client.get(url("meetings:decisions-docx", world), HTTP_ACCEPT_LANGUAGE="en").content
    )
    assert "2. Besluit start fase 2" in text
    assert "Decision: Akkoord" in text and "Action points: Brief aan college" in text


def test_export_agenda_writes_the_draft_or_the_saved_agenda(world, tmp_path):
    out = tmp_path / "agenda.docx"
    call_command(
        "export_agenda", "--meeting", str(world.series.pk), "--date", MEETING, "-o", str(out)
    )
    text = docx_text(out.read_bytes())
    assert [t for t in PROPOSED if t in text] == PROPOSED
    assert "Uitwerking" not in text and "Klankbord raadplegen" not in text
    Agenda.objects.create(
        series=world.series, date=D(2025, 10, 2), items=[{"key": "free-1", "title": "Opening"}]
    )
    call_command(
        "export_agenda", "--meeting", str(world.series.pk), "--date", MEETING, "-o", str(out)
    )
    assert "1. Opening" in docx_text(out.read_bytes()) and "Verkenning" not in docx_text(
        out.read_bytes()
    )
    with pytest.raises(CommandError, match="2025-10-03"):
        call_command("export_agenda", "--meeting", str(world.series.pk), "--date", "2025-10-03",
                     "-o", str(out))  # fmt: skip


# -- the series page -------------------------------------------------------------------------


def test_series_page_lists_next_meetings_attendees_and_calendar_links(client):
    today = local_today()
    world = secretary_world(first_date=today - datetime.timedelta(days=30))
    series = world.series
    ahead = occurrences(series, start=today, end=today + datetime.timedelta(days=120))
    cancel_meeting(series=series, day=ahead[0].planned, reason="Reces")
    move_meeting(series=series, day=ahead[1].planned, to=ahead[1].planned + datetime.timedelta(1))
    as_user(client, "secretary", world.programme)
    response = client.get(series.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    rows = response.context["meetings"]
    assert len(rows) == 9 and rows[0].past and not rows[1].past
    assert rows[1].occurrence.cancelled and rows[2].occurrence.moved
    assert "Reces" in page and "moved from" in page
    assert "A. de Vries, wethouder (Gemeente Zwolle)" in page
    assert reverse("meetings:calendar", args=[series.pk]) in page
    assert f"?content=meetings&amp;target_group={world.body.pk}" in page
    assert reverse("meetings:agenda", args=[series.pk, ahead[2].planned.isoformat()]) in page
    # One click: cancel a meeting from its row, or move it.
    client.post(reverse("phases:cancellation-new", args=[series.pk]), {"date": ahead[2].planned})
    assert series.cancellations.filter(date=ahead[2].planned, moved_to=None).exists()


def test_series_calendar_holds_that_series_alone(client, world):
    from tests.support.calendars import events_of
    from tests.support.factories import MeetingSeriesFactory

    MeetingSeriesFactory(programme=world.programme, name="Projectgroep")
    as_user(client, "viewer", world.programme)
    response = client.get(reverse("meetings:calendar", args=[world.series.pk]))
    assert [str(e["SUMMARY"]) for e in events_of(response.content)] == ["Stuurgroep Jeugd"]


def test_feed_page_takes_the_series_body_and_meetings_only(client, world):
    as_user(client, "viewer", world.programme)
    page = client.get(
        reverse("calendar:programme-feeds", args=[world.programme.slug]),
        {"content": "meetings", "target_group": world.body.pk},
    )
    form = page.context["form"]
    assert form["content"].value() == "meetings"
    assert str(form["target_group"].value()) == str(world.body.pk)
