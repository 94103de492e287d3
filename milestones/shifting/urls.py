"""URL of shifting a phase (namespace `shifting`: the phase page links to it by that name)."""

from django.urls import path

from milestones.shifting import views

app_name = "shifting"
urlpatterns = [
    path("phases/<int:pk>/shift/", views.shift_phase, name="phase"),
]
