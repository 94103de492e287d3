"""Forms for calendar downloads (query filters) and subscription feeds."""

from __future__ import annotations

import datetime

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from milestones.calendars.ical import CalendarFilters, Content
from phases.fuzzy import read_date_text
from phases.groups import offered_groups, used_by
from phases.models import Phase, Programme, WorkStatus
from stakeholders.models import TargetGroup


def programme_groups(programme: Programme) -> QuerySet[TargetGroup]:
    """The target groups that take part in `programme` in any way."""
    return TargetGroup.objects.filter(used_by(Programme.objects.filter(pk=programme.pk)))


class CalendarFilterForm(forms.Form):
    """Content, phase, status and period: the query string of a download, part of a feed."""

    content = forms.ChoiceField(
        label=_("Content"),
        choices=Content.choices,
        required=False,
        initial=Content.ALL,
        widget=forms.RadioSelect,
        help_text=_("A secretary who only sends invitations takes the meetings alone."),
    )
    phase = forms.ModelChoiceField(
        label=_("Phase"),
        queryset=Phase.objects.none(),
        required=False,
        empty_label=_("All phases"),
    )
    status = forms.MultipleChoiceField(
        label=_("Status"),
        choices=WorkStatus.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Milestones and deliverables with this status; none ticked: all."),
    )
    period = forms.CharField(
        label=_("Period"),
        max_length=100,
        required=False,
        help_text=_("As you would write it: “2024”, “Q3 2024”, “sep t/m dec 2024”."),
    )

    def __init__(self, *args, programme: Programme | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.programme = programme
        if programme is None:
            del self.fields["phase"]  # phases belong to one programme
        else:
            self.fields["phase"].queryset = programme.phases.order_by("order")

    def period_year(self) -> int:
        return self.programme.year if self.programme else datetime.date.today().year

    def clean_period(self) -> str:
        text = self.cleaned_data["period"].strip()
        if text:
            year = self.period_year()
            self.period_reading = read_date_text(text, datetime.date(year, 1, 1), year=year)
        return text

    def filters(self) -> CalendarFilters:
        """The cleaned filters (call after `is_valid()`)."""
        data = self.cleaned_data
        phase = data.get("phase")
        reading = getattr(self, "period_reading", None) if data.get("period") else None
        return CalendarFilters(
            phase_id=phase.pk if phase else None,
            statuses=tuple(data.get("status") or ()),
            period_start=reading.start if reading else None,
            period_end=reading.end if reading else None,
            period_text=data["period"] if reading else "",
            content=data.get("content") or Content.ALL,
        )


class FeedForm(CalendarFilterForm):
    """A new subscription feed: its name, one target group (optional) and the filters."""

    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        required=False,
        help_text=_("How your calendar app shows it; empty: the programme and group name."),
    )
    target_group = forms.ModelChoiceField(
        label=_("Target group"),
        queryset=TargetGroup.objects.none(),
        required=False,
        empty_label=_("All target groups"),
    )
    field_order = ["name", "target_group", "content", "phase", "status", "period"]

    def __init__(self, *args, programme: Programme | None = None, user=None, **kwargs) -> None:
        super().__init__(*args, programme=programme, **kwargs)
        # A feed of all my programmes: the groups of the programmes I may see (phases.groups).
        groups = programme_groups(programme) if programme else offered_groups(user=user)
        self.fields["target_group"].queryset = groups.order_by("name")
