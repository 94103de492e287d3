"""``manage.py restore FILE [--force]``: a backup of ``manage.py backup`` back into the database."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from milestones.backups import BackupError, read_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup` into this database (migrated to the same version). "
        "A database that holds data is refused unless --force, which replaces all of it."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", metavar="FILE")
        parser.add_argument("--force", action="store_true", help="Replace the data there is.")
        parser.add_argument("--database", default="default")

    def handle(self, *args, file: str, force: bool, database: str, **options) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("There is no file %(file)s.") % {"file": file})
        began = time.perf_counter()
        try:
            with path.open("rb") as stream:
                result = read_backup(stream, force=force, using=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _("Restored %(rows)d rows in %(tables)d tables in %(seconds).1f s.")
            % {
                "rows": result.rows,
                "tables": result.tables,
                "seconds": time.perf_counter() - began,
            }
        )
