from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from config.accessibility import AccessibilityStatementView
from milestones.meetings.views import SeriesView
from milestones.views import ProgrammeDetailView, ProgrammeListView

# The admin carries Regie's name and colours (templates/admin/base_site.html).
admin.site.site_header = _("Regie administration")
admin.site.site_title = _("Regie administration")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),  # before Django's: its own login page
    path("accounts/", include("config.accounts")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("toegankelijkheid/", AccessibilityStatementView.as_view(), name="accessibility"),
    path("", include("milestones.calendars.urls")),
    path("", include("phases.urls")),  # before milestones: /programmes/new/ is no slug
    # The programme list and page and a meeting series' page carry project-wide names ("home",
    # "programme", "meeting") so that every app links to them without reaching into the app
    # that renders them.
    path("", ProgrammeListView.as_view(), name="home"),
    path("programmes/<slug:slug>/", ProgrammeDetailView.as_view(), name="programme"),
    path("meetings/<int:pk>/", SeriesView.as_view(), name="meeting"),
    path("", include("milestones.meetings.urls")),
    path("", include("milestones.shifting.urls")),
    path("", include("cycle.urls")),
    path("", include("milestones.urls")),
]
