"""Edit forms for programmes, phases, gates, deliverables and meeting series.

Every form is a `VersionedModelForm` (no lost updates) laid out with crispy-forms; the
ones with a fuzzy date show, as the user types, what Regie understood (`date_field`).
"""

from __future__ import annotations

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Field, Layout, Row, Submit
from django import forms
from django.urls import reverse
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from phases.dates import Precision
from phases.editing import VersionedModelForm
from phases.fuzzy import DateReading, describe_date_text
from phases.groups import offered_groups
from phases.models import (
    Deliverable,
    Gate,
    MeetingCancellation,
    MeetingSeries,
    Phase,
    Programme,
    WorkStatus,
)

RESERVED_SLUGS = {"new"}  # /programmes/new/ is the create page


def date_field(form: FuzzyDateForm, *, preview_id: str = "date-preview", **attrs) -> list:
    """The `date_text` field, wired to the live reading, and the reading below it.

    `preview_id` must be unique on the page (several inline editors can be open at once);
    `attrs` are added to the input.
    """
    bound = form["date_text"]
    described_by = [f"{bound.auto_id}_helptext"] if bound.help_text else []
    return [
        Field(
            "date_text",
            **{
                "hx-get": form.preview_url(),
                "hx-trigger": "input changed delay:300ms, change",
                "hx-target": f"#{preview_id}",
                "hx-swap": "innerHTML",
                "aria-describedby": " ".join([*described_by, preview_id]),
                "autocomplete": "off",
                **attrs,
            },
        ),
        HTML(
            f'<div id="{preview_id}" class="form-text date-preview mb-3" aria-live="polite">'
            '{% include "phases/includes/date_preview.html" with reading=form.date_reading %}'
            "</div>"
        ),
    ]


class FuzzyDateForm(VersionedModelForm):
    """A form for a `FuzzyDateModel`: its date is typed as in Excel and read live."""

    programme: Programme

    def date_cursor(self) -> datetime.date | None:
        return self.instance.start

    def reads_weeks(self) -> bool:
        """An item read from a Week column keeps reading bare numbers as weeks."""
        return self.instance.precision == Precision.WEEK

    def preview_url(self) -> str:
        url = reverse("phases:date-preview", args=[self.programme.slug])
        query = []
        if self.date_cursor():
            query.append(f"start={self.date_cursor().isoformat()}")
        if self.reads_weeks():
            query.append("week=1")
        return f"{url}?{'&'.join(query)}" if query else url

    def date_reading(self) -> DateReading:
        return describe_date_text(
            self["date_text"].value() or "",
            self.date_cursor(),
            year=self.programme.year,
            week=self.reads_weeks(),
        )


def make_helper(*fields, submit: str | None = None) -> FormHelper:
    helper = FormHelper()
    helper.form_method = "post"
    # Below the form's own errors: what someone else changed meanwhile, if anything.
    conflicts = HTML('{% include "phases/includes/conflicts.html" %}')
    helper.layout = Layout(conflicts, "version", "base", *fields)
    helper.add_input(Submit("save", submit or _("Save")))
    return helper


