from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CycleConfig(AppConfig):
    name = "cycle"
    verbose_name = _("Meeting cycle")

    def ready(self) -> None:
        from cycle import receivers  # noqa: F401  (demo routes, recomputing chains)
        from cycle.views import gate_route_panel
        from phases.panels import register_gate_panel

        register_gate_panel(gate_route_panel)
