"""Milestones and who is involved in them."""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.query import ValuesIterable
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from phases.fuzzy import FuzzyDateModel, FuzzyDateQuerySet, fuzzy_date_constraints, local_today
from phases.models import CLOSED_WORK, Deliverable, Phase, Programme, WorkStatus
from phases.presentation import format_moment
from stakeholders.models import TargetGroup
from stakeholders.text import SingleLineCharFields


class MilestoneQuerySet(FuzzyDateQuerySet):
    def visible_to(self, user) -> MilestoneQuerySet:
        return self.filter(programme__in=Programme.objects.for_user(user))

    def for_programme(self, programme: Programme) -> MilestoneQuerySet:
        return self.filter(programme=programme)

    def for_target_group(self, group: TargetGroup) -> MilestoneQuerySet:
        return self.filter(involvements__target_group=group)

    def for_table(self) -> MilestoneQuerySet:
        """The milestones as rows of the milestone table (`TableRow`): read as values, since
        fifty model instances a page cost more than writing the rows. The groups' names come
        from `Involvement.objects.group_names()`, cheaper than a prefetch of objects."""
        columns = [field.name for field in dataclasses.fields(TableRow)]
        rows = self.values(*columns[:-1], phase_name=models.F("phase__name"))
        rows._iterable_class = TableRows  # as values() itself chooses what its rows are
        return rows

    def with_related(self) -> MilestoneQuerySet:
        return self.select_related("programme", "phase").prefetch_related(
            models.Prefetch(
                "involvements", queryset=Involvement.objects.select_related("target_group")
            )
        )


@dataclasses.dataclass(frozen=True, slots=True)
class TableRow:
    """A milestone as the milestone table shows it (`MilestoneQuerySet.for_table`), with the
    model's rules for what it read; `phase_name` comes last."""

    pk: int
    title: str
    is_optional: bool
    date_text: str
    start: datetime.date | None
    end: datetime.date | None
    precision: str
    status: str
    lead: str
    phase_name: str | None

    @property
    def needs_date_attention(self) -> bool:
        return Milestone.date_needs_attention(date_text=self.date_text, start=self.start)

    def is_late(self, today: datetime.date | None = None) -> bool:
        return Milestone.is_late_at(end=self.end, status=self.status, today=today or local_today())


class TableRows(ValuesIterable):
    """What a queryset of `for_table` yields: a `TableRow` for each row of values."""

    def __iter__(self):
        for values in super().__iter__():
            yield TableRow(**values)


