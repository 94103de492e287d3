"""The rows of an agenda (order, title, treatment) and of a decisions list."""

from __future__ import annotations

import uuid
from dataclasses import replace

from django import forms
from django.utils.translation import gettext_lazy as _

from milestones.meetings.agenda import AgendaEntry
from milestones.meetings.models import Treatment

TITLE_LENGTH = 300


class AgendaRowForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput, required=False)
    order = forms.IntegerField(label=_("No."), required=False, min_value=0, max_value=999)
    title = forms.CharField(label=_("Item"), max_length=TITLE_LENGTH, required=False)
    treatment = forms.ChoiceField(
        label=_("Treatment"), choices=Treatment.choices, initial=Treatment.DISCUSSION
    )
    remove = forms.BooleanField(label=_("Leave out"), required=False)


class BaseAgendaFormSet(forms.BaseFormSet):
    def entries(self, known: dict[str, AgendaEntry]) -> list[AgendaEntry]:
        """The kept rows in the order typed (ties: as listed); plan items keep their dates and
        documents from `known`, a free row gets a key of its own."""
        rows = []
        for index, form in enumerate(self.forms):
            data = form.cleaned_data
            title = (data.get("title") or "").strip()
            if not data or data.get("remove") or not title:
                continue
            key = data.get("key") or ""
            base = known.get(key) or AgendaEntry(key=f"free-{uuid.uuid4().hex[:10]}", title=title)
            entry = replace(base, title=title, treatment=data["treatment"])
            order = data.get("order")
            rows.append((order if order is not None else 10**6, index, entry))
        return [entry for _order, _index, entry in sorted(rows, key=lambda row: row[:2])]


AgendaFormSet = forms.formset_factory(
    AgendaRowForm, formset=BaseAgendaFormSet, extra=2, max_num=200, absolute_max=250
)


class DecisionRowForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput)
    outcome = forms.CharField(
        label=_("Decision or conclusion"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    actions = forms.CharField(
        label=_("Action points"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


DecisionFormSet = forms.formset_factory(DecisionRowForm, extra=0, max_num=250, absolute_max=250)


def rows_initial(entries, left_out=()) -> list[dict]:
    """Formset rows: the agenda's entries numbered, then proposed items not on it, left out."""
    rows = [
        {"key": e.key, "order": n, "title": e.title, "treatment": e.treatment}
        for n, e in enumerate(entries, start=1)
    ]
    rows += [
        {"key": e.key, "order": None, "title": e.title, "treatment": e.treatment, "remove": True}
        for e in left_out
    ]
    return rows
