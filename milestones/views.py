"""Read-side pages: programme list and page, phase dashboard, milestone table and page.

Views stay thin: access through `phases.access`, data through querysets and
`milestones.dashboard`, rendering in templates.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.db.models import Count, Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView, TemplateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from milestones.baselines.steering import changes_since_last_meeting
from milestones.dashboard import HORIZONS, build_dashboard
from milestones.exports import EXPORTERS, export_schedule
from milestones.extensions import dashboard_panels
from milestones.filters import MilestoneFilter
from milestones.fragments import KeptPartMixin
from milestones.history import milestone_history, recent_changes
from milestones.models import ImportRecord, Milestone
from milestones.tables import PER_PAGE, MilestoneTable
from phases.access import ProgrammeAccessMixin, may_add_programme, require_level
from phases.fuzzy import local_today
from phases.models import AccessLevel, Gate, Programme
from phases.query import day_from_query

TABLE_EXPORTS = ("xlsx", "csv")


def today() -> datetime.date:
    return local_today()


class ProgrammeListView(ListView):
    template_name = "milestones/programme_list.html"
    context_object_name = "programmes"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add_programme"] = may_add_programme(self.request.user)
        return context

    def get_queryset(self):
        return (
            Programme.objects.for_user(self.request.user)
            .annotate(
                milestone_count=Count("milestones", distinct=True),
                late_count=Count(
                    "milestones",
                    filter=Milestone.late_q(today(), prefix="milestones__"),
                    distinct=True,
                ),
            )
            .order_by("name")
        )


class ProgrammeDetailView(ProgrammeAccessMixin, TemplateView):
    template_name = "milestones/programme_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        programme = self.programme
        context.update(
            phases=programme.phases.annotate(milestone_count=Count("milestones")).prefetch_related(
                Prefetch("gates", queryset=Gate.objects.select_related("decider")),
                "deliverables",
            ),
            roles=programme.roles.select_related("person", "person__organisation"),
            meeting_series=programme.meeting_series.select_related("target_group"),
            imports=ImportRecord.objects.filter(programme=programme).select_related("imported_by")[
                :5
            ],
            changes=recent_changes(programme),
            undated=Milestone.objects.for_programme(programme).needing_date_attention().count(),
            late_milestones=Milestone.objects.for_programme(programme).late(today()).count(),
        )
        return context


class DashboardView(ProgrammeAccessMixin, KeptPartMixin, TemplateView):
    template_name = "milestones/dashboard.html"
    kept_name = "dashboard"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # "Peildatum": look at the programme as it stood (or will stand) on another day.
        as_of = day_from_query(self.request.GET.get("date"))
        context["panels"] = dashboard_panels(self.request, self.programme, as_of or today())
        context.update(self.kept_context())
        if context["kept_html"] is not None:
            return context
        try:
            horizon = int(self.request.GET.get("days", HORIZONS[0]))
        except ValueError:
            horizon = HORIZONS[0]
        if horizon not in HORIZONS:
            horizon = HORIZONS[0]
        context["dashboard"] = build_dashboard(
            programme=self.programme,
            today=as_of or today(),
            horizon=horizon,
            decisions_as_of_today=as_of is not None,
        )
        context["horizons"] = HORIZONS
        context["as_of"] = as_of
        if as_of is None:  # what moved is measured against today's plan only
            context["moved"] = changes_since_last_meeting(self.programme, today())[1]
        return context


class MilestoneTableView(ProgrammeAccessMixin, KeptPartMixin, SingleTableMixin, FilterView):
    kept_name = "milestone-table"
    table_class = MilestoneTable
    filterset_class = MilestoneFilter
    template_name = "milestones/milestone_table.html"
    # The table pages itself (MilestoneTable.paginate: a bad ?page= or ?per_page= is
    # ignored); ListView's own paging would answer 404 to ?page=-3.
    table_pagination = {"per_page": PER_PAGE}

    def get_queryset(self):
        return Milestone.objects.for_programme(self.programme).for_table()

    def get_table_kwargs(self):
        kwargs = {"can_edit": self.level >= AccessLevel.EDITOR}
        if not any(self.request.GET.get(name) for name in self.filterset_class.base_filters):
            # Nothing filtered away: an empty table means an empty programme.
            kwargs["empty_text"] = _("This programme has no milestones yet.")
        return kwargs

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs.update(programme=self.programme, today=today())
        return kwargs

    def get(self, request, *args, **kwargs):
        identifier = request.GET.get("export")
        if identifier not in TABLE_EXPORTS:
            return super().get(request, *args, **kwargs)
        # The spreadsheet of exactly what the table shows (all pages, the current filter).
        filterset = self.get_filterset(self.get_filterset_class())
        selected = filterset.qs.values("pk") if filterset.is_valid() else []
        milestones = Milestone.objects.filter(pk__in=selected)
        name, content_type, content = export_schedule(
            identifier=identifier, programme=self.programme, milestones=milestones
        )
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def get_context_data(self, **kwargs):
        kept = self.kept_context()
        if kept["kept_html"] is not None:  # no table, no filter form to build
            return {**kwargs, "view": self, **self.programme_context(), **kept}
        context = {**super().get_context_data(**kwargs), **kept}
        query = self.request.GET.copy()
        for key in ("export", "page", "sort"):
            query.pop(key, None)
        context["calendar_url"] = self.calendar_url()
        context["downloads"] = [
            (EXPORTERS[identifier].verbose_name, f"?{query.urlencode()}&export={identifier}")
            for identifier in TABLE_EXPORTS
        ]
        return context

    def calendar_url(self) -> str:
        """The programme (or group) calendar with the table's phase and status filters."""
        data = self.filterset.form.cleaned_data if self.filterset.is_valid() else {}
        group = data.get("group")
        if group:
            url = reverse("calendar:group", args=[self.programme.slug, group.slug])
        else:
            url = reverse("calendar:programme", args=[self.programme.slug])
        query = {
            key: value
            for key, value in (
                ("phase", data["phase"].pk if data.get("phase") else ""),
                ("status", data.get("status") or ""),
            )
            if value
        }
        return f"{url}?{urlencode(query)}" if query else url


class MilestoneDetailView(DetailView):
    template_name = "milestones/milestone_detail.html"
    context_object_name = "milestone"

    def get_object(self, queryset=None):
        milestone = get_object_or_404(
            Milestone.objects.select_related("programme", "phase", "import_record"),
            pk=self.kwargs["pk"],
        )
        require_level(self.request.user, milestone.programme, AccessLevel.VIEWER)
        return milestone

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        level = self.object.programme.access_level(self.request.user)
        context.update(
            milestone_page_context(
                self.object, can_edit=level is not None and level >= AccessLevel.EDITOR
            )
        )
        return context


def milestone_page_context(milestone: Milestone, *, can_edit: bool) -> dict:
    """What milestone_detail.html and its partials (quick edits answer with them) show."""
    return {
        "milestone": milestone,
        "programme": milestone.programme,
        "involvements": milestone.involvements.select_related("target_group"),
        "deliverables": milestone.deliverables.all(),
        "history": milestone_history(milestone),
        "can_edit": can_edit,
    }
