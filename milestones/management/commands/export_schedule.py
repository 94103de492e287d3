"""``manage.py export_schedule --programme SLUG --format json|csv|xlsx [-o FILE]``.

Without ``-o`` the export goes to standard output (``> file.xlsx`` works too).
Exit status 2 for a programme that does not exist.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext as _

from milestones.exports import EXPORTERS, export_schedule
from phases.models import Programme


class Command(BaseCommand):
    help = "Export a programme's schedule as JSON, CSV (Dutch Excel) or an Excel workbook."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--programme", required=True, metavar="SLUG")
        parser.add_argument("--format", required=True, choices=sorted(EXPORTERS), dest="format")
        parser.add_argument("-o", "--output", metavar="FILE", help="Default: standard output.")

    def handle(self, *args, programme: str, format: str, output: str | None, **options) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            self.export(programme, format, output)

    def export(self, programme: str, format: str, output: str | None) -> None:
        found = Programme.objects.filter(slug=programme).first()
        if found is None:
            self.stderr.write(_("There is no programme “%(slug)s”.") % {"slug": programme})
            raise SystemExit(2)
        name, _content_type, content = export_schedule(identifier=format, programme=found)
        if output:
            Path(output).write_bytes(content)
            self.stdout.write(
                _("Wrote %(file)s (%(size)s).")
                % {"file": output, "size": filesizeformat(len(content))}
            )
            return
        buffer = getattr(self.stdout, "buffer", None)
        if buffer is not None:
            self.stdout.flush()
            buffer.write(content)
            buffer.flush()
        elif format == "xlsx":
            self.stderr.write(
                _("An Excel workbook is binary: give -o FILE (e.g. %(name)s).") % {"name": name}
            )
            raise SystemExit(2)
        else:
            self.stdout.write(content.decode("utf-8-sig"), ending="")
