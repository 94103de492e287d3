"""The milestone table (django-tables2): columns, sorting and paging; the rows in Python.

django-tables2 sorts and pages. The rows of a page are written by `RowWriter`, one string
per row: a template per row, with its lookups, translations and URL reversals for every
cell, cost most of the page. The writer translates every label and reverses every URL once
per page. It also answers a quick edit in the table (milestones.editing.quick_views).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from functools import cached_property
from html import escape as html_escape

import django_tables2 as tables
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from milestones.models import Involvement, Milestone, TableRow
from phases.fuzzy import local_today
from phases.presentation import EMPTY, format_interval, format_span

QUICK_FIELDS = ("status", "date", "groups")
STAND_IN = "2147483647"  # an id no URL part contains; replaced by each row's own


class RowWriter:
    """Writes the `<tr>` of a milestone of the table; what every row shares is looked up once.

    The markup is what a template would write, escaped the same way: the texts read from the
    database are plain `str`, for which Django's `escape` is `html.escape` (called directly, it
    skips the check for lazy strings that costs more than the escaping). An editor's row has
    edit links in the date, groups and status cells: to the full form without JavaScript,
    to the editor in the cell with it (`hx-get`).
    """

    def __init__(self, *, can_edit: bool, today: datetime.date | None = None) -> None:
        self.can_edit = can_edit
        self.today = today or local_today()
        self.option = html_escape(gettext("Option"))
        self.not_understood = html_escape(gettext("not understood"))
        self.statuses = {
            value: html_escape(str(label))
            for value, label in Milestone._meta.get_field("status").flatchoices
        }
        self.url_parts = {
            "detail": _around_stand_in(reverse("milestones:detail", args=[STAND_IN])),
            "edit": _around_stand_in(reverse("milestones:edit", args=[STAND_IN])),
        }
        self.quick_parts = {
            field: _around_stand_in(
                reverse("milestones:quick-edit", args=[STAND_IN, field]) + "?place=table"
            )
            for field in QUICK_FIELDS
        }
        self.change_labels = {
            "date": html_escape(gettext("Change date")),
            "groups": html_escape(gettext("Change target groups")),
            "status": html_escape(gettext("Change status")),
        }

    @cached_property
    def late_mark(self) -> SafeString:
        return render_to_string("includes/late_mark.html")

    def rows(
        self, milestones: Sequence[TableRow], *, focus: str = "", saved: bool = False
    ) -> SafeString:
        """The rows of `milestones`, the names of their groups read in one query."""
        if not milestones:
            return mark_safe("")
        names = Involvement.objects.filter(milestone__in=[m.pk for m in milestones]).group_names()
        return mark_safe(
            "".join(self.row(m, names.get(m.pk, ()), focus=focus, saved=saved) for m in milestones)
        )

    def row(
        self, m: TableRow, group_names: Iterable[str], *, focus: str = "", saved: bool = False
    ) -> SafeString:
        """The row of `m` with the names of its target groups; `focus` names the cell whose
        edit link takes the keyboard (after a quick edit there), `saved` flashes the row."""
        pk = str(m.pk)
        title = html_escape(m.title)
        before, after = self.url_parts["detail"]
        title_cell = f'<a href="{before}{pk}{after}">{title}</a>'
        if m.is_optional:
            title_cell += f' <span class="badge text-bg-light border">{self.option}</span>'
        date_cell = html_escape(m.date_text or EMPTY)
        if m.needs_date_attention:
            date_cell += f' <span class="badge text-bg-warning">{self.not_understood}</span>'
        groups = ", ".join(map(html_escape, group_names))
        status = html_escape(m.status)
        label = self.statuses.get(m.status, status)
        status_cell = f'<span class="badge badge-status-{status}">{label}</span>'
        if m.is_late(self.today):
            status_cell += f" {self.late_mark}"
        if self.can_edit:
            date_cell += self.edit_link("date", pk, title, focus)
            groups += self.edit_link("groups", pk, title, focus)
            status_cell += self.edit_link("status", pk, title, focus)
        phase = html_escape(m.phase_name or EMPTY)
        interval = html_escape(format_interval(m.start, m.end))
        weeks = html_escape(format_span(m.start, m.end, m.precision))
        saved_class = ' class="quick-saved"' if saved else ""
        return mark_safe(
            f"\n<tr{saved_class}>\n"
            f'  <td class="milestone-title">{title_cell}</td>\n'
            f'  <td class="milestone-phase">{phase}</td>\n'
            f'  <td class="date-text">{date_cell}</td>\n'
            f'  <td class="text-nowrap">{interval}</td>\n'
            f'  <td class="text-nowrap">{weeks}</td>\n'
            f"  <td>{groups}</td>\n"
            f'  <td class="text-nowrap">{status_cell}</td>\n'
            f"  <td>{html_escape(m.lead or EMPTY)}</td>\n"
            "</tr>\n"
        )

    def edit_link(self, field: str, pk: str, title: str, focus: str) -> str:
        edit_before, edit_after = self.url_parts["edit"]
        before, after = self.quick_parts[field]
        autofocus = " autofocus" if focus == field else ""
        return (
            f' <a class="quick-edit-link" href="{edit_before}{pk}{edit_after}"'
            f' hx-get="{before}{pk}{after}" hx-target="closest td" hx-swap="innerHTML"'
            f'{autofocus}><span class="visually-hidden">{self.change_labels[field]}: {title}'
            "</span></a>"
        )


def _around_stand_in(url: str) -> tuple[str, str]:
    """The escaped parts of a URL before and after `STAND_IN`."""
    before, _stand_in, after = url.partition(STAND_IN)
    return html_escape(before), html_escape(after)


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

    def rows_html(self) -> SafeString:
        """The rows of this page, written by `RowWriter`; empty when there are none."""
        milestones = [row.record for row in self.paginated_rows]
        return RowWriter(can_edit=self.can_edit).rows(milestones)
