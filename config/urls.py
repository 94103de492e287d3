from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from milestones.views import ProgrammeDetailView, ProgrammeListView

admin.site.site_header = "Regie"
admin.site.site_title = "Regie"
admin.site.index_title = _("Administration")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),  # before Django's: its own login page
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("milestones.calendars.urls")),
    path("", include("phases.urls")),  # before milestones: /programmes/new/ is no slug
    # The programme list and page carry project-wide names ("home", "programme") so that every
    # app links to them without reaching into the app that renders them.
    path("", ProgrammeListView.as_view(), name="home"),
    path("programmes/<slug:slug>/", ProgrammeDetailView.as_view(), name="programme"),
    path("", include("milestones.shifting.urls")),
    path("", include("milestones.urls")),
]
