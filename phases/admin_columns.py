"""Admin list columns shared by the models with a fuzzy date: short enough that a changelist
fits a 1440 px screen beside the admin's navigation and its filters."""

from collections.abc import Callable

from django.contrib import admin
from django.db import models
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from phases import presentation

SHORT = 50  # characters of a title in a list; the whole title is its tooltip and on its page


def shortened(model: type[models.Model], name: str, length: int = SHORT) -> Callable:
    """A column of `model.name` cut to `length` characters, sorted and labelled as the field."""
    field = model._meta.get_field(name)

    @admin.display(description=field.verbose_name, ordering=name)
    def column(obj: models.Model) -> str:
        text = str(getattr(obj, name) or "")
        short = Truncator(text).chars(length)
        return format_html('<span title="{}">{}</span>', text, short) if short != text else text

    column.__name__ = f"short_{name}"
    return column


@admin.display(description=_("period"), ordering="end")
def period(obj) -> str:
    """The interval a fuzzy date stands for, as every screen shows it ("21 sep – 10 okt 2024")."""
    return presentation.format_interval(obj.start, obj.end) or "–"
