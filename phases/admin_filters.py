"""Admin list filters shared by every model with a fuzzy date."""

import datetime

from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PeriodListFilter(admin.SimpleListFilter):
    """Filter dated things by where their interval lies relative to today."""

    title = _("period")
    parameter_name = "period"

    def lookups(self, request, model_admin):
        return [
            ("past", _("in the past")),
            ("current", _("running now")),
            ("30", _("next 30 days")),
            ("90", _("next 90 days")),
            ("this_year", _("this year")),
            ("undated", _("no date")),
            ("unreadable", _("date not understood")),
        ]

    def queryset(self, request, queryset):
        today = datetime.date.today()
        value = self.value()
        if value == "past":
            return queryset.filter(end__lt=today)
        if value == "current":
            return queryset.filter(start__lte=today, end__gte=today)
        if value in ("30", "90"):
            until = today + datetime.timedelta(days=int(value))
            return queryset.filter(start__lte=until, end__gte=today)
        if value == "this_year":
            return queryset.filter(start__year__lte=today.year, end__year__gte=today.year)
        if value == "undated":
            return queryset.filter(start__isnull=True)
        if value == "unreadable":
            return queryset.filter(Q(start__isnull=True) & ~Q(date_text=""))
        return queryset


FUZZY_DATE_READONLY = ["start", "end", "precision", "dates", "version"]
