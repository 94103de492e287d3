"""Template filters for dates: thin wrappers around `phases.presentation`, the one style."""

import datetime

from django import template

from phases import presentation

register = template.Library()


@register.filter
def interval(obj) -> str:
    """The interval of anything with `start`/`end`: "21 sep – 10 okt 2024"; empty when undated."""
    return presentation.format_interval(getattr(obj, "start", None), getattr(obj, "end", None))


@register.filter
def reading(obj) -> str:
    """A date's meaning in plain words: "Periode: 21 sep – 10 okt 2024 (wk 38–41) · precisie:
    een week"; `obj` is a dated item or a `DateReading` (the live preview)."""
    fuzzy = getattr(obj, "reading", None)
    precision = getattr(fuzzy if fuzzy is not None else obj, "precision", "")
    return presentation.format_reading(
        getattr(obj, "start", None), getattr(obj, "end", None), precision or ""
    )


@register.filter
def isoweeks(obj) -> str:
    """The weeks of anything with `start`/`end` (and `precision`): "wk 13", "wk 38–41",
    "wk 52 '25 – wk 1 '26"; months for a reading of a month or longer ("okt – dec 2024"),
    as `presentation.format_span` decides."""
    return presentation.format_span(
        getattr(obj, "start", None), getattr(obj, "end", None), getattr(obj, "precision", None)
    )


@register.filter
def day(value: datetime.date | None, style: str = "") -> str:
    """ "4 jan 2026"; `style` "long" in running text ("4 januari 2026"), "weekday" with the day."""
    if value is None:
        return ""
    flags = set(style.split(","))
    return presentation.format_day(value, long="long" in flags, weekday="weekday" in flags)


@register.filter
def moment(value: datetime.datetime | None, style: str = "") -> str:
    """ "4 jan 2026 14:05" (local time); `style` "long" in running text."""
    if value is None:
        return ""
    return presentation.format_moment(value, long=style == "long")


@register.filter
def period(first: datetime.date | None, last: datetime.date | None) -> str:
    """Two dates as one interval ("1 sep – 31 dec 2025"); the first alone when open-ended."""
    if first is None:
        return ""
    return presentation.format_interval(first, last) if last else presentation.format_day(first)


@register.filter
def overdue(days: int) -> str:
    """How late, as a person says it: "3 dagen te laat", "ruim 19 jaar te laat"."""
    return presentation.format_overdue(days)
