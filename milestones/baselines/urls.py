"""URLs of baselines and the changes page (part of the `milestones` namespace)."""

from django.urls import path

from milestones.baselines.views import BaselineCreateView, ChangesView

urlpatterns: list = [
    path("programmes/<slug:slug>/changes/", ChangesView.as_view(), name="changes"),
    path(
        "programmes/<slug:slug>/baselines/new/",
        BaselineCreateView.as_view(),
        name="baseline-create",
    ),
]
