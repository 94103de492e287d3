"""The changes page (`/programmes/<slug>/changes/`) and taking a baseline by hand."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from milestones.baselines.compare import Changes
from milestones.baselines.exports import CONTENT_TYPES, changes_csv, changes_xlsx
from milestones.baselines.forms import BaselineForm
from milestones.baselines.models import Baseline
from milestones.baselines.query import comparison_from_query
from milestones.baselines.steering import changes_to_show
from milestones.baselines.taking import take_baseline
from phases.access import ProgrammeAccessMixin
from phases.fuzzy import local_today
from phases.models import AccessLevel
from phases.query import int_from_query


class ChangesView(ProgrammeAccessMixin, TemplateView):
    """`?baseline=<id>` or `?since=YYYY-MM-DD`; by default since the last steering meeting.

    Filters `?phase=<id>` and `?group=<name>`; `?export=xlsx|csv` downloads what is shown.
    """

    template_name = "milestones/changes.html"

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(**kwargs)
        export = request.GET.get("export")
        changes = context["changes"]
        if export in CONTENT_TYPES and changes is not None:
            return self.download(export, changes)
        return self.render_to_response(context)

    def download(self, export: str, changes: Changes) -> HttpResponse:
        content = changes_csv(changes) if export == "csv" else changes_xlsx(changes, self.programme)
        response = HttpResponse(content, content_type=CONTENT_TYPES[export])
        name = f"{self.programme.slug}-{gettext('changes')}.{export}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query, today = self.request.GET, local_today()
        baselines = list(self.programme.baselines.only("pk", "name", "taken_at", "kind"))
        asked = comparison_from_query(self.programme, query, today)
        chosen, since = asked.baseline, asked.since
        meeting, changes = changes_to_show(self.programme, today, baseline=chosen, since=since)
        phase_id, group = int_from_query(query.get("phase")), query.get("group", "")
        context.update(
            baselines=baselines,
            baseline=chosen,
            since=since,
            meeting=meeting,
            unfiltered=changes,
            changes=changes.filtered(phase_id=phase_id, group=group) if changes else None,
            phases=self.programme.phases.order_by("order").only("pk", "name"),
            phase_id=phase_id,
            group=group,
            query=query.urlencode(),
            can_take_baseline=self.level >= AccessLevel.EDITOR,
            timeline_url=self.timeline_url(chosen, changes),
        )
        return context

    def timeline_url(self, baseline: Baseline | None, changes: Changes | None) -> str:
        """The timeline with the same comparison overlaid."""
        if changes is None:
            return ""
        url = reverse("milestones:timeline", args=[self.programme.slug])
        if baseline is not None:
            return f"{url}?baseline={baseline.pk}"
        return f"{url}?since={timezone.localtime(changes.since).date().isoformat()}"


class BaselineCreateView(ProgrammeAccessMixin, FormView):
    required_level = AccessLevel.EDITOR
    form_class = BaselineForm
    template_name = "phases/object_form.html"

    def form_valid(self, form):
        baseline = take_baseline(
            programme=self.programme,
            name=form.cleaned_data["name"],
            note=form.cleaned_data["note"],
            user=self.request.user,
        )
        messages.success(self.request, gettext("Baseline “%(name)s” taken.") % {"name": baseline})
        return HttpResponseRedirect(baseline.get_absolute_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(heading=_("Take a baseline"), cancel_url=self.programme.get_absolute_url())
        return context
