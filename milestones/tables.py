"""The milestone table (django-tables2): columns, sorting and paging.

The cells are written out in `milestones/includes/milestone_rows.html`, which is much
cheaper than a render call per cell on a page of fifty rows. Its partial `row` is also what a
quick edit in the table answers with (milestones.editing.quick_views).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import django_tables2 as tables
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from milestones.models import Milestone

QUICK_FIELDS = ("status", "date", "groups")
STAND_IN = "2147483647"  # an id no URL part contains; replaced by each row's own


@dataclass(frozen=True)
class EditLinks:
    """Where a row's pencils lead: the full form (no JavaScript) and the quick editors."""

    edit: str
    status: str
    date: str
    groups: str


def attach_edit_links(milestones: Iterable[Milestone]) -> None:
    """Give each milestone its `edit_links`.

    Four `{% url %}` tags per row cost more than all the rest of an editor's row; the URLs
    are reversed once, for a stand-in id, and each row's id is put in its place.
    """
    patterns = {
        "edit": reverse("milestones:edit", args=[STAND_IN]),
        **{
            field: reverse("milestones:quick-edit", args=[STAND_IN, field]) + "?place=table"
            for field in QUICK_FIELDS
        },
    }
    parts = {name: url.partition(STAND_IN) for name, url in patterns.items()}
    for milestone in milestones:
        pk = str(milestone.pk)
        milestone.edit_links = EditLinks(
            **{name: f"{before}{pk}{after}" for name, (before, _, after) in parts.items()}
        )


PER_PAGE = 50
MAX_PER_PAGE = 500


class MilestoneTable(tables.Table):
    title = tables.Column(verbose_name=_("Milestone"))
    phase = tables.Column(verbose_name=_("Phase"), order_by=("phase__order",))
    date_text = tables.Column(verbose_name=_("Date (as written)"))
    end = tables.Column(verbose_name=_("Period"), order_by=("end", "start"))
    week = tables.Column(verbose_name=_("Week"), empty_values=(), order_by=("end",))
    groups = tables.Column(verbose_name=_("Target groups"), empty_values=(), orderable=False)
    status = tables.Column(verbose_name=_("Status"))
    lead = tables.Column(verbose_name=_("Lead"))

    class Meta:
        model = Milestone
        fields = ["title", "phase", "date_text", "end", "week", "groups", "status", "lead"]
        template_name = "milestones/includes/milestone_rows.html"
        attrs = {"class": "table table-sm table-hover align-middle milestone-table"}
        order_by = ("end",)
        empty_text = _("No milestones match these filters.")

    def __init__(self, *args, can_edit: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.can_edit = can_edit  # the rows offer quick edits

    def paginate(self, *args, per_page: int | None = None, **kwargs) -> None:
        # `?per_page=` outside 1..MAX_PER_PAGE (-1, 0, a million) is ignored, not a 500.
        if per_page is None or not 1 <= per_page <= MAX_PER_PAGE:
            per_page = PER_PAGE
        super().paginate(*args, per_page=per_page, **kwargs)

    def before_render(self, request) -> None:
        if self.can_edit:  # the page's rows; the template iterates the same, cached, ones
            attach_edit_links(row.record for row in self.paginated_rows)
