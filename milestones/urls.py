from django.urls import path

from milestones import views

app_name = "milestones"
urlpatterns = [
    path("", views.ProgrammeListView.as_view(), name="programme-list"),
]
