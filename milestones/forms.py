"""Creating and editing a milestone in the browser, with a guard against lost updates."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Field, Layout, Submit
from django import forms
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from milestones.models import Involvement, Milestone
from phases.models import Phase, Programme
from stakeholders.models import TargetGroup

# Fields compared when someone else saved the milestone in the meantime.
CONFLICT_FIELDS = (
    "title",
    "phase",
    "date_text",
    "status",
    "lead",
    "description",
    "result",
    "work_form",
    "duration",
    "participants",
    "is_optional",
    "notes",
)


def _display(field, value) -> str:
    """A stored value as a person reads it."""
    if value in (None, ""):
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        return str(Phase.objects.filter(pk=value).first() or "—")
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    return str(value)


def changes_since(milestone: Milestone, base_version: int) -> list[tuple[str, str, str]]:
    """(label, value at `base_version`, value now) for every field someone else changed."""
    base = milestone.history.filter(version=base_version).order_by("-history_id").first()
    if base is None:
        return []
    rows = []
    for name in CONFLICT_FIELDS:
        field = Milestone._meta.get_field(name)
        old, new = getattr(base, field.attname), getattr(milestone, field.attname)
        if old != new:
            rows.append((str(field.verbose_name), _display(field, old), _display(field, new)))
    return rows


class MilestoneForm(forms.ModelForm):
    target_groups = forms.ModelMultipleChoiceField(
        label=_("Target groups"),
        queryset=TargetGroup.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

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
            "duration",
            "participants",
            "is_optional",
            "notes",
        ]
        labels = {"date_text": _("Date")}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "result": forms.Textarea(attrs={"rows": 2}),
            "participants": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, programme: Programme, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.programme = programme
        if self.instance.programme_id is None:
            self.instance.programme = programme
        self.fields["phase"].queryset = programme.phases.order_by("order")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["target_groups"].initial = list(
                self.instance.involvements.values_list("target_group_id", flat=True)
            )
        self.conflicts: list[tuple[str, str, str]] = []
        self.helper = self._build_helper()

    def preview_url(self) -> str:
        url = reverse("milestones:date-preview", args=[self.programme.slug])
        if self.instance.start:
            url += f"?start={self.instance.start.isoformat()}"
        return url

    def _build_helper(self) -> FormHelper:
        helper = FormHelper()
        helper.form_method = "post"
        helper.layout = Layout(
            "version",
            "title",
            "phase",
            Field(
                "date_text",
                **{
                    "hx-get": self.preview_url(),
                    "hx-trigger": "input changed delay:300ms, change",
                    "hx-target": "#date-preview",
                    "hx-swap": "innerHTML",
                    "aria-describedby": "id_date_text_helptext date-preview",
                    "autocomplete": "off",
                },
            ),
            HTML(
                '<div id="date-preview" class="form-text mb-3" aria-live="polite">'
                '{% include "milestones/includes/date_preview.html" %}</div>'
            ),
            "status",
            "lead",
            "target_groups",
            "description",
            "result",
            "work_form",
            "duration",
            "participants",
            "is_optional",
            "notes",
        )
        helper.add_input(Submit("save", _("Save")))
        return helper

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            return cleaned
        base = cleaned.get("version")
        current = Milestone.objects.get(pk=self.instance.pk)
        if base is not None and base != current.version:
            self.conflicts = changes_since(current, base)
            message = gettext(
                "Someone else changed this milestone while you were editing. Their version is "
                "shown below; your own text is still in the form. Save again to overwrite "
                "their changes with yours."
            )
            errors = [message]
            errors += [f"{label}: {old} → {new}" for label, old, new in self.conflicts]
            data = self.data.copy()
            data[self.add_prefix("version")] = str(current.version)
            self.data = data  # a second submit overwrites deliberately
            for error in errors:
                self.add_error(None, error)
        return cleaned

    @transaction.atomic
    def save(self, commit: bool = True) -> Milestone:
        milestone = super().save(commit=commit)
        if commit:
            self.save_target_groups()
        return milestone

    def save_target_groups(self) -> None:
        """Involvements follow the ticked groups; kept ones keep their RACI."""
        wanted = {group.pk for group in self.cleaned_data.get("target_groups") or []}
        involvements = self.instance.involvements
        involvements.exclude(target_group_id__in=wanted).delete()
        have = set(involvements.values_list("target_group_id", flat=True))
        Involvement.objects.bulk_create(
            Involvement(milestone=self.instance, target_group_id=pk) for pk in wanted - have
        )
