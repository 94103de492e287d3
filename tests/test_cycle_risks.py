"""Chains recomputed when the calendar or the plan changes, and the warnings: the shift
preview before saving, the dashboard's decisions at risk, a step moved by hand."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from cycle.models import GatePlan, ProcedureStep
from cycle.procedure import plan_gate
from milestones.shifting.plan import apply_shift, plan_shift
from phases.meetings import cancel_meeting, restore_meeting
from tests.support.cycle import council_year, raad_gate
from tests.support.factories import ProgrammeFactory, UserFactory

D = datetime.date
TODAY = D(2026, 3, 2)
WARNING = (
    "After this change the decision no longer makes the raad of 2 July; "
    "next possible raad: 24 September, after the zomerreces"
)


@pytest.fixture
def planned(db, monkeypatch):
    for module in ("cycle.receivers", "cycle.risks", "cycle.views", "cycle.procedure"):
        monkeypatch.setattr(f"{module}.local_today", lambda: TODAY)
    programme = ProgrammeFactory(slug="kader", year=2026)
    council = council_year(programme)
    gate = raad_gate(programme, council)
    plan_gate(gate=gate, today=TODAY, target=D(2026, 7, 2))
    gate.refresh_from_db()
    return programme, council, gate


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def step_day(gate, index):
    return ProcedureStep.objects.get(plan__gate=gate, index=index).milestone.end


def test_cancelling_a_college_meeting_of_the_series_moves_the_chain_and_restoring_it_back(
    planned,
):
    _programme, council, gate = planned
    assert step_day(gate, 0) == D(2026, 6, 2)
    cancellation = cancel_meeting(series=council.series, day=D(2026, 6, 2))
    assert step_day(gate, 0) == D(2026, 5, 26)
    restore_meeting(cancellation=cancellation)
    assert step_day(gate, 0) == D(2026, 6, 2)


def test_a_cancelled_committee_meeting_moves_the_chain(planned):
    _programme, council, gate = planned
    meeting = council.commissie.meetings.get(date=D(2026, 6, 24))
    meeting.cancelled = True
    meeting.save()
    assert [step_day(gate, i) for i in range(4)] == [
        D(2026, 5, 5),
        D(2026, 5, 15),
        D(2026, 5, 27),
        D(2026, 7, 2),
    ]


@pytest.mark.usefixtures("english")
def test_the_shift_preview_warns_before_saving(client, planned):
    _programme, _council, gate = planned
    client.force_login(UserFactory(username="beheer", is_staff=True))
    response = client.post(
        reverse("shifting:phase", args=[gate.phase.pk]),
        {"amount": "2", "unit": "weeks", "include_phase_period": "on", "gates": [gate.pk],
         "preview": "1"},
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert response.status_code == 200
    assert response.context["warnings"] == [f"Vaststellen kaderbrief: {WARNING}"]
    assert WARNING in response.content.decode()
    gate.refresh_from_db()
    assert gate.end == D(2026, 7, 2)  # nothing saved
    # One week earlier keeps the meeting: no warning.
    response = client.post(
        reverse("shifting:phase", args=[gate.phase.pk]),
        {"amount": "-1", "unit": "weeks", "include_phase_period": "on", "gates": [gate.pk],
         "preview": "1"},
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert response.context["warnings"] == []


@pytest.mark.usefixtures("english")
def test_after_the_shift_the_dashboard_lists_the_decision_at_risk(client, planned):
    programme, _council, gate = planned
    client.force_login(UserFactory(username="beheer", is_staff=True))
    dashboard = reverse("milestones:dashboard", args=[programme.slug])
    assert (
        "decisions-at-risk" not in client.get(dashboard, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
    shift = plan_shift(phase=gate.phase, days=14, milestones=[], deliverables=[])
    apply_shift(plan=shift, user=None)
    page = client.get(dashboard, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "decisions-at-risk" in page and WARNING in page
    # The procedure steps stayed on the meeting cycle (they belong to no phase).
    assert step_day(gate, 3) == D(2026, 7, 2)


@pytest.mark.usefixtures("english")
def test_a_step_moved_later_by_hand_is_kept_and_warns(client, planned):
    _programme, _council, gate = planned
    milestone = ProcedureStep.objects.get(plan__gate=gate, index=2).milestone
    milestone.date_text = "1-7-2026"  # the committee a week late: after the Raad's deadline
    milestone.save()
    step = ProcedureStep.objects.get(pk=milestone.procedure_step.pk)
    assert step.not_before == D(2026, 7, 1)
    milestone.refresh_from_db()
    assert milestone.end == D(2026, 7, 1)
    client.force_login(UserFactory(username="beheer", is_staff=True))
    page = client.get(gate.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "no longer makes the raad of 2 July; next possible raad: 24 September" in page
    assert GatePlan.objects.get(gate=gate).target == D(2026, 7, 2)
