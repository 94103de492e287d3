from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from milestones.demo import (
    DemoDataError,
    demo_editor,
    demo_programmes,
    ensure_demo_users,
    grant_demo_access,
    load_demo,
    users_allowed,
)


class Command(BaseCommand):
    help = (
        "Load the demo programmes built from the seed documents (one per seed), the "
        "target-group catalogue and the demo users. Existing demo programmes are left alone; "
        "the living programme is placed around the day it is created."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--reset", action="store_true", help="Delete the demo programmes and create them anew."
        )
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Give the existing demo users new passwords (and print them).",
        )

    def handle(self, *args, reset: bool, reset_passwords: bool, **options) -> None:
        allowed = users_allowed()
        try:
            with transaction.atomic():
                # The users first: the living programme's history names the project leader.
                users = ensure_demo_users(reset_passwords=reset_passwords) if allowed else []
                result = load_demo(reset=reset, editor=demo_editor() if allowed else None)
                if allowed:
                    grant_demo_access(programmes=demo_programmes())
        except DemoDataError as exc:
            raise CommandError(str(exc)) from exc

        if result.new_groups:
            self.stdout.write(
                _("Target groups added to the catalogue: %(names)s.")
                % {"names": ", ".join(result.new_groups)}
            )
        for item in result.programmes:
            programme = item.programme
            if item.replaced:
                message = _("Recreated programme “%(name)s” (%(slug)s).")
            elif item.created:
                message = _("Created programme “%(name)s” (%(slug)s).")
            else:
                message = _(
                    "Programme “%(name)s” (%(slug)s) already exists and was left alone "
                    "(use --reset to recreate it)."
                )
            self.stdout.write(message % {"name": programme.name, "slug": programme.slug})
            counts = item.counts
            self.stdout.write(
                "  "
                + _(
                    "phases: %(phases)d, gates: %(gates)d, deliverables: %(deliverables)d, "
                    "milestones: %(milestones)d, involvements: %(involvements)d, "
                    "roles: %(roles)d, meeting series: %(meetings)d"
                )
                % {
                    "phases": counts.phases,
                    "gates": counts.gates,
                    "deliverables": counts.deliverables,
                    "milestones": counts.milestones,
                    "involvements": counts.involvements,
                    "roles": counts.roles,
                    "meetings": counts.meeting_series,
                }
            )
            if item.new_groups:
                self.stdout.write(
                    "  "
                    + _("New target groups: %(names)s.") % {"names": ", ".join(item.new_groups)}
                )

        if not allowed:
            self.stdout.write(
                _(
                    "No demo users were created: DEBUG and TESTING are both off. Create users "
                    "with createsuperuser and give them access with grant_access."
                )
            )
            return
        for user in users:
            if user.created:
                message = _("Created user %(username)s with password %(password)s")
            elif user.password:
                message = _("New password for user %(username)s: %(password)s")
            else:
                message = _("User %(username)s already exists; password unchanged.")
            self.stdout.write(message % {"username": user.username, "password": user.password})
