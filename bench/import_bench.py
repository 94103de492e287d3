"""Benchmark: importing a generated 10,000-row .xlsx schedule into SQLite or PostgreSQL.

    DJANGO_DEBUG=1 .venv/bin/python bench/import_bench.py [--rows 10000] [--runs 3]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test DJANGO_DEBUG=1 \
        .venv/bin/python bench/import_bench.py

Sets up its own temporary database: SQLite, or, when DATABASE_URL points at PostgreSQL, a
new database on that server (dropped afterwards; the URL's database is only used to create
it). Then it generates a
workbook in the layout of the seeds (title row, header, phase rows, a Doelgroep column
and an X-matrix, text dates and Excel date cells, continuation and holiday rows), then
reports, best of ``--runs`` each and with process start-up excluded:

* openpyxl alone reading the file (read-only mode, every cell value): the floor the issue
  names; and python-calamine alone, which the importer reads compact sheets with;
* the full import: ``plan_import`` + ``commit_import`` into a new programme;
* the floor: openpyxl's read plus plain ``bulk_create`` of the milestones, their history
  and target groups, without any understanding of the sheet (what any importer pays);
* their ratios, and the peak memory of one import (tracemalloc) next to the file's size.

DEBUG is switched off after setup, as in production (with DEBUG on, Django keeps every
SQL statement and its parameters in memory).

Targets (issue 3): under 2 s, and at most 5 times openpyxl's time.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import io
import os
import random
import re
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GROUPS = ["Stuurgroep", "BOR", "Klankbordgroep", "Colleges, raden en staten", "Gezamenlijk AB"]
MATRIX = ["Projectteam", "GS", "PS", "ECWH/Pr."]
MONTHS = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
WORDS = ["Concept", "Voorstel", "Uitkomst", "Webinar", "Sessie", "Besluit", "Ronde", "Overleg"]
SUBJECTS = ["uitgangspunten", "projectplan", "begroting", "routekaart", "jaarplan", "allianties"]


def setup_django(directory: str) -> None:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        os.environ["DATABASE_URL"] = create_postgres_database(url)
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite3"
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)  # the calendar pre-rendering flags
    from django.conf import settings

    # DJANGO_DEBUG=1 only lets the settings load without a secret key.  Measure as in
    # production: with DEBUG on, Django keeps every SQL statement with its parameters.
    settings.DEBUG = False


def _server_and_name(url: str) -> tuple[str, str]:
    server, _slash, _database = url.rpartition("/")
    return server, f"regie_bench_{os.getpid()}"


def create_postgres_database(url: str) -> str:
    """A new, empty database next to the one ``url`` names; its URL."""
    import psycopg

    server, name = _server_and_name(url)
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


def drop_postgres_database() -> None:
    url = os.environ["DATABASE_URL"]
    if not url.startswith(("postgres://", "postgresql://")):
        return
    import psycopg
    from django.db import connections

    connections.close_all()
    server, name = _server_and_name(url)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')


def generate(rows: int, seed: int = 1) -> bytes:
    """A schedule of ``rows`` rows, in date order over some years, as .xlsx bytes."""
    import openpyxl

    rng = random.Random(seed)
    # A normal (not write-only) workbook is saved as Excel saves one: shared strings and the
    # sheet's dimensions up front, which read-only openpyxl relies on.
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Planning"
    sheet.append(["Planning gegenereerd voor de benchmark"])
    sheet.append([])
    sheet.append(["Datum", "Mijlpaal", "Doelgroep", "Wie", "Status", "Opmerking", *MATRIX])
    day = datetime.date(2025, 1, 6)
    phase = 0
    for i in range(rows):
        if i % 1000 == 0:
            phase += 1
            sheet.append([f"Fase {phase}"])
            continue
        day += datetime.timedelta(days=rng.choice([0, 0, 1]))
        month = MONTHS[day.month - 1]
        kind = rng.random()
        if kind < 0.3:
            date = datetime.datetime(day.year, day.month, day.day)  # an Excel date cell
        elif kind < 0.65:
            date = f"{day.day}-{month}"
        elif kind < 0.75:
            date = rng.choice([f"begin {month}", f"medio {month}", f"eind {month}"])
        elif kind < 0.85:
            date = f"week {day.isocalendar().week}"
        else:
            date = None  # continues the date above
        if i % 400 == 7:
            sheet.append([date, "Herfstvakantie"])
            continue
        title = f"{rng.choice(WORDS)} {rng.choice(SUBJECTS)} {i}"
        marks = ["X" if rng.random() < 0.3 else None for _ in MATRIX]
        sheet.append(
            [
                date,
                title,
                rng.choice(GROUPS),
                rng.choice(["Projectleider", "PI, com", "Secretaris"]),
                rng.choice(["gepland", "gereed", ""]) or None,
                "Let op: onder voorbehoud" if rng.random() < 0.05 else None,
                *marks,
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_with_openpyxl(data: bytes) -> int:
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    count = sum(1 for _row in workbook.worksheets[0].iter_rows(values_only=True))
    workbook.close()
    return count


def read_with_calamine(data: bytes) -> int:
    """What the importer reads a compact sheet with (milestones.importing.xlsx_values)."""
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    count = sum(1 for _row in workbook.get_sheet_by_index(0).iter_rows())
    workbook.close()
    return count


def import_once(data: bytes, slug: str) -> tuple[int, float]:
    from milestones.importing import commit_import, plan_import

    began = time.perf_counter()
    plan = plan_import(data=data, file_name="bench.xlsx", programme=slug, year=2025)
    assert plan.is_valid, [str(p) for p in plan.problems[:5]]
    commit_import(plan=plan)
    return len(plan.creates), time.perf_counter() - began


def floor_once(data: bytes, slug: str) -> None:
    """What any import must do: read the cells, bulk_create milestones, history, groups.

    No layout, no date parsing beyond Excel's own, no checks: the floor the importer is
    measured against (the issue's "reading plus plain bulk_create").
    """
    import openpyxl
    from simple_history.utils import bulk_create_with_history

    from milestones.models import Involvement, Milestone
    from phases.models import Programme
    from stakeholders.models import TargetGroup

    programme = Programme.objects.create(name=slug, slug=slug, year=2025)
    groups = {g.name.casefold(): g for g in TargetGroup.objects.all()}
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    milestones, their_groups = [], []
    for values in workbook.worksheets[0].iter_rows(min_row=4, values_only=True):
        if len(values) < 4 or values[1] is None:
            continue
        date = values[0]
        milestones.append(
            Milestone(
                programme=programme,
                title=values[1],
                date_text=date.date().isoformat() if hasattr(date, "date") else str(date or ""),
                lead=values[3] or "",
                version=1,
            )
        )
        names = re.split(r", | en ", values[2] or "")
        names += [name for name, mark in zip(MATRIX, values[6:], strict=False) if mark]
        their_groups.append([groups[n.casefold()] for n in names if n.casefold() in groups])
    workbook.close()
    milestones = bulk_create_with_history(milestones, Milestone, batch_size=2000)
    Involvement.objects.bulk_create(
        [
            Involvement(milestone=milestone, target_group=group)
            for milestone, row_groups in zip(milestones, their_groups, strict=True)
            for group in row_groups
        ],
        batch_size=2000,
    )


def drop(slug: str) -> None:
    from phases.models import Programme

    Programme.objects.filter(slug=slug).delete()


def best_of(runs: int, action) -> float:
    times = []
    for _ in range(runs):
        gc.collect()
        began = time.perf_counter()
        action()
        times.append(time.perf_counter() - began)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as directory:
        setup_django(directory)
        try:
            measured = measure(args)
        finally:
            drop_postgres_database()
    report(args, *measured)


def measure(args: argparse.Namespace) -> tuple:
    from django.db import connection

    data = generate(args.rows)
    print(f"database: {connection.vendor}")
    print(f"workbook: {args.rows:,} rows, {len(data) / 1024:.0f} KiB")

    openpyxl_time = best_of(args.runs, lambda: read_with_openpyxl(data))
    calamine_time = best_of(args.runs, lambda: read_with_calamine(data))
    print(f"python-calamine read (best of {args.runs}): {calamine_time:.3f} s")

    import_times = []
    created = 0
    for run in range(args.runs):
        gc.collect()
        created, seconds = import_once(data, f"bench-{run}")
        import_times.append(seconds)
        drop(f"bench-{run}")  # not timed: every run imports into an empty programme
    import_time = min(import_times)

    floor_times = []
    for run in range(args.runs):
        gc.collect()
        began = time.perf_counter()
        floor_once(data, f"floor-{run}")
        floor_times.append(time.perf_counter() - began)
        drop(f"floor-{run}")
    floor_time = min(floor_times)

    tracemalloc.start()
    import_once(data, "bench-memory")
    _current, import_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    tracemalloc.start()
    read_with_openpyxl(data)
    _current, openpyxl_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return data, openpyxl_time, import_time, floor_time, created, import_peak, openpyxl_peak


def report(args, data, openpyxl_time, import_time, floor_time, created, import_peak, openpyxl_peak):
    from django.db import connection

    ratio = import_time / openpyxl_time
    print(f"milestones created per import: {created:,}")
    print(f"openpyxl read-only read (best of {args.runs}): {openpyxl_time:.3f} s")
    print(
        f"floor, read + plain bulk_create (best of {args.runs}): {floor_time:.3f} s "
        f"({floor_time / openpyxl_time:.2f}x openpyxl)"
    )
    print(f"full import, plan + commit (best of {args.runs}): {import_time:.3f} s")
    print(f"ratio import / openpyxl: {ratio:.2f}x")
    print(
        f"peak memory (tracemalloc, Python objects only: calamine's own cells are not "
        f"counted): import {import_peak / 2**20:.1f} MiB, "
        f"openpyxl read alone {openpyxl_peak / 2**20:.1f} MiB, file {len(data) / 2**20:.1f} MiB"
    )
    print(f"import / floor: {import_time / floor_time:.2f}x")
    print(
        f"targets: under 2 s {'met' if import_time < 2.0 else 'NOT met'}, "
        f"at most 5x openpyxl {'met' if ratio <= 5.0 else 'NOT met'}"
    )
    if connection.vendor == "postgresql":  # issue 14
        print(f"target on PostgreSQL: at most 4x openpyxl {'met' if ratio <= 4.0 else 'NOT met'}")
    else:
        print(f"target on SQLite: at most 3.6x openpyxl {'met' if ratio <= 3.6 else 'NOT met'}")


if __name__ == "__main__":
    main()
