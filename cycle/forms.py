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


class MeetingUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Calendar or list of dates"),
        help_text=_("An .ics export (iBabs, NotuBiz, Outlook) or an .xlsx/.csv list of dates."),
        widget=forms.ClearableFileInput(attrs={"class": "form-control form-control-sm"}),
    )


class MeetingDateForm(forms.Form):
    date = forms.DateField(
        label=_("Meeting date"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"}),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )


class RecessForm(forms.Form):
    name = forms.CharField(
        label=_("Recess"),
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )
    start = forms.DateField(
        label=_("First day"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"}),
    )
    end = forms.DateField(
        label=_("Last day"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("The last day lies before the first day."))
        return data