class Milestone(FuzzyDateModel):
    """A moment aimed at target groups. Late: its deadline passed, neither done nor cancelled."""

    class WorkForm(models.TextChoices):
        PHYSICAL = "physical", _("in person (fysiek)")
        ONLINE = "online", _("online")
        HYBRID = "hybrid", _("hybrid")

    status_field = "status"
    closed_statuses = CLOSED_WORK

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="milestones"
    )
    phase = models.ForeignKey(
        Phase,
        verbose_name=_("phase"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="milestones",
    )
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=WorkStatus, default=WorkStatus.PLANNED
    )
    lead = models.CharField(
        _("lead"),
        max_length=200,
        blank=True,
        help_text=_("Who takes the lead: a person or a role."),
    )
    work_form = models.CharField(_("work form"), max_length=20, choices=WorkForm, blank=True)
    work_form_notes = models.CharField(
        _("work form notes"),
        max_length=300,
        blank=True,
        help_text=_("More about how it is done, e.g. “fysiek, kan ook online”."),
    )
    duration = models.CharField(
        _("duration"),
        max_length=200,
        blank=True,
        help_text=_("How long it takes, e.g. “2 sessies van 3 uur”."),
    )
    sessions = models.PositiveSmallIntegerField(_("number of sessions"), null=True, blank=True)
    participants = models.TextField(
        _("participants"),
        blank=True,
        help_text=_("Whose time is needed, e.g. “projectteam, 2 beleidsmedewerkers”."),
    )
    result = models.TextField(_("result"), blank=True)
    is_optional = models.BooleanField(
        _("optional"),
        default=False,
        help_text=_("Offered as an option: it happens only if the programme chooses it."),
    )
    notes = models.TextField(_("notes"), blank=True)
    target_groups = models.ManyToManyField(
        TargetGroup,
        verbose_name=_("target groups"),
        through="Involvement",
        blank=True,
        related_name="milestones",
    )
    deliverables = models.ManyToManyField(
        Deliverable,
        verbose_name=_("deliverables"),
        blank=True,
        related_name="milestones",
        help_text=_("Deliverables this milestone discusses or decides."),
    )
    source_file = models.CharField(_("source file"), max_length=255, blank=True)
    source_sheet = models.CharField(_("source sheet"), max_length=100, blank=True)
    source_row = models.PositiveIntegerField(_("source row"), null=True, blank=True)
    import_record = models.ForeignKey(
        "ImportRecord",
        verbose_name=_("import"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="milestones",
    )

    objects = MilestoneQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = [models.F("end").asc(nulls_last=True), "start", "pk"]
        indexes = [
            models.Index(fields=["programme", "end"], name="milestone_programme_end"),
            models.Index(fields=["programme", "status"], name="milestone_programme_status"),
        ]
        constraints = fuzzy_date_constraints("milestone")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("milestones:detail", args=[self.pk])

    def date_context_year(self) -> int:
        if self.programme_id is None:
            return datetime.date.today().year
        return self.programme.year

    def set_target_groups(
        self, groups, *, user=None, reason: str = "", saved: bool = False
    ) -> bool:
        """Involvements follow `groups`, with history; True when they changed.

        The one write path of target groups is `milestones.involvements`; see there
        (``saved``: this milestone was saved in the same write, so its version counts).
        """
        from milestones.involvements import set_target_groups

        return set_target_groups(self, groups, user=user, reason=reason, saved=saved)

    def clean(self) -> None:
        super().clean()
        if self.phase_id and self.programme_id and self.phase.programme_id != self.programme_id:
            raise ValidationError({"phase": _("This phase belongs to another programme.")})


class InvolvementQuerySet(models.QuerySet["Involvement"]):
    def group_names(self) -> dict[int, list[str]]:
        """The target groups' names by milestone id, in alphabetical order."""
        names: dict[int, list[str]] = {}
        rows = self.order_by("target_group__name").values_list("milestone_id", "target_group__name")
        for milestone_id, name in rows:
            names.setdefault(milestone_id, []).append(name)
        return names


class Involvement(models.Model):
    """One cell of the X-matrix: a target group takes part in a milestone (optionally RACI)."""

    class Raci(models.TextChoices):
        RESPONSIBLE = "R", _("R – responsible")
        ACCOUNTABLE = "A", _("A – accountable")
        CONSULTED = "C", _("C – consulted")
        INFORMED = "I", _("I – informed")

    milestone = models.ForeignKey(
        Milestone,
        verbose_name=_("milestone"),
        on_delete=models.CASCADE,
        related_name="involvements",
    )
    target_group = models.ForeignKey(
        TargetGroup,
        verbose_name=_("target group"),
        on_delete=models.PROTECT,
        related_name="involvements",
    )
    raci = models.CharField(_("RACI"), max_length=1, choices=Raci, blank=True)

    history = HistoricalRecords()

    objects = InvolvementQuerySet.as_manager()

    class Meta:
        verbose_name = _("involvement")
        verbose_name_plural = _("involvements")
        ordering = ["milestone", "target_group__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["milestone", "target_group"], name="involvement_unique"
            ),
            models.CheckConstraint(
                condition=Q(raci__in=["", "R", "A", "C", "I"]), name="involvement_raci_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target_group} – {self.milestone}"


class ImportRecord(models.Model):
    """One committed import of a source schedule: what came in, from which file, by whom."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="imports"
    )
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    sheet = models.CharField(_("sheet"), max_length=100, blank=True)
    year = models.PositiveSmallIntegerField(_("year the planning starts in"), null=True, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="imports",
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    undated = models.PositiveIntegerField(_("kept undated"), default=0)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    problems = models.JSONField(_("problems"), default=list, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({format_moment(self.imported_at)})"


PENDING_IMPORT_LIFETIME = datetime.timedelta(days=1)


class PendingImportQuerySet(models.QuerySet["PendingImport"]):
    def owned_by(self, user) -> PendingImportQuerySet:
        return self.filter(user_id=user.pk)

    def abandoned(self, now: datetime.datetime | None = None) -> PendingImportQuerySet:
        """Not touched for a day: a preview nobody confirmed or cancelled."""
        now = now or timezone.now()
        return self.filter(updated_at__lt=now - PENDING_IMPORT_LIFETIME)


class PendingImport(models.Model):
    """An uploaded schedule between the import wizard's upload and its confirm or cancel.

    The file's bytes are kept in the database, not on disk or in the session, so that any
    app server behind the load balancer can continue the import.  They are only ever read
    by the importer: never executed, never served back.  Only the uploading user sees it.
    """

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="pending_imports",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="pending_imports",
    )
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    data = models.BinaryField(_("content"))
    sheet = models.CharField(_("sheet"), max_length=100, blank=True)
    year = models.PositiveSmallIntegerField(_("year the planning starts in"), null=True, blank=True)
    # The choices made in the preview: [[sheet, row, date text], ...], [[sheet, row], ...]
    # and [sheet, ...] (sheets without a date column imported undated).
    corrections = models.JSONField(_("corrected dates"), default=list, blank=True)
    undated_rows = models.JSONField(_("rows kept undated"), default=list, blank=True)
    undated_sheets = models.JSONField(_("sheets kept undated"), default=list, blank=True)
    # Where the new milestones of a file that names no phases go: a phase's pk, 0 for none,
    # empty for as the file says (milestones.importing.plan.FlatList).
    phase_choice = models.PositiveIntegerField(_("phase chosen"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    objects = PendingImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("pending import")
        verbose_name_plural = _("pending imports")
        ordering = ["-updated_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({format_moment(self.created_at)})"

    def correction_map(self) -> dict[tuple[str, int], str]:
        return {(sheet, row): text for sheet, row, text in self.corrections}

    def undated_row_set(self) -> set[tuple[str, int]]:
        return {(sheet, row) for sheet, row in self.undated_rows}


# -- work in the background (milestones.tasks): a large import, a large report ----------------

#: A job whose worker has said nothing for this long is taken to have died with it.
STUCK_AFTER = datetime.timedelta(minutes=15)
#: A queued job not started after this long: the page says the worker may not run.
WAITING_LONG = datetime.timedelta(seconds=30)
#: Jobs (and the plans they keep) are removed a day after their last change.
JOB_LIFETIME = datetime.timedelta(days=1)


class JobQuerySet(models.QuerySet):
    def owned_by(self, user) -> JobQuerySet:
        return self.filter(user_id=user.pk)

    def expired(self, now: datetime.datetime | None = None) -> JobQuerySet:
        return self.filter(updated_at__lt=(now or timezone.now()) - JOB_LIFETIME)


class BackgroundJob(models.Model):
    """What a task does for a user, as a page shows it: waiting, running, done or failed
    (with the user's message), and whether its worker seems to have died."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED)
    error = models.TextField(_("error"), blank=True)  # the user's message, in their language
    language = models.CharField(_("language"), max_length=10, blank=True)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING) and not self.is_stuck

    @property
    def is_stuck(self) -> bool:
        """Queued or running, but nothing heard for :data:`STUCK_AFTER`."""
        if self.status not in (self.Status.QUEUED, self.Status.RUNNING):
            return False
        return self.updated_at < timezone.now() - STUCK_AFTER

    @property
    def is_waiting_long(self) -> bool:
        return self.status == self.Status.QUEUED and (
            self.updated_at < timezone.now() - WAITING_LONG
        )


class ImportJob(BackgroundJob):
    """One run of a task (``milestones.tasks``) on a large upload: reading it into a plan,
    or committing that plan.

    It records how far the work is (phase, rows read of the rows in the file) for the
    wizard's progress page, the user's message when it failed, and its result: the plan a
    reading made (stored once, so that the preview and the commit do not read the file
    again) or the import record a commit wrote.  Like a pending import it is its
    uploader's alone.
    """

    class Kind(models.TextChoices):
        READ = "read", _("reading")
        COMMIT = "commit", _("importing")

    class Phase(models.TextChoices):
        READING = "reading", _("reading")
        COMPARING = "comparing", _("comparing")
        SAVING = "saving", _("saving")

    # The upload it works on; gone once committed or cancelled (the job stays, to report).
    pending = models.ForeignKey(
        "milestones.PendingImport",
        verbose_name=_("pending import"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="jobs",
    )
    # A commit's reading: the plan it writes.
    reading = models.ForeignKey(
        "self",
        verbose_name=_("reading"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    file_name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.READ)
    phase = models.CharField(_("phase"), max_length=10, choices=Phase, default=Phase.READING)
    rows_done = models.PositiveIntegerField(_("rows read"), default=0)
    rows_total = models.PositiveIntegerField(_("rows in the file"), default=0)
    # A reading's result: the plan (zlib-compressed pickle, signed: `background.dump_plan`),
    # what the preview shows of it and the state of the programme it was compared with.
    plan = models.BinaryField(_("plan"), null=True, editable=False)
    digest = models.CharField(_("digest"), max_length=64, blank=True)
    problems = models.PositiveIntegerField(_("problems"), default=0)
    programme_state = models.CharField(_("programme state"), max_length=64, blank=True)
    # A commit's result.
    record = models.ForeignKey(
        "milestones.ImportRecord",
        verbose_name=_("import"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_kind_display()}, {self.get_status_display()})"

    @property
    def percent(self) -> int | None:
        """How far, 0–100; None while no share can be told (comparing, saving)."""
        if self.status == self.Status.DONE:
            return 100
        if self.status == self.Status.QUEUED:
            return 0
        if self.phase != self.Phase.READING:
            return None
        if not self.rows_total:
            return 0
        return min(99, self.rows_done * 100 // self.rows_total)


class CalendarNote(FuzzyDateModel):
    """A date worth knowing that is not a milestone: a school holiday row in a schedule.

    It has no status, so it is never late (`FuzzyDateModel.status_field` stays empty).
    """

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="calendar_notes",
    )
    title = models.CharField(_("title"), max_length=200)
    source_sheet = models.CharField(_("source sheet"), max_length=100, blank=True)
    source_row = models.PositiveIntegerField(_("source row"), null=True, blank=True)
    import_record = models.ForeignKey(
        ImportRecord,
        verbose_name=_("import"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="calendar_notes",
    )

    class Meta:
        verbose_name = _("calendar note")
        verbose_name_plural = _("calendar notes")
        ordering = ["programme", "start", "pk"]
        constraints = fuzzy_date_constraints("calendarnote")

    def __str__(self) -> str:
        return self.title

    def date_context_year(self) -> int:
        return self.programme.year


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


def hash_feed_token(token: str) -> str:
    """What the database keeps of a feed's token: its SHA-256.

    The token holds 256 random bits, so an unkeyed hash cannot be reversed by trying
    tokens; unlike an HMAC with SECRET_KEY it survives a change of the secret key, so
    rotating that key does not break every subscription.
    """
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeedQuerySet(models.QuerySet["CalendarFeed"]):
    def active(self) -> CalendarFeedQuerySet:
        return self.filter(revoked_at__isnull=True)

    def by_token(self, token: str) -> CalendarFeedQuerySet:
        return self.filter(token_hash=hash_feed_token(token))


class CalendarFeed(SingleLineCharFields, models.Model):
    """A secret, revocable subscription URL (/feeds/<token>.ics) for one user's selection.

    Calendar clients cannot log in, so the token is the only key; the feed shows only what
    its owner may see at the moment it is fetched. Only the token's hash is stored (a
    database or a backup gives no working links): the link is shown once, when it is made
    (`token` holds it in memory then), and a new link replaces a lost one.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
    )
    name = models.CharField(_("name"), max_length=200)
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calendar_feeds",
        help_text=_("Empty: every programme the user may see."),
    )
    target_group = models.ForeignKey(
        TargetGroup,
        verbose_name=_("target group"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calendar_feeds",
    )
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_fetched_at = models.DateTimeField(_("last fetched at"), null=True, blank=True)
    # The address clients fetch it from ("https://regie.example.nl/"): the links of a body
    # rendered in the background start with it (milestones.calendars.prerender).
    fetched_from = models.CharField(_("fetched from"), max_length=200, blank=True, editable=False)

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        ordering = ["user", "name"]

    #: the secret itself, known only in memory right after it was made (never stored)
    token: str | None = None

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.token_hash:
            self.new_token()
        super().save(*args, **kwargs)

    def new_token(self) -> str:
        """Make a new secret (the old link stops working once saved) and return it."""
        self.token = new_feed_token()
        self.token_hash = hash_feed_token(self.token)
        return self.token

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


# Feature packages keep their models next to their code; Django finds them through here.
from milestones.baselines.models import Baseline as Baseline  # noqa: E402  (re-exported)
from milestones.meetings.models import Agenda as Agenda  # noqa: E402  (re-exported)
from milestones.meetings.models import ReportingDuty as ReportingDuty  # noqa: E402
from milestones.reports.models import ReportJob as ReportJob  # noqa: E402  (re-exported)
