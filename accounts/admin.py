from django.contrib import admin

from accounts.models import AuditEvent, OidcIdentity


class ObjectTypeFilter(admin.AllValuesFieldListFilter):
    """The object types in the log; a login or a failed login concerns no object, and its empty
    type was offered as a link without a name."""

    def choices(self, changelist):
        return (choice for choice in super().choices(changelist) if str(choice["display"]))


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit log, read-only: nobody adds, changes or deletes an event (not even staff)."""

    list_display = ["at", "kind", "username", "ip_address", "object_type", "object_repr"]
    list_filter = ["kind", ("object_type", ObjectTypeFilter)]
    search_fields = ["username", "object_repr", "ip_address"]
    date_hierarchy = "at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(OidcIdentity)
class OidcIdentityAdmin(admin.ModelAdmin):
    list_display = ["user", "sub", "last_login_at"]
    search_fields = ["user__username", "sub"]
    raw_id_fields = ["user"]
    readonly_fields = ["granted", "last_login_at"]
