"""The steering dashboard's rules: the next gate, the peildatum, overdue wording, the coming
days, the empty programme and each phase's period (issue 11, item 3)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from milestones.dashboard import LATE_SHOWN, build_dashboard
from phases.models import AccessLevel, Gate
from phases.presentation import format_overdue
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
TODAY = d(2024, 9, 1)


@pytest.fixture
def programme():
    return ProgrammeFactory(slug="dash", name="Dashboardprogramma", year=2024)


@pytest.fixture
def phase(programme):
    return PhaseFactory(programme=programme, order=1, name="Verkenning", date_text="mrt-dec")


def dashboard_url(programme) -> str:
    return reverse("milestones:dashboard", args=[programme.slug])


def page(client, programme, **query) -> str:
    response = client.get(dashboard_url(programme), query, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


def recorded_at(gate: Gate, day: datetime.date) -> None:
    """Date the gate's latest history record back to noon on `day`."""
    record = gate.history.latest()
    moment = datetime.datetime.combine(
        day, datetime.time(12), tzinfo=timezone.get_current_timezone()
    )
    type(record).objects.filter(pk=record.pk).update(history_date=moment)


# The next gate -------------------------------------------------------------------------------


@pytest.mark.parametrize("outcome", [Gate.Outcome.DEFERRED, Gate.Outcome.REJECTED])
def test_a_deferred_or_rejected_gate_stays_the_next_gate_until_approved(phase, outcome):
    GateFactory(phase=phase, title="Eerder besloten", date_text="1 jun", outcome="approved")
    held = GateFactory(phase=phase, title="Aangehouden", date_text="15 aug", outcome=outcome)
    GateFactory(phase=phase, title="Later besluit", date_text="1 okt")

    next_gate = build_dashboard(programme=phase.programme, today=TODAY).next_gate

    assert next_gate.gate == held
    assert next_gate.outcome == outcome and not next_gate.late  # a decision is recorded

    held.outcome = Gate.Outcome.APPROVED
    held.save()
    next_gate = build_dashboard(programme=phase.programme, today=TODAY).next_gate
    assert next_gate.gate.title == "Later besluit"


def test_an_open_gate_past_its_date_is_next_and_marked_late(client, staff_user, phase):
    GateFactory(phase=phase, title="Over datum", date_text="1 aug")
    GateFactory(phase=phase, title="Later besluit", date_text="1 okt")
    client.force_login(staff_user)

    html = page(client, phase.programme, date="2024-09-01")

    gate_card = html[html.index('id="h-gate"') : html.index('id="h-phases"')]
    assert "Over datum" in gate_card and "Later besluit" not in gate_card
    assert "data-late-mark" in gate_card and "4 weeks overdue" in gate_card


# The peildatum -------------------------------------------------------------------------------


def test_a_peildatum_takes_gate_outcomes_as_they_stood_on_that_day(client, staff_user, phase):
    gate = GateFactory(phase=phase, title="College besluit", date_text="1 sep")
    recorded_at(gate, d(2024, 8, 1))
    gate.outcome = Gate.Outcome.APPROVED  # recorded on 1 October, no decision date typed
    gate.save()
    recorded_at(gate, d(2024, 10, 1))
    client.force_login(staff_user)
    url = dashboard_url(phase.programme)

    before = client.get(url, {"date": "2024-09-15"}).context["dashboard"]
    assert before.next_gate.gate == gate and before.next_gate.outcome == Gate.Outcome.OPEN
    assert before.next_gate.late and before.late_counts.gates == 1

    on_the_day = client.get(url, {"date": "2024-10-01"}).context["dashboard"]
    assert on_the_day.next_gate is None and on_the_day.late_counts.gates == 0


def test_a_decision_dated_after_the_peildatum_was_not_taken_yet(client, staff_user, phase):
    # Typed in afterwards: no history before the peildatum, but the decision date says it all.
    gate = GateFactory(
        phase=phase, date_text="1 sep", outcome=Gate.Outcome.APPROVED, decided_on=d(2024, 9, 20)
    )
    GateFactory(phase=phase, date_text="1 jun", outcome=Gate.Outcome.APPROVED)
    client.force_login(staff_user)
    url = dashboard_url(phase.programme)

    assert client.get(url, {"date": "2024-09-15"}).context["dashboard"].next_gate.gate == gate
    assert client.get(url, {"date": "2024-09-20"}).context["dashboard"].next_gate is None
    assert client.get(url).context["dashboard"].next_gate is None


