"""The agenda and decisions list of one meeting of a series; reporting duties."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from phases.fuzzy import FuzzyDateModel, VersionedModel, fuzzy_date_constraints
from phases.models import MeetingSeries, Programme
from stakeholders.models import TargetGroup


class Treatment(models.TextChoices):
    """What the meeting does with an agenda item."""

    DECISION = "decision", _("for decision")
    DISCUSSION = "discussion", _("for discussion")
    INFORMATION = "information", _("for information")


class Agenda(VersionedModel):
    """What one meeting discusses, in order, and afterwards what it decided per item.

    A meeting is named by the day its series' rhythm gives (`date`), so that an agenda stays
    with its meeting when the meeting moves. `items` is the ordered list of entries
    (`milestones.meetings.agenda.AgendaEntry.to_json`): one row holds the whole agenda, so
    that saving it is one versioned write.
    """

    series = models.ForeignKey(
        MeetingSeries,
        verbose_name=_("meeting series"),
        on_delete=models.CASCADE,
        related_name="agendas",
    )
    date = models.DateField(_("meeting (planned day)"))
    items = models.JSONField(_("items"), default=list, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda")
        verbose_name_plural = _("agendas")
        ordering = ["series", "date"]
        constraints = [
            models.UniqueConstraint(fields=["series", "date"], name="agenda_one_per_meeting"),
        ]

    def __str__(self) -> str:
        return f"{self.series} – {self.date:%Y-%m-%d}"


class ReportingDuty(FuzzyDateModel):
    """A standing obligation to inform a body: "Commissie MO maandelijks informeren".

    `date_text` is the period the duty runs in ("maart 2019 t/m dec 2020"; empty: the whole
    programme), or for a duty that falls once its moment ("februari 2008"). Its occurrences
    (`milestones.meetings.duties`) are what the dashboard and the calendars show. A duty has
    no status, so it is never late itself.
    """

    class Rhythm(models.TextChoices):
        MONTHLY = "monthly", _("monthly")
        QUARTERLY = "quarterly", _("quarterly")
        AFTER_PHASE = "after_phase", _("after each phase")
        ONCE = "once", _("once")

    class Form(models.TextChoices):
        LETTER = "letter", _("letter")
        PRESENTATION = "presentation", _("presentation")
        MEMO = "memo", _("memo")

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="reporting_duties",
    )
    body = models.ForeignKey(
        TargetGroup,
        verbose_name=_("body informed"),
        on_delete=models.PROTECT,
        related_name="reporting_duties",
    )
    title = models.CharField(_("title"), max_length=300)
    rhythm = models.CharField(_("rhythm"), max_length=20, choices=Rhythm)
    form = models.CharField(_("form"), max_length=20, choices=Form, default=Form.LETTER)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reporting duty")
        verbose_name_plural = _("reporting duties")
        ordering = ["programme", "title"]
        constraints = fuzzy_date_constraints("reportingduty")

    def __str__(self) -> str:
        return self.title

    def date_context_year(self) -> int:
        return self.programme.year
