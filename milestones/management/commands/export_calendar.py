import os

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from milestones.calendars.ical import (
    CalendarFilters,
    Content,
    build_calendar,
    selection_for_programme,
)
from phases.models import Programme
from stakeholders.models import TargetGroup

DEFAULT_BASE_URL = "http://127.0.0.1:8000"


class Command(BaseCommand):
    help = (
        "Write a programme's calendar (optionally one target group's) as an iCalendar file, "
        "for a secretary to import once."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--programme", required=True, metavar="SLUG")
        parser.add_argument(
            "--group", metavar="NAME", help="A target group's name or alias (any case)."
        )
        parser.add_argument(
            "--content",
            choices=Content.values,
            default=Content.ALL,
            help="meetings: only meeting occurrences; milestones: everything but meetings; "
            "all (default): both.",
        )
        parser.add_argument(
            "-o", "--output", required=True, metavar="FILE", help="The .ics file to write."
        )
        parser.add_argument(
            "--base-url",
            default=os.environ.get("REGIE_BASE_URL", DEFAULT_BASE_URL),
            help="Where Regie runs, for links to milestone pages "
            "(default: $REGIE_BASE_URL or %(default)s).",
        )

    def handle(
        self,
        *args,
        programme: str,
        group: str | None,
        output: str,
        base_url: str,
        content: str = Content.ALL,
        **options,
    ) -> None:
        found = Programme.objects.filter(slug=programme).first()
        if found is None:
            raise CommandError(_("There is no programme “%(slug)s”.") % {"slug": programme})
        target_group = None
        if group is not None:
            target_group = TargetGroup.objects.match(group)
            if target_group is None:
                raise CommandError(
                    _("There is no target group called “%(name)s” (name or alias).")
                    % {"name": group}
                )
        if not base_url.startswith(("http://", "https://")):
            raise CommandError(
                _("The base URL must start with http:// or https://, not “%(url)s”.")
                % {"url": base_url}
            )
        selection = selection_for_programme(
            programme=found, target_group=target_group, filters=CalendarFilters(content=content)
        )
        body = build_calendar(selection, base_url=base_url)
        try:
            with open(output, "wb") as handle:
                handle.write(body)
        except OSError as exc:
            raise CommandError(
                _("Cannot write “%(file)s”: %(reason)s") % {"file": output, "reason": exc.strerror}
            ) from exc
        self.stdout.write(
            _("Wrote %(count)d events of “%(name)s” to %(file)s.")
            % {"count": body.count(b"BEGIN:VEVENT"), "name": selection.name, "file": output}
        )
