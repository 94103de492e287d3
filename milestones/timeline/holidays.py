"""Shades behind the lanes: school and public holidays (`holidays`), and notes from schedules."""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable
from dataclasses import dataclass

import holidays
from django.utils.translation import get_language

from milestones.timeline.scale import SCHOOL_HOLIDAY_YEARS, Scale, text_width


class Region(enum.StrEnum):
    NORTH = "noord"
    MIDDLE = "midden"
    SOUTH = "zuid"

    @property
    def subdivision(self) -> str:
        return self.value.capitalize()


@dataclass(frozen=True)
class Shade:
    """A shaded period behind the lanes: a school or public holiday, or a note from a schedule."""

    kind: str  # "school" | "public" | "note"
    title: str
    start: datetime.date
    end: datetime.date  # inclusive
    x: float
    width: float
    label: str  # the name when it fits in the holiday row, else ""

    @property
    def text_x(self) -> float:
        return round(self.x + 2, 1)


def _holiday_language() -> str:
    return "nl" if (get_language() or "nl").startswith("nl") else "en_US"


def _periods(days: Iterable[tuple[datetime.date, str]]) -> list[tuple]:
    """Consecutive days with the same name joined into periods (start, end, name)."""
    periods: list[list] = []
    one = datetime.timedelta(days=1)
    for day, name in sorted(days):
        if periods and periods[-1][2] == name and periods[-1][1] + one == day:
            periods[-1][1] = day
        else:
            periods.append([day, day, name])
    return [tuple(p) for p in periods]


def holiday_periods(
    *, first: datetime.date, last: datetime.date, region: Region
) -> list[tuple[str, datetime.date, datetime.date, str]]:
    """Dutch public holidays and the region's school holidays overlapping [first, last].

    Returns (kind, start, end, name) with kind "public" or "school"; names in the user's
    language (Dutch, or English).
    """
    years = range(first.year - 1, last.year + 2)  # a Christmas break crosses the new year
    language = _holiday_language()
    public = holidays.country_holidays("NL", years=years, categories=("public",), language=language)
    school = holidays.country_holidays(
        "NL",
        subdiv=region.subdivision,
        years=[y for y in years if y in SCHOOL_HOLIDAY_YEARS],
        categories=("school",),
        language=language,
    )
    found = []
    for kind, calendar in (("school", school), ("public", public)):
        for start, end, name in _periods(calendar.items()):
            if start <= last and end >= first:
                found.append((kind, start, end, name))
    return found


def shades(
    scale: Scale, region: Region, notes: Iterable[tuple[str, datetime.date, datetime.date]]
) -> tuple[Shade, ...]:
    periods = holiday_periods(first=scale.first, last=scale.last, region=region)
    periods += [("note", start, end, title) for title, start, end in notes]
    shades = []
    for kind, start, end, name in periods:
        if not scale.overlaps(start, end):
            continue
        x1, x2 = scale.x(start), scale.x(end + datetime.timedelta(days=1))
        width = round(max(x2 - x1, 1.5), 1)
        fits = kind != "public" and width >= text_width(name, 5.2) + 4
        shades.append(Shade(kind, name, start, end, x1, width, name if fits else ""))
    order = {"school": 0, "note": 1, "public": 2}  # public holidays on top: they are one day wide
    return tuple(sorted(shades, key=lambda s: (order[s.kind], s.start)))
