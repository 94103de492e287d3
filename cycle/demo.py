"""The shipped decision routes and the demo programmes' own routes
(fixtures/demo/cycle/routes.toml), loaded after the demo programmes (`demo_loaded`)."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.db import transaction

from cycle.models import Route, RouteStep
from phases.models import Programme
from stakeholders.models import TargetGroup

ROUTES_FILE = "cycle/routes.toml"


def load_routes(*, path: Path) -> list[Route]:
    """Create or renew the routes of `path`; a programme's route waits for its programme."""
    if not path.exists():
        return []
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    loaded = []
    with transaction.atomic():
        for item in data.get("routes", []):
            route = _load_route(item)
            if route is not None:
                loaded.append(route)
    return loaded


def _load_route(item: Mapping[str, Any]) -> Route | None:
    programme = None
    if item.get("programme"):
        programme = Programme.objects.filter(slug=item["programme"]).first()
        if programme is None:
            return None
    route, _created = Route.objects.update_or_create(
        name=item["name"],
        programme=programme,
        organisation=None,
        defaults={"description": item.get("description", "")},
    )
    route.steps.all().delete()
    groups, _new = TargetGroup.objects.resolve([step["body"] for step in item["steps"]])
    by_name = {group.name.casefold(): group for group in groups}
    RouteStep.objects.bulk_create(
        RouteStep(
            route=route,
            order=step["order"],
            body=by_name.get(step["body"].casefold()) or TargetGroup.objects.match(step["body"]),
            kind=step.get("kind", "meeting"),
            days_before=step.get("days_before", 0),
            anchor=step.get("anchor"),
        )
        for step in item["steps"]
    )
    return route
