"""`manage.py import_schedule` starts without importing the pages it does not need."""

import os
import subprocess
import sys
from pathlib import Path

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
