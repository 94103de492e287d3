from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from phases.admin_columns import period, shortened
from phases.admin_filters import FUZZY_DATE_READONLY, PeriodListFilter
from phases.models import (
    Deliverable,
    Gate,
    MeetingCancellation,
    MeetingSeries,
    Phase,
    Programme,
    ProgrammeMembership,
    ProgrammeRole,
)


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0
    fields = ["order", "name", "date_text", "start", "end", "status", "result"]
    readonly_fields = ["start", "end"]
    show_change_link = True


class ProgrammeRoleInline(admin.TabularInline):
    model = ProgrammeRole
    extra = 0
    fields = ["order", "person", "kind", "responsibilities"]
    autocomplete_fields = ["person"]


class MembershipInline(admin.TabularInline):
    model = ProgrammeMembership
    extra = 0
    autocomplete_fields = ["user"]


class MeetingSeriesInline(admin.TabularInline):
    model = MeetingSeries
    extra = 0
    fields = [
        "name",
        "target_group",
        "frequency",
        "interval",
        "weekday",
        "start_time",
        "end_time",
        "first_date",
        "last_date",
    ]
    show_change_link = True


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "year", "updated_at"]
    list_filter = ["year"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["organisations", "owner_groups"]
    readonly_fields = ["version", "created_at", "updated_at"]
    inlines = [PhaseInline, ProgrammeRoleInline, MeetingSeriesInline, MembershipInline]


@admin.register(ProgrammeMembership)
class ProgrammeMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "programme", "level"]
    list_filter = ["level", "programme"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "programme__name"]
    autocomplete_fields = ["user", "programme"]
    list_select_related = ["user", "programme"]


@admin.register(ProgrammeRole)
class ProgrammeRoleAdmin(admin.ModelAdmin):
    list_display = ["person", "kind", "programme", "responsibilities"]
    list_filter = ["kind", "programme"]
    search_fields = ["person__name", "responsibilities", "programme__name"]
    autocomplete_fields = ["person", "programme"]
    list_select_related = ["person", "programme"]


class GateInline(admin.TabularInline):
    model = Gate
    extra = 0
    fields = ["title", "decider", "date_text", "start", "end", "outcome", "decided_on"]
    readonly_fields = ["start", "end"]
    show_change_link = True


class DeliverableInline(admin.TabularInline):
    model = Deliverable
    extra = 0
    fields = ["title", "owner", "date_text", "start", "end", "status"]
    readonly_fields = ["start", "end"]
    show_change_link = True


@admin.register(Phase)
class PhaseAdmin(SimpleHistoryAdmin):
    list_display = [
        shortened(Phase, "name"),
        shortened(Phase, "programme", 30),
        "order",
        "date_text",
        period,
        "status",
    ]
    list_filter = ["status", PeriodListFilter, "programme"]
    search_fields = ["name", "goal", "result", "programme__name"]
    readonly_fields = FUZZY_DATE_READONLY
    autocomplete_fields = ["programme"]
    list_select_related = ["programme"]

    # The milestones app, which sits above this one, adds its inline to this list.
    inlines = [GateInline, DeliverableInline]


@admin.register(Gate)
class GateAdmin(SimpleHistoryAdmin):
    list_display = [
        shortened(Gate, "title"),
        shortened(Gate, "phase", 30),
        "decider",
        "date_text",
        period,
        "outcome",
    ]
    list_filter = ["outcome", PeriodListFilter, "decider", "phase__programme"]
    search_fields = ["title", "reference", "phase__name", "phase__programme__name"]
    readonly_fields = FUZZY_DATE_READONLY
    autocomplete_fields = ["phase", "decider"]
    list_select_related = ["phase", "decider"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Deliverable)
class DeliverableAdmin(SimpleHistoryAdmin):
    list_display = [
        shortened(Deliverable, "title"),
        shortened(Deliverable, "phase", 30),
        "owner",
        "date_text",
        period,
        "status",
    ]
    list_filter = ["status", PeriodListFilter, "phase__programme"]
    search_fields = ["title", "description", "owner", "phase__name"]
    readonly_fields = FUZZY_DATE_READONLY
    autocomplete_fields = ["phase"]
    list_select_related = ["phase"]


class MeetingCancellationInline(admin.TabularInline):
    model = MeetingCancellation
    extra = 0


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        shortened(MeetingSeries, "programme", 30),
        "target_group",
        shortened(MeetingSeries, "rhythm_text", 40),
        "first_date",
        "last_date",
    ]
    list_filter = ["frequency", "target_group", "programme"]
    search_fields = ["name", "rhythm_text", "location", "programme__name"]
    readonly_fields = ["version"]
    autocomplete_fields = ["programme", "target_group"]
    list_select_related = ["programme", "target_group"]
    inlines = [MeetingCancellationInline]
