"""The shipped decision routes and seed 002's own route, loaded with the demo data."""

import pytest

from cycle.models import Route
from cycle.planning import resolve_route
from milestones.demo import load_demo
from phases.models import Gate, Programme
from stakeholders.models import TargetGroup


def steps(route):
    return [
        (step.body.name, step.kind, step.days_before, step.anchor)
        for step in route.steps.order_by("order")
    ]


@pytest.mark.django_db
def test_the_demo_ships_dutch_default_routes_and_seed_002_gets_its_own():
    load_demo()
    shipped = {route.name: route for route in Route.objects.shipped()}
    assert set(shipped) == {
        "Raadsbesluit via commissie",
        "Collegebesluit",
        "Statenbesluit via GS en Statencommissie",
    }
    assert [s[0] for s in steps(shipped["Raadsbesluit via commissie"])] == [
        "College",
        "Griffie",
        "Agendacommissie",
        "Commissie",
        "Raad",
    ]
    assert steps(shipped["Statenbesluit via GS en Statencommissie"])[0] == ("GS", "meeting", 28, 3)
    programme = Programme.objects.get(slug="bestuursopdracht-jeugd-en-gezin")
    [own] = Route.objects.filter(programme=programme)
    assert steps(own) == [
        ("College", "meeting", 21, None),
        ("Commissie MO", "meeting", 14, None),
        ("Raad", "meeting", 0, None),
    ]
    # The seed's bodies, as the seed names them (no second "College").
    assert TargetGroup.objects.filter(name__iexact="college").count() == 1
    # A gate of that programme decided by the Raad takes the programme's route; one decided
    # by the College the shipped collegebesluit.
    gate = Gate.objects.filter(phase__programme=programme).first()
    assert resolve_route(gate).name == "Collegebesluit"
    gate.decider = TargetGroup.objects.get(name="Raad")
    assert resolve_route(gate) == own
    # Loading again renews, it does not duplicate.
    load_demo()
    assert Route.objects.count() == 4 and own.steps.count() == 3
