"""URLs of the timeline (part of the `milestones` namespace)."""

from django.urls import path

from milestones.timeline.views import TimelineView

urlpatterns: list = [
    path("programmes/<slug:slug>/timeline/", TimelineView.as_view(), name="timeline"),
]
