from django.urls import path

from cycle import body_views, route_views, views

app_name = "cycle"

urlpatterns = [
    path("gates/<int:pk>/route/", views.plan_gate_view, name="gate-plan-edit"),
    path("programmes/<slug:slug>/routes/", route_views.route_list, name="routes"),
    path("programmes/<slug:slug>/routes/new/", route_views.route_new, name="route-new"),
    path("routes/<int:pk>/edit/", route_views.route_edit, name="route-edit"),
    path("bodies/<slug:slug>/meetings/", body_views.body_calendar, name="body"),
    path("bodies/<slug:slug>/meetings/import/", body_views.upload_meetings, name="body-upload"),
    path("bodies/<slug:slug>/meetings/new/", body_views.add_meeting, name="body-meeting-new"),
    path("bodies/<slug:slug>/recesses/new/", body_views.add_recess, name="body-recess-new"),
]
