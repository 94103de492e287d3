"""`manage.py import_schedule` starts without importing the pages it does not need."""

import os
import subprocess
import sys
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parent.parent
PROBE = """
import sys
from django.core.management import execute_from_command_line
try:
    execute_from_command_line(["manage.py", "import_schedule", sys.argv[1], "--programme", "x",
                               "--year", "2025", "--dry-run"])
except (SystemExit, Exception):
    pass
print(sorted(m for m in ("config.urls", "milestones.reports.views", "milestones.timeline.views",
                         "milestones.views") if m in sys.modules))
"""


def test_the_import_command_skips_the_url_checks_and_the_views(tmp_path):
    schedule = tmp_path / "plan.csv"
    schedule.write_text("Datum;Mijlpaal\n1 mrt;Kick-off\n", encoding="utf-8")
    env = {
        **os.environ,
        "DJANGO_DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(schedule)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"


HEAVY = (
    "openpyxl",
    "python_calamine",
    "docx",
    "icalendar",
    "recurring_ical_events",
    "holidays",
    "requests",
    "jwt",
)
#: Regie's own modules that the apps' receivers and hooks import when they first run, not
#: at start-up (cycle.receivers, milestones.receivers).
WHEN_USED = (
    *("cycle.views", "cycle.forms", "cycle.risks", "cycle.procedure", "cycle.planning"),
    *("cycle.calendars", "cycle.demo", "milestones.demo", "milestones.demo_living"),
    *("milestones.shifting.plan", "milestones.baselines.taking", "milestones.dated_items"),
)
LOADED = f"""
import sys
from django.core.management import execute_from_command_line
try:
    execute_from_command_line(["manage.py", *sys.argv[1:]])
except SystemExit:
    pass
print(sorted(m for m in {HEAVY + WHEN_USED!r} if m in sys.modules))
"""


def test_the_import_command_leaves_heavy_libraries_unloaded_until_a_file_needs_them(tmp_path):
    """Start-up (issue 14): `--help` and a CSV file load none of them, nor the modules of
    Regie that only a signal, a hook or a page needs; a workbook loads python-calamine, which
    reads its values, and only that (openpyxl stays unloaded)."""
    schedule = tmp_path / "plan.csv"
    schedule.write_text("Datum;Mijlpaal\n1 mrt;Kick-off\n", encoding="utf-8")
    workbook = tmp_path / "plan.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Datum", "Mijlpaal"])
    book.active.append(["1 mrt", "Kick-off"])
    book.save(workbook)
    env = {
        **os.environ,
        "DJANGO_DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True
    )

    def loaded(*args: str) -> str:
        result = subprocess.run(
            [sys.executable, "-c", LOADED, *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        return result.stdout.strip().splitlines()[-1]

    dry_run = ("--programme", "x", "--year", "2025", "--dry-run")
    assert loaded("version") == "[]"
    assert loaded("import_schedule", "--help") == "[]"
    assert loaded("import_schedule", str(schedule), *dry_run) == "[]"
    assert loaded("import_schedule", str(workbook), *dry_run) == "['python_calamine']"
