"""Pages to create, read, edit and delete programmes, phases, gates, deliverables and meeting
series, record gate decisions, and read a typed date live.

Access is declared on each view (`required_level`) and checked on the server for every
request, GET and POST alike: anonymous users go to the login page (middleware), non-members
get 404, members below the level 403. Edits go through `VersionedModelForm` (no lost
updates) inside one transaction.
"""

from __future__ import annotations

import contextlib
import datetime
from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import models, router, transaction
from django.db.models.deletion import Collector, ProtectedError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from django.views.generic import CreateView, DeleteView, DetailView, FormView, UpdateView
from django.views.generic.detail import SingleObjectMixin

from phases.access import (
    ProgrammeAccessMixin,
    ProgrammeContextMixin,
    may_add_programme,
    programme_for,
    require_level,
)
from phases.editing import VersionedModelForm, save_atomically
from phases.forms import (
    CancellationForm,
    DeliverableForm,
    GateDecisionForm,
    GateForm,
    MeetingSeriesForm,
    PhaseForm,
    ProgrammeForm,
)
from phases.fuzzy import describe_date_text
from phases.history import history_of
from phases.meetings import cancel_meeting, move_meeting, restore_meeting
from phases.models import (
    AccessLevel,
    Deliverable,
    Gate,
    MeetingCancellation,
    MeetingSeries,
    Phase,
    Programme,
    ProgrammeMembership,
)
from phases.panels import gate_panels
from phases.presentation import format_day
from phases.query import day_from_query

# -- shared machinery ---------------------------------------------------------------------


class ObjectAccessMixin(ProgrammeContextMixin):
    """Views of one object reached through its own id, at `required_level` or above."""

    required_level: AccessLevel = AccessLevel.EDITOR
    related: tuple[str, ...] = ()

    def get_queryset(self):
        return self.model._default_manager.select_related(*self.related)

    def programme_of(self, obj) -> Programme:
        return obj.programme

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        self.programme = self.programme_of(obj)
        require_level(self.request.user, self.programme, self.required_level)
        self.level = self.programme.access_level(self.request.user)
        return obj


class FormPageMixin:
    """Create and edit pages: one template, a success message, back to the object."""

    template_name = "phases/object_form.html"
    saved_message = _("“%(name)s” saved.")
    heading = ""
    parent: str | None = None  # the form's keyword: "programme" or "phase" of the object

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if issubclass(self.get_form_class(), VersionedModelForm):
            kwargs["user"] = self.request.user
        if self.parent:
            owner = self.object if self.object is not None else self  # create views know it
            kwargs[self.parent] = getattr(owner, self.parent)
        return kwargs

    def post(self, request, *args, **kwargs):
        with transaction.atomic():
            # An edit reads the row under lock, so that saving it writes nobody's old values
            # back (the form's version check runs in the same transaction).
            locked = self.get_queryset().select_for_update(of=("self",))
            self.object = self.get_object(locked) if self.is_update else None
            form = self.get_form()
            saved = save_atomically(form)
        if saved is None:
            return self.form_invalid(form)
        self.object = saved
        messages.success(request, self.saved_message % {"name": saved})
        return HttpResponseRedirect(self.get_success_url())

    @property
    def is_update(self) -> bool:
        return isinstance(self, UpdateView)

    def get_success_url(self) -> str:
        return self.object.get_absolute_url()

    def cancel_url(self) -> str:
        if self.object is not None:
            return self.object.get_absolute_url()
        return self.programme.get_absolute_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            heading=self.heading or self.default_heading(),
            cancel_url=self.cancel_url(),
            subject=self.object,
        )
        return context

    def default_heading(self) -> str:
        return capfirst(gettext("Edit %(thing)s") % {"thing": self.model._meta.verbose_name})


class EditView(ObjectAccessMixin, FormPageMixin, UpdateView):
    pass


class InPhaseMixin(ProgrammeContextMixin):
    """Create views under /phases/<pk>/…: the phase's programme decides access."""

    required_level = AccessLevel.EDITOR
    parent = "phase"

    def dispatch(self, request, *args, **kwargs):
        self.phase = get_object_or_404(Phase.objects.select_related("programme"), pk=kwargs["pk"])
        self.programme = self.phase.programme
        require_level(request.user, self.programme, self.required_level)
        self.level = self.programme.access_level(request.user)
        return super().dispatch(request, *args, **kwargs)

    def cancel_url(self) -> str:
        return self.phase.get_absolute_url()


class InProgrammeMixin(ProgrammeAccessMixin):
    required_level = AccessLevel.EDITOR
    parent = "programme"


