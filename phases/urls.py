"""Write-side pages of programmes, phases, gates, deliverables and meeting series."""

from django.urls import path

from phases import views

app_name = "phases"
urlpatterns = [
    path("programmes/new/", views.ProgrammeCreateView.as_view(), name="programme-new"),
    path("programmes/<slug:slug>/edit/", views.ProgrammeEditView.as_view(), name="programme-edit"),
    path(
        "programmes/<slug:slug>/delete/",
        views.ProgrammeDeleteView.as_view(),
        name="programme-delete",
    ),
    path("programmes/<slug:slug>/date-preview/", views.date_preview, name="date-preview"),
    path("programmes/<slug:slug>/phases/new/", views.PhaseCreateView.as_view(), name="phase-new"),
    path("phases/<int:pk>/", views.PhaseDetailView.as_view(), name="phase"),
    path("phases/<int:pk>/edit/", views.PhaseEditView.as_view(), name="phase-edit"),
    path("phases/<int:pk>/delete/", views.PhaseDeleteView.as_view(), name="phase-delete"),
    path("phases/<int:pk>/gates/new/", views.GateCreateView.as_view(), name="gate-new"),
    path("gates/<int:pk>/", views.GateDetailView.as_view(), name="gate"),
    path("gates/<int:pk>/edit/", views.GateEditView.as_view(), name="gate-edit"),
    path("gates/<int:pk>/decision/", views.GateDecisionView.as_view(), name="gate-decision"),
    path("gates/<int:pk>/delete/", views.GateDeleteView.as_view(), name="gate-delete"),
    path(
        "phases/<int:pk>/deliverables/new/",
        views.DeliverableCreateView.as_view(),
        name="deliverable-new",
    ),
    path("deliverables/<int:pk>/", views.DeliverableDetailView.as_view(), name="deliverable"),
    path(
        "deliverables/<int:pk>/edit/",
        views.DeliverableEditView.as_view(),
        name="deliverable-edit",
    ),
    path(
        "deliverables/<int:pk>/delete/",
        views.DeliverableDeleteView.as_view(),
        name="deliverable-delete",
    ),
    path(
        "programmes/<slug:slug>/meetings/new/",
        views.MeetingCreateView.as_view(),
        name="meeting-new",
    ),
    path("meetings/<int:pk>/edit/", views.MeetingEditView.as_view(), name="meeting-edit"),
    path("meetings/<int:pk>/delete/", views.MeetingDeleteView.as_view(), name="meeting-delete"),
    path(
        "meetings/<int:pk>/cancellations/new/",
        views.CancellationCreateView.as_view(),
        name="cancellation-new",
    ),
    path(
        "cancellations/<int:pk>/delete/",
        views.CancellationDeleteView.as_view(),
        name="cancellation-delete",
    ),
]
