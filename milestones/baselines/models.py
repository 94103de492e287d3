"""Baselines: the plan of a programme as it stood at a moment (imported by milestones.models)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from phases.models import Gate, Programme


class Baseline(models.Model):
    """A snapshot of every dated item of a programme (`items`: see `baselines.snapshot`).

    The snapshot is one compact JSON list, read in one query: comparing a programme of a
    thousand milestones with it needs no join and no history.
    """

    class Kind(models.TextChoices):
        MANUAL = "manual", _("taken by hand")
        GATE = "gate", _("gate approved")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="baselines"
    )
    name = models.CharField(_("name"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.MANUAL)
    gate = models.ForeignKey(
        Gate,
        verbose_name=_("gate"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="baselines",
    )
    taken_at = models.DateTimeField(_("taken at"))
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("taken by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    items = models.JSONField(_("items"), default=list, editable=False)

    class Meta:
        app_label = "milestones"
        verbose_name = _("baseline")
        verbose_name_plural = _("baselines")
        ordering = ["programme", "-taken_at", "-pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("milestones:changes", args=[self.programme.slug]) + f"?baseline={self.pk}"
