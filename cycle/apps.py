from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CycleConfig(AppConfig):
    name = "cycle"
    verbose_name = _("Meeting cycle")

    def ready(self) -> None:
        from cycle import receivers  # noqa: F401  (demo routes, recomputing chains)
