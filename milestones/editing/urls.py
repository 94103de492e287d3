"""URLs for creating, editing and deleting milestones; spliced into `milestones.urls`."""

from django.urls import path, register_converter

from milestones.editing import quick_views
from milestones.editing import views as edit_views
from milestones.editing.quick_forms import QUICK_FORMS


class QuickFieldConverter:
    """The fields a quick edit can change: status|date|groups; anything else is a 404."""

    regex = "|".join(QUICK_FORMS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(QuickFieldConverter, "quickfield")

urlpatterns = [
    path("milestones/<int:pk>/edit/", edit_views.MilestoneEditView.as_view(), name="edit"),
    path(
        "milestones/<int:pk>/quick/<quickfield:field>/",
        quick_views.quick_edit,
        name="quick-edit",
    ),
    path("milestones/<int:pk>/delete/", edit_views.MilestoneDeleteView.as_view(), name="delete"),
    path(
        "programmes/<slug:slug>/milestones/new/",
        edit_views.MilestoneCreateView.as_view(),
        name="new",
    ),
]
