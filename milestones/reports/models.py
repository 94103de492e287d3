"""A progress report made in the background (imported by milestones.models)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from milestones.models import BackgroundJob


class ReportJob(BackgroundJob):
    """The progress report of a large programme, rendered by a task
    (``milestones.tasks.render_report``) for the user who asked; theirs alone to download."""

    query = models.CharField(_("query"), max_length=500, blank=True)  # ?baseline= / ?since=
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    content = models.BinaryField(_("content"), null=True, editable=False)

    class Meta(BackgroundJob.Meta):
        app_label = "milestones"
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")

    def __str__(self) -> str:
        return f"{self.file_name or self.programme} ({self.get_status_display()})"
