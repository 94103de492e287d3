"""Moving a reading by days or weeks (shifting a phase): ``shift_unit``, ``shift_reading``.

An item moves in its own unit, rounded to the nearest whole unit: exact days by the exact
number of days, weeks by whole weeks, "begin/medio/eind okt" by thirds of a month (1-10,
11-20, 21-end), months, quarters, seasons, year parts and years by whole ones of theirs.
A combined text moves in the coarsest unit of its parts, so every part keeps its kind of
words ("sep/begin okt" moves by whole months); one that mixes exact days or weeks with
month-based parts moves by exact days.  The new text says the new period in the same kind
of Dutch words and is only accepted if the form cursor reads it back to exactly the new
interval; otherwise other words are tried, and last an exact day range, which always does.
"""

from __future__ import annotations

import datetime
import enum
import math
from dataclasses import dataclass

from .core import NOT_A_DATE, YEAR_OUT_OF_RANGE, FuzzyDateError, Precision, _Ctx
from .parser import _prepare
from .parsing import FuzzyDate, _agreeing_expr, _choose_years
from .parts import _Days, _Half, _Month, _Part, _Quarter, _Season, _Week, _YearPart
from .schedule import parse_near
from .style import _restyle, _Style, _style
from .vocabulary import (
    HALF_YEAR_MONTHS,
    QUARTER_MONTHS,
    SEASON_MONTHS,
    SEASONS,
    THIRDS_PER_MONTH,
    THIRDS_PER_YEAR,
    YEAR_PART_MONTHS,
    third_end,
    third_ending,
    third_start,
    third_starting,
    whole_months,
)
from .wording import (
    _join,
    _part_words,
    _range_texts,
    _separate_days_texts,
    _thirds_words,
    _week_texts,
)

_YEAR_DAYS = 365.2425


class ShiftUnit(enum.StrEnum):
    """The step a reading moves in when a phase is shifted."""

    DAY = "day"
    WEEK = "week"
    MONTH_PART = "month_part"  # a third of a month: begin / medio / eind
    MONTH = "month"
    SEASON = "season"
    QUARTER = "quarter"
    YEAR_PART = "year_part"  # four months: begin / medio / eind <year>
    HALF_YEAR = "half_year"
    YEAR = "year"

    @property
    def days(self) -> float:
        """The (average) length of one step in days."""
        if self is ShiftUnit.DAY:
            return 1.0
        if self is ShiftUnit.WEEK:
            return 7.0
        return _YEAR_DAYS * _UNIT_THIRDS[self] / THIRDS_PER_YEAR

    def steps(self, days: int) -> int:
        """``days`` as the nearest whole number of steps (halves round away from zero)."""
        whole = int(abs(days) / self.days + 0.5)
        return whole if days >= 0 else -whole


# Month-based units measured in thirds of a month, the grid they all lie on.
_UNIT_THIRDS = {
    ShiftUnit.MONTH_PART: 1,
    ShiftUnit.MONTH: THIRDS_PER_MONTH,
    ShiftUnit.SEASON: SEASON_MONTHS * THIRDS_PER_MONTH,
    ShiftUnit.QUARTER: QUARTER_MONTHS * THIRDS_PER_MONTH,
    ShiftUnit.YEAR_PART: YEAR_PART_MONTHS * THIRDS_PER_MONTH,
    ShiftUnit.HALF_YEAR: HALF_YEAR_MONTHS * THIRDS_PER_MONTH,
    ShiftUnit.YEAR: THIRDS_PER_YEAR,
}
# A season lasts as long as a quarter: parts combined by length move by quarters.
_UNIT_BY_THIRDS = {
    thirds: unit for unit, thirds in _UNIT_THIRDS.items() if unit is not ShiftUnit.SEASON
}


def _part_unit(part: _Part) -> ShiftUnit:
    """The unit one part of a text moves in."""
    if isinstance(part, _Days):
        return ShiftUnit.DAY
    if isinstance(part, _Week):
        return ShiftUnit.WEEK
    if isinstance(part, _Month):
        return ShiftUnit.MONTH if part.modifier is None else ShiftUnit.MONTH_PART
    if isinstance(part, _Quarter):
        return ShiftUnit.QUARTER
    if isinstance(part, _Half):
        return ShiftUnit.HALF_YEAR
    if isinstance(part, _Season):
        return ShiftUnit.SEASON
    if isinstance(part, _YearPart):
        return ShiftUnit.YEAR_PART
    return ShiftUnit.YEAR


@dataclass(frozen=True)
class _Placed:
    """A month-based part of a text and the thirds of a month it covers."""

    part: _Part
    first: int
    last: int


@dataclass(frozen=True)
class _Layout:
    """How a reading moves: its unit, and the words to keep when it is written anew."""

    unit: ShiftUnit
    placed: tuple[_Placed, ...]  # month-based parts; empty when the text was not used
    seps: tuple[str, ...]
    has_year: bool
    style: _Style


def _unit_of_interval(reading: FuzzyDate) -> ShiftUnit:
    """For a reading its text no longer gives: the unit its precision and interval allow."""
    precision = Precision(reading.precision)
    start, end = reading.start, reading.end
    first, last = third_starting(start), third_ending(end)
    if precision is Precision.WEEK and start.weekday() == 0 and end.weekday() == 6:
        return ShiftUnit.WEEK
    if first is None or last is None or precision in (Precision.DAY, Precision.DAYS):
        return ShiftUnit.DAY
    months = whole_months(first, last)
    named = {
        Precision.MONTH_PART: ShiftUnit.MONTH_PART,
        Precision.MONTH: ShiftUnit.MONTH,
        Precision.QUARTER: ShiftUnit.QUARTER,
        Precision.HALF_YEAR: ShiftUnit.HALF_YEAR,
        Precision.YEAR: ShiftUnit.YEAR,
    }
    if precision in named and (months or precision is Precision.MONTH_PART):
        return named[precision]
    if precision is Precision.YEAR_PART and months:
        return ShiftUnit.SEASON if start.month in SEASONS else ShiftUnit.YEAR_PART
    return ShiftUnit.MONTH if months else ShiftUnit.MONTH_PART


