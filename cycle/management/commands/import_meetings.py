"""manage.py import_meetings FILE --body NAME [--organisation NAME]: a body's meeting dates
from an .ics calendar or an .xlsx/.csv list of dates.

Exit status: 0 imported; 1 the file has problems (each printed as "rij N: …"; nothing was
written); 2 the file cannot be read at all.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cycle.meetings_import import read_meetings, read_path, save_meetings
from milestones.importing.readers import UnreadableFile
from phases.fuzzy import local_today
from stakeholders.models import Organisation, TargetGroup

PROBLEMS = 1
UNREADABLE = 2


class Command(BaseCommand):
    help = "Import a body's meeting dates from an .ics calendar or an .xlsx/.csv list of dates."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file")
        parser.add_argument("--body", required=True, help="The body (target group) that meets.")
        parser.add_argument("--organisation", help="Only for this organisation's programmes.")

    def handle(self, *args, file: str, body: str, organisation: str | None, **options) -> None:
        owner = None
        if organisation:
            owner = Organisation.objects.filter(name__iexact=organisation).first()
            if owner is None:
                self.fail(_("No organisation is called “%(name)s”.") % {"name": organisation}, 1)
        path = Path(file)
        try:
            meetings = read_meetings(data=read_path(path), file_name=path.name, today=local_today())
        except UnreadableFile as exc:
            self.fail(str(exc), UNREADABLE)
        if meetings.problems:
            for problem in meetings.problems:
                self.stderr.write(str(problem))
            self.fail(
                ngettext(
                    "Nothing was imported: the file has %(count)d problem.",
                    "Nothing was imported: the file has %(count)d problems.",
                    len(meetings.problems),
                )
                % {"count": len(meetings.problems)},
                PROBLEMS,
            )
        [group], _created = TargetGroup.objects.resolve([body])
        result = save_meetings(meetings, body=group, organisation=owner)
        self.stdout.write(
            self.style.SUCCESS(
                _("%(body)s: %(created)d meetings added, %(updated)d changed.")
                % {"body": group.name, "created": result.created, "updated": result.updated}
            )
        )

    def fail(self, message: str, code: int) -> None:
        self.stderr.write(message)
        raise SystemExit(code)
