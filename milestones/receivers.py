"""What milestones does when a phase's gate changes (connected in MilestonesConfig).

Every process loads this module at start-up, so the receiver imports its work
(`milestones.baselines.taking`: the plan's snapshot) when a gate is first saved.
"""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from phases.models import Gate


@receiver(post_save, sender=Gate, dispatch_uid="baseline-on-gate-approval")
def baseline_on_approval(sender, instance: Gate, **kwargs) -> None:
    """An approved gate takes a baseline (`taking.baseline_on_approval`)."""
    from milestones.baselines.taking import baseline_on_approval

    baseline_on_approval(sender, instance, **kwargs)
