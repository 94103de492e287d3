"""Benchmark of the calendar feed (issue 4): 10,000 milestones plus 50 meeting series.

    DJANGO_DEBUG=1 .venv/bin/python bench/calendar_bench.py [--programmes 25] [--per 400]

Builds its own temporary SQLite database (never touches db.sqlite3), fills it with
`generate_load` (25 programmes x 400 milestones, 2 meeting series each, plus the phases,
gates and deliverables the generator adds) and measures, in interleaved rounds (`--rounds`):

* ours: `build_calendar()` for a staff user's all-programmes feed — queries, collecting and
  writing with icalendar, serialising;
* icalendar alone: the same events, already in memory as plain values, written with the
  icalendar package and serialised (the output must be byte-for-byte the same);
* the ratio of their medians over interleaved rounds (issue 14: target <= 1.1), the number
  of queries at two sizes (must not grow with the number of events), and a poll of the
  unchanged feed: a conditional GET answered 304 through the whole Django stack (target < 50 ms);
* a repeated GET of the unchanged feed *without* If-None-Match, answered with the body
  cached under its ETag (issue 14: target < 50 ms), next to the poll (its floor).
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
WORKDIR = tempfile.mkdtemp(prefix="regie-calendar-bench-")
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from icalendar import Calendar, Event, Timezone  # noqa: E402

from milestones.calendars.ical import (  # noqa: E402
    PRODID,
    TIME_ZONE,
    TIME_ZONE_NAME,
    CalendarEvent,
    build_calendar,
    collect_events,
    create_feed,
    selection_for_feed,
    selection_for_programme,
    year_range,
)
from milestones.loadgen import generate_load  # noqa: E402
from phases.models import MeetingSeries, Programme  # noqa: E402

BASE_URL = "https://regie.example.org/"


def best_of(runs: int, func) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(runs):
        began = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - began)
    return best, result


def icalendar_alone(name: str, events: list[CalendarEvent], fallback_year: int) -> bytes:
    """The same calendar written directly with the icalendar package, from plain values."""
    import datetime

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", TIME_ZONE_NAME)
    first, last = year_range(events, fallback_year)
    calendar.add_component(
        Timezone.from_tzinfo(
            TIME_ZONE,
            tzid=TIME_ZONE_NAME,
            first_date=datetime.date(first, 1, 1),
            last_date=datetime.date(last, 1, 1),
        )
    )
    for e in events:
        event = Event()
        event.add("uid", e.uid)
        event.add("dtstamp", e.changed_at)
        event.add("last-modified", e.changed_at)
        event.add("sequence", e.sequence)
        event.add("summary", e.summary)
        event.add("dtstart", e.start)
        if e.end is not None:
            event.add("dtend", e.end)
        if e.rrule is not None:
            event.add("rrule", e.rrule)
        if e.exdates:
            event.add("exdate", list(e.exdates))
        if e.location:
            event.add("location", e.location)
        if e.description:
            event.add("description", e.description)
        if e.categories:
            event.add("categories", list(e.categories))
        event.add("status", e.status)
        event.add("transp", "TRANSPARENT" if e.transparent else "OPAQUE")
        if e.url:
            event.add("url", e.url)
        calendar.add_component(event)
    return calendar.to_ical()


def count_queries(func) -> int:
    with CaptureQueriesContext(connection) as queries:
        func()
    return len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programmes", type=int, default=25)
    parser.add_argument("--per", type=int, default=400, help="milestones per programme")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds of the build")
    args = parser.parse_args()

    print(f"Temporary database in {WORKDIR}")
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    began = time.perf_counter()
    generate_load(programmes=args.programmes, milestones_per_programme=args.per, seed=4)
    print(f"Generated in {time.perf_counter() - began:.1f} s")

    staff = get_user_model().objects.create_user("bench", is_staff=True)
    feed = create_feed(user=staff, programme=None, name="Bench: all programmes")
    selection = selection_for_feed(feed)
    series = MeetingSeries.objects.count()
    events = collect_events(selection, base_url=BASE_URL)
    fallback = min(p.year for p in selection.programmes)
    print(
        f"Feed: {len(selection.programmes)} programmes, {args.programmes * args.per} milestones,"
        f" {series} meeting series -> {len(events)} events"
    )

    # Interleaved rounds, ours then icalendar alone, so that a busy machine slows both alike;
    # the ratio is of the medians.
    ours_times, alone_times, ours_cpu, alone_cpu = [], [], [], []
    for _round in range(args.rounds):
        cpu = time.process_time()
        ours_time, ours = best_of(1, lambda: build_calendar(selection, base_url=BASE_URL))
        ours_cpu.append(time.process_time() - cpu)
        cpu = time.process_time()
        alone_time, alone = best_of(1, lambda: icalendar_alone(selection.name, events, fallback))
        alone_cpu.append(time.process_time() - cpu)
        ours_times.append(ours_time)
        alone_times.append(alone_time)
    if ours != alone:
        sys.exit("The icalendar-only calendar differs from ours: the comparison is not fair.")
    ours_time, alone_time = statistics.median(ours_times), statistics.median(alone_times)
    ratio = ours_time / alone_time
    print(f"Load average (1 min): {os.getloadavg()[0]:.2f}; medians of {args.rounds} rounds")
    print(f"Ours (queries + build + serialise):  {ours_time * 1000:8.1f} ms  ({len(ours):,} bytes)")
    print(f"icalendar alone (build + serialise): {alone_time * 1000:8.1f} ms")
    print(f"Ratio: {ratio:.3f} (target <= 1.1) {'OK' if ratio <= 1.1 else 'MISSED'}")
    per_round = sorted(o / a for o, a in zip(ours_times, alone_times, strict=True))
    print(f"Ratio per round: {', '.join(f'{r:.3f}' for r in per_round)}")
    cpu_ratio = statistics.median(ours_cpu) / statistics.median(alone_cpu)
    print(
        f"CPU time: ours {statistics.median(ours_cpu) * 1000:.0f} ms, icalendar alone"
        f" {statistics.median(alone_cpu) * 1000:.0f} ms, ratio {cpu_ratio:.3f}"
        " (less disturbed by other work than wall time)"
    )

    small = selection_for_programme(programme=Programme.objects.order_by("pk").first())
    big_queries = count_queries(lambda: build_calendar(selection, base_url=BASE_URL))
    small_events = len(collect_events(small, base_url=BASE_URL))
    small_queries = count_queries(lambda: build_calendar(small, base_url=BASE_URL))
    print(
        f"Queries: {big_queries} for {len(events)} events, {small_queries} for {small_events}"
        f" events {'(constant)' if big_queries == small_queries else '(GROWS)'}"
    )

    client = Client(HTTP_HOST="localhost")
    url = f"/feeds/{feed.token}.ics"
    full_time, response = best_of(1, lambda: client.get(url))
    etag = response["ETag"]
    polls = []
    for _ in range(20):
        began = time.perf_counter()
        poll = client.get(url, HTTP_IF_NONE_MATCH=etag)
        polls.append(time.perf_counter() - began)
        assert poll.status_code == 304, poll.status_code
    poll_queries = count_queries(lambda: client.get(url, HTTP_IF_NONE_MATCH=etag))
    best_poll, median_poll = min(polls), statistics.median(polls)
    print(f"Full GET through Django: {full_time * 1000:.0f} ms")
    print(
        f"Poll (conditional GET -> 304): best {best_poll * 1000:.1f} ms, median"
        f" {median_poll * 1000:.1f} ms, {poll_queries} queries (target < 50 ms)"
        f" {'OK' if median_poll < 0.05 else 'MISSED'}"
    )
    repeats = []
    for _ in range(20):
        began = time.perf_counter()
        again = client.get(url)
        repeats.append(time.perf_counter() - began)
        assert again.status_code == 200 and again.content == response.content
    median_repeat = statistics.median(repeats)
    print(
        f"Repeated GET without If-None-Match (cached body): median {median_repeat * 1000:.1f} ms,"
        f" {median_repeat / median_poll:.2f}x the poll (target < 50 ms)"
        f" {'OK' if median_repeat < 0.05 else 'MISSED'}"
    )


if __name__ == "__main__":
    try:
        main()
    finally:
        connections.close_all()
        shutil.rmtree(WORKDIR, ignore_errors=True)
