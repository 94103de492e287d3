"""Server time of Regie's read pages on generated load data, next to a bare Django view.

    DJANGO_DEBUG=1 .venv/bin/python bench/pages_bench.py [--runs 30] [--keep]

Builds its own temporary SQLite database: 200 programmes of 50 milestones plus one programme
of 1,000 milestones (`milestones.loadgen.generate_load`), then requests every page in `PAGES`
through Django's test client (the whole middleware stack, a logged-in staff user) and prints
the median and 95th percentile per page, the same for the page's bare counterpart, and the
ratio. A bare view fetches the same rows and renders them in a plain loop inside base.html,
with no logic: what the page costs above the floor Django itself sets.

Adding a page: append a `Page` to `PAGES` (and, if it needs one, a bare view to
`BARE_URLPATTERNS`). Template debugging is switched off, as in production.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

import _pages  # noqa: F401  (sets Django up on a temporary database)
from _pages import WORKDIR, migrate, production_like, queries_of
from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.template import engines
from django.test import Client
from django.urls import include, path, reverse

from milestones.loadgen import generate_load
from milestones.models import Involvement, Milestone
from phases.access import programme_for
from phases.models import Deliverable, Gate, Phase

# -- bare views: the same rows, no logic ---------------------------------------------------

ROW = (
    "<tr><td>{{ r.%s }}</td><td>{{ r.date_text }}</td>"
    "<td>{{ r.start }}</td><td>{{ r.end }}</td></tr>"
)
BARE_TIMELINE = (
    '{% extends "base.html" %}{% block content %}<h1>{{ programme.name }}</h1><table>'
    + "{% for r in phases %}"
    + ROW % "name"
    + "{% endfor %}"
    + "{% for r in gates %}"
    + ROW % "title"
    + "{% endfor %}"
    + "{% for r in deliverables %}"
    + ROW % "title"
    + "{% endfor %}"
    + "{% for r in milestones %}"
    + ROW % "title"
    + "{% endfor %}"
    + "{% for r in involvements %}<tr><td>{{ r.milestone_id }}</td>"
    + "<td>{{ r.target_group__name }}</td></tr>{% endfor %}"
    + "</table>{% endblock %}"
)


def bare_template(source: str):
    """Compiled once per template engine (the engine is rebuilt when settings change)."""
    engine = engines["django"]
    key = (id(engine), source)
    if key not in _COMPILED:
        _COMPILED[key] = engine.from_string(source)
    return _COMPILED[key]


_COMPILED: dict = {}


def bare_timeline(request, slug):
    """The timeline's rows (phases, gates, deliverables, milestones, their groups), unprocessed."""
    programme = programme_for(request.user, slug)
    template = bare_template(BARE_TIMELINE)
    context = {
        "programme": programme,
        "phases": Phase.objects.filter(programme=programme),
        "gates": Gate.objects.filter(phase__programme=programme),
        "deliverables": Deliverable.objects.filter(phase__programme=programme),
        "milestones": Milestone.objects.filter(programme=programme).values(),
        "involvements": Involvement.objects.filter(milestone__programme=programme).values(
            "milestone_id", "target_group__name"
        ),
    }
    return HttpResponse(template.render(context, request))


BARE_TABLE = (
    '{% extends "base.html" %}{% block content %}<h1>{{ programme.name }}</h1><table>'
    "{% for r in milestones %}<tr><td>{{ r.title }}</td><td>{{ r.phase.name }}</td>"
    "<td>{{ r.date_text }}</td><td>{{ r.start }}</td><td>{{ r.end }}</td><td>{{ r.status }}</td>"
    "<td>{% for i in r.involvements.all %}{{ i.target_group.name }} {% endfor %}</td></tr>"
    "{% endfor %}</table>{% endblock %}"
)


def bare_table(request, slug):
    """One page (50 rows) of milestones with their phase and groups, unprocessed."""
    programme = programme_for(request.user, slug)
    milestones = (
        Milestone.objects.filter(programme=programme)
        .select_related("phase")
        .prefetch_related("involvements__target_group")
        .order_by("end")[:50]
    )
    template = bare_template(BARE_TABLE)
    return HttpResponse(
        template.render({"programme": programme, "milestones": milestones}, request)
    )


BARE_PROGRAMME = (
    '{% extends "base.html" %}{% block content %}<h1>{{ programme.name }}</h1><table>'
    "{% for r in phases %}<tr><td>{{ r.name }}</td><td>{{ r.start }}</td><td>{{ r.end }}</td>"
    "{% for g in r.gates.all %}<td>{{ g.title }} {{ g.decider.name }}</td>{% endfor %}"
    "{% for d in r.deliverables.all %}<td>{{ d.title }}</td>{% endfor %}</tr>{% endfor %}"
    "{% for r in roles %}<tr><td>{{ r.person.name }}</td><td>{{ r.kind }}</td></tr>{% endfor %}"
    "{% for r in series %}<tr><td>{{ r.name }}</td><td>{{ r.first_date }}</td></tr>{% endfor %}"
    "{% for r in changes %}<tr><td>{{ r.title }}</td><td>{{ r.history_date }}</td></tr>"
    "{% endfor %}</table>{% endblock %}"
)