def _layout(reading: FuzzyDate) -> _Layout:
    """The unit ``reading`` moves in, its month-based parts on the grid, and its style."""
    style = _style(reading.text)
    found = _agreeing_expr(reading)
    if found is None:
        return _Layout(_unit_of_interval(reading), (), (), reading.has_year, style)
    _, expr, base = found
    units = {_part_unit(part) for part in expr.parts}
    if units <= {ShiftUnit.DAY, ShiftUnit.WEEK}:
        unit = ShiftUnit.WEEK if units == {ShiftUnit.WEEK} else ShiftUnit.DAY
        return _Layout(unit, (), expr.seps, expr.has_year, style)
    if units & {ShiftUnit.DAY, ShiftUnit.WEEK}:  # exact days mixed with months: exact days
        return _Layout(ShiftUnit.DAY, (), expr.seps, expr.has_year, style)
    ctx = _Ctx(reading.text, lenient=True)
    years = _choose_years(expr.parts, base, ctx)
    placed = []
    for part, year in zip(expr.parts, years, strict=True):
        span = part.span(year, ctx)
        first, last = third_starting(span.start), third_ending(span.end)
        assert first is not None and last is not None  # month-based parts lie on the grid
        placed.append(_Placed(part, first, last))
    thirds = math.lcm(*(_UNIT_THIRDS[unit] for unit in units))
    unit = _UNIT_BY_THIRDS[thirds]
    if units == {ShiftUnit.SEASON}:
        unit = ShiftUnit.SEASON
    return _Layout(unit, tuple(placed), expr.seps, expr.has_year, style)


def shift_unit(reading: FuzzyDate) -> ShiftUnit:
    """The unit ``reading`` moves in (see ``shift_reading``)."""
    return _layout(reading).unit


def _reads_back(text: str, target: tuple, year_context: int) -> FuzzyDate | None:
    """The form cursor's reading of ``text``, if it is exactly ``target``."""
    start = target[0]
    try:
        again = parse_near(text, start, floor=datetime.date(year_context, 1, 1))
    except FuzzyDateError:
        return None
    return again if (again.start, again.end, tuple(again.dates)) == target else None


def shift_reading(reading: FuzzyDate, days: int, *, year_context: int) -> FuzzyDate:
    """``reading`` moved by ``days`` (negative: earlier), in its own unit, with a new text.

    The reading moves by the nearest whole number of its unit (``shift_unit``): "Q4"
    moved by 14 days is "Q4" still (the same object is returned); "eind sep/begin okt"
    moved by 28 days is "eind okt/begin nov".  The new text says the new period in the
    same kind of words, keeps a year the old text had, and gains one where the form
    cursor needs it: ``parse_near(text, new.start, floor=date(year_context, 1, 1))`` reads
    it back to exactly the new interval (and separate days).  Where no such words exist
    (a season moved into winter) it falls back to months, then to an exact day range.
    Raises FuzzyDateError when the moved reading leaves the years 1900-2200.
    """
    layout = _layout(reading)
    steps = layout.unit.steps(days)
    if steps == 0:
        return reading
    style, seps = layout.style, layout.seps
    candidates: list[str] = []
    try:
        if layout.unit in (ShiftUnit.DAY, ShiftUnit.WEEK):
            delta = datetime.timedelta(days=steps * (7 if layout.unit is ShiftUnit.WEEK else 1))
            start, end = reading.start + delta, reading.end + delta
            dates = tuple(day + delta for day in reading.dates)
            if layout.unit is ShiftUnit.WEEK:
                candidates += _week_texts(start, end, style, seps)
            elif dates:
                candidates += _separate_days_texts(dates, style)
        else:
            dates = ()
            move = steps * _UNIT_THIRDS[layout.unit]
            placed = layout.placed
            first = placed[0].first if placed else third_starting(reading.start)
            last = placed[-1].last if placed else third_ending(reading.end)
            assert first is not None and last is not None  # month-based units lie on the grid
            start, end = third_start(first + move), third_end(last + move)
            words = [_part_words(p.part, p.first + move, p.last + move, style) for p in placed]
            if placed and None not in words:
                candidates += [_join(words, seps, style, years=y) for y in (False, True)]
            generic, generic_seps = _thirds_words(first + move, last + move)
            candidates += [_join(generic, generic_seps, style, years=y) for y in (False, True)]
    except (OverflowError, ValueError):  # far beyond any calendar Regie keeps
        _Ctx(reading.text).fail(YEAR_OUT_OF_RANGE, year=reading.start.year + days // 365)
    for year in {start.year, end.year}:
        _Ctx(reading.text).check_year(year)
    candidates += _range_texts(start, end, style)
    if layout.has_year:  # keep the year the old text had
        candidates = [t for t in candidates if _has_year(t)] or candidates
    target = (start, end, dates)
    for text in dict.fromkeys(_restyle(text, style) for text in candidates):
        again = _reads_back(text, target, year_context)
        if again is not None:
            return again
    # Unreachable in practice: a day range with its years always reads back.
    _Ctx(reading.text).fail(NOT_A_DATE)


def _has_year(text: str) -> bool:
    """Whether ``text`` writes a year."""
    try:
        _, expr = _prepare(text, week=False)
    except FuzzyDateError:
        return False
    return expr.has_year
