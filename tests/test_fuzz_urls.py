"""No page answers 5xx, whatever its path and query string hold.

Every URL pattern of `config.urls` (the admin aside: Django's own) is walked; path arguments
are filled from real demo objects or from random values, query strings from the parameter
names the views read (found in the source) and random names, with hostile values. A bad
value is ignored or answered 400; it never raises.
"""

from __future__ import annotations

import datetime
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from milestones.baselines.taking import take_baseline
from milestones.calendars.forms import FeedForm
from milestones.filters import MilestoneFilter
from milestones.models import CalendarFeed, ImportRecord, Milestone, PendingImport
from phases.models import (
    AccessLevel,
    Deliverable,
    Gate,
    MeetingCancellation,
    MeetingSeries,
    Phase,
    Programme,
)
from stakeholders.models import TargetGroup
from tests.support.factories import MembershipFactory, UserFactory
from tests.support.schedules import csv_file, load

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[1]


def url_patterns() -> list[tuple[str, URLPattern]]:
    """(route with its prefixes, pattern) of every page but the admin's."""
    found = []

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if not route.startswith("admin/"):
                    walk(pattern.url_patterns, route)
            else:
                found.append((route, pattern))

    walk(get_resolver().url_patterns, "")
    return found


def parameter_names() -> list[str]:
    """The query parameters the views read: in the source, the filter form, the tables."""
    names = {"page", "per_page", "sort", "export", "next", "place", "cancel"}
    read = re.compile(r"""(?:GET|query|data)\.get(?:list)?\(\s*["'](\w+)["']""")
    for path in [*ROOT.glob("milestones/**/*.py"), *ROOT.glob("phases/**/*.py")]:
        names.update(read.findall(path.read_text()))
    names.update(MilestoneFilter.base_filters)
    names.update(FeedForm.base_fields)
    return sorted(names)


ROUTES = url_patterns()
PARAMETERS = parameter_names()
ARGUMENT = re.compile(r"<(?:(\w+):)?(\w+)>")

# Which model a path's <pk> means, by the route's first segment.
MODELS = {
    "phases": Phase,
    "gates": Gate,
    "deliverables": Deliverable,
    "meetings": MeetingSeries,
    "cancellations": MeetingCancellation,
    "milestones": Milestone,
    "feeds": CalendarFeed,
    "imports": ImportRecord,
}

HOSTILE = [
    "",
    "-1",
    "0",
    "x",
    "1.5",
    "1e9",
    "99999999999999999999999",
    "9999-12-31",
    "0001-01-01",
    "2024-13-45",
    "10000-01-01",
    "2024-W99",
    "NaN",
    "Q4 2024",
    "week 53",
    "nov-feb",
    "a\nb",
    "a;b,c\\d",
    "<script>",
    "' OR 1=1 --",
    "%00",
    "\x00",
    "http://evil.example/",
    "//evil.example",
    "ü" * 300,
]


@pytest.fixture
def world(db):
    with translation.override("en"):
        call_command("load_demo", stdout=StringIO())
    programme = Programme.objects.order_by("pk").first()
    staff = UserFactory(username="staf", is_staff=True)
    viewer = MembershipFactory(
        user=UserFactory(username="kijker"), programme=programme, level=AccessLevel.VIEWER
    ).user
    feed = CalendarFeed.objects.create(user=staff, programme=programme, name="Agenda")
    series = MeetingSeries.objects.exclude(frequency="").first()
    MeetingCancellation.objects.create(series=series, date=series.first_date)
    load(csv_file([["Mijlpaal", "Datum"], ["Start", "1-mrt"]]), "planning.csv", programme="fuzz")
    take_baseline(programme=programme, name="Nulmeting")
    pools = {
        "slug": list(Programme.objects.values_list("slug", flat=True)),
        "group_slug": list(TargetGroup.objects.values_list("slug", flat=True)[:20]),
        "token": [feed.token],  # known only now: the database keeps its hash
        "field": ["status", "date", "groups"],
        "import": list(PendingImport.objects.values_list("pk", flat=True)),
    }
    for prefix, model in MODELS.items():
        pools[prefix] = list(model.objects.values_list("pk", flat=True)[:20])
    return {"pools": pools, "users": {"staff": staff, "viewer": viewer, "anonymous": None}}


