"""Creating and editing a milestone in the browser, with a guard against lost updates."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Row
from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from milestones.involvements import set_target_groups
from milestones.models import Milestone
from phases.forms import FuzzyDateForm, date_field, make_helper
from phases.groups import offered_groups
from phases.models import Deliverable, Programme
from stakeholders.models import TargetGroup


def target_groups_field() -> forms.ModelMultipleChoiceField:
    """Target groups as checkboxes, saved through `milestones.involvements`."""
    return forms.ModelMultipleChoiceField(
        label=_("Target groups"),
        queryset=TargetGroup.objects.none(),  # the form offers its programme's groups
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def involved_group_ids(milestone: Milestone) -> list[int]:
    return list(milestone.involvements.values_list("target_group_id", flat=True))


class MilestoneForm(FuzzyDateForm):
    target_groups = target_groups_field()

    class Meta:
        model = Milestone
        fields = [
            "title",
            "phase",
            "date_text",
            "status",
            "lead",
            "description",
            "result",
            "work_form",
            "work_form_notes",
            "duration",
            "sessions",
            "participants",
            "is_optional",
            "notes",
            "deliverables",
        ]
        labels = {"date_text": _("Date")}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "result": forms.Textarea(attrs={"rows": 2}),
            "participants": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
            "deliverables": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, programme: Programme, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.programme = programme
        if self.instance.programme_id is None:
            self.instance.programme = programme
        self.fields["phase"].queryset = programme.phases.order_by("order")
        self.fields["target_groups"].queryset = offered_groups(
            user=self.user, programme=programme
        ).order_by("name")
        deliverables = Deliverable.objects.filter(phase__programme=programme)
        if deliverables.exists():
            self.fields["deliverables"].queryset = deliverables.select_related("phase")
        else:  # nothing to link to: no empty heading in the form
            del self.fields["deliverables"]
        self.helper = self._build_helper()

    def extra_initial(self, instance) -> dict:
        return {"target_groups": involved_group_ids(instance)}

    def _build_helper(self) -> FormHelper:
        return make_helper(
            "title",
            Row(Column("phase"), Column("status", css_class="col-md-4")),
            *date_field(self),
            "lead",
            "target_groups",
            *(["deliverables"] if "deliverables" in self.fields else []),
            "description",
            "result",
            Row(Column("work_form", css_class="col-md-4"), Column("work_form_notes")),
            Row(Column("duration"), Column("sessions", css_class="col-md-4")),
            "participants",
            "is_optional",
            "notes",
        )

    @transaction.atomic
    def save(self, commit: bool = True) -> Milestone:
        milestone = super().save(commit=commit)
        if commit:
            set_target_groups(milestone, self.cleaned_data.get("target_groups") or [], saved=True)
        return milestone
