from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from milestones.baselines.models import Baseline


class BaselineForm(forms.ModelForm):
    class Meta:
        model = Baseline
        fields = ["name", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"name": _("For example “Plan vastgesteld door college”.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Take baseline")))
