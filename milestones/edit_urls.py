"""URLs for creating, editing and deleting milestones; spliced into `milestones.urls`."""

from django.urls import path

from milestones import edit_views

urlpatterns = [
    path("milestones/<int:pk>/edit/", edit_views.MilestoneEditView.as_view(), name="edit"),
    path("milestones/<int:pk>/delete/", edit_views.MilestoneDeleteView.as_view(), name="delete"),
    path(
        "programmes/<slug:slug>/milestones/new/",
        edit_views.MilestoneCreateView.as_view(),
        name="new",
    ),
]
