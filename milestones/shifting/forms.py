"""The form of "shift a phase": how far, and which of the phase's items."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from milestones.models import Milestone
from milestones.shifting.plan import MAX_DAYS
from phases.models import Phase

UNITS = {"weeks": 7, "days": 1}


def _choice(obj) -> tuple[int, str]:
    return obj.pk, f"{obj.title} — {obj.date_text or _('no date')}"


def parse_versions(value: str) -> dict[str, int]:
    """ "milestone-3:2 gate-1:1" -> {"milestone-3": 2, "gate-1": 1}; skips what it cannot read."""
    versions = {}
    for pair in value.split():
        key, _sep, version = pair.partition(":")
        if version.isdigit():
            versions[key] = int(version)
    return versions


def format_versions(versions: dict[str, int]) -> str:
    return " ".join(f"{key}:{version}" for key, version in versions.items())


class ShiftForm(forms.Form):
    amount = forms.IntegerField(
        label=_("Move by"), help_text=_("A negative number moves the items earlier.")
    )
    unit = forms.ChoiceField(
        label=_("Unit"),
        choices=[("weeks", _("weeks")), ("days", _("days"))],
        initial="weeks",
        widget=forms.RadioSelect,
    )
    include_phase_period = forms.BooleanField(required=False, initial=True)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=200,
        help_text=_(
            "Why the plan moves, e.g. “advies OR later”. The steering committee reads it under "
            "what moved since their last meeting, and in the progress report."
        ),
    )
    milestones = forms.TypedMultipleChoiceField(
        label=_("Milestones"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    deliverables = forms.TypedMultipleChoiceField(
        label=_("Deliverables"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    gates = forms.TypedMultipleChoiceField(
        label=_("Gates"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    # The versions the preview showed ("milestone-3:2 …"); only its page carries them.
    versions = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, phase: Phase, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.phase = phase
        self.fields["include_phase_period"].label = _("Phase period: %(text)s") % {
            "text": phase.date_text or _("no date")
        }
        choices = {
            "milestones": [_choice(m) for m in Milestone.objects.filter(phase=phase)],
            "deliverables": [_choice(d) for d in phase.deliverables.all()],
            "gates": [_choice(g) for g in phase.gates.all()],
        }
        for name, options in choices.items():
            self.fields[name].choices = options
            self.fields[name].initial = [pk for pk, _label in options]  # all ticked at first
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.layout = Layout(
            Row(Column("amount", css_class="col-sm-4"), Column("unit", css_class="col-sm-8")),
            "reason",
            "include_phase_period",
            *(name for name, options in choices.items() if options),
        )
        self.helper.add_input(Submit("preview", _("Preview")))

    def clean(self):
        cleaned = super().clean()
        amount, unit = cleaned.get("amount"), cleaned.get("unit")
        if amount is not None and unit:
            days = amount * UNITS[unit]
            if days == 0:
                self.add_error("amount", _("Enter how far to move, other than 0."))
            elif abs(days) > MAX_DAYS:
                self.add_error("amount", _("At most ten years either way."))
        return cleaned

    @property
    def days(self) -> int:
        return self.cleaned_data["amount"] * UNITS[self.cleaned_data["unit"]]

    def selection(self) -> dict[str, object]:
        """The keyword arguments of `plan_shift()` for what is ticked."""
        data = self.cleaned_data
        return {
            "include_phase_period": data["include_phase_period"],
            "milestones": data["milestones"],
            "deliverables": data["deliverables"],
            "gates": data["gates"],
        }

    def seen_versions(self) -> dict[str, int]:
        return parse_versions(self.cleaned_data.get("versions") or "")

    def hidden_values(self) -> list[tuple[str, object]]:
        """(name, value) pairs that carry this form through the preview page."""
        data = self.cleaned_data
        pairs: list[tuple[str, object]] = [("amount", data["amount"]), ("unit", data["unit"])]
        if data["reason"]:
            pairs.append(("reason", data["reason"]))
        if data["include_phase_period"]:
            pairs.append(("include_phase_period", "on"))
        for name in ("milestones", "deliverables", "gates"):
            pairs += [(name, pk) for pk in data[name]]
        return pairs
