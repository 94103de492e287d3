"""Writing a period in Dutch words: days, day ranges, weeks, months and their parts."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from .parts import _Month, _NumberedPeriod, _Part, _Quarter, _Season, _Year, _YearPart
from .style import _Style
from .vocabulary import (
    ABBREVIATIONS,
    MODIFIERS,
    ORDINAL_WORDS,
    SEASON_MONTHS,
    THIRDS_PER_MONTH,
    YEAR_MONTHS,
    YEAR_PART_MONTHS,
    period_number,
    third_position,
    whole_months,
)


@dataclass(frozen=True)
class _Words:
    """One part of a new text: its words without the year, and the year it is in."""

    words: str
    year: int
    modifier: str | None = None  # "begin" in "begin okt": may lean on the next part
    anchor: tuple[object, ...] | None = None  # what a leaning modifier borrows
    always_year: bool = False  # "eind 2024": the year is part of the words
    is_year: bool = False  # "2024" itself


def _year_text(year: int, style: _Style) -> str:
    if style.apostrophe_year and 2000 <= year <= 2099:
        return f"'{year % 100:02d}"
    return str(year)


def _sep_text(sep: str, left: str, right: str) -> str:
    if sep == "-":
        return " - " if " " in left or " " in right else "-"
    return {"/": "/", ",": ", ", "&": " & ", "en": " en ", "t/m": " t/m "}[sep]


def _join(words: Sequence[_Words], seps: Sequence[str], style: _Style, *, years: bool) -> str:
    """Parts joined by their separators; years where the reading needs them."""
    seps = list(seps)
    texts: list[str] = []
    for i, part in enumerate(words):
        following = words[i + 1] if i + 1 < len(words) else None
        if following is not None and part.modifier and part.anchor == following.anchor:
            texts.append(part.modifier)  # "begin/medio okt", "medio/eind 2024"
            if {part.modifier, following.modifier} == {"begin", "eind"}:
                seps[i] = "t/m"  # "begin/eind okt" would look like two separate thirds
            continue
        text = part.words
        if part.is_year:
            text = str(part.year)
        elif part.always_year or (years and (following is None or following.year != part.year)):
            text = f"{text} {_year_text(part.year, style)}"
        texts.append(text)
    result = texts[0]
    for sep, left, right in zip(seps, texts, texts[1:], strict=False):
        result += _sep_text(sep, left, right) + right
    return style.prefix + result


def _day_words(day: datetime.date) -> _Words:
    return _Words(f"{day.day} {ABBREVIATIONS[day.month]}", day.year)


def _single_day_texts(day: datetime.date, style: _Style) -> list[str]:
    if style.single_day == "iso":
        return [style.prefix + day.isoformat()]
    if style.single_day in ("dmy", "dm"):
        pad = "02" if style.dmy_pad else ""
        sep = style.dmy_sep if style.single_day == "dmy" else "/"
        numbers = f"{day.day:{pad}}{sep}{day.month:{pad}}"
        texts = [f"{numbers}{sep}{day.year}"]
        if style.single_day == "dm":
            texts.insert(0, numbers)
        return [style.prefix + text for text in texts]
    if style.single_day == "dash":
        words = f"{day.day}-{ABBREVIATIONS[day.month]}"
        return [style.prefix + words, f"{style.prefix}{words}-{day.year}"]
    return [_join([_day_words(day)], (), style, years=y) for y in (False, True)]


def _range_texts(start: datetime.date, end: datetime.date, style: _Style) -> list[str]:
    """ "25-26 mrt", "30 mrt - 2 apr", "30 dec 2025 - 2 jan 2026" (with and without years)."""
    if start == end:
        return _single_day_texts(start, style)
    texts = []
    for years in (False, True):
        if (start.year, start.month) == (end.year, end.month):
            dash = "-" if style.range_dash else " "
            words = f"{start.day}-{end.day}{dash}{ABBREVIATIONS[end.month]}"
            texts.append(_join([_Words(words, end.year)], (), style, years=years))
        else:
            texts.append(_join([_day_words(start), _day_words(end)], ("-",), style, years=years))
    return texts


def _separate_days_texts(days: Sequence[datetime.date], style: _Style) -> list[str]:
    """ "10 / 17 mei", "24 / 31 mei, 7 jun": the days grouped by month."""
    groups: list[list[datetime.date]] = []
    for day in days:
        if groups and (groups[-1][0].year, groups[-1][0].month) == (day.year, day.month):
            groups[-1].append(day)
        else:
            groups.append([day])
    words = [
        _Words(
            style.day_joiner.join(str(d.day) for d in group) + " " + ABBREVIATIONS[group[0].month],
            group[0].year,
        )
        for group in groups
    ]
    between = "en" if style.day_joiner == " en " else ","
    seps = [between] * (len(words) - 1)
    return [_join(words, seps, style, years=years) for years in (False, True)]


def _week_texts(start: datetime.date, end: datetime.date, style: _Style, seps) -> list[str]:
    first, last = start.isocalendar(), end.isocalendar()
    word = style.week_word
    sep = "/" if seps and set(seps) == {"/"} else "-"
    if (first.year, first.week) == (last.year, last.week):
        head = f"{word} {first.week}"
        return [style.prefix + head, f"{style.prefix}{head} {first.year}"]
    bare = f"{style.prefix}{word} {first.week}{sep}{last.week}"
    if first.year == last.year:
        return [bare, f"{bare} {last.year}"]
    spaced = f" {sep} " if sep == "-" else sep
    both = f"{word} {first.week} {first.year}{spaced}{word} {last.week} {last.year}"
    return [bare, style.prefix + both]


def _month_words(third: int) -> _Words:
    """The month that ``third`` lies in: "okt"."""
    year, month, _ = third_position(third)
    return _Words(ABBREVIATIONS[month], year)


def _month_part_words(third: int) -> _Words:
    """One third of a month: "begin okt" (its modifier may lean on the next part's month)."""
    year, month, index = third_position(third)
    modifier = MODIFIERS[index]
    return _Words(f"{modifier} {ABBREVIATIONS[month]}", year, modifier, ("month", year, month))


def _numbered(number: int, form: str, noun: str, letter: str) -> str:
    """ "Q4", "4e kwartaal" or "vierde kwartaal": ``form`` is letter, digits or words."""
    if form == "digits":
        return f"{number}e {noun}"
    if form == "words":
        return f"{ORDINAL_WORDS[number - 1]} {noun}"
    return f"{letter}{number}"


def _part_words(part: _Part, first: int, last: int, style: _Style) -> _Words | None:
    """A month-based part moved to thirds ``first..last``, in its own words (if it has them)."""
    year, month, _ = third_position(first)
    size = last - first + 1
    if isinstance(part, _Month):
        if part.modifier is not None:
            return _month_part_words(first) if size == 1 else None
        whole_month = whole_months(first, last) and size == THIRDS_PER_MONTH
        return _month_words(first) if whole_month else None
    if not whole_months(first, last):
        return None
    months = size // THIRDS_PER_MONTH
    if isinstance(part, _NumberedPeriod) and months == part.months:
        number = period_number(month, part.months)
        if number is None:
            return None
        if isinstance(part, _Quarter):
            return _Words(_numbered(number, style.quarter, "kwartaal", "Q"), year)
        return _Words(_numbered(number, style.half, style.half_noun, "H"), year)
    if isinstance(part, _Season) and months == SEASON_MONTHS:
        name = style.season(month)
        return None if name is None else _Words(name, year)
    if isinstance(part, _YearPart) and months == YEAR_PART_MONTHS:
        number = period_number(month, YEAR_PART_MONTHS)
        if number is not None:
            modifier = MODIFIERS[number - 1]
            return _Words(modifier, year, modifier, ("year", year), always_year=True)
    if isinstance(part, _Year) and month == 1 and months == YEAR_MONTHS:
        return _Words(str(year), year, is_year=True)
    return None


def _thirds_words(first: int, last: int) -> tuple[list[_Words], list[str]]:
    """Any run of thirds ``first..last`` as months ("okt-dec") or parts of months."""
    if whole_months(first, last):
        if last == first + THIRDS_PER_MONTH - 1:
            return [_month_words(first)], []
        return [_month_words(first), _month_words(last)], ["-"]
    if first == last:
        return [_month_part_words(first)], []
    return [_month_part_words(first), _month_part_words(last)], ["/" if last == first + 1 else "-"]