def argument_values(route: str, name: str, converter: str | None, pools) -> st.SearchStrategy:
    """Real values (mostly) or random ones for one path argument."""
    if name == "pk":
        real = pools.get(route.split("/")[0], []) or [1]
        if "/import/" in route:
            real = pools["import"] or [1]
        random = st.integers(min_value=0, max_value=2**63 - 1)
    elif converter == "slug" or name in pools:
        real = pools.get(name) or ["x"]
        random = st.from_regex(r"[-a-zA-Z0-9_]{1,40}", fullmatch=True)
    else:  # uidb64, token of a password reset, a string: anything without a slash
        real = ["MQ", "set-password"]
        random = st.from_regex(r"[-a-zA-Z0-9_]{1,40}", fullmatch=True)
    return st.one_of(st.sampled_from(real), st.sampled_from(real), random)


@st.composite
def requests(draw, pools):
    route, pattern = draw(st.sampled_from(ROUTES))
    path = "/" + route.replace("^", "").replace("$", "")
    for converter, name in ARGUMENT.findall(route):
        value = draw(argument_values(route, name, converter, pools))
        path = ARGUMENT.sub(str(value), path, count=1)
    names = st.one_of(st.sampled_from(PARAMETERS), st.text(min_size=1, max_size=12))
    values = st.one_of(
        st.sampled_from(HOSTILE),
        st.integers().map(str),
        st.dates(min_value=datetime.date(1, 1, 1)).map(datetime.date.isoformat),
        st.text(max_size=30),
    )
    query = draw(st.lists(st.tuples(names, values), max_size=4))
    return path, query


def get(world, who: str, path: str, params, *, htmx: bool = False):
    client = Client()
    if world["users"][who] is not None:
        client.force_login(world["users"][who])
    return client.get(path, params, headers={"HX-Request": "true"} if htmx else {})


SWEEP = ["-1", "x", "9999-12-31", "0001-01-01", "99999999999999999999999", "a\nb"]


def test_no_url_and_no_query_string_answers_5xx(world):
    """Every page with every parameter at a hostile value, then random requests."""
    pools = world["pools"]
    for route, _pattern in ROUTES:
        path = "/" + ARGUMENT.sub(lambda m: "{}", route)
        for _converter, name in ARGUMENT.findall(route):
            real = pools.get(route.split("/")[0]) if name == "pk" else pools.get(name)
            value = (real or ["x"])[0]
            if name == "pk" and "/import/" in route:
                value = (pools["import"] or [1])[0]
            path = path.replace("{}", str(value), 1)
        for value in SWEEP:
            response = get(world, "staff", path, dict.fromkeys(PARAMETERS, value))
            assert response.status_code < 500, (path, value)

    @settings(
        max_examples=150,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=st.data())
    def fuzz(data):
        path, query = data.draw(requests(pools))
        who = data.draw(st.sampled_from(["staff", "staff", "viewer", "anonymous"]))
        params: dict[str, list[str]] = {}
        for name, value in query:
            params.setdefault(name, []).append(value)
        response = get(world, who, path, params, htmx=data.draw(st.booleans()))
        assert response.status_code < 500, (path, query, response.status_code)

    fuzz()


def test_the_fuzz_covers_every_page_and_the_parameters_views_read():
    routes = {route for route, _pattern in ROUTES}
    assert "programmes/<slug:slug>/milestones/" in routes
    assert "feeds/<slug:token>.ics" in routes
    assert {"per_page", "phase", "date", "days", "since", "baseline", "zoom", "period"} <= set(
        PARAMETERS
    )


@pytest.mark.parametrize(
    ("page", "query"),
    [
        ("milestones/", {"per_page": "-1"}),
        ("milestones/", {"per_page": "x", "page": "-3"}),
        ("milestones/", {"page": "99999999999999999999"}),
        ("milestones/new/", {"phase": "x"}),
        ("milestones/new/", {"phase": "99999999999999999999"}),
        ("dashboard/", {"date": "9999-12-31"}),
        ("dashboard/", {"date": "0001-01-01"}),
        ("changes/", {"since": "9999-12-31"}),
        ("changes/", {"since": "0001-01-01", "baseline": "99999999999999999999"}),
        ("timeline/", {"zoom": "month", "start": "9999-12"}),
        ("date-preview/", {"date_text": "1 mrt", "start": "9999-12-31"}),
    ],
)
def test_the_reported_inputs_are_ignored_or_refused_with_400(client, page, query):
    from tests.support.factories import ProgrammeFactory

    programme = ProgrammeFactory(slug="p")
    client.force_login(UserFactory(username="staf", is_staff=True))
    response = client.get(f"/programmes/{programme.slug}/{page}", query)
    assert response.status_code in (200, 400), response.status_code
