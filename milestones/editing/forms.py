"""Creating and editing a milestone in the browser, with a guard against lost updates."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Row
from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from milestones.involvements import set_target_groups
from milestones.models import Milestone
from phases.forms import FuzzyDateForm, date_field, make_helper
from phases.groups import offered_groups
from phases.models import Deliverable, Programme
from stakeholders.models import TargetGroup
from stakeholders.text import single_line


def target_groups_field() -> forms.ModelMultipleChoiceField:
    """Target groups as checkboxes, saved through `milestones.involvements`."""
    return forms.ModelMultipleChoiceField(
        label=_("Target groups"),
        queryset=TargetGroup.objects.none(),  # the form offers its programme's groups
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def new_group_field() -> forms.CharField:
    """A group that is not in the list yet, typed by name and added when the form saves."""
    return forms.CharField(
        label=_("New target group"),
        required=False,
        max_length=TargetGroup._meta.get_field("name").max_length,
        help_text=_(
            "Not in the list? Type its name (one group); it is added to this milestone "
            "when you save, and offered in this programme from then on."
        ),
    )


class TypedGroupMixin:
    """Target groups ticked plus one typed in ``new_group``: the full form and the quick
    edit add a group the same way."""

    def clean_new_group(self) -> str:
        return single_line(self.cleaned_data.get("new_group") or "").strip()

    def chosen_groups(self) -> list[TargetGroup]:
        """The ticked groups and the typed one (matched by name or alias, else created)."""
        groups = list(self.cleaned_data.get("target_groups") or [])
        name = self.cleaned_data.get("new_group")
        if name:
            found, _created = TargetGroup.objects.resolve([name])
            groups += [group for group in found if group not in groups]
        return groups


def involved_group_ids(milestone: Milestone) -> list[int]:
    return list(milestone.involvements.values_list("target_group_id", flat=True))


class MilestoneForm(TypedGroupMixin, FuzzyDateForm):
    """The whole milestone, in fieldsets that follow the questions what, when, who and how.

    Save and Cancel are not part of the layout: the template puts them in a bar that stays
    in view (`milestones/milestone_form.html`).
    """

    target_groups = target_groups_field()
    new_group = new_group_field()

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
        what = Fieldset(
            _("What"),
            "title",
            Row(Column("phase"), Column("status", css_class="col-md-4")),
            "description",
            "result",
        )
        how = Fieldset(
            _("How"),
            Row(Column("work_form", css_class="col-md-4"), Column("work_form_notes")),
            Row(Column("duration"), Column("sessions", css_class="col-md-4")),
            "is_optional",
        )
        who = Fieldset(_("Who"), "lead", "target_groups", "new_group", "participants")
        documents = Fieldset(
            _("Documents and notes"),
            *(["deliverables"] if "deliverables" in self.fields else []),
            "notes",
        )
        # Two columns on a wide screen (what and when | who; how | documents); on a phone
        # one, in the order of the questions.
        helper = make_helper(
            Row(
                Column(what, Fieldset(_("When"), *date_field(self)), css_class="col-xl-6"),
                Column(who, css_class="col-xl-6"),
            ),
            Row(Column(how, css_class="col-xl-6"), Column(documents, css_class="col-xl-6")),
        )
        helper.form_tag = False  # the template's form holds the save bar
        helper.inputs = []
        return helper

    @transaction.atomic
    def save(self, commit: bool = True) -> Milestone:
        milestone = super().save(commit=commit)
        if commit:
            set_target_groups(milestone, self.chosen_groups(), saved=True)
        return milestone
