from django.urls import path

from milestones import views
from milestones.edit_urls import urlpatterns as edit_urlpatterns
from milestones.import_urls import urlpatterns as import_urlpatterns
from milestones.shift_urls import urlpatterns as shift_urlpatterns
from milestones.timeline_urls import urlpatterns as timeline_urlpatterns

app_name = "milestones"
urlpatterns = [
    path("", views.ProgrammeListView.as_view(), name="programme-list"),
    path("programmes/<slug:slug>/", views.ProgrammeDetailView.as_view(), name="programme"),
    path("programmes/<slug:slug>/dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("programmes/<slug:slug>/milestones/", views.MilestoneTableView.as_view(), name="table"),
    path("milestones/<int:pk>/", views.MilestoneDetailView.as_view(), name="detail"),
    *timeline_urlpatterns,
    *edit_urlpatterns,
    *shift_urlpatterns,
    *import_urlpatterns,
]