def test_a_peildatum_reads_the_history_in_a_fixed_number_of_queries(client, staff_user):
    client.force_login(staff_user)
    counts = []
    for size in (2, 20):
        programme = ProgrammeFactory(year=2024)
        phase = PhaseFactory(programme=programme, date_text="Q3")
        for i in range(size):
            gate = GateFactory(phase=phase, date_text=f"{1 + i} sep")
            gate.outcome = Gate.Outcome.DEFERRED
            gate.save()
            MilestoneFactory(programme=programme, phase=phase, date_text=f"{1 + i} sep")
        with CaptureQueriesContext(connection) as queries:
            client.get(dashboard_url(programme), {"date": "2024-09-10"})
        counts.append(len(queries))
    assert counts[0] == counts[1]


# Overdue wording -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "shown"),
    [
        (1, "1 day overdue"),
        (3, "3 days overdue"),
        (13, "13 days overdue"),
        (14, "2 weeks overdue"),
        (20, "2 weeks overdue"),
        (21, "3 weeks overdue"),
        (60, "8 weeks overdue"),
        (61, "2 months overdue"),
        (180, "5 months overdue"),
        (364, "11 months overdue"),
        (365, "1 year overdue"),
        (394, "1 year overdue"),
        (395, "over 1 year overdue"),
        (730, "2 years overdue"),
        (7032, "over 19 years overdue"),
    ],
)
def test_overdue_reads_in_days_weeks_months_or_years(days, shown):
    with translation.override("en"):
        assert format_overdue(days) == shown


def test_the_late_list_says_how_late_like_a_person(client, staff_user, phase):
    MilestoneFactory(
        programme=phase.programme, phase=phase, title="Lang geleden", date_text="1 jan"
    )
    client.force_login(staff_user)
    html = page(client, phase.programme, date="2043-04-01")
    assert "over 19 years overdue" in html
    assert "days late" not in html and "days overdue" not in html


# The coming days -----------------------------------------------------------------------------


def test_each_coming_item_is_listed_once_with_its_groups(client, staff_user, phase):
    shared = MilestoneFactory(
        programme=phase.programme, phase=phase, title="Gedeelde bijeenkomst", date_text="20 sep"
    )
    for name in ("BOR", "Stuurgroep", "Colleges"):
        InvolvementFactory(milestone=shared, target_group=TargetGroupFactory(name=name))
    MilestoneFactory(programme=phase.programme, phase=phase, title="Eerst", date_text="5 sep")
    MilestoneFactory(programme=phase.programme, phase=phase, title="Te ver", date_text="15 nov")
    client.force_login(staff_user)

    response = client.get(dashboard_url(phase.programme), {"date": "2024-09-01"})

    upcoming = response.context["dashboard"].upcoming
    assert [m.title for m in upcoming] == ["Eerst", "Gedeelde bijeenkomst"]
    assert [g.name for g in upcoming[1].groups] == ["BOR", "Colleges", "Stuurgroep"]
    html = response.content.decode()
    assert html.count(f'href="{shared.get_absolute_url()}"') == 1
    item = html[html.index(f'data-upcoming-item="{shared.pk}"') :]
    item = item[: item.index("</li>")]
    assert all(name in item for name in ("BOR", "Colleges", "Stuurgroep"))


# The empty programme -------------------------------------------------------------------------


def test_an_empty_programme_says_how_to_start_instead_of_a_red_zero(client, programme):
    editor = UserFactory(username="redacteur")
    MembershipFactory(programme=programme, user=editor, level=AccessLevel.EDITOR)
    client.force_login(editor)

    html = page(client, programme)

    assert "data-empty-state" in html and "Nothing planned yet" in html
    assert reverse("milestones:import", args=[programme.slug]) in html
    assert reverse("phases:phase-new", args=[programme.slug]) in html
    assert "badge-status-late" not in html and 'id="h-phases"' not in html


