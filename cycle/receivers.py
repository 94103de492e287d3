"""What the meeting cycle does when something elsewhere changes (connected in CycleConfig):
the demo routes after the demo data; chains recomputed when a meeting is cancelled or
restored, a gate moves, or someone moves a procedure step later. And the hooks it registers
with milestones and phases (the gate's decision route, the shift check, the dashboard panel,
the timeline's meeting days).

Every process loads this module at start-up, a management command too, so the planning,
the demo loader and the views are imported when a receiver or a hook first runs, not here.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Mapping

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils.translation import gettext

from cycle.models import BodyMeeting, GatePlan, ProcedureStep
from milestones.models import Milestone
from milestones.signals import demo_loaded
from phases.fuzzy import local_today
from phases.models import Gate, MeetingCancellation, Programme


@receiver(demo_loaded, dispatch_uid="cycle-demo-routes")
def load_demo_routes(sender, *, directory, **kwargs) -> None:
    from cycle.demo import ROUTES_FILE, load_routes

    load_routes(path=directory / ROUTES_FILE)


@receiver(post_save, sender=MeetingCancellation, dispatch_uid="cycle-cancelled")
@receiver(post_delete, sender=MeetingCancellation, dispatch_uid="cycle-restored")
def series_meeting_changed(sender, instance: MeetingCancellation, **kwargs) -> None:
    from cycle.procedure import recompute_for_body

    recompute_for_body(instance.series.target_group_id)


@receiver(post_save, sender=BodyMeeting, dispatch_uid="cycle-meeting-saved")
@receiver(post_delete, sender=BodyMeeting, dispatch_uid="cycle-meeting-deleted")
def body_meeting_changed(sender, instance: BodyMeeting, **kwargs) -> None:
    from cycle.procedure import recompute_for_body

    recompute_for_body(instance.body_id)


@receiver(post_save, sender=Gate, dispatch_uid="cycle-gate-moved")
def gate_moved(sender, instance: Gate, **kwargs) -> None:
    from cycle.procedure import is_syncing, recompute

    if is_syncing(instance):
        return
    plans = list(GatePlan.objects.filter(gate=instance))
    if plans:
        recompute(plans, today=local_today(), reason=gettext("Gate moved"))


@receiver(post_save, sender=Milestone, dispatch_uid="cycle-step-moved")
def procedure_step_moved(sender, instance: Milestone, **kwargs) -> None:
    """A step moved later by hand may not happen before its new day: the chain is checked
    against it (and the gate warns when its meeting is out of reach)."""
    from cycle.procedure import is_syncing, recompute

    if is_syncing(instance) or instance.start is None:
        return
    step = ProcedureStep.objects.filter(milestone=instance).select_related("plan").first()
    if step is None:
        return
    if step.not_before is None or instance.start > step.not_before:
        ProcedureStep.objects.filter(pk=step.pk).update(not_before=instance.start)
        recompute([step.plan], today=local_today(), reason=gettext("Procedure step moved"))


@receiver(post_delete, sender=ProcedureStep, dispatch_uid="cycle-step-deleted")
def procedure_step_deleted(sender, instance: ProcedureStep, **kwargs) -> None:
    """A gate (or its plan) deleted takes its procedure milestones along."""
    Milestone.objects.filter(pk=instance.milestone_id).delete()


def gate_route_panel(request: HttpRequest, gate: Gate) -> str:
    """The gate page's decision route (`cycle.views.gate_route_panel`)."""
    from cycle.views import gate_route_panel

    return gate_route_panel(request, gate)


def shift_check(shift_plan) -> list[str]:
    """The warnings of a shift preview (`cycle.risks.shift_check`)."""
    from cycle.risks import shift_check

    return shift_check(shift_plan)


def dashboard_panel(request: HttpRequest, programme: Programme, today: datetime.date) -> str:
    """The dashboard's decisions at risk (`cycle.risks.dashboard_panel`)."""
    from cycle.risks import dashboard_panel

    return dashboard_panel(request, programme, today)


def lane_meetings(
    programme: Programme, group_ids: Collection[int], first: datetime.date, last: datetime.date
) -> Mapping[int, list[datetime.date]]:
    """The meeting days the timeline marks on each group's lane (`cycle.risks.lane_meetings`)."""
    from cycle.risks import lane_meetings

    return lane_meetings(programme, group_ids, first, last)


def version_part(programme: Programme) -> list:
    """The council calendars in the programme's version (`cycle.calendars.version_part`)."""
    from cycle.calendars import version_part

    return version_part(programme)
