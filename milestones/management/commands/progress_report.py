"""``manage.py progress_report --programme SLUG [--since YYYY-MM-DD | --baseline ID] -o FILE``."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext as _

from milestones.reports.progress import render_progress_report, report_since
from phases.fuzzy import local_today
from phases.models import Programme


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(_("“%(text)s” is not a date (YYYY-MM-DD).") % {"text": text}) from exc


class Command(BaseCommand):
    help = "Write a programme's progress report (voortgangsrapportage) as a Word document."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--programme", required=True, metavar="SLUG")
        start = parser.add_mutually_exclusive_group()
        start.add_argument("--since", type=_date, metavar="YYYY-MM-DD")
        start.add_argument("--baseline", type=int, metavar="ID")
        parser.add_argument("-o", "--output", required=True, metavar="FILE.docx")

    def handle(self, *args, programme: str, since, baseline, output: str, **options) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            found = Programme.objects.filter(slug=programme).first()
            if found is None:
                raise CommandError(_("There is no programme “%(slug)s”.") % {"slug": programme})
            chosen = None
            if baseline is not None:
                chosen = found.baselines.filter(pk=baseline).first()
                if chosen is None:
                    raise CommandError(
                        _("Programme “%(slug)s” has no baseline %(id)s.")
                        % {"slug": programme, "id": baseline}
                    )
            report = report_since(
                programme=found, today=local_today(), baseline=chosen, since=since
            )
            content = render_progress_report(report)
            Path(output).write_bytes(content)
            self.stdout.write(
                _("Wrote %(file)s (%(size)s).")
                % {"file": output, "size": filesizeformat(len(content))}
            )
