"""manage.py plan_gate GATE_ID [--meeting YYYY-MM-DD | --earliest] [--preparation DAYS] [--json]

Plans a gate on its decision route and prints the chain: with --json a list of steps (body,
date, kind "meeting"/"deadline", rule); otherwise a summary in the reader's language. Without
--meeting or --earliest a planned gate is recomputed on today's calendars, an unplanned one
planned on the earliest possible meeting.
"""

from __future__ import annotations

import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cycle.models import GatePlan
from cycle.planning import PlanError
from cycle.procedure import plan_gate, recompute
from cycle.wording import summary
from phases.fuzzy import local_today
from phases.models import Gate


class Command(BaseCommand):
    help = "Plan a gate back from the meeting cycle of its deciding body and print the chain."

    def add_arguments(self, parser) -> None:
        parser.add_argument("gate_id", type=int)
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--meeting", type=datetime.date.fromisoformat, help="YYYY-MM-DD")
        group.add_argument("--earliest", action="store_true")
        parser.add_argument(
            "--preparation", type=int, default=0, help="Days before the first step."
        )
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, gate_id: int, meeting, earliest: bool, preparation: int, **options):
        gate = Gate.objects.select_related("phase__programme", "decider").filter(pk=gate_id).first()
        if gate is None:
            raise CommandError(_("No gate has id %(id)d.") % {"id": gate_id})
        today = local_today()
        plan = GatePlan.objects.filter(gate=gate).first()
        try:
            if meeting is None and not earliest and plan is not None:
                [chain] = recompute([plan], today=today, reason=_("Recomputed"))
            else:
                chain = plan_gate(
                    gate=gate,
                    today=today,
                    target=meeting,
                    earliest=earliest or meeting is None,
                    preparation_days=preparation,
                )
        except PlanError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps([step.as_json() for step in chain.steps], indent=2))
            return
        for line in summary(chain, gate_title=gate.title, today=today):
            self.stdout.write(line)
