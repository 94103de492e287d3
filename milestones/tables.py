"""The milestone table (django-tables2)."""

import django_tables2 as tables
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from milestones.models import Milestone
from milestones.templatetags.regie import interval, isoweeks


class MilestoneTable(tables.Table):
    title = tables.Column(verbose_name=_("Milestone"), linkify=True)
    phase = tables.Column(verbose_name=_("Phase"), order_by=("phase__order",))
    date_text = tables.Column(
        verbose_name=_("Date (as written)"), attrs={"td": {"class": "date-text"}}
    )
    end = tables.Column(verbose_name=_("Interval"), order_by=("end", "start"))
    week = tables.Column(verbose_name=_("Week"), empty_values=(), order_by=("end",))
    groups = tables.Column(verbose_name=_("Target groups"), empty_values=(), orderable=False)
    status = tables.Column(verbose_name=_("Status"))
    lead = tables.Column(verbose_name=_("Lead"))

    class Meta:
        model = Milestone
        fields = ["title", "phase", "date_text", "end", "week", "groups", "status", "lead"]
        attrs = {"class": "table table-sm table-hover align-middle"}
        order_by = ("end",)
        empty_text = _("No milestones match these filters.")

    def render_end(self, record):
        return interval(record)

    def render_week(self, record):
        return isoweeks(record)

    def render_groups(self, record):
        return format_html_join(
            ", ", "{}", ((inv.target_group.name,) for inv in record.involvements.all())
        )

    def render_status(self, record):
        return format_html(
            '<span class="badge badge-status-{}">{}</span>',
            record.status,
            record.get_status_display(),
        )
