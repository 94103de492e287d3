"""``manage.py take_baseline --programme SLUG --name NAME [--note TEXT]``: prints the new id.

Exit status 2 for a programme that does not exist.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _

from milestones.baselines.taking import take_baseline
from phases.models import Programme


class Command(BaseCommand):
    help = "Store a programme's plan as it stands now as a baseline, and print its id."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--programme", required=True, metavar="SLUG")
        parser.add_argument("--name", required=True)
        parser.add_argument("--note", default="")

    def handle(self, *args, programme: str, name: str, note: str, **options) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            found = Programme.objects.filter(slug=programme).first()
            if found is None:
                self.stderr.write(_("There is no programme “%(slug)s”.") % {"slug": programme})
                raise SystemExit(2)
            baseline = take_baseline(programme=found, name=name, note=note)
        self.stdout.write(str(baseline.pk))
