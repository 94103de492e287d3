import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from milestones.loadgen import generate_load


class Command(BaseCommand):
    help = "Add generated programmes with milestones, for benchmarks and load tests."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--programmes", type=int, required=True, metavar="N")
        parser.add_argument("--milestones-per-programme", type=int, required=True, metavar="M")
        parser.add_argument("--seed", type=int, default=1, metavar="S")

    def handle(
        self, *args, programmes: int, milestones_per_programme: int, seed: int, **options
    ) -> None:
        if programmes < 1 or milestones_per_programme < 0:
            raise CommandError(_("Give at least one programme and zero or more milestones."))
        began = time.perf_counter()
        result = generate_load(
            programmes=programmes, milestones_per_programme=milestones_per_programme, seed=seed
        )
        self.stdout.write(
            _("%(programmes)d programmes with %(milestones)d milestones added in %(seconds).1f s.")
            % {
                "programmes": result.programmes,
                "milestones": result.milestones,
                "seconds": time.perf_counter() - began,
            }
        )
