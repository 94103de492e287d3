from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MilestonesConfig(AppConfig):
    name = "milestones"
    verbose_name = _("Milestones")

    def ready(self) -> None:
        from milestones import receivers  # noqa: F401  (a gate's approval takes a baseline)
        from milestones.calendars import prerender

        prerender.connect()  # feeds rendered in the background after a change
