from django.contrib import admin
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from milestones.models import (
    Agenda,
    Baseline,
    CalendarFeed,
    CalendarNote,
    ImportRecord,
    Involvement,
    Milestone,
    ReportingDuty,
)
from phases.admin import PhaseAdmin
from phases.admin_columns import period, shortened
from phases.admin_filters import FUZZY_DATE_READONLY, PeriodListFilter


class InvolvementInline(admin.TabularInline):
    model = Involvement
    extra = 1
    autocomplete_fields = ["target_group"]


class PhaseMilestoneInline(admin.TabularInline):
    """The milestones of a phase, on the phase's admin page."""

    model = Milestone
    extra = 0
    fields = ["title", "date_text", "start", "end", "status", "lead"]
    readonly_fields = ["start", "end"]
    show_change_link = True


PhaseAdmin.inlines = [*PhaseAdmin.inlines, PhaseMilestoneInline]


@admin.register(Milestone)
class MilestoneAdmin(SimpleHistoryAdmin):
    # Five columns and a short title: the list fits 1440 px beside the navigation and filters
    # (ten columns made it 2,288 px wide). Target groups and lead are filters and on the page.
    list_display = [
        shortened(Milestone, "title"),
        "programme_phase",
        "date_text",
        period,
        "status",
    ]
    list_filter = [
        "programme",
        "status",
        PeriodListFilter,
        ("phase", admin.RelatedOnlyFieldListFilter),
        ("target_groups", admin.RelatedOnlyFieldListFilter),
        "is_optional",
        "precision",
    ]
    search_fields = ["title", "description", "date_text", "lead", "result", "notes"]
    readonly_fields = [*FUZZY_DATE_READONLY, "source_file", "source_sheet", "source_row"]
    autocomplete_fields = ["programme", "phase", "deliverables"]
    list_select_related = ["programme", "phase"]
    inlines = [InvolvementInline]
    date_hierarchy = "end"
    fieldsets = [
        (None, {"fields": ["programme", "phase", "title", "description", "status", "is_optional"]}),
        (_("Date"), {"fields": ["date_text", "start", "end", "precision", "dates"]}),
        (
            _("Organisation"),
            {
                "fields": [
                    "lead",
                    "participants",
                    "work_form",
                    "work_form_notes",
                    "duration",
                    "sessions",
                ]
            },
        ),
        (_("Result"), {"fields": ["result", "deliverables", "notes"]}),
        (
            _("Origin"),
            {
                "fields": ["source_file", "source_sheet", "source_row", "version"],
                "classes": ["collapse"],
            },
        ),
    ]

    @admin.display(description=_("programme / phase"), ordering="programme__name")
    def programme_phase(self, obj: Milestone) -> str:
        programme = Truncator(obj.programme.name).chars(30)
        return f"{programme} / {obj.phase.name}" if obj.phase else programme


@admin.register(Involvement)
class InvolvementAdmin(admin.ModelAdmin):
    list_display = ["milestone", "target_group", "raci"]
    list_filter = ["raci", "target_group"]
    search_fields = ["milestone__title", "target_group__name"]
    autocomplete_fields = ["milestone", "target_group"]
    list_select_related = ["milestone", "target_group"]


