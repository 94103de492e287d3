"""Editing versioned objects in forms without losing anybody's update.

Every edit form carries the `version` it was opened at and a signed snapshot (`base`) of
the values it showed. When the object was saved by someone else in the meantime, the
submitted form is compared three ways — what it showed, what is stored now, what the user
typed — and never saved silently:

* a field only the other person changed takes their value (the form is re-shown with it);
* a field only this user changed keeps what they typed;
* a field both changed keeps what this user typed and is listed as a clash with the other
  value next to it.

The form is then shown again with the merged values, the list of what changed meanwhile,
and the current version: saving again accepts the merge, reloading starts over from the
stored version. A version that moved without touching any field of the form (a shifted
calendar sequence, a field this form does not show) is no conflict at all.

The view must run `is_valid()` and `save()` in one transaction (`save_atomically`) so that
the row is locked between the check and the write.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core import signing
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

from phases.presentation import format_value

SNAPSHOT_SALT = "regie.editing.base"
HIDDEN_FIELDS = ("version", "base")


@dataclass(frozen=True)
class FieldChange:
    """A field someone else changed while this user was editing."""

    label: str
    before: str  # as the form showed it
    theirs: str  # as it is stored now
    mine: str  # as this user typed it
    clash: bool  # both changed it: the user's text is kept in the form


def display(field: forms.Field, value: Any) -> str:
    """A form value (initial, posted or cleaned) as a person reads it (`phases.presentation`).

    Objects are looked up through the field's own queryset, which holds only what this
    user may choose in this programme: a posted id of another programme's phase reads as
    nothing, as if it did not exist.
    """
    if isinstance(field, forms.ModelMultipleChoiceField):
        keys = _keys(getattr(v, "pk", v) for v in (value or []))
        objects = field.queryset.filter(pk__in=keys)
        return format_value(sorted(str(obj) for obj in objects))
    if isinstance(field, forms.ModelChoiceField):
        key = getattr(value, "pk", value)
        keys = _keys([key]) if key not in (None, "") else []
        return format_value(field.queryset.filter(pk__in=keys).first() if keys else None)
    if isinstance(field, forms.BooleanField):
        return format_value(bool(value))  # unticked is "no", never "nothing"
    return format_value(value, field)


def _keys(values) -> list[int]:
    """The values that can be primary keys; anything else a browser posted is no object."""
    keys = []
    for value in values:
        try:
            key = int(value)
        except (TypeError, ValueError):
            continue
        if 0 < key < 2**63:  # beyond a bigint the database would fail, not answer "none"
            keys.append(key)
    return keys


def as_data(field: forms.Field, value: Any) -> list[str]:
    """An initial value as the strings a browser would post for it."""
    if isinstance(field, forms.BooleanField):
        return ["on"] if value else []
    if isinstance(field, forms.ModelMultipleChoiceField):
        return [str(getattr(v, "pk", v)) for v in (value or [])]
    if value is None:
        return [""]
    if isinstance(value, datetime.time):
        return [value.strftime("%H:%M")]
    if isinstance(value, datetime.date):
        return [value.isoformat()]
    return [str(getattr(value, "pk", value))]


class VersionedModelForm(forms.ModelForm):
    """A ModelForm for a `VersionedModel` that refuses to overwrite other people's changes."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    base = forms.CharField(widget=forms.HiddenInput, required=False)

    #: shown above the form when someone else saved the object meanwhile
    conflict_template = _(
        "Someone else changed “%(name)s” while you were editing it. Their changes are shown "
        "below and have been taken into the form; where you both changed a field, your text "
        "is kept. Check the form and save again, or start over."
    )

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user  # who fills it in: what they are offered may depend on it
        self.conflicts: list[FieldChange] = []
        if self.instance.pk:
            self.initial.update(self.extra_initial(self.instance))
            self.fields["version"].initial = self.instance.version
            self.fields["base"].initial = self.sign(self.current_values(self.instance))

    # -- what subclasses may add -----------------------------------------------------------
    def extra_initial(self, instance) -> dict[str, Any]:
        """Initial values of fields that are not model fields (target groups, say)."""
        return {}

    # -- snapshots -------------------------------------------------------------------------
    def tracked_fields(self) -> list[str]:
        return [name for name in self.fields if name not in HIDDEN_FIELDS]

    def current_values(self, instance) -> dict[str, Any]:
        """The initial value of every tracked field, as a form built for `instance` has it."""
        values = model_to_dict(instance, fields=self._meta.fields)
        values.update(self.extra_initial(instance))
        return {
            name: self._json_value(values.get(name))
            for name in self.tracked_fields()
            if name in values
        }

    @staticmethod
    def _json_value(value: Any) -> Any:
        if isinstance(value, list | tuple | set):
            return sorted(getattr(v, "pk", v) for v in value)
        if isinstance(value, datetime.date | datetime.time):
            return value.isoformat()
        return getattr(value, "pk", value)

    @staticmethod
    def sign(values: dict[str, Any]) -> str:
        return signing.dumps(values, salt=SNAPSHOT_SALT, compress=True)

    def submitted_base(self) -> dict[str, Any] | None:
        try:
            return signing.loads(self.data.get(self.add_prefix("base"), ""), salt=SNAPSHOT_SALT)
        except signing.BadSignature:
            return None

    # -- the check -------------------------------------------------------------------------
    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        model = type(self.instance)
        current = model._default_manager.select_for_update().get(pk=self.instance.pk)
        if cleaned.get("version") == current.version:
            return cleaned
        self.merge(current)
        return cleaned

    def merge(self, current) -> None:
        """Compare what the form showed, what is stored and what was typed (module doc)."""
        base = self.submitted_base()
        theirs = self.current_values(current)
        data = self.data.copy()
        conflicts = []
        for name in self.tracked_fields():
            if name not in theirs:
                continue
            field = self.fields[name]
            mine = self[name].data
            if base is not None and name in base:
                if not differs(field, base[name], as_data_value(field, theirs[name])):
                    continue  # they did not touch it: what the user typed stands
                before = display(field, as_python(field, base[name]))
                mine_changed = differs(field, base[name], mine)
            else:  # no trustworthy snapshot: every difference counts as a clash
                before = "?"
                mine_changed = True
            if not differs(field, theirs[name], mine):
                continue  # both made the same change
            change = FieldChange(
                label=str(field.label or name),
                before=before,
                theirs=display(field, as_python(field, theirs[name])),
                mine=display(field, self.cleaned_data.get(name, mine)),
                clash=mine_changed,
            )
            conflicts.append(change)
            if not mine_changed:
                data.setlist(self.add_prefix(name), as_data(field, theirs[name]))
        if not conflicts:
            return  # the version moved, but nothing this form shows: nothing to merge
        data[self.add_prefix("version")] = str(current.version)
        data[self.add_prefix("base")] = self.sign(theirs)
        self.data = data
        self.conflicts = conflicts
        self.conflict_message = self.conflict_template % {"name": current}
        self.add_error(None, self.conflict_message)


def as_python(field: forms.Field, value: Any) -> Any:
    """A snapshot value (JSON: dates as text) as the field's Python value."""
    if isinstance(field, forms.ModelChoiceField) or value in (None, ""):
        return value
    try:
        return field.to_python(value)
    except forms.ValidationError:
        return value


def differs(field: forms.Field, initial: Any, data: Any) -> bool:
    """Whether posted `data` differs from a snapshot value `initial`."""
    return field.has_changed(as_python(field, initial), data)


def as_data_value(field: forms.Field, value: Any) -> Any:
    """`value` in the shape `field.has_changed()` expects for data."""
    posted = as_data(field, value)
    if isinstance(field, forms.ModelMultipleChoiceField):
        return posted
    if isinstance(field, forms.BooleanField):
        return bool(posted)
    return posted[0] if posted else ""


def save_atomically(form: forms.ModelForm):
    """Validate and save in one transaction; returns the saved object or None if invalid."""
    with transaction.atomic():
        if form.is_valid():
            return form.save()
    return None