def deletion_summary(obj: models.Model) -> list[str]:
    """What else goes, or loses its link, when `obj` is deleted ("3 mijlpalen …")."""
    collector = Collector(using=router.db_for_write(type(obj)), origin=obj)
    collector.collect([obj])
    lines = []
    counts = Counter()
    for model, instances in collector.data.items():
        if model is type(obj) or model._meta.auto_created or "historical" in model._meta.model_name:
            continue
        counts[model] += len(instances)
    for model, count in counts.items():
        lines.append(
            gettext("%(count)d × %(things)s deleted")
            % {"count": count, "things": model._meta.verbose_name_plural}
        )
    for (field, _value), batches in collector.field_updates.items():
        count = sum(b.count() if isinstance(b, models.QuerySet) else len(b) for b in batches)
        lines.append(
            gettext("%(count)d × %(things)s lose their %(field)s")
            % {
                "count": count,
                "things": field.model._meta.verbose_name_plural,
                "field": field.verbose_name,
            }
        )
    return lines


class ObjectDeleteView(ObjectAccessMixin, DeleteView):
    template_name = "phases/object_confirm_delete.html"

    def get_success_url(self) -> str:
        return self.programme.get_absolute_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            summary=deletion_summary(self.object),
            thing=self.model._meta.verbose_name,
            cancel_url=self.cancel_url(),
        )
        return context

    def cancel_url(self) -> str:
        return self.object.get_absolute_url()

    def form_valid(self, form):
        name = str(self.object)
        success_url = self.get_success_url()
        try:
            with transaction.atomic():
                self.object.delete()
        except ProtectedError:
            messages.error(self.request, gettext("“%(name)s” is still in use.") % {"name": name})
            return HttpResponseRedirect(self.object.get_absolute_url())
        messages.success(self.request, gettext("“%(name)s” deleted.") % {"name": name})
        return HttpResponseRedirect(success_url)


class HistoryDetailView(ObjectAccessMixin, DetailView):
    """An object's page: its fields and its change history."""

    required_level = AccessLevel.VIEWER
    template_name = "phases/object_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history"] = history_of(self.object)
        return context


# -- programmes -----------------------------------------------------------------------------


class ProgrammeCreateView(FormPageMixin, CreateView):
    """Anyone allowed to add programmes (staff, or the model permission) may start one;
    they become its editor."""

    heading = _("New programme")
    model = Programme
    form_class = ProgrammeForm
    programme = None

    def dispatch(self, request, *args, **kwargs):
        if not may_add_programme(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        with transaction.atomic():
            response = super().post(request, *args, **kwargs)
            if self.object is not None and not request.user.is_staff:
                ProgrammeMembership.objects.create(
                    user=request.user, programme=self.object, level=AccessLevel.EDITOR
                )
        return response

    def cancel_url(self) -> str:
        return "/"


class ProgrammeEditView(ObjectAccessMixin, FormPageMixin, UpdateView):
    model = Programme
    form_class = ProgrammeForm
    slug_url_kwarg = "slug"

    def programme_of(self, obj) -> Programme:
        return obj


class ProgrammeDeleteView(ObjectDeleteView):
    model = Programme
    template_name = "phases/programme_confirm_delete.html"

    def programme_of(self, obj) -> Programme:
        return obj

    def get_success_url(self) -> str:
        return "/"

    def form_valid(self, form):
        typed = self.request.POST.get("confirm_name", "").strip()
        if typed != self.object.name:
            messages.error(
                self.request,
                gettext("Type the programme's name exactly to delete it; nothing was deleted."),
            )
            return self.render_to_response(self.get_context_data(typed=typed))
        return super().form_valid(form)


# -- phases ---------------------------------------------------------------------------------


class PhaseCreateView(InProgrammeMixin, FormPageMixin, CreateView):
    heading = _("New phase")
    model = Phase
    form_class = PhaseForm


class PhaseEditView(EditView):
    model = Phase
    form_class = PhaseForm
    related = ("programme",)
    parent = "programme"


class PhaseDetailView(HistoryDetailView):
    model = Phase
    related = ("programme",)
    template_name = "phases/phase_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        phase = self.object
        context.update(
            gates=phase.gates.select_related("decider"),
            deliverables=phase.deliverables.all(),
            milestones=phase.milestones.all(),  # the milestones app's reverse relation
            blocking=phase.gates_blocking_start() if phase.status == Phase.Status.PLANNED else [],
        )
        return context


class PhaseDeleteView(ObjectDeleteView):
    model = Phase
    related = ("programme",)


# -- gates ----------------------------------------------------------------------------------


class GateCreateView(InPhaseMixin, FormPageMixin, CreateView):
    heading = _("New gate")
    model = Gate
    form_class = GateForm


class GateEditView(EditView):
    model = Gate
    form_class = GateForm
    related = ("phase__programme",)
    parent = "phase"


class GateDecisionView(EditView):
    """Record a gate's decision; secretaries too, from the decisions list of the meeting that
    took it (`?decided_on=YYYY-MM-DD&decider=<group>&meeting=<series>` fill the form in)."""

    required_level = AccessLevel.SECRETARY
    model = Gate
    form_class = GateDecisionForm
    related = ("phase__programme", "decider")
    saved_message = _("Decision on “%(name)s” recorded.")

    def get_initial(self):
        initial = super().get_initial()
        with contextlib.suppress(KeyError, ValueError):
            initial["decided_on"] = datetime.date.fromisoformat(self.request.GET["decided_on"])
        for name in ("decider", "meeting"):
            if self.request.GET.get(name, "").isdigit():
                initial[name] = int(self.request.GET[name])
        return initial

    def default_heading(self) -> str:
        return gettext("Record the decision: %(gate)s") % {"gate": self.object}


class GateDetailView(HistoryDetailView):
    model = Gate
    related = ("phase__programme", "decider", "meeting")
    template_name = "phases/gate_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["panels"] = gate_panels(self.request, self.object)
        return context


class GateDeleteView(ObjectDeleteView):
    model = Gate
    related = ("phase__programme",)


# -- deliverables ---------------------------------------------------------------------------


class DeliverableCreateView(InPhaseMixin, FormPageMixin, CreateView):
    heading = _("New deliverable")
    model = Deliverable
    form_class = DeliverableForm


class DeliverableEditView(EditView):
    model = Deliverable
    form_class = DeliverableForm
    related = ("phase__programme",)
    parent = "phase"


class DeliverableDetailView(HistoryDetailView):
    model = Deliverable
    related = ("phase__programme",)
    template_name = "phases/deliverable_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["milestones"] = self.object.milestones.all()
        return context


class DeliverableDeleteView(ObjectDeleteView):
    model = Deliverable
    related = ("phase__programme",)


# -- meeting series (secretaries too) -------------------------------------------------------


class MeetingCreateView(InProgrammeMixin, FormPageMixin, CreateView):
    heading = _("New meeting series")
    required_level = AccessLevel.SECRETARY
    model = MeetingSeries
    form_class = MeetingSeriesForm


class MeetingEditView(EditView):
    required_level = AccessLevel.SECRETARY
    model = MeetingSeries
    form_class = MeetingSeriesForm
    related = ("programme",)
    parent = "programme"


class MeetingDetailView(HistoryDetailView):
    model = MeetingSeries
    related = ("programme", "target_group")
    template_name = "phases/meeting_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            cancellations=self.object.cancellations.all(),
            cancellation_form=CancellationForm(series=self.object),
        )
        return context


