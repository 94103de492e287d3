from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CycleConfig(AppConfig):
    name = "cycle"
    verbose_name = _("Meeting cycle")

    def ready(self) -> None:
        from cycle import receivers  # noqa: F401  (demo routes, recomputing chains)
        from cycle.calendars import version_part
        from cycle.risks import dashboard_panel, lane_meetings, shift_check
        from cycle.views import gate_route_panel
        from milestones.extensions import (
            DASHBOARD_PANELS,
            LANE_MEETINGS,
            SHIFT_CHECKS,
            VERSION_PARTS,
            register,
        )
        from phases.panels import register_gate_panel

        register_gate_panel(gate_route_panel)
        register(SHIFT_CHECKS, shift_check)
        register(DASHBOARD_PANELS, dashboard_panel)
        register(LANE_MEETINGS, lane_meetings)
        register(VERSION_PARTS, version_part)
