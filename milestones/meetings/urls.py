"""URLs of a meeting's agenda and decisions list; the series page itself is `meeting`
(a project-wide name, `config/urls.py`), so that `phases` links to it without naming us."""

from django.urls import path

from milestones.meetings import views

app_name = "meetings"
urlpatterns = [
    path("meetings/<int:pk>/calendar.ics", views.series_calendar, name="calendar"),
    path("meetings/<int:pk>/<str:day>/agenda/", views.agenda_page, name="agenda"),
    path("meetings/<int:pk>/<str:day>/agenda.docx", views.agenda_document, name="agenda-docx"),
    path("meetings/<int:pk>/<str:day>/decisions/", views.decisions_page, name="decisions"),
    path(
        "meetings/<int:pk>/<str:day>/decisions.docx",
        views.decisions_document,
        name="decisions-docx",
    ),
]
