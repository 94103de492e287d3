from django.urls import path

from milestones import views
from milestones.baselines.urls import urlpatterns as baseline_urlpatterns
from milestones.editing.urls import urlpatterns as edit_urlpatterns
from milestones.importing.urls import urlpatterns as import_urlpatterns
from milestones.reports.views import progress_report, report_download, report_job
from milestones.timeline.urls import urlpatterns as timeline_urlpatterns

app_name = "milestones"
urlpatterns = [
    path("programmes/<slug:slug>/dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("programmes/<slug:slug>/milestones/", views.MilestoneTableView.as_view(), name="table"),
    path("milestones/<int:pk>/", views.MilestoneDetailView.as_view(), name="detail"),
    path("programmes/<slug:slug>/report.docx", progress_report, name="report"),
    path("programmes/<slug:slug>/reports/<int:pk>/", report_job, name="report-job"),
    path(
        "programmes/<slug:slug>/reports/<int:pk>/download/",
        report_download,
        name="report-download",
    ),
    *timeline_urlpatterns,
    *edit_urlpatterns,
    *import_urlpatterns,
    *baseline_urlpatterns,
]
