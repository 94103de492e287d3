"""The timeline of a 5,000-milestone programme, whole and per target group: under 300 ms.

    DJANGO_DEBUG=1 .venv/bin/python bench/timeline_bench.py [--rounds 11] [--size 5000]

Builds its own temporary SQLite database with one generated programme
(`milestones.loadgen.generate_load`), logs in a staff user and requests its timeline (per
phase and per target group) through Django's test client (the whole middleware stack), in
interleaved rounds, next to a bare view that reads the same rows (phases, gates,
deliverables, milestones and their target groups) and renders them in a plain loop inside
base.html: the floor any page showing these rows pays. Each timeline is measured twice:
built (nothing kept: what the first reader after a change waits for) and kept
(`milestones.fragments`: what every other reader gets until the programme changes). Prints
the median server time and CPU time per page, its queries, and its ratio to the bare view
measured in the same rounds. Template debugging is off, as in production.

Target (issue 14): 5,000 milestones under 300 ms, per phase and per target group.
"""

from __future__ import annotations

import argparse
import os
import shutil

import _pages  # noqa: F401  (sets Django up on a temporary database)
from _pages import WORKDIR, interleaved, migrate, production_like
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=11)
    parser.add_argument("--size", type=int, default=5000)
    args = parser.parse_args()
    try:
        migrate()
        slug = generate_load(programmes=1, milestones_per_programme=args.size, seed=5).slugs[0]
        user = get_user_model().objects.create_user("bench", is_staff=True)
        with production_like(BenchUrls):
            client = Client()
            client.force_login(user)
            timeline = reverse("milestones:timeline", args=[slug])
            urls = {
                f"timeline, {args.size:,}": timeline,
                f"timeline per group, {args.size:,}": f"{timeline}?lanes=group",
                f"timeline, {args.size:,}, kept": timeline,
                f"timeline per group, {args.size:,}, kept": f"{timeline}?lanes=group",
                "bare view (same rows)": reverse("bare-timeline", args=[slug]),
            }
            built = set(list(urls)[:2])
            walls, cpus, queries = interleaved(client, urls, args.rounds, built, user)
        bare = walls["bare view (same rows)"]
        print(f"load average: {os.getloadavg()[0]:.2f} (1 min)")
        print(f"{'page':38} {'median':>9} {'cpu median':>11} {'queries':>8} {'× bare':>7}")
        for name in urls:
            print(
                f"{name:38} {walls[name]:7.1f}ms {cpus[name]:9.1f}ms "
                f"{queries[name]:8d} {walls[name] / bare:6.2f}x"
            )
        for name in urls:
            if name.startswith("timeline"):
                met = "met" if walls[name] < 300 else "NOT met"
                print(f"target: {name} under 300 ms {met}")
    finally:
        shutil.rmtree(WORKDIR, ignore_errors=True)


if __name__ == "__main__":
    main()
