"""URL of shifting a phase; spliced into `milestones.urls`."""

from django.urls import path

from milestones import shift_views

urlpatterns = [
    path("phases/<int:pk>/shift/", shift_views.shift_phase, name="shift-phase"),
]
