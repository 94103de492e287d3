"""URLs of calendar downloads and subscription feeds."""

from django.urls import path

from milestones.calendars import views

app_name = "calendar"
urlpatterns = [
    path("programmes/<slug:slug>/calendar.ics", views.programme_calendar, name="programme"),
    path(
        "programmes/<slug:slug>/calendar/<slug:group_slug>.ics",
        views.group_calendar,
        name="group",
    ),
    path("programmes/<slug:slug>/feeds/", views.programme_feeds, name="programme-feeds"),
    path("feeds/", views.feed_list, name="feeds"),
    path("feeds/<int:pk>/revoke/", views.revoke, name="revoke"),
    path("feeds/<int:pk>/renew/", views.renew, name="renew"),
    path("feeds/<slug:token>.ics", views.feed, name="feed"),
]
