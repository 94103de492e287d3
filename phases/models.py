"""Programmes, access, phases, gates, deliverables, roles and meeting series."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from phases.fuzzy import (
    FuzzyDateModel,
    FuzzyDateQuerySet,
    VersionedModel,
    fuzzy_date_constraints,
)
from stakeholders.models import Organisation, Person, TargetGroup
from stakeholders.text import SingleLineCharFields


class AccessLevel(models.IntegerChoices):
    """What a member may do in a programme; each level includes the ones below it."""

    VIEWER = 10, _("viewer")
    SECRETARY = 20, _("secretary")
    EDITOR = 30, _("editor")


class ProgrammeQuerySet(models.QuerySet["Programme"]):
    def for_user(self, user, level: AccessLevel = AccessLevel.VIEWER) -> ProgrammeQuerySet:
        """The programmes `user` may see (or, with a higher `level`, work on).

        The one access rule of Regie: staff see and edit everything; anyone else needs an
        active membership of at least `level`. Every screen, feed and export filters with it.
        """
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_staff:
            return self.all()
        return self.filter(memberships__user=user, memberships__level__gte=level).distinct()


class Programme(VersionedModel):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("web address (short)"),
        max_length=100,
        unique=True,
        help_text=_(
            "The programme's short name in its web address: “sociale-agenda” gives "
            "/programmes/sociale-agenda/. Lower-case letters, digits and hyphens."
        ),
    )
    year = models.PositiveSmallIntegerField(
        _("year the planning starts in"),
        help_text=_(
            "Dates written without a year (“1 maart”, “week 12”) are read in this year; a "
            "later date that falls before an earlier one counts in the next year."
        ),
    )
    description = models.TextField(_("description"), blank=True)
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("owner organisations"), blank=True, related_name="programmes"
    )
    owner_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("owner bodies"), blank=True, related_name="owned_programmes"
    )
    steering_series = models.ForeignKey(
        "MeetingSeries",
        verbose_name=_("steering meeting"),
        help_text=_(
            "The meetings “what moved since we last met” counts from. Left empty: the series of "
            "the Stuurgroep, else of one of the owner bodies."
        ),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ProgrammeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=1900, year__lte=2200), name="programme_year_range"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programme", args=[self.slug])

    def access_level(self, user) -> AccessLevel | None:
        """The level `user` has here (staff: editor), or None."""
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        if user.is_staff:
            return AccessLevel.EDITOR
        level = self.memberships.filter(user=user).values_list("level", flat=True).first()
        return AccessLevel(level) if level is not None else None

    def allows(self, user, level: AccessLevel = AccessLevel.VIEWER) -> bool:
        have = self.access_level(user)
        return have is not None and have >= level


class ProgrammeMembership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="programme_memberships",
    )
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="memberships"
    )
    level = models.PositiveSmallIntegerField(
        _("access level"), choices=AccessLevel, default=AccessLevel.VIEWER
    )

    class Meta:
        verbose_name = _("programme membership")
        verbose_name_plural = _("programme memberships")
        ordering = ["programme", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "programme"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.programme} ({self.get_level_display()})"


class ProgrammeRole(SingleLineCharFields, models.Model):
    """Someone's part in a programme's organisation (seed documents, "Projectorganisatie")."""

    class Kind(models.TextChoices):
        INITIATOR = "initiator", _("initiator (initiatiefnemer)")
        SPONSOR = "sponsor", _("sponsor (opdrachtgever)")
        DELEGATED_SPONSOR = "delegated_sponsor", _("delegated sponsor (gedelegeerd opdrachtgever)")
        PORTFOLIO_HOLDER = "portfolio_holder", _("portfolio holder (portefeuillehouder)")
        BUDGET_HOLDER = "budget_holder", _("budget holder (budgethouder)")
        LEAD_PARTNER = "lead_partner", _("lead partner (penvoerder)")
        PROJECT_LEADER = "project_leader", _("project leader (projectleider)")
        SECRETARY = "secretary", _("project secretary (projectsecretaris)")
        CONTRACTOR = "contractor", _("contractor (opdrachtnemer)")
        FACILITATOR = "facilitator", _("process facilitator (procesbegeleider)")
        MEMBER = "member", _("team member (teamlid)")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="roles"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="roles"
    )
    kind = models.CharField(_("role"), max_length=30, choices=Kind)
    responsibilities = models.CharField(_("task and responsibilities"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("programme role")
        verbose_name_plural = _("programme roles")
        ordering = ["programme", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_kind_display()}"


class WorkStatus(models.TextChoices):
    """Status of a deliverable or a milestone."""

    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


#: A deliverable or milestone in these states is finished: never late.
CLOSED_WORK = (WorkStatus.DONE, WorkStatus.CANCELLED)


class PhaseQuerySet(FuzzyDateQuerySet):
    def visible_to(self, user) -> PhaseQuerySet:
        return self.filter(programme__in=Programme.objects.for_user(user))


class Phase(FuzzyDateModel):
    """A stage of a programme. It is late when its own end has passed and it is not done;
    the late work inside it is counted separately (dashboard)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        RUNNING = "running", _("running")
        DONE = "done", _("done")

    status_field = "status"
    closed_statuses = (Status.DONE,)

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="phases"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=200)
    goal = models.TextField(_("goal"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PLANNED)
    result = models.CharField(
        _("result"),
        max_length=300,
        blank=True,
        help_text=_("What the phase delivers when it is finished."),
    )
    start_override_reason = models.TextField(
        _("reason to start before the gate"),
        blank=True,
        help_text=_(
            "Only needed to mark the phase running while the gate before it is not approved; "
            "kept with the phase."
        ),
    )

    objects = PhaseQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["programme", "order"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "order"], name="phase_order_unique"),
            *fuzzy_date_constraints("phase"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("phases:phase", args=[self.pk])

    def date_context_year(self) -> int:
        return self.programme.year

    def previous(self) -> Phase | None:
        return (
            Phase.objects.filter(programme_id=self.programme_id, order__lt=self.order)
            .order_by("-order")
            .first()
        )

    def gates_blocking_start(self) -> list[Gate]:
        """The gates that end the phase before this one and are not approved yet."""
        previous = self.previous()
        if previous is None:
            return []
        return [gate for gate in previous.gates.all() if gate.outcome != Gate.Outcome.APPROVED]

    def becomes_running(self) -> bool:
        if self.status != self.Status.RUNNING:
            return False
        if self.pk is None:
            return True
        stored = Phase.objects.filter(pk=self.pk).values_list("status", flat=True).first()
        return stored != self.Status.RUNNING

    def clean(self) -> None:
        super().clean()
        if not self.becomes_running() or self.start_override_reason.strip():
            return
        blocking = self.gates_blocking_start()
        if blocking:
            raise ValidationError(
                {
                    "status": _(
                        "This phase can only run once the gate before it is approved: "
                        "%(gates)s. Record the decision first, or give a reason to start anyway."
                    )
                    % {
                        "gates": "; ".join(
                            f"“{gate.title}” ({gate.get_outcome_display()})" for gate in blocking
                        )
                    }
                }
            )


class GateQuerySet(FuzzyDateQuerySet):
    pass


class Gate(FuzzyDateModel):
    """The decision that ends a phase and opens the next ("Besluitvorming door College…").

    It is late when its date has passed and no decision is recorded (the outcome is open).
    """

    class Outcome(models.TextChoices):
        OPEN = "open", _("open")
        APPROVED = "approved", _("approved")
        DEFERRED = "deferred", _("deferred")
        REJECTED = "rejected", _("rejected")

    status_field = "outcome"
    closed_statuses = (Outcome.APPROVED, Outcome.DEFERRED, Outcome.REJECTED)

    phase = models.ForeignKey(
        Phase, verbose_name=_("phase"), on_delete=models.CASCADE, related_name="gates"
    )
    title = models.CharField(_("title"), max_length=300)
    decider = models.ForeignKey(
        TargetGroup,
        verbose_name=_("decided by (body)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="gates",
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome, default=Outcome.OPEN)
    decided_on = models.DateField(_("date decided"), null=True, blank=True)
    meeting = models.ForeignKey(
        "MeetingSeries",
        verbose_name=_("decided at the meeting of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decided_gates",
        help_text=_("The series whose meeting on the date decided took the decision."),
    )
    reference = models.CharField(
        _("reference"),
        max_length=200,
        blank=True,
        help_text=_("Decision number (besluitnummer), e.g. “B&W 2025/123”."),
    )
    reference_url = models.URLField(
        _("link to the decision"), max_length=500, blank=True, help_text=_("Where it is published.")
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = GateQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("gate")
        verbose_name_plural = _("gates")
        ordering = ["phase", "end", "pk"]
        constraints = fuzzy_date_constraints("gate")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("phases:gate", args=[self.pk])

    @property
    def programme(self) -> Programme:
        return self.phase.programme

    def date_context_year(self) -> int:
        return self.phase.programme.year

    @property
    def is_decided(self) -> bool:
        return self.outcome != self.Outcome.OPEN

    def clean(self) -> None:
        super().clean()
        if self.outcome == self.Outcome.OPEN and self.decided_on:
            raise ValidationError(
                {"decided_on": _("An open gate has no decision date; record the outcome too.")}
            )
        if self.outcome != self.Outcome.OPEN and not self.decided_on:
            raise ValidationError({"decided_on": _("Give the date of the decision.")})


class DeliverableQuerySet(FuzzyDateQuerySet):
    pass


class Deliverable(FuzzyDateModel):
    """A product a phase delivers (a document, a decision, a plan); its deadline is `end`.

    It is late when its deadline has passed and it is neither done nor cancelled.
    """

    status_field = "status"
    closed_statuses = CLOSED_WORK

    phase = models.ForeignKey(
        Phase, verbose_name=_("phase"), on_delete=models.CASCADE, related_name="deliverables"
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=WorkStatus, default=WorkStatus.PLANNED
    )

    objects = DeliverableQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")
        ordering = ["phase", "end", "pk"]
        constraints = fuzzy_date_constraints("deliverable")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("phases:deliverable", args=[self.pk])

    @property
    def programme(self) -> Programme:
        return self.phase.programme

    def date_context_year(self) -> int:
        return self.phase.programme.year


class MeetingSeries(VersionedModel):
    """A body's recurring meeting ("Projectgroep 1x per 2 weken, donderdag 12:00–13:00")."""

    class Frequency(models.TextChoices):
        DAILY = "DAILY", _("daily")
        WEEKLY = "WEEKLY", _("weekly")
        MONTHLY = "MONTHLY", _("monthly")
        YEARLY = "YEARLY", _("yearly")

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="meeting_series",
    )
    name = models.CharField(_("name"), max_length=200)
    target_group = models.ForeignKey(
        TargetGroup,
        verbose_name=_("target group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_series",
    )
    frequency = models.CharField(
        _("frequency"),
        max_length=10,
        choices=Frequency,
        blank=True,
        help_text=_("Leave empty when the meetings have no fixed rhythm."),
    )
    interval = models.PositiveSmallIntegerField(
        _("every how many"),
        default=1,
        help_text=_("1: every week (or month); 2 with weekly: every other week."),
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday, null=True, blank=True)
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    first_date = models.DateField(_("first date"))
    last_date = models.DateField(_("last date"), null=True, blank=True)
    rhythm_text = models.CharField(
        _("rhythm (as written)"),
        max_length=200,
        blank=True,
        help_text=_("The rhythm in your own words, e.g. “1 x 2 weken (december – april)”."),
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting series")
        verbose_name_plural = pgettext_lazy("plural", "meeting series")
        ordering = ["programme", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(interval__gte=1), name="meetingseries_interval"),
            models.CheckConstraint(
                condition=Q(last_date__isnull=True) | Q(last_date__gte=F("first_date")),
                name="meetingseries_dates_in_order",
            ),
            models.CheckConstraint(
                condition=Q(end_time__isnull=True)
                | Q(start_time__isnull=False, end_time__gt=F("start_time")),
                name="meetingseries_times_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("meeting", args=[self.pk])  # a project-wide name (config/urls.py)

    @property
    def is_recurring(self) -> bool:
        return bool(self.frequency)

    @property
    def has_time_of_day(self) -> bool:
        return self.start_time is not None

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.last_date and self.first_date and self.last_date < self.first_date:
            errors["last_date"] = _("The last date lies before the first date.")
        if self.end_time and not self.start_time:
            errors["start_time"] = _("An end time needs a start time.")
        elif self.end_time and self.start_time and self.end_time <= self.start_time:
            errors["end_time"] = _("The end time must be after the start time.")
        if self.weekday is not None and self.frequency != self.Frequency.WEEKLY:
            errors["weekday"] = _("A weekday only fits a weekly rhythm.")
        if errors:
            raise ValidationError(errors)


class MeetingCancellation(SingleLineCharFields, models.Model):
    """One occurrence of a meeting series that does not take place on its day.

    Without `moved_to` it is cancelled (EXDATE in calendars); with it, it takes place that day
    instead (an event with RECURRENCE-ID in calendars, so that Outlook moves it).
    """

    series = models.ForeignKey(
        MeetingSeries,
        verbose_name=_("meeting series"),
        on_delete=models.CASCADE,
        related_name="cancellations",
    )
    date = models.DateField(_("date"))
    moved_to = models.DateField(
        _("moved to"),
        null=True,
        blank=True,
        help_text=_("Empty: the meeting does not take place. A day: it takes place then instead."),
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("cancelled meeting")
        verbose_name_plural = _("cancelled meetings")
        ordering = ["series", "date"]
        constraints = [
            models.UniqueConstraint(fields=["series", "date"], name="meetingcancellation_unique"),
            models.CheckConstraint(
                condition=~Q(moved_to=F("date")), name="meetingcancellation_moved_elsewhere"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.series} – {self.date:%Y-%m-%d}"
