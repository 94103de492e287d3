"""Benchmark: ``manage.py backup`` and ``restore`` of about 20,000 rows, next to
``dumpdata``/``loaddata``.

    DJANGO_DEBUG=1 .venv/bin/python bench/backup_bench.py [--milestones 2000] [--database-url URL]

Sets up its own database (a temporary SQLite file, or the PostgreSQL URL given, which it
empties), generates programmes with ``generate_load`` until the tables hold the rows asked
for, then times a backup, a restore into the emptied database (``flush``), and the same
round trip through ``dumpdata``/``loaddata`` (natural foreign keys) for comparison.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup(url: str | None, directory: str) -> None:
    os.environ["DATABASE_URL"] = url or f"sqlite:///{directory}/bench.sqlite3"
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    sys.path.insert(0, str(ROOT))
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    settings.DEBUG = False


def timed(label: str, action) -> float:
    began = time.perf_counter()
    action()
    seconds = time.perf_counter() - began
    print(f"{label:<34} {seconds:6.2f} s")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--milestones", type=int, default=2000, help="per programme, 4 programmes")
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        setup(args.database_url, directory)
        from django.core.management import call_command

        from milestones.backups import backed_up_models

        quiet = io.StringIO()
        call_command(
            "generate_load",
            "--programmes",
            "4",
            "--milestones-per-programme",
            str(args.milestones),
            stdout=quiet,
        )
        rows = sum(model._base_manager.count() for model in backed_up_models())
        print(f"rows in the database: {rows:,}")
        path = Path(directory) / "regie.backup"
        dump = Path(directory) / "dump.json"
        timed("backup", lambda: call_command("backup", "-o", str(path), stdout=quiet))
        print(f"{'backup file':<34} {path.stat().st_size / 1e6:6.2f} MB")
        call_command("flush", interactive=False, verbosity=0)
        timed("restore (empty database)", lambda: call_command("restore", str(path), stdout=quiet))
        timed(
            "restore --force (over the data)",
            lambda: call_command("restore", str(path), "--force", stdout=quiet),
        )
        excluded = ["contenttypes", "auth.permission", "sessions", "axes"]
        timed(
            "dumpdata --natural-foreign",
            lambda: call_command(
                "dumpdata",
                "--natural-foreign",
                *[f"--exclude={e}" for e in excluded],
                "-o",
                str(dump),
                verbosity=0,
            ),
        )
        call_command("flush", interactive=False, verbosity=0)
        timed("loaddata", lambda: call_command("loaddata", str(dump), verbosity=0))


if __name__ == "__main__":
    main()
