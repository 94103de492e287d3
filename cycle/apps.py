from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CycleConfig(AppConfig):
    name = "cycle"
    verbose_name = _("Meeting cycle")

    def ready(self) -> None:
        # The receivers and hooks import the planning and the views when they first run.
        from cycle import receivers
        from milestones.extensions import (
            DASHBOARD_PANELS,
            LANE_MEETINGS,
            SHIFT_CHECKS,
            VERSION_PARTS,
            register,
        )
        from phases.panels import register_gate_panel

        register_gate_panel(receivers.gate_route_panel)
        register(SHIFT_CHECKS, receivers.shift_check)
        register(DASHBOARD_PANELS, receivers.dashboard_panel)
        register(LANE_MEETINGS, receivers.lane_meetings)
        register(VERSION_PARTS, receivers.version_part)
