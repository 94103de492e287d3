"""``manage.py backup -o FILE``: the whole database in one file (``milestones.backups``)."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from milestones.backups import backup_to


class Command(BaseCommand):
    help = "Write a backup of the whole database (gzip JSON lines); restore it with `restore`."

    def add_arguments(self, parser) -> None:
        parser.add_argument("-o", "--output", required=True, metavar="FILE")
        parser.add_argument("--database", default="default")

    def handle(self, *args, output: str, database: str, **options) -> None:
        path = Path(output)
        began = time.perf_counter()
        rows = backup_to(path, using=database)
        self.stdout.write(
            _("Wrote %(rows)d rows to %(file)s (%(size)s) in %(seconds).1f s.")
            % {
                "rows": rows,
                "file": path,
                "size": filesizeformat(path.stat().st_size),
                "seconds": time.perf_counter() - began,
            }
        )
