from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from phases.models import AccessLevel, Programme, ProgrammeMembership

LEVELS = {
    "viewer": AccessLevel.VIEWER,
    "secretary": AccessLevel.SECRETARY,
    "editor": AccessLevel.EDITOR,
}


class Command(BaseCommand):
    help = "Give a user access to a programme (viewer, secretary or editor), or take it away."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--programme", required=True, metavar="SLUG")
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--level", choices=sorted(LEVELS))
        group.add_argument("--revoke", action="store_true")

    def handle(
        self, *args, username: str, programme: str, level: str | None, revoke: bool, **options
    ) -> None:
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(_("There is no user “%(name)s”.") % {"name": username}) from None
        try:
            prog = Programme.objects.get(slug=programme)
        except Programme.DoesNotExist:
            raise CommandError(
                _("There is no programme with slug “%(slug)s”.") % {"slug": programme}
            ) from None

        if revoke:
            deleted, _unused = ProgrammeMembership.objects.filter(
                user=user, programme=prog
            ).delete()
            if deleted:
                self.stdout.write(
                    _("%(user)s no longer has access to %(programme)s.")
                    % {"user": username, "programme": prog.name}
                )
            else:
                self.stdout.write(
                    _("%(user)s had no access to %(programme)s; nothing changed.")
                    % {"user": username, "programme": prog.name}
                )
            return

        membership, _created = ProgrammeMembership.objects.update_or_create(
            user=user, programme=prog, defaults={"level": LEVELS[level]}
        )
        self.stdout.write(
            _("%(user)s is now %(level)s of %(programme)s.")
            % {"user": username, "level": membership.get_level_display(), "programme": prog.name}
        )
