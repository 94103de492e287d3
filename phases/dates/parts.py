"""The parts a date text is made of ("eind sep", "wk 35", "10 / 17 mei") and their spans."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import ClassVar

from .core import (
    DAYS_OUT_OF_ORDER,
    NO_SUCH_DAY,
    NO_SUCH_DAY_IN_YEAR,
    NO_SUCH_HALF,
    NO_SUCH_MONTH,
    NO_SUCH_QUARTER,
    NO_SUCH_WEEK,
    NO_WEEK_IN_YEAR,
    OUT_OF_ORDER,
    Precision,
    _Ctx,
)
from .vocabulary import (
    HALF_YEAR_MONTHS,
    MODIFIERS,
    MONTH_NAMES,
    QUARTER_MONTHS,
    SEASON_MONTHS,
    YEAR_MONTHS,
    month_length,
    period_months,
    third_bounds,
    year_part_months,
)


def _has_week_53(year: int) -> bool:
    return datetime.date(year, 12, 28).isocalendar().week == 53


def _day(year: int, month: int, day: int, ctx: _Ctx) -> datetime.date:
    ctx.check_year(year)
    last = month_length(year, month)
    if day > last:  # only 29 February gets here: the parser checked the rest
        if not ctx.lenient:
            ctx.fail(NO_SUCH_DAY_IN_YEAR, month=MONTH_NAMES[month], year=year, day=day)
        day = last
    return datetime.date(year, month, day)


def _months(year: int, first: int, last: int, precision: Precision, ctx: _Ctx) -> _Span:
    ctx.check_year(year)
    end = datetime.date(year, last, month_length(year, last))
    return _Span(datetime.date(year, first, 1), end, precision)


@dataclass(frozen=True)
class _Span:
    """The interval a part denotes in one year."""

    start: datetime.date
    end: datetime.date
    precision: Precision
    days: tuple[datetime.date, ...] | None = None  # the days of "10 / 17 mei" or "1-mrt"


class _Part:
    """One piece of a text ("eind sep", "wk 35", "10 / 17 mei"); ``year`` if it has one."""

    year: int | None
    accepts_year: ClassVar[bool] = True

    def check(self, ctx: _Ctx) -> None:
        """Refuse what is wrong whatever the year (day 32, week 54, Q5)."""
        if self.year is not None:
            ctx.check_year(self.year)

    def span(self, year: int, ctx: _Ctx) -> _Span:
        raise NotImplementedError


@dataclass(frozen=True)
class _Days(_Part):
    month: int
    days: tuple[int, ...]
    continuous: bool = False  # "25-26-mrt" rather than "10 / 17 mei"
    year: int | None = None

    def check(self, ctx: _Ctx) -> None:
        super().check(ctx)
        if not 1 <= self.month <= 12:
            ctx.fail(NO_SUCH_MONTH, month=self.month)
        # Without a year, allow 29 February (2000 is a leap year); the year decides later.
        last = month_length(2000 if self.year is None else self.year, self.month)
        for day in self.days:
            if 1 <= day <= last:
                continue
            if self.year is None:
                ctx.fail(NO_SUCH_DAY, month=MONTH_NAMES[self.month], day=day)
            ctx.fail(NO_SUCH_DAY_IN_YEAR, month=MONTH_NAMES[self.month], year=self.year, day=day)
        if any(b <= a for a, b in pairwise(self.days)):
            ctx.fail(OUT_OF_ORDER if self.continuous else DAYS_OUT_OF_ORDER)

    def span(self, year: int, ctx: _Ctx) -> _Span:
        days = tuple(_day(year, self.month, day, ctx) for day in self.days)
        if self.continuous:
            return _Span(days[0], days[-1], Precision.DAYS)
        precision = Precision.DAY if len(days) == 1 else Precision.DAYS
        return _Span(days[0], days[-1], precision, days)


@dataclass(frozen=True)
class _Month(_Part):
    month: int
    modifier: str | None = None  # begin / medio / eind
    year: int | None = None

    def span(self, year: int, ctx: _Ctx) -> _Span:
        if self.modifier is None:
            return _months(year, self.month, self.month, Precision.MONTH, ctx)
        ctx.check_year(year)
        start, end = third_bounds(year, self.month, MODIFIERS.index(self.modifier))
        return _Span(start, end, Precision.MONTH_PART)


@dataclass(frozen=True)
class _Week(_Part):
    week: int
    year: int | None = None  # the ISO year

    def check(self, ctx: _Ctx) -> None:
        super().check(ctx)
        if not 1 <= self.week <= 53:
            ctx.fail(NO_SUCH_WEEK, week=self.week)
        if self.week == 53 and self.year is not None and not _has_week_53(self.year):
            ctx.fail(NO_WEEK_IN_YEAR, year=self.year, week=self.week)

    def span(self, year: int, ctx: _Ctx) -> _Span:
        ctx.check_year(year)
        if self.week == 53 and not _has_week_53(year):
            if not ctx.lenient:
                ctx.fail(NO_WEEK_IN_YEAR, year=year, week=self.week)
            monday = datetime.date.fromisocalendar(year, 52, 1) + datetime.timedelta(weeks=1)
        else:
            monday = datetime.date.fromisocalendar(year, self.week, 1)
        return _Span(monday, monday + datetime.timedelta(days=6), Precision.WEEK)


@dataclass(frozen=True)
class _NumberedPeriod(_Part):
    """Period ``number`` (from 1) of the equal periods a year divides into ("Q4", "H1")."""

    number: int
    year: int | None = None
    months: ClassVar[int]  # the length of one period
    precision: ClassVar[Precision]
    no_such: ClassVar[str]  # the error for a number the year has no period for

    def check(self, ctx: _Ctx) -> None:
        super().check(ctx)
        if not 1 <= self.number <= YEAR_MONTHS // self.months:
            ctx.fail(self.no_such, number=self.number)

    def span(self, year: int, ctx: _Ctx) -> _Span:
        first, last = period_months(self.number, self.months)
        return _months(year, first, last, self.precision, ctx)


@dataclass(frozen=True)
class _Quarter(_NumberedPeriod):
    months = QUARTER_MONTHS
    precision = Precision.QUARTER
    no_such = NO_SUCH_QUARTER


@dataclass(frozen=True)
class _Half(_NumberedPeriod):
    months = HALF_YEAR_MONTHS
    precision = Precision.HALF_YEAR
    no_such = NO_SUCH_HALF


@dataclass(frozen=True)
class _Season(_Part):
    first_month: int  # voorjaar 3, zomer 6, najaar 9
    year: int | None = None

    def span(self, year: int, ctx: _Ctx) -> _Span:
        last = self.first_month + SEASON_MONTHS - 1
        return _months(year, self.first_month, last, Precision.YEAR_PART, ctx)


@dataclass(frozen=True)
class _YearPart(_Part):
    modifier: str
    year: int | None = None
    accepts_year: ClassVar[bool] = False  # it was written with one

    def span(self, year: int, ctx: _Ctx) -> _Span:
        first, last = year_part_months(self.modifier)
        return _months(year, first, last, Precision.YEAR_PART, ctx)


@dataclass(frozen=True)
class _Year(_Part):
    year: int | None = None
    accepts_year: ClassVar[bool] = False

    def span(self, year: int, ctx: _Ctx) -> _Span:
        return _months(year, 1, YEAR_MONTHS, Precision.YEAR, ctx)


@dataclass(frozen=True)
class _Bare(_Part):
    """A modifier that borrows the next part's month or year: "medio" in "medio/eind 2024"."""

    modifier: str
    year: int | None = None
    accepts_year: ClassVar[bool] = False


@dataclass(frozen=True)
class _Expr:
    """A parsed text: its parts and the separators between them."""

    parts: tuple[_Part, ...]
    seps: tuple[str, ...]

    @property
    def has_year(self) -> bool:
        return any(part.year is not None for part in self.parts)

    def shifted(self, n: int) -> _Expr:
        parts = tuple(p if p.year is None else replace(p, year=p.year + n) for p in self.parts)
        return _Expr(parts, self.seps)
