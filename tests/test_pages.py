"""Read-side pages: access matrix, content that matters, constant query counts."""

import datetime

import pytest
from django.urls import reverse

from milestones.dashboard import build_dashboard
from milestones.models import Milestone
from phases.models import AccessLevel, Gate, Phase
from tests.support.factories import (
    DeliverableFactory,
    GateFactory,
    InvolvementFactory,
    MembershipFactory,
    MilestoneFactory,
    PhaseFactory,
    ProgrammeFactory,
    TargetGroupFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
d = datetime.date


@pytest.fixture
def programme():
    programme = ProgrammeFactory(slug="geheim", name="Geheim programma", year=2024)
    phase = PhaseFactory(programme=programme, order=1, name="Fase 1", date_text="mrt-jun")
    milestone = MilestoneFactory(
        programme=programme,
        phase=phase,
        title="Stuurgroep bespreekt",
        date_text="eind sep/begin okt",
    )
    InvolvementFactory(milestone=milestone, target_group=TargetGroupFactory(name="Stuurgroep"))
    return programme


def page_urls(programme):
    milestone = programme.milestones.first()
    return [
        reverse("programme", args=[programme.slug]),
        reverse("milestones:dashboard", args=[programme.slug]),
        reverse("milestones:table", args=[programme.slug]),
        reverse("milestones:detail", args=[milestone.pk]),
    ]


@pytest.mark.parametrize("index", range(4))
def test_anonymous_users_are_sent_to_log_in(client, programme, index):
    url = page_urls(programme)[index]
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.parametrize("index", range(4))
def test_non_members_get_404_and_never_see_the_name(client, programme, index):
    other = ProgrammeFactory(slug="ander")
    user = UserFactory(username="buitenstaander")
    MembershipFactory(user=user, programme=other, level=AccessLevel.EDITOR)
    client.force_login(user)
    response = client.get(page_urls(programme)[index])
    assert response.status_code == 404
    assert "Geheim programma" not in response.content.decode()


@pytest.mark.parametrize(
    "level", [AccessLevel.VIEWER, AccessLevel.SECRETARY, AccessLevel.EDITOR, "staff"]
)
@pytest.mark.parametrize("index", range(4))
def test_members_of_every_level_and_staff_may_read(client, programme, level, index):
    if level == "staff":
        user = UserFactory(username="staf", is_staff=True)
    else:
        user = UserFactory(username=f"lid-{level}")
        MembershipFactory(user=user, programme=programme, level=level)
    client.force_login(user)
    response = client.get(page_urls(programme)[index])
    assert response.status_code == 200
    assert "Geheim programma" in response.content.decode()


def test_programme_list_shows_only_own_programmes(client, programme):
    user = UserFactory(username="lezer")
    mine = ProgrammeFactory(name="Mijn programma")
    MembershipFactory(user=user, programme=mine)
    client.force_login(user)
    content = client.get("/").content.decode()
    assert "Mijn programma" in content
    assert "Geheim programma" not in content
    assert client.get("/", follow=False).status_code == 200


def test_login_page_is_dutch_and_logs_in(client):
    UserFactory(username="projectleider")
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    assert '<html lang="nl">' in page.content.decode()
    response = client.post(
        "/accounts/login/", {"username": "projectleider", "password": "secret-pass-123"}
    )
    assert response.status_code == 302 and response["Location"] == "/"


def test_programme_page_shows_phases_gates_deliverables_and_changes(client, staff_user, programme):
    phase = programme.phases.get()
    GateFactory(phase=phase, title="Besluit College", decider=TargetGroupFactory(name="College"))
    DeliverableFactory(phase=phase, title="Bestuursopdracht", date_text="1 okt")
    client.force_login(staff_user)
    content = client.get(reverse("programme", args=[programme.slug])).content.decode()
    for text in [
        "Fase 1",
        "mrt-jun",
        "Besluit College",
        "College",
        "Bestuursopdracht",
        "Stuurgroep bespreekt",
    ]:
        assert text in content, text


TODAY = d(2024, 9, 1)


def test_dashboard_status_late_items_next_gate_and_outlook(programme):
    phase = programme.phases.get()
    Milestone.objects.filter(programme=programme).update(status="planned")
    late = MilestoneFactory(programme=programme, phase=phase, title="Te laat", date_text="15 aug")
    MilestoneFactory(
        programme=programme, phase=phase, title="Klaar", date_text="1 jul", status="done"
    )
    MilestoneFactory(
        programme=programme, phase=phase, title="Vervallen", date_text="1 jul", status="cancelled"
    )
    soon = MilestoneFactory(
        programme=programme, phase=phase, title="Binnenkort", date_text="10 sep"
    )
    InvolvementFactory(milestone=soon, target_group=TargetGroupFactory(name="BOR"))
    needed = DeliverableFactory(phase=phase, title="Nota", date_text="20 sep")
    DeliverableFactory(phase=phase, title="Al klaar", date_text="1 jun", status="done")
    gate = GateFactory(phase=phase, date_text="27 aug", decider=TargetGroupFactory(name="College"))
    GateFactory(phase=phase, date_text="1 jun", outcome=Gate.Outcome.APPROVED)

    dashboard = build_dashboard(programme=programme, today=TODAY, horizon=30)

    summary = dashboard.phases[0]
    assert summary.status == "late"  # phase ended in June and has late work
    assert (summary.milestones_done, summary.milestones_total) == (1, 4)  # cancelled left out
    assert (summary.deliverables_done, summary.deliverables_total) == (1, 2)
    assert [item.title for item in dashboard.late] == ["Te laat"]
    assert dashboard.late[0].days_late == 17 and dashboard.late[0].url == late.get_absolute_url()
    assert dashboard.next_gate.gate == gate
    assert list(dashboard.next_gate.needs) == [needed]
    upcoming = [(m.title, [g.name for g in m.groups]) for m in dashboard.upcoming]
    assert upcoming == [("Binnenkort", ["BOR"]), ("Stuurgroep bespreekt", ["Stuurgroep"])]
    assert build_dashboard(programme=programme, today=TODAY, horizon=60).horizon == 60


def test_phase_status_follows_the_phase_when_nothing_is_late():
    programme = ProgrammeFactory(year=2024)
    running = PhaseFactory(
        programme=programme, order=1, date_text="sep-dec", status=Phase.Status.RUNNING
    )
    done = PhaseFactory(programme=programme, order=2, date_text="jan-mrt", status=Phase.Status.DONE)
    planned = PhaseFactory(programme=programme, order=3, date_text="2025")
    dashboard = build_dashboard(programme=programme, today=TODAY)
    assert [s.status for s in dashboard.phases] == ["running", "done", "planned"]
    assert [s.phase for s in dashboard.phases] == [running, done, planned]


def test_milestone_table_filters(client, staff_user, programme):
    phase2 = PhaseFactory(programme=programme, order=2, name="Fase 2")
    MilestoneFactory(
        programme=programme,
        phase=phase2,
        title="Ronde langs de raden",
        date_text="okt-nov-dec",
        status="done",
    )
    client.force_login(staff_user)
    url = reverse("milestones:table", args=[programme.slug])
    group = programme.milestones.get(title="Stuurgroep bespreekt").target_groups.get()

    def titles(**query):
        response = client.get(url, query)
        assert response.status_code == 200
        return [row.record.title for row in response.context["table"].page.object_list]

    assert titles() == ["Stuurgroep bespreekt", "Ronde langs de raden"]
    assert titles(phase=phase2.pk) == ["Ronde langs de raden"]
    assert titles(group=group.pk) == ["Stuurgroep bespreekt"]
    assert titles(status="done") == ["Ronde langs de raden"]
    assert titles(q="raden") == ["Ronde langs de raden"]
    assert titles(q="sep/begin") == ["Stuurgroep bespreekt"]
    assert titles(after="2024-11-01") == ["Ronde langs de raden"]
    assert titles(sort="-end") == ["Ronde langs de raden", "Stuurgroep bespreekt"]
    content = client.get(url).content.decode()
    assert "eind sep/begin okt" in content and "wk 38–41" in content


def test_milestone_page_shows_history_old_to_new(client, staff_user, programme):
    milestone = programme.milestones.get()
    milestone = Milestone.objects.get(pk=milestone.pk)
    milestone.date_text = "medio juni"
    milestone._history_user = staff_user
    milestone.save()
    client.force_login(staff_user)
    content = client.get(milestone.get_absolute_url()).content.decode()
    assert "eind sep/begin okt</del> → <ins>medio juni" in content
    assert "Stuurgroep" in content


def make_programme_with(n: int):
    programme = ProgrammeFactory(year=2024)
    phases = [PhaseFactory(programme=programme, order=i, date_text="Q1") for i in (1, 2)]
    groups = [TargetGroupFactory(name=name) for name in ("Stuurgroep", "BOR")]
    for i in range(n):
        milestone = MilestoneFactory(
            programme=programme, phase=phases[i % 2], date_text=f"{1 + i % 28}-mrt"
        )
        InvolvementFactory(milestone=milestone, target_group=groups[i % 2])
        DeliverableFactory(phase=phases[i % 2]) if i % 5 == 0 else None
        GateFactory(phase=phases[i % 2]) if i % 7 == 0 else None
    return programme


@pytest.mark.parametrize("name", ["programme", "milestones:dashboard", "milestones:table"])
def test_query_count_does_not_grow_with_milestones(
    client, staff_user, django_assert_max_num_queries, name
):
    client.force_login(staff_user)
    counts = []
    for size in (3, 30):
        programme = make_programme_with(size)
        url = reverse(name, args=[programme.slug])
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(counts[1]):
        client.get(url)


def test_dashboard_can_be_read_as_of_another_day(client, staff_user, programme):
    client.force_login(staff_user)
    url = reverse("milestones:dashboard", args=[programme.slug])
    before = client.get(url, {"date": "2024-09-15", "days": "30"})
    assert before.context["dashboard"].today == d(2024, 9, 15)
    assert [m.title for m in before.context["dashboard"].upcoming] == ["Stuurgroep bespreekt"]
    assert before.context["dashboard"].late == ()
    later = client.get(url, {"date": "2025-01-01"})
    assert [item.title for item in later.context["dashboard"].late] == ["Stuurgroep bespreekt"]
    assert client.get(url, {"date": "gisteren"}).context["as_of"] is None


def test_table_offers_the_calendar_of_its_filter(client, staff_user, programme):
    client.force_login(staff_user)
    url = reverse("milestones:table", args=[programme.slug])
    assert client.get(url).context["calendar_url"] == f"/programmes/{programme.slug}/calendar.ics"
    phase = programme.phases.get()
    group = programme.milestones.get().target_groups.get()
    response = client.get(url, {"group": group.pk, "phase": phase.pk, "status": "planned"})
    assert response.context["calendar_url"] == (
        f"/programmes/{programme.slug}/calendar/{group.slug}.ics?phase={phase.pk}&status=planned"
    )
    ics = client.get(response.context["calendar_url"])
    assert ics.status_code == 200 and b"Stuurgroep bespreekt" in ics.content


@pytest.mark.parametrize("identifier", ["xlsx", "csv"])
def test_table_downloads_exactly_the_filtered_milestones(client, staff_user, programme, identifier):
    MilestoneFactory(
        programme=programme, title="Ronde langs de raden", date_text="okt-nov-dec", status="done"
    )
    client.force_login(staff_user)
    url = reverse("milestones:table", args=[programme.slug])
    links = [link for _label, link in client.get(url, {"status": "done"}).context["downloads"]]
    link = next(link for link in links if link.endswith(f"export={identifier}"))
    assert "status=done" in link
    response = client.get(url + link)
    assert response.status_code == 200
    assert (
        response["Content-Disposition"] == f'attachment; filename="{programme.slug}.{identifier}"'
    )
    if identifier == "csv":
        text = response.content.decode("utf-8-sig")
        assert "Ronde langs de raden" in text and "Stuurgroep bespreekt" not in text
    else:
        from io import BytesIO

        import openpyxl

        sheet = openpyxl.load_workbook(BytesIO(response.content), read_only=True).active
        values = {str(cell) for row in sheet.iter_rows(values_only=True) for cell in row}
        assert "Ronde langs de raden" in values and "Stuurgroep bespreekt" not in values


def test_not_found_and_forbidden_pages_are_dutch(client, settings, programme):
    settings.DEBUG = False
    client.force_login(UserFactory(username="buitenstaander"))
    response = client.get(reverse("milestones:dashboard", args=[programme.slug]))
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


@pytest.mark.usefixtures("dutch")
def test_an_empty_table_says_why_it_is_empty(client, staff_user):
    empty = ProgrammeFactory(slug="leeg")
    client.force_login(staff_user)
    url = reverse("milestones:table", args=[empty.slug])
    page = client.get(url).content.decode()
    assert "Dit programma heeft nog geen mijlpalen." in page
    assert "filters" not in page.split("<tbody")[1].split("</tbody>")[0]  # none set
    MilestoneFactory(programme=empty, title="Start", date_text="1 mrt")
    page = client.get(url, {"q": "bestaat niet"}).content.decode()
    assert "Er zijn geen mijlpalen die aan deze filters voldoen." in page
    assert "Dit programma heeft nog geen mijlpalen." not in page
