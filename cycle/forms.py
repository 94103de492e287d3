"""The form that plans a gate on its route: a meeting of the deciding body, or the earliest
possible from today plus preparation time."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from phases.presentation import format_day

EARLIEST = "earliest"


class PlanGateForm(forms.Form):
    meeting = forms.ChoiceField(
        label=_("Target meeting"),
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    preparation_days = forms.IntegerField(
        label=_("Preparation time (days)"),
        min_value=0,
        max_value=730,
        initial=0,
        required=False,
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
        help_text=_("For “earliest possible”: days from today before the first step."),
    )

    def __init__(self, *args, meetings: list[datetime.date], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].choices = [(EARLIEST, _("earliest possible"))] + [
            (day.isoformat(), format_day(day, weekday=True)) for day in meetings
        ]

    def target(self) -> datetime.date | None:
        value = self.cleaned_data["meeting"]
        return None if value == EARLIEST else datetime.date.fromisoformat(value)
