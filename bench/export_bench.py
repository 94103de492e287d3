"""Benchmark: CSV and xlsx export of a 10,000-milestone programme, next to their floors.

    DJANGO_DEBUG=1 .venv/bin/python bench/export_bench.py [--milestones 10000] [--rounds 7]

Builds its own temporary SQLite database (whatever DATABASE_URL says) with one generated
programme (`milestones.loadgen.generate_load`: phases, deliverables, target groups), then
times, in interleaved rounds (median), with Dutch active as in production:

* ``export_schedule(identifier="csv")`` and its floor: ``csv.writer`` writing the very rows
  the export wrote (read back from its output), nothing else;
* ``export_schedule(identifier="xlsx")`` and its floor: openpyxl's write-only workbook
  writing those rows as plain values.

Targets (issue 14): CSV at most 0.3 s; xlsx at most 1.5x openpyxl write-only.
"""

from __future__ import annotations

import argparse
import csv
import gc
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(directory: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite3"
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from django.conf import settings

    settings.DEBUG = False  # as in production: no SQL log


def csv_floor(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_floor(rows: list[list[object]]) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Planning")
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_rows(data: bytes) -> list[list[object]]:
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    rows = [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    workbook.close()
    return rows


def timed(action) -> float:
    gc.collect()
    began = time.perf_counter()
    action()
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--milestones", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as directory:
        setup_django(directory)
        from django.utils import translation

        from milestones.exports import export_schedule
        from milestones.loadgen import generate_load
        from phases.models import Programme

        translation.activate("nl")
        slug = generate_load(programmes=1, milestones_per_programme=args.milestones).slugs[0]
        programme = Programme.objects.get(slug=slug)

        def export(identifier: str) -> bytes:
            return export_schedule(identifier=identifier, programme=programme)[2]

        csv_bytes = export("csv")
        csv_rows = list(csv.reader(io.StringIO(csv_bytes.decode("utf-8-sig")), delimiter=";"))
        sheet_rows = xlsx_rows(export("xlsx"))
        print(f"programme: {args.milestones:,} milestones; {len(csv_rows) - 1:,} exported rows")

        times: dict[str, list[float]] = {"csv": [], "csv floor": [], "xlsx": [], "xlsx floor": []}
        for _round in range(args.rounds):  # interleaved: a busy moment hits all four alike
            times["csv"].append(timed(lambda: export("csv")))
            times["csv floor"].append(timed(lambda: csv_floor(csv_rows)))
            times["xlsx"].append(timed(lambda: export("xlsx")))
            times["xlsx floor"].append(timed(lambda: xlsx_floor(sheet_rows)))

    median = {name: statistics.median(values) for name, values in times.items()}
    for name, value in median.items():
        print(f"{name:12} median {value:.3f} s  (min {min(times[name]):.3f} s)")
    csv_ratio = median["csv"] / median["csv floor"]
    xlsx_ratio = median["xlsx"] / median["xlsx floor"]
    print(f"ratio csv / csv.writer: {csv_ratio:.2f}x")
    print(f"ratio xlsx / openpyxl write-only: {xlsx_ratio:.2f}x")
    print(
        f"targets: csv <= 0.3 s {'met' if median['csv'] <= 0.3 else 'NOT met'}, "
        f"xlsx <= 1.5x openpyxl write-only {'met' if xlsx_ratio <= 1.5 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
