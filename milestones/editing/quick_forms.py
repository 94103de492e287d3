"""One-field forms for quick edits in place: a milestone's status, date or target groups.

Each is a `VersionedModelForm`, so it carries the `version` and signed `base` it was opened
at: a quick edit over someone else's change is never silent but shows the conflict in
place (what is stored now, what the user typed). Saving an unchanged value writes nothing.
"""

from __future__ import annotations

from typing import ClassVar

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Layout
from django import forms
from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from milestones.editing.forms import (
    TypedGroupMixin,
    involved_group_ids,
    new_group_field,
    target_groups_field,
)
from milestones.involvements import set_target_groups
from milestones.models import Milestone
from phases.editing import VersionedModelForm, display
from phases.forms import FuzzyDateForm, date_field
from phases.groups import offered_groups
from phases.presentation import format_dated

CONFLICT_DETAILS = HTML('{% include "milestones/includes/quick_conflict.html" %}')


class QuickEditForm(VersionedModelForm):
    """One field of a milestone, laid out for a table cell (labels visually hidden)."""

    #: the field as the URL names it: /milestones/<id>/quick/<name>/
    name: ClassVar[str]
    #: the form field edited
    field_name: ClassVar[str]
    #: what the editor does, for its accessible name ("Change status")
    action: ClassVar[str]

    conflict_template = _("Someone else changed this while you were editing it.")

    def __init__(self, *args, **kwargs) -> None:
        instance = kwargs["instance"]
        kwargs.setdefault("auto_id", f"id_quick{instance.pk}_%s")  # unique with many open
        super().__init__(*args, **kwargs)
        self.programme = instance.programme
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the editor template has its own token
        self.helper.label_class = "visually-hidden"
        self.helper.layout = Layout("version", "base", CONFLICT_DETAILS, *self.layout_fields())

    def layout_fields(self) -> list:
        return [self.field_name]

    @property
    def label(self) -> str:
        return capfirst(str(self.fields[self.field_name].label))

    def changed(self) -> bool:
        return self.field_name in self.changed_data

    def shown_value(self) -> str:
        """The saved value as a person reads it, for the confirmation message."""
        field = self.fields[self.field_name]
        return display(field, self.cleaned_data.get(self.field_name))

    def save(self, commit: bool = True) -> Milestone:
        if not self.changed():
            return self.instance  # no new version, no empty history entry
        return super().save(commit)


class QuickStatusForm(QuickEditForm):
    name = "status"
    field_name = "status"
    action = _("Change status")

    class Meta:
        model = Milestone
        fields = ["status"]
        widgets = {"status": forms.Select(attrs={"autofocus": True})}


class QuickDateForm(QuickEditForm, FuzzyDateForm):
    """The date as typed ("wk 47"), stored exactly so in `date_text`, read live below it."""

    name = "date"
    field_name = "date_text"
    action = _("Change date")

    class Meta:
        model = Milestone
        fields = ["date_text"]
        labels = {"date_text": _("Date")}
        help_texts = {"date_text": ""}  # the live reading below the field says enough
        widgets = {"date_text": forms.TextInput(attrs={"autofocus": True})}

    def layout_fields(self) -> list:
        # A reading still on its way when Enter saves (Enter fires "change") lands in the
        # editor the row replaced: harmless, and no aborted request for htmx to report.
        return date_field(self, preview_id=f"quick{self.instance.pk}-date-preview")

    def shown_value(self) -> str:
        milestone = self.instance
        return format_dated(milestone.date_text, milestone.start, milestone.end)


class QuickGroupsForm(TypedGroupMixin, QuickEditForm):
    name = "groups"
    field_name = "target_groups"
    action = _("Change target groups")

    target_groups = target_groups_field()
    new_group = new_group_field()

    class Meta:
        model = Milestone
        fields = []  # target groups are not a model field here (see save)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target_groups"].queryset = offered_groups(
            user=self.user, programme=self.programme
        ).order_by("name")
        # Labels are hidden in a table cell: the box says what it is for.
        self.fields["new_group"].widget.attrs["placeholder"] = _("New target group")
        self.fields["new_group"].help_text = _("Not in the list? Type it: added when you save.")

    def layout_fields(self) -> list:
        return [self.field_name, "new_group"]

    def extra_initial(self, instance) -> dict:
        return {"target_groups": involved_group_ids(instance)}

    def changed(self) -> bool:
        return super().changed() or bool(self.cleaned_data.get("new_group"))

    @transaction.atomic
    def save(self, commit: bool = True) -> Milestone:
        # Not ModelForm.save(): with no model fields it would `set()` the through relation
        # and bypass `set_target_groups()`, which records who added or removed a group and
        # saves the milestone (a new version, the history entry the groups join).
        if self.changed():
            set_target_groups(self.instance, self.chosen_groups())
        return self.instance


QUICK_FORMS: dict[str, type[QuickEditForm]] = {
    form.name: form for form in (QuickStatusForm, QuickDateForm, QuickGroupsForm)
}
