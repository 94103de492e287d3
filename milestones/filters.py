"""Filters of the milestone table (django-filter)."""

import datetime
from collections.abc import Mapping

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from milestones.models import Involvement, Milestone
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


def _attributes(attrs: Mapping[str, object]) -> str:
    """What `django/forms/widgets/attrs.html` writes."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class WrittenSelect(forms.Select):
    """A `<select>` written in Python, the HTML of Django's templates for it (the tests compare
    them): the templates include a template per option and per list of attributes, which made
    the filter form a fifth of the table page."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{conditional_escape(name)}"{_attributes(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            parts.extend(
                f'\n  <option value="{conditional_escape(option["value"])}"'
                f"{_attributes(option['attrs'])}>{conditional_escape(option['label'])}</option>\n"
                for option in options
            )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))


class WrittenInputMixin:
    """An `<input>` written in Python, as `WrittenSelect`."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        shown = widget["value"]
        value_attribute = "" if shown is None else f' value="{conditional_escape(shown)}"'
        return mark_safe(
            f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(name)}"'
            f"{value_attribute}{_attributes(widget['attrs'])}>"
        )


class WrittenTextInput(WrittenInputMixin, forms.TextInput):
    pass


class WrittenDateInput(WrittenInputMixin, forms.DateInput):
    pass


class MilestoneFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Text"), method="filter_text", widget=WrittenTextInput)
    phase = django_filters.ModelChoiceFilter(
        label=_("Phase"), queryset=Phase.objects.none(), widget=WrittenSelect
    )
    # One group per filter and one involvement per (milestone, group): the join never
    # repeats a milestone, so no DISTINCT is needed.
    group = django_filters.ModelChoiceFilter(
        label=_("Target group"),
        field_name="involvements__target_group",
        queryset=TargetGroup.objects.none(),
        widget=WrittenSelect,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=WorkStatus.choices, widget=WrittenSelect
    )
    period = django_filters.ChoiceFilter(
        label=_("Period"), choices=PERIODS, method="filter_period", widget=WrittenSelect
    )
    after = django_filters.DateFilter(
        label=_("From"),
        field_name="end",
        lookup_expr="gte",
        widget=WrittenDateInput(attrs={"type": "date"}),
    )
    before = django_filters.DateFilter(
        label=_("Until"),
        field_name="start",
        lookup_expr="lte",
        widget=WrittenDateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Milestone
        fields = ["q", "phase", "group", "status", "period", "after", "before"]

    def __init__(self, *args, programme, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.filters["phase"].queryset = programme.phases.order_by("order")
        # EXISTS stops at a group's first milestone in the programme; a join with DISTINCT
        # reads every involvement of the programme on every page.
        in_programme = Involvement.objects.filter(
            target_group=OuterRef("pk"), milestone__programme=programme
        )
        self.filters["group"].queryset = TargetGroup.objects.filter(Exists(in_programme))
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
