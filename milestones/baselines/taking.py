"""Taking a baseline: by hand, by command, and when a gate is approved."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext
from simple_history.models import HistoricalRecords

from milestones.baselines.models import Baseline
from milestones.baselines.snapshot import plan_of, plan_to_json
from milestones.dated_items import programme_items
from phases.fuzzy import local_today
from phases.models import Gate, Programme
from phases.presentation import EMPTY, format_day


def take_baseline(
    *,
    programme: Programme,
    name: str,
    note: str = "",
    user=None,
    gate: Gate | None = None,
) -> Baseline:
    """Store the plan of `programme` as it stands now."""
    items = programme_items(programme=programme, today=local_today())
    return Baseline.objects.create(
        programme=programme,
        name=name[: Baseline._meta.get_field("name").max_length],
        note=note,
        kind=Baseline.Kind.GATE if gate is not None else Baseline.Kind.MANUAL,
        gate=gate,
        taken_at=timezone.now(),
        taken_by=user if user is not None and user.is_authenticated else None,
        items=plan_to_json(plan_of(items)),
    )


def gate_baseline_name(gate: Gate) -> str:
    if gate.reference:
        return gettext("%(gate)s (%(reference)s)") % {
            "gate": gate.title,
            "reference": gate.reference,
        }
    return gate.title


def baseline_on_approval(sender, instance: Gate, raw: bool = False, **kwargs) -> None:
    """The approved plan is the baseline of the next phase: one baseline per approval.

    Phases may not know milestones, so the gate's save is heard here (connected in
    `milestones.receivers`). A gate approved again after another outcome gets a new
    baseline; saving an approved gate again does not.
    """
    if raw or instance.outcome != Gate.Outcome.APPROVED:
        return
    latest = Baseline.objects.filter(gate=instance).order_by("-taken_at", "-pk").first()
    if latest is not None and not _outcome_changed_since(instance, latest):
        return
    take_baseline(
        programme=instance.phase.programme,
        name=gate_baseline_name(instance),
        note=gettext("Taken when the gate was approved on %(day)s.")
        % {"day": format_day(instance.decided_on) if instance.decided_on else EMPTY},
        gate=instance,
        user=_request_user(),
    )


def _outcome_changed_since(gate: Gate, baseline: Baseline) -> bool:
    """Whether the gate had another outcome after `baseline` was taken."""
    return (
        Gate.history.filter(id=gate.pk, history_date__gt=baseline.taken_at)
        .exclude(outcome=Gate.Outcome.APPROVED)
        .exists()
    )


def _request_user():
    """Who is saving, when the save comes from a request (django-simple-history keeps it)."""
    request = getattr(HistoricalRecords.context, "request", None)
    return getattr(request, "user", None)
