"""Filters of the milestone table (django-filter)."""

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from milestones.models import Milestone
from phases.models import Phase, WorkStatus
from stakeholders.models import TargetGroup

PERIODS = [
    ("late", _("late (deadline passed, not done)")),
    ("30", _("next 30 days")),
    ("60", _("next 60 days")),
    ("90", _("next 90 days")),
    ("past", _("in the past")),
    ("undated", _("no date")),
]


class MilestoneFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Text"), method="filter_text")
    phase = django_filters.ModelChoiceFilter(label=_("Phase"), queryset=Phase.objects.none())
    # One group per filter and one involvement per (milestone, group): the join never
    # repeats a milestone, so no DISTINCT is needed.
    group = django_filters.ModelChoiceFilter(
        label=_("Target group"),
        field_name="involvements__target_group",
        queryset=TargetGroup.objects.none(),
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=WorkStatus.choices)
    period = django_filters.ChoiceFilter(label=_("Period"), choices=PERIODS, method="filter_period")
    after = django_filters.DateFilter(
        label=_("From"),
        field_name="end",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    before = django_filters.DateFilter(
        label=_("Until"),
        field_name="start",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Milestone
        fields = ["q", "phase", "group", "status", "period", "after", "before"]

    def __init__(self, *args, programme, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.filters["phase"].queryset = programme.phases.order_by("order")
        self.filters["group"].queryset = TargetGroup.objects.filter(
            involvements__milestone__programme=programme
        ).distinct()
        for form_field in self.form.fields.values():
            is_select = isinstance(form_field.widget, forms.Select)
            form_field.widget.attrs["class"] = (
                "form-select form-select-sm" if is_select else "form-control form-control-sm"
            )

    def filter_text(self, queryset, name, value):
        words = value.split()
        for word in words:
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(description__icontains=word)
                | Q(lead__icontains=word)
                | Q(date_text__icontains=word)
                | Q(result__icontains=word)
            )
        return queryset

    def filter_period(self, queryset, name, value):
        today = self.today
        if value == "late":
            return queryset.late(today)
        if value in ("30", "60", "90"):
            return queryset.in_period(today, today + datetime.timedelta(days=int(value)))
        if value == "past":
            return queryset.past(today)
        if value == "undated":
            return queryset.undated()
        return queryset
