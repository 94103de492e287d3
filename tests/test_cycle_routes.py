"""A programme's decision routes: the list of what applies, adapting a shipped route (a copy
with its steps that then wins for the programme's gates), and a route that cannot be computed
refused with nothing saved."""

import pytest
from django.urls import reverse

from cycle.models import Route
from cycle.planning import resolve_route
from tests.support.cycle import council_year, raad_gate
from tests.support.factories import ProgrammeFactory, UserFactory


@pytest.fixture
def setup(client, db):
    programme = ProgrammeFactory(slug="kader", year=2026)
    council = council_year(programme)
    gate = raad_gate(programme, council)
    client.force_login(UserFactory(username="staf", is_staff=True))
    return programme, council, gate


def formset_data(route, rows):
    data = {
        "steps-TOTAL_FORMS": str(len(rows)),
        "steps-INITIAL_FORMS": str(route.steps.count()),
    }
    for n, row in enumerate(rows):
        data.update({f"steps-{n}-{key}": value for key, value in row.items()})
        data[f"steps-{n}-route"] = str(route.pk)
    return data


def test_adapting_a_shipped_route_copies_it_for_the_programme(client, setup):
    programme, council, gate = setup
    page = client.get(reverse("cycle:routes", args=[programme.slug])).content.decode()
    assert "Raadsbesluit via commissie" in page and "Commissie MO" in page
    response = client.post(
        reverse("cycle:route-new", args=[programme.slug]), {"source": council.route.pk}
    )
    copy = Route.objects.get(programme=programme)
    assert response["Location"] == reverse("cycle:route-edit", args=[copy.pk])
    assert [s.body.name for s in copy.steps.order_by("order")] == [
        "College",
        "Griffie",
        "Commissie MO",
        "Raad",
    ]
    assert resolve_route(gate) == copy
    # Drop the griffie deadline: College → Commissie MO → Raad.
    steps = list(copy.steps.order_by("order"))
    rows = [
        {"id": str(s.pk), "order": str(s.order), "body": str(s.body_id), "kind": s.kind,
         "days_before": str(s.days_before), "anchor": str(s.anchor or "")}
        for s in steps
    ]  # fmt: skip
    rows[1]["DELETE"] = "on"
    response = client.post(reverse("cycle:route-edit", args=[copy.pk]), formset_data(copy, rows))
    assert response.status_code == 302
    assert [s.body.name for s in copy.steps.order_by("order")] == [
        "College",
        "Commissie MO",
        "Raad",
    ]


def test_a_route_that_cannot_be_computed_is_refused_and_nothing_saved(client, setup):
    programme, council, _gate = setup
    route = Route.objects.create(name="Kapot", programme=programme)
    rows = [
        {"order": "1", "body": str(council.griffie.pk), "kind": "deadline", "days_before": "0"},
    ]
    response = client.post(reverse("cycle:route-edit", args=[route.pk]), formset_data(route, rows))
    assert response.status_code == 200
    assert not route.steps.exists()
