"""URLs for creating and editing milestones; spliced into `milestones.urls`."""

from django.urls import path

from milestones import edit_views

urlpatterns = [
    path("milestones/<int:pk>/edit/", edit_views.milestone_edit, name="edit"),
    path("programmes/<slug:slug>/milestones/new/", edit_views.milestone_new, name="new"),
    path("programmes/<slug:slug>/date-preview/", edit_views.date_preview, name="date-preview"),
]