class ProgrammeForm(VersionedModelForm):
    class Meta:
        model = Programme
        fields = [
            "name",
            "slug",
            "year",
            "description",
            "owner_groups",
            "organisations",
            "steering_series",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "owner_groups": forms.CheckboxSelectMultiple,
            "organisations": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "slug": _(
                "The programme's short name in its web address: “sociale-agenda” gives "
                "/programmes/sociale-agenda/. Left empty, Regie makes one from the name."
            ),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["owner_groups"].queryset = offered_groups(
            user=self.user, programme=self.instance if self.instance.pk else None
        ).order_by("name")
        if not self.instance.pk:
            self.fields["year"].initial = datetime.date.today().year
            del self.fields["steering_series"]  # a new programme has no meetings yet
            steering = ()
        else:
            self.fields["steering_series"].queryset = self.instance.meeting_series.order_by("name")
            self.fields["steering_series"].empty_label = gettext("automatic")
            steering = ("steering_series",)
        self.helper = make_helper(
            "name",
            Row(Column("slug"), Column("year", css_class="col-md-5")),
            "description",
            Row(Column("owner_groups"), Column("organisations")),
            *steering,
        )

    def clean_slug(self) -> str:
        """The typed web address, or one made from the name (numbered when taken).

        Addresses are unique across all programmes, also those this user cannot see. A
        typed address that is taken or reserved is refused with the same words either way
        and a free one is suggested, so the refusal does not tell that a programme the user
        may not see uses it (docs/security-notes.md).
        """
        slug = self.cleaned_data.get("slug") or slugify(self.cleaned_data.get("name", ""))[:90]
        if not slug:
            return slug  # the name is missing; its own error says so
        taken = Programme.objects.exclude(pk=self.instance.pk)
        free = self.free_slug(slug, taken)
        if self.data.get(self.add_prefix("slug")) and free != slug:
            raise forms.ValidationError(
                gettext("“%(slug)s” cannot be used as a web address; “%(free)s” is free.")
                % {"slug": slug, "free": free}
            )
        return free  # made from the name: numbered when taken

    @staticmethod
    def free_slug(slug: str, taken) -> str:
        unique, n = slug, 2
        while unique in RESERVED_SLUGS or taken.filter(slug=unique).exists():
            unique, n = f"{slug}-{n}", n + 1
        return unique


class PhaseForm(FuzzyDateForm):
    class Meta:
        model = Phase
        fields = ["name", "order", "date_text", "status", "goal", "result", "start_override_reason"]
        labels = {"date_text": _("Period")}
        widgets = {
            "goal": forms.Textarea(attrs={"rows": 3}),
            "start_override_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, programme: Programme, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.programme = self.instance.programme = programme
        if not self.instance.pk:
            last = programme.phases.order_by("-order").values_list("order", flat=True).first()
            self.fields["order"].initial = (last or 0) + 1
        self.helper = make_helper(
            Row(Column("name"), Column("order", css_class="col-md-2")),
            *date_field(self),
            "status",
            "goal",
            "result",
            "start_override_reason",
        )

    def clean_order(self) -> int:
        order = self.cleaned_data["order"]
        if self.programme.phases.exclude(pk=self.instance.pk).filter(order=order).exists():
            raise forms.ValidationError(
                gettext("Another phase of this programme already has number %(order)d.")
                % {"order": order}
            )
        return order


class GateForm(FuzzyDateForm):
    class Meta:
        model = Gate
        fields = ["title", "date_text", "decider", "notes"]
        labels = {"date_text": _("When (as planned)")}
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, phase: Phase, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.phase = phase
        self.programme = phase.programme
        self.fields["decider"].queryset = offered_groups(
            user=self.user, programme=self.programme
        ).order_by("name")
        self.helper = make_helper("title", *date_field(self), "decider", "notes")


class GateDecisionForm(VersionedModelForm):
    """Recording what the deciding body decided at a gate."""

    reference_url = forms.URLField(
        label=capfirst(Gate._meta.get_field("reference_url").verbose_name),
        help_text=Gate._meta.get_field("reference_url").help_text,
        max_length=500,
        required=False,
        assume_scheme="https",
    )

    class Meta:
        model = Gate
        fields = [
            "outcome",
            "decided_on",
            "decider",
            "meeting",
            "reference",
            "reference_url",
            "notes",
        ]
        widgets = {
            "outcome": forms.RadioSelect,
            "decided_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs) -> None:
        given = kwargs.get("initial") or {}  # a decisions list fills in its meeting
        super().__init__(*args, **kwargs)
        outcome = self.fields["outcome"]
        outcome.choices = [c for c in outcome.choices if c[0] != Gate.Outcome.OPEN]
        self.fields["decider"].queryset = offered_groups(
            user=self.user, programme=self.instance.phase.programme
        ).order_by("name")
        self.fields["meeting"].queryset = MeetingSeries.objects.filter(
            programme_id=self.instance.phase.programme_id
        ).order_by("name")
        if not self.instance.is_decided:  # proposed, the user confirms or changes it
            self.initial["outcome"] = Gate.Outcome.APPROVED
            self.initial["decided_on"] = given.get("decided_on") or datetime.date.today()
        self.helper = make_helper(
            "outcome",
            Row(Column("decided_on"), Column("decider"), Column("meeting")),
            Row(Column("reference"), Column("reference_url")),
            "notes",
            submit=_("Record decision"),
        )


class DeliverableForm(FuzzyDateForm):
    class Meta:
        model = Deliverable
        fields = ["title", "date_text", "status", "owner", "description"]
        labels = {"date_text": _("Due (as written)")}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, phase: Phase, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.phase = phase
        self.programme = phase.programme
        self.fields["status"].initial = WorkStatus.PLANNED
        self.helper = make_helper(
            "title", *date_field(self), Row(Column("status"), Column("owner")), "description"
        )


class MeetingSeriesForm(VersionedModelForm):
    class Meta:
        model = MeetingSeries
        fields = [
            "name",
            "target_group",
            "rhythm_text",
            "frequency",
            "interval",
            "weekday",
            "start_time",
            "end_time",
            "location",
            "first_date",
            "last_date",
            "notes",
        ]
        widgets = {
            "first_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "last_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, programme: Programme, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.programme = programme
        self.fields["target_group"].queryset = offered_groups(
            user=self.user, programme=programme
        ).order_by("name")
        self.helper = make_helper(
            Row(Column("name"), Column("target_group")),
            "rhythm_text",
            Row(Column("frequency"), Column("interval"), Column("weekday")),
            Row(Column("start_time"), Column("end_time"), Column("location")),
            Row(Column("first_date"), Column("last_date")),
            "notes",
        )


class CancellationForm(forms.ModelForm):
    """One meeting of a series that does not take place, or (with `moved_to`) moves."""

    class Meta:
        model = MeetingCancellation
        fields = ["date", "moved_to", "reason"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "moved_to": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, series: MeetingSeries, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.series = series
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.form_action = reverse("phases:cancellation-new", args=[series.pk])
        self.helper.layout = Layout(Row(Column("date"), Column("moved_to"), Column("reason")))
        self.helper.add_input(Submit("save", _("Cancel or move this meeting")))

    def clean_date(self) -> datetime.date:
        day = self.cleaned_data["date"]
        series = self.series
        if day < series.first_date or (series.last_date and day > series.last_date):
            raise forms.ValidationError(gettext("This series does not meet on that day."))
        weekly = series.frequency == MeetingSeries.Frequency.WEEKLY
        if weekly and series.weekday is not None and day.weekday() != series.weekday:
            raise forms.ValidationError(
                gettext("This series meets on %(weekday)s.")
                % {"weekday": series.get_weekday_display().lower()}
            )
        existing = series.cancellations.filter(date=day).first()
        if existing is not None and existing.moved_to is None:
            raise forms.ValidationError(gettext("That meeting is already cancelled."))
        if existing is not None:
            raise forms.ValidationError(gettext("That meeting is already moved."))
        return day

    def clean(self):
        data = super().clean()
        if data.get("moved_to") and data.get("moved_to") == data.get("date"):
            self.add_error("moved_to", gettext("Moving a meeting takes another day."))
        return data