def bare_programme(request, slug):
    """The programme page's rows: phases with gates and deliverables, roles, series, changes."""
    programme = programme_for(request.user, slug)
    context = {
        "programme": programme,
        "phases": Phase.objects.filter(programme=programme).prefetch_related(
            "gates__decider", "deliverables"
        ),
        "roles": programme.roles.select_related("person"),
        "series": programme.meeting_series.all(),
        "changes": Milestone.history.filter(programme_id=programme.pk)[:12],
    }
    return HttpResponse(bare_template(BARE_PROGRAMME).render(context, request))


BARE_URLPATTERNS = [
    path("bench/bare/<slug:slug>/timeline/", bare_timeline, name="bare-timeline"),
    path("bench/bare/<slug:slug>/table/", bare_table, name="bare-table"),
    path("bench/bare/<slug:slug>/programme/", bare_programme, name="bare-programme"),
]


class BenchUrls:
    """The project's URLs plus the bare views (ROOT_URLCONF accepts any object with these)."""

    urlpatterns = [*BARE_URLPATTERNS, path("", include(settings.ROOT_URLCONF))]


# -- what is measured --------------------------------------------------------------------------


@dataclass(frozen=True)
class Data:
    big: str  # the programme of 1,000 milestones
    typical: str  # a programme of 50 milestones


@dataclass(frozen=True)
class Page:
    name: str
    url: Callable[[Data], str]
    bare_url: Callable[[Data], str] | None = None
    target_ms: float | None = None  # median target


def read_page(label: str, name: str, bare: str, which: str, size: str) -> Page:
    """A page of the read side next to its bare counterpart, for the big or typical programme."""
    return Page(
        f"{label}, {size}",
        lambda d: reverse(name, args=[getattr(d, which)]),
        lambda d: reverse(bare, args=[getattr(d, which)]),
        target_ms=150,
    )


PAGES: list[Page] = [
    *(
        read_page(label, name, bare, which, size)
        for which, size in (("big", "1,000 milestones"), ("typical", "50 milestones"))
        for label, name, bare in (
            ("programme page", "programme", "bare-programme"),  # a project-wide URL name
            # the dashboard reads the same rows as the bare timeline
            ("dashboard", "milestones:dashboard", "bare-timeline"),
            ("milestone table", "milestones:table", "bare-table"),
        )
    ),
    Page(
        "timeline, 1,000 milestones",
        lambda d: reverse("milestones:timeline", args=[d.big]),
        lambda d: reverse("bare-timeline", args=[d.big]),
        target_ms=300,
    ),
    Page(
        "timeline per group, 1,000 milestones",
        lambda d: reverse("milestones:timeline", args=[d.big]) + "?lanes=group",
        lambda d: reverse("bare-timeline", args=[d.big]),
        target_ms=300,
    ),
    Page(
        "timeline, 50 milestones",
        lambda d: reverse("milestones:timeline", args=[d.typical]),
        lambda d: reverse("bare-timeline", args=[d.typical]),
        target_ms=300,
    ),
]


@dataclass(frozen=True)
class Timing:
    median: float
    p95: float
    queries: int


def measure(client: Client, url: str, runs: int) -> Timing:
    for _ in range(3):  # warm up: template loading, URL resolving, SQLite page cache
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    queries = queries_of(lambda: client.get(url))
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - began) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return Timing(statistics.median(times), p95, queries)


def build_data() -> Data:
    migrate()
    began = time.perf_counter()
    typical = generate_load(programmes=200, milestones_per_programme=50, seed=1)
    big = generate_load(programmes=1, milestones_per_programme=1000, seed=2)
    print(
        f"load data: {typical.programmes + big.programmes} programmes, "
        f"{typical.milestones + big.milestones} milestones "
        f"({time.perf_counter() - began:.1f} s)"
    )
    return Data(big=big.slugs[0], typical=typical.slugs[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="keep the temporary database")
    args = parser.parse_args()
    try:
        data = build_data()
        user = get_user_model().objects.create_user("bench", is_staff=True)
        with production_like(BenchUrls):
            client = Client()
            client.force_login(user)
            header = (
                f"{'page':40} {'median':>8} {'p95':>8} {'bare':>8} {'bare p95':>8} "
                f"{'ratio':>6} {'queries':>8}"
            )
            print(header)
            print("-" * len(header))
            for page in PAGES:
                timing = measure(client, page.url(data), args.runs)
                bare = measure(client, page.bare_url(data), args.runs) if page.bare_url else None
                ratio = f"{timing.median / bare.median:6.2f}" if bare else "     –"
                verdict = ""
                if page.target_ms and timing.median > page.target_ms:
                    verdict += f"  over target {page.target_ms:.0f} ms"
                if bare and timing.median > 3 * bare.median:
                    verdict += "  over 3× bare"
                print(
                    f"{page.name:40} {timing.median:7.1f}ms {timing.p95:7.1f}ms "
                    f"{(f'{bare.median:7.1f}ms' if bare else '       –')} "
                    f"{(f'{bare.p95:7.1f}ms' if bare else '       –')} {ratio} "
                    f"{timing.queries:8d}{verdict}"
                )
    finally:
        if args.keep:
            print(f"database kept in {WORKDIR}")
        else:
            shutil.rmtree(WORKDIR, ignore_errors=True)


if __name__ == "__main__":
    main()
