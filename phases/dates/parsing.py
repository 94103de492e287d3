"""From what a text says to the interval it denotes: ``FuzzyDate`` and ``parse_fuzzy_date``.

The parts of a text get their years (the inner-text year rule) and are combined into one
interval; ``FuzzyDate.shifted_years`` re-derives a reading in another year.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from .core import DAYS_OUT_OF_ORDER, MIXED_DAYS, OUT_OF_ORDER, FuzzyDateError, Precision, _Ctx
from .parser import _prepare
from .parts import _day, _Expr, _Part, _Span, _Week
from .tokens import _LIST_SEPS, _RANGE_SEPS
from .vocabulary import month_length


@dataclass(frozen=True)
class FuzzyDate:
    """A date text and the interval it denotes (``start``..``end`` inclusive)."""

    text: str
    start: datetime.date
    end: datetime.date
    precision: Precision
    dates: tuple[datetime.date, ...] = ()
    has_year: bool = False

    @property
    def is_exact(self) -> bool:
        """Whether the reading is one or more exact days."""
        return self.precision in (Precision.DAY, Precision.DAYS)

    def shifted_years(self, n: int) -> FuzzyDate:
        """The same reading ``n`` years later, re-derived from the text.

        Re-deriving (not adding days) keeps month ends, leap days and ISO weeks
        right; a reading the target year does not have (29 February, week 53)
        raises FuzzyDateError.
        """
        if n == 0:
            return self
        found = _agreeing_expr(self)
        if found is None:
            return _shift_structurally(self, n)
        original, expr, base = found
        return _resolve(expr.shifted(n), base + n, original)


# -- from parts to one interval -----------------------------------------------------------


def _month_key(day: datetime.date) -> tuple[int, int]:
    return (day.year, day.month)


def _choose_years(parts: Sequence[_Part], year: int, ctx: _Ctx) -> list[int]:
    """Years for the parts without one (the inner-text year rule)."""
    years = [part.year for part in parts]
    anchor = next((i for i, y in enumerate(years) if y is not None), None)
    if anchor is None:
        anchor, years[0] = 0, year

    def start(i: int, y: int) -> tuple[int, int]:
        return _month_key(parts[i].span(y, ctx).start)

    # Before the first written year: the latest year that keeps each part before the next.
    for i in range(anchor - 1, -1, -1):
        later = years[i + 1]
        assert later is not None
        years[i] = later if start(i, later) <= start(i + 1, later) else later - 1
    # After it: a part whose month comes before the previous part's is next year's.
    for i in range(anchor + 1, len(parts)):
        if years[i] is None:
            earlier = years[i - 1]
            assert earlier is not None
            years[i] = earlier if start(i, earlier) >= start(i - 1, earlier) else earlier + 1
    return [y for y in years if y is not None]


_KEPT_WHEN_COMBINED = {
    Precision.WEEK,
    Precision.QUARTER,
    Precision.HALF_YEAR,
    Precision.YEAR_PART,
    Precision.YEAR,
}


def _combine(
    spans: Sequence[_Span], seps: Sequence[str], ctx: _Ctx
) -> tuple[datetime.date, datetime.date, Precision, tuple[datetime.date, ...]]:
    if len(spans) == 1:
        only = spans[0]
        dates = only.days if only.precision is Precision.DAYS and only.days else ()
        return only.start, only.end, only.precision, dates
    if any(b.start < a.start for a, b in pairwise(spans)):
        ctx.fail(OUT_OF_ORDER)
    if all(span.precision in (Precision.DAY, Precision.DAYS) for span in spans):
        return _combine_days(spans, seps, ctx)
    kinds = {span.precision for span in spans}
    precision = kinds.pop() if len(kinds) == 1 else Precision.MULTIPLE
    if precision not in _KEPT_WHEN_COMBINED:  # months and parts of months: "eind sep/begin okt"
        precision = Precision.MULTIPLE
    return spans[0].start, spans[-1].end, precision, ()


def _combine_days(
    spans: Sequence[_Span], seps: Sequence[str], ctx: _Ctx
) -> tuple[datetime.date, datetime.date, Precision, tuple[datetime.date, ...]]:
    """ "1/3 en 8/3" are separate days; "1/3 - 5/3" is a continuous range."""
    if all(sep in _LIST_SEPS for sep in seps) and all(span.days for span in spans):
        dates = tuple(day for span in spans for day in span.days or ())
        if any(b <= a for a, b in pairwise(dates)):
            ctx.fail(DAYS_OUT_OF_ORDER)
        return dates[0], dates[-1], Precision.DAYS, dates
    if all(sep in _RANGE_SEPS for sep in seps) and all(s.precision is Precision.DAY for s in spans):
        start, end = spans[0].start, spans[-1].end
        return start, end, Precision.DAY if start == end else Precision.DAYS, ()
    ctx.fail(MIXED_DAYS)


def _resolve(expr: _Expr, year: int, text: str) -> FuzzyDate:
    years = _choose_years(expr.parts, year, _Ctx(text, lenient=True))
    ctx = _Ctx(text)
    spans = [part.span(y, ctx) for part, y in zip(expr.parts, years, strict=True)]
    start, end, precision, dates = _combine(spans, expr.seps, ctx)
    return FuzzyDate(text, start, end, precision, dates, has_year=expr.has_year)


def _lenient_start(expr: _Expr, year: int, text: str) -> datetime.date:
    ctx = _Ctx(text, lenient=True)
    years = _choose_years(expr.parts, year, ctx)
    return expr.parts[0].span(years[0], ctx).start


def parse_fuzzy_date(
    text: str | datetime.date | datetime.datetime, year: int, *, week: bool = False
) -> FuzzyDate:
    """Read ``text``; ``year`` is the year of every part written without one.

    ``week=True``: a bare number ("35", "35-37", "52/1") is an ISO week, as in a
    column headed Week.  A date or datetime is that day.
    """
    original, expr = _prepare(text, week=week)
    return _resolve(expr, year, original)


# -- shifting a reading by whole years ----------------------------------------------------


def _agreeing_expr(reading: FuzzyDate) -> tuple[str, _Expr, int] | None:
    """The text as read, what it says and its base year, if the text still gives ``reading``."""
    for week in (False, True):  # a bare "35" only reads as a week in week mode
        try:
            original, expr = _prepare(reading.text, week=week)
        except (FuzzyDateError, TypeError):
            continue
        base = _base_year(reading, expr)
        if base is not None:
            return original, expr, base
    return None


def _base_year(fuzzy: FuzzyDate, expr: _Expr) -> int | None:
    """The ``year`` that read ``fuzzy.text`` as ``fuzzy``, if the text still says so."""
    for year in (fuzzy.start.year, fuzzy.start.year + 1, fuzzy.start.year - 1):
        try:
            again = _resolve(expr, year, fuzzy.text)
        except FuzzyDateError:
            continue
        same = (again.start, again.end, again.precision, again.dates)
        if same == (fuzzy.start, fuzzy.end, Precision(fuzzy.precision), tuple(fuzzy.dates)):
            return year
    return None


def _shift_day(day: datetime.date, n: int, ctx: _Ctx, *, keep_month_end: bool) -> datetime.date:
    year = day.year + n
    ctx.check_year(year)
    if keep_month_end and day.day == month_length(day.year, day.month):
        return datetime.date(year, day.month, month_length(year, day.month))
    return _day(year, day.month, day.day, ctx)


def _shift_structurally(fuzzy: FuzzyDate, n: int) -> FuzzyDate:
    """For a reading its text no longer gives (built by hand): shift by its precision."""
    ctx = _Ctx(fuzzy.text)
    if fuzzy.precision == Precision.WEEK:
        first, last = fuzzy.start.isocalendar(), fuzzy.end.isocalendar()
        start = _Week(week=first.week, year=first.year + n)
        end = _Week(week=last.week, year=last.year + n)
        for week in (start, end):
            week.check(ctx)
        first_week = start.span(first.year + n, ctx)
        last_week = end.span(last.year + n, ctx)
        return replace(fuzzy, start=first_week.start, end=last_week.end)
    exact = fuzzy.precision in (Precision.DAY, Precision.DAYS)
    return replace(
        fuzzy,
        start=_shift_day(fuzzy.start, n, ctx, keep_month_end=False),
        end=_shift_day(fuzzy.end, n, ctx, keep_month_end=not exact),
        dates=tuple(_shift_day(day, n, ctx, keep_month_end=False) for day in fuzzy.dates),
    )
