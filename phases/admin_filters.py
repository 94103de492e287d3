"""Admin list filters shared by every model with a fuzzy date."""

import datetime

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from phases.fuzzy import local_today


class PeriodListFilter(admin.SimpleListFilter):
    """Filter dated things by where their interval lies relative to today."""

    title = _("period")
    parameter_name = "period"

    def lookups(self, request, model_admin):
        return [
            ("late", _("late (deadline passed, not done)")),
            ("past", _("in the past")),
            ("current", _("running now")),
            ("30", _("next 30 days")),
            ("90", _("next 90 days")),
            ("this_year", _("this year")),
            ("undated", _("no date")),
            ("unreadable", _("date not understood")),
        ]

    def queryset(self, request, queryset):
        # Every dated model's queryset inherits phases.fuzzy.FuzzyDateQuerySet.
        today = local_today()
        value = self.value()
        if value == "late":
            return queryset.late(today)
        if value == "past":
            return queryset.past(today)
        if value == "current":
            return queryset.in_period(today, today)
        if value in ("30", "90"):
            return queryset.in_period(today, today + datetime.timedelta(days=int(value)))
        if value == "this_year":
            year = today.year
            return queryset.in_period(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
        if value == "undated":
            return queryset.undated()
        if value == "unreadable":
            return queryset.needing_date_attention()
        return queryset


FUZZY_DATE_READONLY = ["start", "end", "precision", "dates", "version"]
