"""Staff (and users given the model permissions) keep bodies' meetings, recesses and
decision routes here; imports go through `manage.py import_meetings`."""

from django.contrib import admin

from cycle.models import BodyMeeting, GatePlan, Recess, Route, RouteStep


@admin.register(BodyMeeting)
class BodyMeetingAdmin(admin.ModelAdmin):
    list_display = ("body", "date", "title", "organisation", "cancelled", "source")
    list_filter = ("body", "organisation", "cancelled", "source")
    date_hierarchy = "date"
    search_fields = ("title", "body__name")


@admin.register(Recess)
class RecessAdmin(admin.ModelAdmin):
    list_display = ("body", "name", "start", "end", "organisation")
    list_filter = ("body", "organisation")


class RouteStepInline(admin.TabularInline):
    model = RouteStep
    extra = 1


@admin.register(Route)
class RouteAdmin(admin.ModelAdmin):
    list_display = ("name", "programme", "organisation")
    list_filter = ("organisation",)
    inlines = [RouteStepInline]


@admin.register(GatePlan)
class GatePlanAdmin(admin.ModelAdmin):
    list_display = ("gate", "route", "target", "earliest", "ready")
    raw_id_fields = ("gate",)
