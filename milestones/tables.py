"""The milestone table (django-tables2): columns, sorting and paging.

The cells are written out in `milestones/includes/milestone_rows.html`, which is much
cheaper than a render call per cell on a page of fifty rows. Its partial `row` is also what a
quick edit in the table answers with.
"""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from milestones.models import Milestone


class MilestoneTable(tables.Table):
    title = tables.Column(verbose_name=_("Milestone"))
    phase = tables.Column(verbose_name=_("Phase"), order_by=("phase__order",))
    date_text = tables.Column(verbose_name=_("Date (as written)"))
    end = tables.Column(verbose_name=_("Interval"), order_by=("end", "start"))
    week = tables.Column(verbose_name=_("Week"), empty_values=(), order_by=("end",))
    groups = tables.Column(verbose_name=_("Target groups"), empty_values=(), orderable=False)
    status = tables.Column(verbose_name=_("Status"))
    lead = tables.Column(verbose_name=_("Lead"))

    class Meta:
        model = Milestone
        fields = ["title", "phase", "date_text", "end", "week", "groups", "status", "lead"]
        template_name = "milestones/includes/milestone_rows.html"
        attrs = {"class": "table table-sm table-hover align-middle"}
        order_by = ("end",)
        empty_text = _("No milestones match these filters.")

    def __init__(self, *args, can_edit: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.can_edit = can_edit  # the rows offer quick edits (milestones.quick_views)
