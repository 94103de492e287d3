import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from milestones.meetings.agenda import agenda_for
from milestones.meetings.documents import render_agenda
from phases.meetings import meeting_on
from phases.models import MeetingSeries


class Command(BaseCommand):
    help = (
        "Write the agenda of one meeting as a Word document: the saved agenda, else the draft "
        "proposed from the plan."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--meeting", required=True, type=int, metavar="SERIES_ID")
        parser.add_argument(
            "--date", required=True, metavar="YYYY-MM-DD", help="The day of the meeting."
        )
        parser.add_argument(
            "-o", "--output", required=True, metavar="FILE", help="The .docx file to write."
        )

    def handle(self, *args, meeting: int, date: str, output: str, **options) -> None:
        series = MeetingSeries.objects.select_related("programme", "target_group").filter(
            pk=meeting
        )
        series = series.first()
        if series is None:
            raise CommandError(_("There is no meeting series %(id)s.") % {"id": meeting})
        try:
            day = datetime.date.fromisoformat(date)
        except ValueError as exc:
            raise CommandError(
                _("“%(text)s” is not a date as YYYY-MM-DD.") % {"text": date}
            ) from exc
        occurrence = meeting_on(series, day)
        if occurrence is None:
            raise CommandError(
                _("“%(series)s” does not meet on %(day)s.")
                % {"series": series.name, "day": day.isoformat()}
            )
        agenda = agenda_for(series, occurrence)
        try:
            with open(output, "wb") as handle:
                handle.write(render_agenda(agenda))
        except OSError as exc:
            raise CommandError(
                _("Cannot write “%(file)s”: %(reason)s") % {"file": output, "reason": exc.strerror}
            ) from exc
        self.stdout.write(
            _("Wrote the agenda of %(series)s on %(day)s (%(count)d items) to %(file)s.")
            % {
                "series": series.name,
                "day": day.isoformat(),
                "count": len(agenda.entries),
                "file": output,
            }
        )
