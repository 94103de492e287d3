from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = "Regie"
admin.site.site_title = "Regie"
admin.site.index_title = _("Administration")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("milestones.calendar_urls")),
    path("", include("phases.urls")),  # before milestones: /programmes/new/ is no slug
    path("", include("milestones.urls")),
]
