"""Comparing a 1,000-milestone programme with a baseline: the engine and the changes page.

    DJANGO_DEBUG=1 .venv/bin/python bench/changes_bench.py [--runs 20] [--keep]

Builds its own temporary SQLite database with one generated programme of 1,000 milestones
(`milestones.loadgen.generate_load`), takes a baseline, then moves 50 milestones one by one
(each save writes a history record, as an editor's would) and cancels 10. It prints the median
and 95th percentile of `compare()` against the baseline and against yesterday (rebuilt from
history), and of the changes page and its xlsx export through Django's test client (a
logged-in staff user, template debugging off). Target: 200 ms for the comparison.

The programme's Stuurgroep met two days ago (before the moves), so the dashboard's "what moved
since the last Stuurgroep" and the changes page's default compare for real; both are measured
next to the same page without a comparison (the dashboard at a Peildatum hides the block, the
timeline without an overlay). Page targets (README): median under 150 ms, the timeline 300 ms.
"""

from __future__ import annotations

import argparse
import datetime
import shutil
import statistics
import time
from collections.abc import Callable

import _pages  # noqa: F401  (sets Django up on a temporary database)
from _pages import WORKDIR, migrate, production_like, queries_of
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from milestones.baselines.compare import compare
from milestones.baselines.taking import take_baseline
from milestones.loadgen import generate_load
from milestones.models import Milestone
from phases.fuzzy import local_today
from phases.models import MeetingSeries, Programme, TargetGroup, WorkStatus

TARGET_MS = 200.0
PAGE_TARGETS_MS = {"dashboard": 150.0, "changes page": 150.0, "timeline": 300.0}


def timed(run: Callable[[], object], runs: int) -> tuple[float, float, int]:
    """(median ms, p95 ms, queries of one run)."""
    for _ in range(2):
        run()
    queries = queries_of(run)
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        run()
        times.append((time.perf_counter() - began) * 1000)
    times.sort()
    return statistics.median(times), times[round(0.95 * (len(times) - 1))], queries


def build() -> tuple[Programme, int]:
    migrate()
    slug = generate_load(programmes=1, milestones_per_programme=1000, seed=2).slugs[0]
    programme = Programme.objects.get(slug=slug)
    Milestone.history.update(history_date=timezone.now() - datetime.timedelta(days=3))
    MeetingSeries.objects.create(
        programme=programme,
        name="Stuurgroep",
        target_group=TargetGroup.objects.get_or_create(name="Stuurgroep")[0],
        frequency="",
        first_date=local_today() - datetime.timedelta(days=2),
    )
    baseline = take_baseline(programme=programme, name="Plan vastgesteld")
    dated = list(Milestone.objects.filter(programme=programme).dated().order_by("pk")[:60])
    for milestone in dated[:50]:
        milestone.date_text = (milestone.start + datetime.timedelta(days=14)).strftime("%d-%m-%Y")
        milestone._change_reason = "Later advies"
        milestone.save()
    for milestone in dated[50:]:
        milestone.status = WorkStatus.CANCELLED
        milestone.save()
    return programme, baseline.pk


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the temporary database")
    args = parser.parse_args()
    try:
        programme, baseline_id = build()
        baseline = programme.baselines.get(pk=baseline_id)
        today = local_today()
        yesterday = today - datetime.timedelta(days=1)
        changes = compare(programme=programme, today=today, baseline=baseline)
        print(f"1,000 milestones: {len(changes.moved)} moved, {len(changes.cancelled)} cancelled")
        user = get_user_model().objects.create_user("bench", is_staff=True)
        url = reverse("milestones:changes", args=[programme.slug])
        dashboard = reverse("milestones:dashboard", args=[programme.slug])
        timeline = reverse("milestones:timeline", args=[programme.slug])
        with production_like(settings.ROOT_URLCONF):
            client = Client()
            client.force_login(user)
            cases = {
                "compare() with a baseline": lambda: compare(
                    programme=programme, today=today, baseline=baseline
                ),
                "compare() since yesterday (history)": lambda: compare(
                    programme=programme, today=today, since=yesterday
                ),
                "changes page ?baseline=": lambda: client.get(url, {"baseline": baseline_id}),
                "changes page ?since=": lambda: client.get(url, {"since": yesterday.isoformat()}),
                "changes xlsx export": lambda: client.get(
                    url, {"baseline": baseline_id, "export": "xlsx"}
                ),
                "changes page (since the Stuurgroep)": lambda: client.get(url),
                "dashboard (what moved since the Stuurgroep)": lambda: client.get(dashboard),
                "dashboard at a Peildatum (no comparison)": lambda: client.get(
                    dashboard, {"date": today.isoformat()}
                ),
                "timeline ?baseline= overlay": lambda: client.get(
                    timeline, {"baseline": baseline_id}
                ),
                "timeline (no overlay)": lambda: client.get(timeline),
            }
            response = client.get(dashboard)
            assert b'id="what-moved"' in response.content, "the dashboard compared nothing"
            print(f"{'case':44} {'median':>8} {'p95':>8} {'queries':>8}")
            for name, run in cases.items():
                median, p95, queries = timed(run, args.runs)
                target = next(
                    (ms for page, ms in PAGE_TARGETS_MS.items() if name.startswith(page)),
                    TARGET_MS,
                )
                verdict = f"  over target {target:.0f} ms" if median > target else ""
                print(f"{name:44} {median:7.1f}ms {p95:7.1f}ms {queries:8d}{verdict}")
    finally:
        if args.keep:
            print(f"database kept in {WORKDIR}")
        else:
            shutil.rmtree(WORKDIR, ignore_errors=True)


if __name__ == "__main__":
    main()
