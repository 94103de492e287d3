"""Panels that apps built on phases add to a gate's page (the decision route of `cycle`).

phases imports no app above it, so those apps register a function here in their
`AppConfig.ready()`; the gate page shows what each returns (HTML, or "" for nothing).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest

from phases.models import Gate

GatePanel = Callable[[HttpRequest, Gate], str]
GATE_PANELS: list[GatePanel] = []


def register_gate_panel(panel: GatePanel) -> GatePanel:
    if panel not in GATE_PANELS:
        GATE_PANELS.append(panel)
    return panel


def gate_panels(request: HttpRequest, gate: Gate) -> list[str]:
    return [html for panel in GATE_PANELS if (html := panel(request, gate))]
