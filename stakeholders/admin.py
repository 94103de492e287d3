from django.contrib import admin
from django.db import models

from stakeholders.models import Organisation, Person, TargetGroup, TargetGroupAlias


class TargetGroupAliasInline(admin.TabularInline):
    model = TargetGroupAlias
    extra = 1


@admin.register(TargetGroup)
class TargetGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "alias_list", "slug"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["members"]
    inlines = [TargetGroupAliasInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("aliases")

    @admin.display(description=TargetGroupAlias._meta.verbose_name_plural)
    def alias_list(self, obj: TargetGroup) -> str:
        return ", ".join(alias.name for alias in obj.aliases.all())


class PersonInline(admin.TabularInline):
    model = Person
    extra = 0
    fields = ["name", "function", "email", "phone"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "website"]
    search_fields = ["name", "short_name"]
    inlines = [PersonInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "function", "organisation", "email"]
    list_filter = ["organisation", "target_groups"]
    search_fields = ["name", "function", "email", "organisation__name"]
    autocomplete_fields = ["organisation"]
    list_select_related = ["organisation"]