def test_a_viewer_of_an_empty_programme_gets_no_edit_links(client, programme):
    viewer = UserFactory(username="lezer")
    MembershipFactory(programme=programme, user=viewer, level=AccessLevel.VIEWER)
    client.force_login(viewer)

    html = page(client, programme)

    assert "data-empty-state" in html
    assert reverse("milestones:import", args=[programme.slug]) not in html


def test_nothing_late_shows_no_count(client, staff_user, phase):
    MilestoneFactory(programme=phase.programme, phase=phase, date_text="1 dec")
    client.force_login(staff_user)
    html = page(client, phase.programme, date="2024-09-01")
    assert "Nothing is late." in html and "data-late-work" not in html


# The phase's period --------------------------------------------------------------------------


def test_a_phase_without_dates_takes_its_period_from_its_items_and_says_so(
    client, staff_user, programme
):
    typed = PhaseFactory(programme=programme, order=1, date_text="jan-feb")
    MilestoneFactory(programme=programme, phase=typed, date_text="1 jun")  # outside: ignored
    untyped = PhaseFactory(programme=programme, order=2, date_text="")
    MilestoneFactory(programme=programme, phase=untyped, date_text="10 mrt")
    DeliverableFactory(phase=untyped, date_text="eind jun")
    GateFactory(phase=untyped, date_text="15 sep")
    PhaseFactory(programme=programme, order=3, date_text="")  # nothing in it yet
    client.force_login(staff_user)

    response = client.get(dashboard_url(programme), HTTP_ACCEPT_LANGUAGE="en")

    periods = [(s.start, s.end, s.derived) for s in response.context["dashboard"].phases]
    assert periods == [
        (d(2024, 1, 1), d(2024, 2, 29), False),
        (d(2024, 3, 10), d(2024, 9, 15), True),
        (None, None, False),
    ]
    html = response.content.decode()
    assert "10 mar – 15 sep 2024 · <em>derived from the milestones</em>" in html
    assert html.count("derived from the milestones") == 1


def test_work_without_a_phase_gets_its_own_card_and_no_empty_phase_heading(
    client, staff_user, programme
):
    MilestoneFactory(programme=programme, phase=None, title="Los", date_text="1 mei")
    client.force_login(staff_user)

    html = page(client, programme)

    phases = html[html.index('id="h-phases"') : html.index('id="h-next"')]
    assert "Without phase" in phases and "1 may 2024" in phases


# Counting in the database -------------------------------------------------------------------


def _late_and_done(phase, late: int, done: int) -> None:
    for i in range(late):
        MilestoneFactory(programme=phase.programme, phase=phase, date_text=f"{1 + i} mrt")
    for i in range(done):
        MilestoneFactory(
            programme=phase.programme, phase=phase, date_text=f"{1 + i} apr", status="done"
        )


def test_the_dashboard_counts_every_late_milestone_and_lists_only_the_first(phase):
    _late_and_done(phase, late=LATE_SHOWN + 4, done=3)
    today = datetime.date(phase.programme.year, 6, 1)
    dashboard = build_dashboard(programme=phase.programme, today=today)
    summary = dashboard.phases[0]
    assert (summary.late, summary.milestones_done, summary.milestones_total) == (
        LATE_SHOWN + 4,
        3,
        LATE_SHOWN + 7,
    )
    assert dashboard.late_counts.milestones == LATE_SHOWN + 4
    assert [item.end.day for item in dashboard.late] == list(range(1, LATE_SHOWN + 1))
    everything = build_dashboard(programme=phase.programme, today=today, late_shown=None)
    assert len(everything.late) == LATE_SHOWN + 4


def test_the_dashboard_reads_in_the_same_number_of_queries_at_any_size(client, staff_user):
    client.force_login(staff_user)
    counts = []
    for size in (2, 30):
        phase = PhaseFactory(programme=ProgrammeFactory(year=2024))
        _late_and_done(phase, late=size, done=size)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(dashboard_url(phase.programme), {"date": "2024-06-01"})
        assert response.context["dashboard"].late_counts.milestones == size
        counts.append(len(queries))
    assert counts[0] == counts[1]