class MeetingDeleteView(ObjectDeleteView):
    required_level = AccessLevel.SECRETARY
    model = MeetingSeries
    related = ("programme",)


class CancellationCreateView(ObjectAccessMixin, SingleObjectMixin, FormView):
    """Let one meeting of a series lapse (the series' page has the same form inline)."""

    required_level = AccessLevel.SECRETARY
    model = MeetingSeries
    related = ("programme",)
    form_class = CancellationForm
    template_name = "phases/object_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "series": self.object}

    def form_valid(self, form):
        day, to = form.cleaned_data["date"], form.cleaned_data["moved_to"]
        if to:
            move_meeting(series=self.object, day=day, to=to, reason=form.cleaned_data["reason"])
            message = gettext("The meeting of %(day)s moves to %(to)s; calendars move it.") % {
                "day": format_day(day, long=True),
                "to": format_day(to, long=True),
            }
        else:
            cancel_meeting(series=self.object, day=day, reason=form.cleaned_data["reason"])
            message = gettext("The meeting of %(day)s is cancelled; calendars drop it.") % {
                "day": format_day(day, long=True)
            }
        messages.success(self.request, message)
        return HttpResponseRedirect(self.object.get_absolute_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            heading=gettext("Cancel a meeting of %(series)s") % {"series": self.object},
            cancel_url=self.object.get_absolute_url(),
        )
        return context


class CancellationDeleteView(ObjectDeleteView):
    """Take a cancellation back: the meeting takes place after all."""

    required_level = AccessLevel.SECRETARY
    model = MeetingCancellation
    related = ("series__programme",)
    template_name = "phases/cancellation_confirm_delete.html"

    def programme_of(self, obj) -> Programme:
        return obj.series.programme

    def get_success_url(self) -> str:
        return self.object.series.get_absolute_url()

    def cancel_url(self) -> str:
        return self.get_success_url()

    def form_valid(self, form):
        success_url = self.get_success_url()
        restore_meeting(cancellation=self.object)
        messages.success(self.request, gettext("The meeting takes place after all."))
        return HttpResponseRedirect(success_url)


# -- the live reading of a typed date ------------------------------------------------------


@login_not_required  # an expired session answers 404 (nothing shown), never a redirect
@require_GET  # that would take the user away from the form they are typing in
def date_preview(request, slug: str):
    """htmx fragment: what a date text means, with the form cursor (`?start=`)."""
    programme = programme_for(request.user, slug, AccessLevel.VIEWER)
    cursor = day_from_query(request.GET.get("start"))
    reading = describe_date_text(
        request.GET.get("date_text", ""),
        cursor,
        year=programme.year,
        week=request.GET.get("week") == "1",
    )
    return render(request, "phases/includes/date_preview.html", {"reading": reading})
