"""Read-side pages: programme list and programme page, dashboard, timeline, milestone table."""

from django.views.generic import ListView

from phases.models import Programme


class ProgrammeListView(ListView):
    template_name = "milestones/programme_list.html"
    context_object_name = "programmes"

    def get_queryset(self):
        return Programme.objects.for_user(self.request.user).order_by("name")
