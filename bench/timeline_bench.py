"""The timeline of a 5,000-milestone programme, whole and per target group: under 300 ms.

    DJANGO_DEBUG=1 .venv/bin/python bench/timeline_bench.py [--rounds 11] [--size 5000]

Builds its own temporary SQLite database with one generated programme
(`milestones.loadgen.generate_load`), logs in a staff user and requests its timeline (per
phase and per target group) through Django's test client (the whole middleware stack), in
interleaved rounds, next to a bare view that reads the same rows (phases, gates,
deliverables, milestones and their target groups) and renders them in a plain loop inside
base.html: the floor any page showing these rows pays. Prints the median server time and CPU
time per page, its queries, and its ratio to the bare view measured in the same rounds.
Template debugging is off, as in production.

Target (issue 14): 5,000 milestones under 300 ms, per phase and per target group.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = Path(tempfile.mkdtemp(prefix="regie-bench-"))
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR / 'bench.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.template import engines  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import include, path, reverse  # noqa: E402

from milestones.loadgen import generate_load  # noqa: E402
from milestones.models import Involvement, Milestone  # noqa: E402
from phases.access import programme_for  # noqa: E402
from phases.models import Deliverable, Gate, Phase  # noqa: E402

ROW = (
    "<tr><td>{{ r.%s }}</td><td>{{ r.date_text }}</td>"
    "<td>{{ r.start }}</td><td>{{ r.end }}</td></tr>"
)
BARE = (
    '{% extends "base.html" %}{% block content %}<h1>{{ programme.name }}</h1><table>'
    + "".join(
        f"{{% for r in {rows} %}}{ROW % field}{{% endfor %}}"
        for rows, field in (
            ("phases", "name"),
            ("gates", "title"),
            ("deliverables", "title"),
            ("milestones", "title"),
        )
    )
    + "{% for r in involvements %}<tr><td>{{ r.milestone_id }}</td>"
    + "<td>{{ r.target_group__name }}</td></tr>{% endfor %}"
    + "</table>{% endblock %}"
)


def bare_timeline(request, slug):
    """The timeline's rows, unprocessed (the same bare view as pages_bench.py's)."""
    programme = programme_for(request.user, slug)
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
    return HttpResponse(engines["django"].from_string(BARE).render(context, request))


class BenchUrls:
    urlpatterns = [
        path("bench/bare/<slug:slug>/timeline/", bare_timeline, name="bare-timeline"),
        path("", include(settings.ROOT_URLCONF)),
    ]


def timed(client: Client, url: str) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def count_queries(client: Client, url: str) -> int:
    queries: list[str] = []

    def count(execute, sql, *args):
        queries.append(sql)
        return execute(sql, *args)

    with connection.execute_wrapper(count):
        client.get(url)
    return len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=11)
    parser.add_argument("--size", type=int, default=5000)
    args = parser.parse_args()
    try:
        call_command("migrate", verbosity=0)
        slug = generate_load(programmes=1, milestones_per_programme=args.size, seed=5).slugs[0]
        user = get_user_model().objects.create_user("bench", is_staff=True)
        engine = settings.TEMPLATES[0]
        with override_settings(
            ROOT_URLCONF=BenchUrls,
            DEBUG=False,
            ALLOWED_HOSTS=["testserver"],
            TEMPLATES=[{**engine, "OPTIONS": {**engine["OPTIONS"], "debug": False}}],
        ):
            client = Client()
            client.force_login(user)
            timeline = reverse("milestones:timeline", args=[slug])
            urls = {
                f"timeline, {args.size:,}": timeline,
                f"timeline per group, {args.size:,}": f"{timeline}?lanes=group",
                "bare view (same rows)": reverse("bare-timeline", args=[slug]),
            }
            for url in urls.values():  # warm up
                timed(client, url)
            queries = {name: count_queries(client, url) for name, url in urls.items()}
            walls: dict[str, list[float]] = {name: [] for name in urls}
            cpus: dict[str, list[float]] = {name: [] for name in urls}
            for _round in range(args.rounds):
                for name, url in urls.items():
                    wall, cpu = timed(client, url)
                    walls[name].append(wall)
                    cpus[name].append(cpu)
        bare = statistics.median(walls["bare view (same rows)"])
        print(f"load average: {os.getloadavg()[0]:.2f} (1 min)")
        print(f"{'page':32} {'median':>9} {'cpu median':>11} {'queries':>8} {'× bare':>7}")
        for name in urls:
            median = statistics.median(walls[name])
            print(
                f"{name:32} {median:7.1f}ms {statistics.median(cpus[name]):9.1f}ms "
                f"{queries[name]:8d} {median / bare:6.2f}x"
            )
        for name in list(urls)[:2]:
            median = statistics.median(walls[name])
            print(f"target: {name} under 300 ms {'met' if median < 300 else 'NOT met'}")
    finally:
        shutil.rmtree(WORKDIR, ignore_errors=True)


if __name__ == "__main__":
    main()
