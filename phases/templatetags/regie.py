"""Template filters for fuzzy dates: the interval and ISO weeks next to the text as written."""

import datetime

from django import template
from django.utils import formats
from django.utils.translation import gettext as _

register = template.Library()


def _short(day: datetime.date, *, with_year: bool = True) -> str:
    return formats.date_format(day, "j b Y" if with_year else "j b")


@register.filter
def interval(obj) -> str:
    """ "1 mrt 2024", "25 – 26 mrt 2024", "21 sep – 10 okt 2024"; empty when undated."""
    start, end = getattr(obj, "start", None), getattr(obj, "end", None)
    if start is None or end is None:
        return ""
    if start == end:
        return _short(end)
    if start.year == end.year:
        if start.month == end.month:
            return f"{start.day} – {_short(end)}"
        return f"{_short(start, with_year=False)} – {_short(end)}"
    return f"{_short(start)} – {_short(end)}"


@register.filter
def isoweeks(obj) -> str:
    """ "wk 13" or "wk 38–41" (ISO weeks of the interval)."""
    start, end = getattr(obj, "start", None), getattr(obj, "end", None)
    if start is None or end is None:
        return ""
    first, last = start.isocalendar().week, end.isocalendar().week
    if first == last and (end - start).days < 7:
        return _("wk %(week)d") % {"week": first}
    return _("wk %(first)d–%(last)d") % {"first": first, "last": last}
