"""The dashboard at 1,000, 5,000 and 10,000 milestones: under 150 ms and flat in size.

    DJANGO_DEBUG=1 .venv/bin/python bench/dashboard_bench.py [--rounds 15] [--sizes 1000,5000,10000]

Builds its own temporary SQLite database with one generated programme per size
(`milestones.loadgen.generate_load`), logs in a staff user and requests each programme's
dashboard through Django's test client (the whole middleware stack), in interleaved rounds,
next to a bare view (base.html with the programme's name: what any page costs). Each
dashboard is measured twice: built (nothing kept: what the first reader after a change
waits for) and kept (`milestones.fragments`: what every other reader gets). Prints the
median server time and the CPU time per page, queries, and the ratio of the largest to the
smallest programme (flat: close to 1). Template debugging is off, as in production.

Target (issue 14): 5,000 milestones under 150 ms; flat from 1,000 to 10,000.
"""

from __future__ import annotations

import argparse
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
from phases.access import programme_for

BARE = '{% extends "base.html" %}{% block content %}<h1>{{ programme.name }}</h1>{% endblock %}'


def bare_page(request, slug):
    programme = programme_for(request.user, slug)
    return HttpResponse(engines["django"].from_string(BARE).render({"programme": programme}))


class BenchUrls:
    urlpatterns = [
        path("bench/bare/<slug:slug>/", bare_page, name="bare"),
        path("", include(settings.ROOT_URLCONF)),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--sizes", default="1000,5000,10000")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    try:
        migrate()
        slugs = {
            size: generate_load(programmes=1, milestones_per_programme=size, seed=size).slugs[0]
            for size in sizes
        }
        user = get_user_model().objects.create_user("bench", is_staff=True)
        with production_like(BenchUrls):
            client = Client()
            client.force_login(user)
            urls = {}
            for size in sizes:
                url = reverse("milestones:dashboard", args=[slugs[size]])
                urls[f"dashboard, {size:,}"] = url
                urls[f"dashboard, {size:,}, kept"] = url
            urls["bare page"] = reverse("bare", args=[slugs[sizes[0]]])
            built = {f"dashboard, {size:,}" for size in sizes}
            walls, cpus, queries = interleaved(client, urls, args.rounds, built, user)
        print(f"{'page':28} {'median':>9} {'cpu median':>11} {'queries':>8}")
        for name in urls:
            print(f"{name:28} {walls[name]:7.1f}ms {cpus[name]:9.1f}ms {queries[name]:8d}")
        first, last = f"dashboard, {sizes[0]:,}", f"dashboard, {sizes[-1]:,}"
        bare = walls["bare page"]
        print(
            f"ratio {last} / {first} (built): {walls[last] / walls[first]:.2f}x (flat: close to 1)"
        )
        for size in sizes:
            name = f"dashboard, {size:,}"
            print(
                f"ratio {name} / bare page: {walls[name] / bare:.2f}x built, "
                f"{walls[name + ', kept'] / bare:.2f}x kept"
            )
        if 5000 in sizes:
            five = walls["dashboard, 5,000"]
            print(f"target: 5,000 under 150 ms (built) {'met' if five < 150 else 'NOT met'}")
    finally:
        shutil.rmtree(WORKDIR, ignore_errors=True)


if __name__ == "__main__":
    main()