@admin.register(ImportRecord)
class ImportRecordAdmin(admin.ModelAdmin):
    """Imports are a record of what happened: readable, never edited by hand."""

    list_display = [
        "file_name",
        "programme",
        "imported_by",
        "imported_at",
        "created",
        "updated",
        "unchanged",
        "undated",
        "warning_count",
    ]
    list_filter = ["programme", "imported_by"]
    search_fields = ["file_name", "sha256", "programme__name"]
    list_select_related = ["programme", "imported_by"]
    date_hierarchy = "imported_at"
    fields = [
        "programme",
        "file_name",
        "sheet",
        "year",
        "sha256",
        "size",
        "imported_by",
        "imported_at",
        ("created", "updated", "unchanged", "undated"),
        "problem_list",
        "warning_list",
    ]
    readonly_fields = ["imported_at", "problem_list", "warning_list"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("warnings"))
    def warning_count(self, obj: ImportRecord) -> int:
        return len(obj.warnings)

    @admin.display(description=_("kept undated"))
    def problem_list(self, obj: ImportRecord) -> str:
        return self.notice_list(obj.problems)

    @admin.display(description=_("warnings"))
    def warning_list(self, obj: ImportRecord) -> str:
        return self.notice_list(obj.warnings)

    @staticmethod
    def notice_list(notices: list[str]) -> str:
        """One line per notice ("<sheet> row N, column C: …"), escaped."""
        from django.utils.html import format_html, format_html_join

        if not notices:
            return "–"
        items = format_html_join("", "<li>{}</li>", ((notice,) for notice in notices))
        return format_html("<ul>{}</ul>", items)


@admin.register(Baseline)
class BaselineAdmin(admin.ModelAdmin):
    """A baseline is what the plan was: its name and note may be corrected, never its items."""

    list_display = [
        shortened(Baseline, "name", 40),
        shortened(Baseline, "programme", 30),
        "kind",
        shortened(Baseline, "gate", 30),
        "taken_at",
        "taken_by",
    ]
    list_filter = ["programme", "kind"]
    list_select_related = ["programme", "gate", "taken_by"]
    search_fields = ["name", "note", "programme__name"]
    fields = ["programme", "name", "note", "kind", "gate", "taken_at", "taken_by"]
    readonly_fields = ["programme", "kind", "gate", "taken_at", "taken_by"]

    def has_add_permission(self, request) -> bool:
        return False  # taken on the changes page, by take_baseline or by a gate's approval


@admin.register(CalendarNote)
class CalendarNoteAdmin(admin.ModelAdmin):
    list_display = [shortened(CalendarNote, "title"), "programme", "date_text", period]
    list_filter = [PeriodListFilter, "programme"]
    search_fields = ["title", "programme__name"]
    readonly_fields = FUZZY_DATE_READONLY
    autocomplete_fields = ["programme"]
    list_select_related = ["programme"]


@admin.action(description=_("Revoke the selected feeds"))
def revoke_feeds(modeladmin, request, queryset) -> None:
    # Imported here: the calendar builder loads icalendar, which no command needs at start-up
    # (the admin modules are imported by every `manage.py` command).
    from milestones.calendars.ical import revoke_feed

    for feed in queryset.active():  # one by one: each revocation is in the audit log
        revoke_feed(feed=feed)


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "user",
        "programme",
        "target_group",
        "is_active",
        "created_at",
        "revoked_at",
        "last_fetched_at",
    ]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter), "programme", "target_group"]
    search_fields = ["name", "user__username", "programme__name"]
    autocomplete_fields = ["user", "programme", "target_group"]
    # The token is not stored (only its hash): the owner makes a new link on the feed page.
    exclude = ["token_hash"]
    readonly_fields = ["created_at", "last_fetched_at"]
    list_select_related = ["user", "programme", "target_group"]
    actions = [revoke_feeds]

    @admin.display(boolean=True, description=_("active"))
    def is_active(self, obj: CalendarFeed) -> bool:
        return obj.is_active


@admin.register(ReportingDuty)
class ReportingDutyAdmin(SimpleHistoryAdmin):
    list_display = [
        shortened(ReportingDuty, "title", 40),
        shortened(ReportingDuty, "programme", 30),
        "body",
        "rhythm",
        "form",
        "date_text",
    ]
    list_filter = ["rhythm", "form", "programme"]
    search_fields = ["title", "programme__name", "body__name"]
    autocomplete_fields = ["body"]
    readonly_fields = FUZZY_DATE_READONLY


@admin.register(Agenda)
class AgendaAdmin(SimpleHistoryAdmin):
    list_display = ["series", "date", "version", "updated_at"]
    list_filter = ["series__programme"]
    search_fields = ["series__name"]
