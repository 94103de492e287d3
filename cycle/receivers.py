"""What the meeting cycle does when something elsewhere changes (connected in CycleConfig):
the demo routes after the demo data; chains recomputed when a meeting is cancelled or
restored, a gate moves, or someone moves a procedure step later."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext

from cycle.demo import ROUTES_FILE, load_routes
from cycle.models import BodyMeeting, GatePlan, ProcedureStep
from cycle.procedure import is_syncing, recompute, recompute_for_body
from milestones.demo import demo_loaded
from milestones.models import Milestone
from phases.fuzzy import local_today
from phases.models import Gate, MeetingCancellation


@receiver(demo_loaded, dispatch_uid="cycle-demo-routes")
def load_demo_routes(sender, *, directory, **kwargs) -> None:
    load_routes(path=directory / ROUTES_FILE)


@receiver(post_save, sender=MeetingCancellation, dispatch_uid="cycle-cancelled")
@receiver(post_delete, sender=MeetingCancellation, dispatch_uid="cycle-restored")
def series_meeting_changed(sender, instance: MeetingCancellation, **kwargs) -> None:
    recompute_for_body(instance.series.target_group_id)


@receiver(post_save, sender=BodyMeeting, dispatch_uid="cycle-meeting-saved")
@receiver(post_delete, sender=BodyMeeting, dispatch_uid="cycle-meeting-deleted")
def body_meeting_changed(sender, instance: BodyMeeting, **kwargs) -> None:
    recompute_for_body(instance.body_id)


@receiver(post_save, sender=Gate, dispatch_uid="cycle-gate-moved")
def gate_moved(sender, instance: Gate, **kwargs) -> None:
    if is_syncing(instance):
        return
    plans = list(GatePlan.objects.filter(gate=instance))
    if plans:
        recompute(plans, today=local_today(), reason=gettext("Gate moved"))


@receiver(post_save, sender=Milestone, dispatch_uid="cycle-step-moved")
def procedure_step_moved(sender, instance: Milestone, **kwargs) -> None:
    """A step moved later by hand may not happen before its new day: the chain is checked
    against it (and the gate warns when its meeting is out of reach)."""
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
