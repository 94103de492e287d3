"""The dashboard at 1,000, 5,000 and 10,000 milestones: under 150 ms and flat in size.

    DJANGO_DEBUG=1 .venv/bin/python bench/dashboard_bench.py [--rounds 15] [--sizes 1000,5000,10000]

Builds its own temporary SQLite database with one generated programme per size
(`milestones.loadgen.generate_load`), logs in a staff user and requests each programme's
dashboard through Django's test client (the whole middleware stack), in interleaved rounds,
next to a bare view (base.html with the programme's name: what any page costs). Prints the
median server time and the CPU time per page, queries, and the ratio of the largest to the
smallest programme (flat: close to 1). Template debugging is off, as in production.

Target (issue 14): 5,000 milestones under 150 ms; flat from 1,000 to 10,000.
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
from phases.access import programme_for  # noqa: E402

BARE = '{% extends "base.html" %}{% block content %}<h1>{{ programme.name }}</h1>{% endblock %}'


def bare_page(request, slug):
    programme = programme_for(request.user, slug)
    return HttpResponse(engines["django"].from_string(BARE).render({"programme": programme}))


class BenchUrls:
    urlpatterns = [
        path("bench/bare/<slug:slug>/", bare_page, name="bare"),
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
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--sizes", default="1000,5000,10000")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    try:
        call_command("migrate", verbosity=0)
        slugs = {
            size: generate_load(programmes=1, milestones_per_programme=size, seed=size).slugs[0]
            for size in sizes
        }
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
            urls = {
                f"dashboard, {size:,}": reverse("milestones:dashboard", args=[slugs[size]])
                for size in sizes
            }
            urls["bare page"] = reverse("bare", args=[slugs[sizes[0]]])
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
        print(f"{'page':22} {'median':>9} {'cpu median':>11} {'queries':>8}")
        for name in urls:
            print(
                f"{name:22} {statistics.median(walls[name]):7.1f}ms "
                f"{statistics.median(cpus[name]):9.1f}ms {queries[name]:8d}"
            )
        first, last = f"dashboard, {sizes[0]:,}", f"dashboard, {sizes[-1]:,}"
        bare = statistics.median(walls["bare page"])
        flat = statistics.median(walls[last]) / statistics.median(walls[first])
        print(f"ratio {last} / {first}: {flat:.2f}x (flat: close to 1)")
        for size in sizes:
            name = f"dashboard, {size:,}"
            print(f"ratio {name} / bare page: {statistics.median(walls[name]) / bare:.2f}x")
        if 5000 in sizes:
            five = statistics.median(walls["dashboard, 5,000"])
            print(f"target: 5,000 under 150 ms {'met' if five < 150 else 'NOT met'}")
    finally:
        shutil.rmtree(WORKDIR, ignore_errors=True)


if __name__ == "__main__":
    main()
