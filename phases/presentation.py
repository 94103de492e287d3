"""How Regie shows dates, intervals, ISO weeks and changes to people: one style, one place.

Templates reach it through the filters of `phases.templatetags.regie`; history, the merge
screen of the edit machinery, the import preview and messages call it directly. Machine
formats (ISO dates in CSV/JSON exports, iCalendar, query strings) do not come from here.

    format_day(date(2026, 1, 4))                         "4 jan 2026"
    format_interval(date(2025, 12, 22), date(2026, 1, 4)) "22 dec 2025 – 4 jan 2026"
    format_isoweeks(date(2025, 12, 22), date(2026, 1, 4)) "wk 52 '25 – wk 1 '26"
    format_span(date(2024, 10, 1), date(2024, 12, 31), "multiple")  "okt – dec 2024"
    format_dated("wk 47", date(2024, 11, 18), date(2024, 11, 24))  "wk 47 (18 – 24 nov 2024)"
    format_change("status", "planned", "done")            "status: planned → done"
    format_overdue(7032)                                  "ruim 19 jaar te laat"
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import formats, timezone
from django.utils.choices import flatten_choices
from django.utils.dates import MONTHS, MONTHS_3, WEEKDAYS
from django.utils.translation import get_language, gettext, gettext_lazy, ngettext

from phases.dates import Precision

EMPTY = "—"  # a value that is not there


def format_day(
    day: datetime.date, *, with_year: bool = True, long: bool = False, weekday: bool = False
) -> str:
    """ "4 jan 2026"; `long` in running text ("4 januari 2026"), `weekday` in front.

    The month names are Django's, as the date formats "j b Y" / "l j F Y" would write them;
    read directly, since a timeline formats thousands of days per page.
    """
    month = _names(get_language(), long)[day.month - 1]
    text = f"{day.day} {month} {day.year}" if with_year else f"{day.day} {month}"
    return f"{WEEKDAYS[day.weekday()]} {text}" if weekday else text


@functools.cache
def _names(language: str | None, long: bool) -> tuple[str, ...]:
    """Month names in `language` (the active one when called), translated once per language."""
    return tuple(str((MONTHS if long else MONTHS_3)[month]) for month in range(1, 13))


def format_moment(moment: datetime.datetime, *, long: bool = False) -> str:
    """ "4 jan 2026 14:05" in the local time zone."""
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return f"{format_day(moment.date(), long=long)} {formats.time_format(moment, 'H:i')}"


def format_interval(start: datetime.date | None, end: datetime.date | None) -> str:
    """ "1 mrt 2024", "25 – 26 mrt 2024", "21 sep – 10 okt 2024", "22 dec 2025 – 4 jan 2026";
    empty when undated."""
    if start is None or end is None:
        return ""
    if start == end:
        return format_day(end)
    if start.year != end.year:
        return f"{format_day(start)} – {format_day(end)}"
    if start.month != end.month:
        return f"{format_day(start, with_year=False)} – {format_day(end)}"
    return f"{start.day} – {format_day(end)}"


def format_isoweeks(start: datetime.date | None, end: datetime.date | None) -> str:
    """ "wk 13", "wk 38–41"; across ISO years "wk 52 '25 – wk 1 '26"; empty when undated.

    Weeks and their years are ISO's: 29 December 2025 is in week 1 of 2026.
    """
    if start is None or end is None:
        return ""
    first, last = start.isocalendar(), end.isocalendar()
    if first.year != last.year:
        return gettext("wk %(first)d '%(first_year)02d – wk %(last)d '%(last_year)02d") % {
            "first": first.week,
            "first_year": first.year % 100,
            "last": last.week,
            "last_year": last.year % 100,
        }
    if first.week == last.week:
        return gettext("wk %(week)d") % {"week": first.week}
    return gettext("wk %(first)d–%(last)d") % {"first": first.week, "last": last.week}


# Readings that are days or weeks read as ISO weeks next to their interval; readings of a
# month or longer as months ("okt – dec 2024"): "wk 40–1" for "okt-nov-dec" would claim a
# precision the text does not have.
WEEK_PRECISIONS = frozenset({Precision.DAY, Precision.DAYS, Precision.WEEK, Precision.MONTH_PART})
MONTH_PRECISIONS = frozenset(
    {Precision.MONTH, Precision.QUARTER, Precision.HALF_YEAR, Precision.YEAR_PART, Precision.YEAR}
)


def format_span(
    start: datetime.date | None, end: datetime.date | None, precision: str | None = None
) -> str:
    """The period of a reading in its own unit, shown next to its interval; empty when undated.

    Days, weeks and parts of a month read as ISO weeks ("wk 9", "wk 38–41", see
    `format_isoweeks`); a month or longer as months ("mei 2024", "okt – dec 2024",
    "nov 2024 – feb 2025", a whole year "2024"). A reading of several parts ("eind sep/begin
    okt", "okt-nov-dec") or one whose precision is not known goes by its shape: whole
    months read as months, anything else as weeks.
    """
    if start is None or end is None:
        return ""
    if precision in WEEK_PRECISIONS:
        return format_isoweeks(start, end)
    if precision in MONTH_PRECISIONS or _whole_months(start, end):
        return format_months(start, end)
    return format_isoweeks(start, end)


def _whole_months(start: datetime.date, end: datetime.date) -> bool:
    return start.day == 1 and (end + datetime.timedelta(days=1)).day == 1


def format_months(start: datetime.date, end: datetime.date) -> str:
    """ "mei 2024", "okt – dec 2024", "nov 2024 – feb 2025"; whole years "2024", "2024 – 2025"."""
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return str(start.year) if start.year == end.year else f"{start.year} – {end.year}"
    names = _names(get_language(), False)
    first, last = names[start.month - 1], names[end.month - 1]
    if start.year != end.year:
        return f"{first} {start.year} – {last} {end.year}"
    if start.month == end.month:
        return f"{last} {end.year}"
    return f"{first} – {last} {end.year}"


# How exact a reading is, in words for the reader: "precisie: een week" (not "week").
PRECISION_WORDS = {
    "days": gettext_lazy("separate days"),
    "week": gettext_lazy("a week"),
    "month_part": gettext_lazy("part of a month"),
    "month": gettext_lazy("a month"),
    "quarter": gettext_lazy("a quarter"),
    "half_year": gettext_lazy("half a year"),
    "year_part": gettext_lazy("part of a year"),
    "year": gettext_lazy("a year"),
}  # several parts joined ("eind sep/begin okt"): the period says it all


def format_reading(
    start: datetime.date | None, end: datetime.date | None, precision: str = ""
) -> str:
    """What a date means, in plain words: "Periode: 21 sep – 10 okt 2024 (wk 38–41) ·
    precisie: een week"; one day reads "Dag: 1 mrt 2024 (wk 9)"; empty when undated."""
    if start is None or end is None:
        return ""
    shown = f"{format_interval(start, end)} ({format_span(start, end, precision)})"
    if start == end:
        return gettext("Day: %(day)s") % {"day": shown}
    text = gettext("Period: %(period)s") % {"period": shown}
    words = PRECISION_WORDS.get(str(precision))
    if words is None:
        return text
    return f"{text} · " + gettext("precision: %(words)s") % {"words": words}


def format_dated(text: str, start: datetime.date | None, end: datetime.date | None) -> str:
    """A date as written with the interval it was read as: "wk 47 (18 – 24 nov 2024)"."""
    shown = format_interval(start, end)
    if not text:
        return shown or EMPTY
    return f"{text} ({shown})" if shown else text


def format_overdue(days: int) -> str:
    """How late something is, as a person says it: "3 dagen", "2 weken", "5 maanden",
    "ruim 19 jaar" te laat.

    Days below two weeks, weeks below two months (61 days), months below a year, then years
    (of 365 days: leap days move the boundary by a few days in two decades). Counts are rounded
    down; years say "ruim" (over) when at least 30 days more have passed.
    """
    years, rest = divmod(days, 365)
    if days < 14:
        count = days
        text = ngettext("%(count)d day overdue", "%(count)d days overdue", count)
    elif days < 61:
        count = days // 7
        text = ngettext("%(count)d week overdue", "%(count)d weeks overdue", count)
    elif days < 365:
        count = days * 12 // 365
        text = ngettext("%(count)d month overdue", "%(count)d months overdue", count)
    elif rest >= 30:
        count = years
        text = ngettext("over %(count)d year overdue", "over %(count)d years overdue", count)
    else:
        count = years
        text = ngettext("%(count)d year overdue", "%(count)d years overdue", count)
    return text % {"count": count}


def format_value(value: Any, field: Any = None) -> str:
    """A stored or typed value as a person reads it.

    `field` (a model or form field) turns a choice into its label. Dates read as
    `format_day`, booleans as yes/no, objects by name, lists of names joined; nothing is "—".
    """
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if value is None or value == "" or (_is_many(value) and not value):
        return EMPTY
    if isinstance(value, models.Model):
        return str(value)
    label = _choice_label(field, value)
    if label is not None:
        return label
    if isinstance(value, datetime.datetime):
        return format_moment(value)
    if isinstance(value, datetime.date):
        return format_day(value)
    if isinstance(value, datetime.time):
        return formats.time_format(value, "H:i")
    if _is_many(value):
        return ", ".join(format_value(item) for item in value)
    return str(value)


def _is_many(value: Any) -> bool:
    return isinstance(value, list | tuple | set | frozenset)


def _choice_label(field: Any, value: Any) -> str | None:
    if field is None or hasattr(field, "queryset") or _is_many(value):
        return None  # no choices, or a form's model choices (named by the object itself)
    choices = getattr(field, "flatchoices", None)  # a model field
    if choices is None:
        choices = getattr(field, "choices", None) or ()  # a form field
    for key, label in flatten_choices(choices):
        if key == value:
            return str(label)
    return None


@dataclass(frozen=True)
class Change:
    """One field's change as people read it; `str()` gives "label: old → new"."""

    label: str
    old: str
    new: str

    def __str__(self) -> str:
        return f"{self.label}: {self.old} → {self.new}"


def shown_change(label: Any, old: Any, new: Any, *, field: Any = None) -> Change | None:
    """The change of a field as people read it; None when old and new read the same.

    A value can change in storage and still read the same (another import of the same file
    in the same minute): for a person nothing changed, so nothing is listed.
    """
    change = Change(str(label), format_value(old, field), format_value(new, field))
    return None if change.old == change.new else change


def format_change(label: Any, old: Any, new: Any, *, field: Any = None) -> str:
    """ "status: planned → done" (values as `format_value` shows them)."""
    return str(Change(str(label), format_value(old, field), format_value(new, field)))
