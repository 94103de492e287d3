"""Reading the dates of a schedule in order: the cursor rule picks a text's missing year."""

from __future__ import annotations

import datetime

from .core import YEAR_OUT_OF_RANGE, FuzzyDateError, _Ctx
from .parser import _prepare
from .parsing import FuzzyDate, _lenient_start, _resolve
from .vocabulary import month_length


def _months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` calendar months earlier (the month's last day if it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return datetime.date(year, month + 1, min(day.day, month_length(year, month + 1)))


def parse_near(
    text: str | datetime.date | datetime.datetime,
    cursor: datetime.date,
    *,
    week: bool = False,
    floor: datetime.date | None = None,
) -> FuzzyDate:
    """Read ``text`` with the cursor rule.

    A text without a year takes the earliest year that puts its start no more than
    six months before ``cursor`` (start >= cursor minus six calendar months), and,
    if ``floor`` is given, not before ``floor``.  Texts with a year, and dates, are
    taken as they are.  Pass ``floor=date(year_context, 1, 1)`` when the cursor is
    only the start of the year context (a new item, a schedule's first row):
    "sep" then means September of that year, not of the year before.
    """
    if isinstance(cursor, datetime.datetime):
        cursor = cursor.date()
    original, expr = _prepare(text, week=week)
    if expr.has_year:
        return _resolve(expr, cursor.year, original)
    _Ctx(original).check_year(cursor.year)
    threshold = _months_before(cursor, 6)
    if floor is not None and floor > threshold:
        threshold = floor
    # The first part starts in its own year or the last days of the one before
    # (ISO week 1), so these candidates always hold the answer.
    for year in range(threshold.year - 1, threshold.year + 3):
        try:
            start = _lenient_start(expr, year, original)
        except FuzzyDateError:  # a year out of range: try the next
            continue
        if start >= threshold:
            return _resolve(expr, year, original)  # strict: week 53 or 29 Feb may still fail
    _Ctx(original).fail(YEAR_OUT_OF_RANGE, year=threshold.year + 1)


class ScheduleReader:
    """Reads the date texts of one schedule in order, with the cursor rule.

    The cursor starts at 1 January of ``year`` (the schedule's year context) and
    moves to the start of every row read successfully, so "jan" after "dec" is
    next year's and 15 May after 22 May stays in May.  A text without a year never
    lands before 1 January of ``year``: the schedule starts in its year context.
    """

    def __init__(self, year: int) -> None:
        _Ctx(str(year)).check_year(year)
        self.year = year
        self.cursor = datetime.date(year, 1, 1)

    def read(
        self, value: str | datetime.date | datetime.datetime, *, week: bool = False
    ) -> FuzzyDate:
        reading = parse_near(value, self.cursor, week=week, floor=datetime.date(self.year, 1, 1))
        self.cursor = reading.start
        return reading
