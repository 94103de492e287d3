"""Write-side pages for milestones: create, edit, delete (the machinery is `phases.views`)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView

from milestones.editing.forms import MilestoneForm
from milestones.models import Milestone
from phases.query import int_from_query
from phases.views import EditView, FormPageMixin, InProgrammeMixin, ObjectDeleteView


class MilestoneFormMixin:
    model = Milestone
    form_class = MilestoneForm
    template_name = "milestones/milestone_form.html"
    saved_message = _("Milestone “%(name)s” saved.")

    def cancel_url(self) -> str:
        if self.object is not None:
            return self.object.get_absolute_url()
        return reverse("milestones:table", args=[self.programme.slug])


class MilestoneCreateView(MilestoneFormMixin, InProgrammeMixin, FormPageMixin, CreateView):
    heading = _("New milestone")

    def get_initial(self):
        """`?phase=<id>` from a phase's "+ milestone" link."""
        phase_id = int_from_query(self.request.GET.get("phase"))
        phase = self.programme.phases.filter(pk=phase_id).first() if phase_id else None
        return {"phase": phase} if phase else {}


class MilestoneEditView(MilestoneFormMixin, EditView):
    related = ("programme",)
    parent = "programme"


class MilestoneDeleteView(ObjectDeleteView):
    model = Milestone
    related = ("programme",)

    def get_success_url(self) -> str:
        return reverse("milestones:table", args=[self.programme.slug])
