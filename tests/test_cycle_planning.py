"""Gates planned on a decision route: the chain on a council's year with a summer recess, the
procedure milestones, and recomputing after a cancelled meeting, a moved step or a shift."""

import datetime

import pytest
from django.utils import translation

from cycle.models import GatePlan, ProcedureStep, Route, RouteStep
from cycle.planning import PlanError, evaluate, resolve_route
from cycle.procedure import plan_gate
from milestones.models import Milestone
from tests.support.cycle import council_year, raad_gate
from tests.support.factories import OrganisationFactory, ProgrammeFactory

D = datetime.date
TODAY = D(2026, 3, 2)


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def council(db):
    programme = ProgrammeFactory(slug="kader", year=2026)
    council = council_year(programme)
    return programme, council


def test_a_raad_route_over_a_year_with_a_summer_recess(council):
    programme, c = council
    gate = raad_gate(programme, c)
    chain = plan_gate(gate=gate, today=TODAY, target=D(2026, 7, 2))
    assert [(s.body, s.date, s.kind) for s in chain.steps] == [
        ("College", D(2026, 6, 2), "meeting"),
        ("Griffie", D(2026, 6, 12), "deadline"),
        ("Commissie MO", D(2026, 6, 24), "meeting"),
        ("Raad", D(2026, 7, 2), "meeting"),
    ]
    assert chain.reachable
    gate.refresh_from_db()
    assert (gate.start, gate.end) == (D(2026, 7, 2), D(2026, 7, 2))
    milestones = Milestone.objects.filter(procedure_step__plan__gate=gate).order_by("end")
    assert [(m.end, [g.name for g in m.target_groups.all()]) for m in milestones] == [
        (D(2026, 6, 2), ["College"]),
        (D(2026, 6, 12), ["Griffie"]),
        (D(2026, 6, 24), ["Commissie MO"]),
        (D(2026, 7, 2), ["Raad"]),
    ]
    assert all(m.programme == programme and m.phase is None for m in milestones)


def test_earliest_possible_counts_from_today_plus_preparation(council):
    programme, c = council
    gate = raad_gate(programme, c)
    chain = plan_gate(gate=gate, today=D(2026, 5, 1), earliest=True, preparation_days=45)
    # Ready 15 June: the Raad of 2 July needs the College of 2 June; after the recess the Raad
    # of 24 September, its College still before the recess.
    assert chain.target == D(2026, 9, 24)
    assert chain.steps[0].date == D(2026, 7, 7)
    assert GatePlan.objects.get(gate=gate).ready == D(2026, 6, 15)


@pytest.mark.usefixtures("english")
def test_a_shift_past_the_last_raad_before_the_recess_names_the_first_after_it(council):
    programme, c = council
    gate = raad_gate(programme, c)
    plan_gate(gate=gate, today=TODAY, target=D(2026, 7, 2))
    plan = GatePlan.objects.get(gate=gate)
    assert evaluate(plan, today=TODAY, gate_end=D(2026, 7, 9)).reachable is False
    chain = evaluate(plan, today=TODAY, gate_end=D(2026, 7, 16))  # two weeks later
    assert not chain.reachable
    assert (chain.next_target, chain.recess) == (D(2026, 9, 24), "zomerreces")
    assert chain.warning == (
        "After this change the decision no longer makes the raad of 2 July; "
        "next possible raad: 24 September, after the zomerreces"
    )
    assert evaluate(plan, today=TODAY, gate_end=D(2026, 7, 2)).warning == ""


def test_a_cancelled_committee_meeting_moves_the_chain(council):
    programme, c = council
    gate = raad_gate(programme, c)
    plan_gate(gate=gate, today=TODAY, target=D(2026, 7, 2))
    step = ProcedureStep.objects.get(plan__gate=gate, index=2)
    version = step.milestone.version
    c.commissie.meetings.filter(date=D(2026, 6, 24)).update(cancelled=True)
    from cycle.procedure import recompute

    [chain] = recompute([GatePlan.objects.get(gate=gate)], today=TODAY, reason="test")
    assert [s.date for s in chain.steps] == [
        D(2026, 5, 5),  # 21 days before the committee of 27 May
        D(2026, 5, 15),
        D(2026, 5, 27),
        D(2026, 7, 2),
    ]
    step.milestone.refresh_from_db()
    assert step.milestone.end == D(2026, 5, 27) and step.milestone.version > version


def test_a_meeting_the_body_does_not_hold_cannot_be_planned(council):
    programme, c = council
    gate = raad_gate(programme, c)
    with pytest.raises(PlanError):
        plan_gate(gate=gate, today=TODAY, target=D(2026, 7, 3))
    assert not GatePlan.objects.exists()


def test_the_route_of_the_programme_comes_before_the_organisation_and_the_default(council):
    programme, c = council
    gate = raad_gate(programme, c)
    assert resolve_route(gate) == c.route  # shipped default
    organisation = OrganisationFactory()
    programme.organisations.add(organisation)
    own = Route.objects.create(name="Gemeente", organisation=organisation)
    RouteStep.objects.create(route=own, order=1, body=c.raad)
    assert resolve_route(gate) == own
    mine = Route.objects.create(name="Programma", programme=programme)
    RouteStep.objects.create(route=mine, order=1, body=c.commissie)  # another body: no match
    assert resolve_route(gate) == own
    RouteStep.objects.create(route=mine, order=2, body=c.raad)
    assert resolve_route(gate) == mine


def test_deleting_the_gate_deletes_its_procedure_milestones(council):
    programme, c = council
    gate = raad_gate(programme, c)
    plan_gate(gate=gate, today=TODAY, target=D(2026, 7, 2))
    assert Milestone.objects.filter(programme=programme).count() == 4
    gate.delete()
    assert not Milestone.objects.filter(programme=programme).exists()
    assert not ProcedureStep.objects.exists()
