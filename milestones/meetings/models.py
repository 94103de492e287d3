"""The agenda and decisions list of one meeting of a series."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from phases.fuzzy import VersionedModel
from phases.models import MeetingSeries


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
