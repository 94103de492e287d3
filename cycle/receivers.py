"""What the meeting cycle does when something elsewhere changes (connected in CycleConfig)."""

from __future__ import annotations

from django.dispatch import receiver

from cycle.demo import ROUTES_FILE, load_routes
from milestones.demo import demo_loaded


@receiver(demo_loaded, dispatch_uid="cycle-demo-routes")
def load_demo_routes(sender, *, directory, **kwargs) -> None:
    load_routes(path=directory / ROUTES_FILE)
