"""The meeting cycle of decision bodies, decision routes and gates planned on a route.

Meetings and recesses belong to a body (a `TargetGroup`) and, optionally, an organisation:
shared by every programme of that organisation (none: by every programme). A body's meeting
series in Regie count as its meetings too (`cycle.calendars`), without being copied here.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cycle.chain import StepKind
from milestones.models import Milestone
from phases.models import Gate, Programme
from stakeholders.models import Organisation, TargetGroup


class BodyMeeting(models.Model):
    """One meeting day of a body: imported (.ics, .xlsx, .csv) or typed in."""

    class Source(models.TextChoices):
        IMPORT = "import", _("imported")
        TYPED = "typed", _("typed in")

    body = models.ForeignKey(
        TargetGroup, verbose_name=_("body"), on_delete=models.CASCADE, related_name="meetings"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="body_meetings",
    )
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    cancelled = models.BooleanField(_("cancelled"), default=False)
    source = models.CharField(_("source"), max_length=10, choices=Source, default=Source.TYPED)
    source_file = models.CharField(_("source file"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("meeting of a body")
        verbose_name_plural = _("meetings of bodies")
        ordering = ["body", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "organisation", "date"], name="bodymeeting_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body} {self.date:%Y-%m-%d}"


class Recess(models.Model):
    """A period a body does not meet: zomerreces, kerstreces."""

    body = models.ForeignKey(
        TargetGroup, verbose_name=_("body"), on_delete=models.CASCADE, related_name="recesses"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="recesses",
    )
    name = models.CharField(_("name"), max_length=100)
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))

    class Meta:
        verbose_name = _("recess")
        verbose_name_plural = _("recesses")
        ordering = ["body", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(start__lte=F("end")), name="recess_in_order"),
        ]

    def __str__(self) -> str:
        return f"{self.body}: {self.name}"


class RouteQuerySet(models.QuerySet["Route"]):
    def shipped(self) -> RouteQuerySet:
        return self.filter(programme__isnull=True, organisation__isnull=True)


class Route(models.Model):
    """A decision route (besluitvormingsroute): ordered steps ending in the deciding meeting.

    Of a programme, of an organisation, or neither: a shipped default.
    """

    name = models.CharField(_("name"), max_length=200)
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="decision_routes",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="decision_routes",
    )
    description = models.TextField(_("description"), blank=True)

    objects = RouteQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision route")
        verbose_name_plural = _("decision routes")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(programme__isnull=True) | Q(organisation__isnull=True),
                name="route_programme_or_organisation",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RouteStep(models.Model):
    """A step of a route: a meeting of `body` or a deadline, at least `days_before` days before
    its anchor step (the next step, unless `anchor` gives the order of a later one)."""

    route = models.ForeignKey(
        Route, verbose_name=_("route"), on_delete=models.CASCADE, related_name="steps"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    body = models.ForeignKey(
        TargetGroup, verbose_name=_("body"), on_delete=models.PROTECT, related_name="route_steps"
    )
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=[(StepKind.MEETING.value, _("meeting")), (StepKind.DEADLINE.value, _("deadline"))],
        default=StepKind.MEETING.value,
    )
    days_before = models.PositiveSmallIntegerField(_("at least days before"), default=0)
    anchor = models.PositiveSmallIntegerField(
        _("counted from step"),
        null=True,
        blank=True,
        help_text=_("The order of a later step; empty: the next step."),
    )

    class Meta:
        verbose_name = _("route step")
        verbose_name_plural = _("route steps")
        ordering = ["route", "order"]
        constraints = [
            models.UniqueConstraint(fields=["route", "order"], name="routestep_order_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.route}: {self.order}. {self.body}"


class GatePlan(models.Model):
    """A gate planned on a route: its target meeting and what the chain may not start before.

    `first_step` is the chain's first day when it was planned: when the gate is moved later
    (a phase shifted), the work before the first step moves with it.
    """

    gate = models.OneToOneField(
        Gate, verbose_name=_("gate"), on_delete=models.CASCADE, related_name="cycle_plan"
    )
    route = models.ForeignKey(
        Route, verbose_name=_("route"), on_delete=models.PROTECT, related_name="gate_plans"
    )
    target = models.DateField(_("target meeting"))
    earliest = models.BooleanField(_("earliest possible"), default=False)
    preparation_days = models.PositiveSmallIntegerField(_("preparation time (days)"), default=0)
    ready = models.DateField(_("ready for the first step"), null=True, blank=True)
    first_step = models.DateField(_("first step when planned"))
    planned_at = models.DateTimeField(_("planned at"), auto_now=True)

    class Meta:
        verbose_name = _("gate plan")
        verbose_name_plural = _("gate plans")

    def __str__(self) -> str:
        return f"{self.gate} → {self.target:%Y-%m-%d}"


class ProcedureStep(models.Model):
    """A computed step of a gate's chain, kept as a milestone (kind "procedurestap") so that
    it appears in the table, the timeline and the calendar feeds with a stable UID."""

    plan = models.ForeignKey(
        GatePlan, verbose_name=_("gate plan"), on_delete=models.CASCADE, related_name="steps"
    )
    index = models.PositiveSmallIntegerField(_("step"))
    milestone = models.OneToOneField(
        Milestone,
        verbose_name=_("milestone"),
        on_delete=models.CASCADE,
        related_name="procedure_step",
    )
    not_before = models.DateField(
        _("not before"),
        null=True,
        blank=True,
        help_text=_("Set when someone moved this step later than the chain put it."),
    )

    class Meta:
        verbose_name = _("procedure step")
        verbose_name_plural = _("procedure steps")
        ordering = ["plan", "index"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "index"], name="procedurestep_unique"),
        ]

    def __str__(self) -> str:
        return str(self.milestone)
