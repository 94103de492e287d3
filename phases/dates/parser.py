"""From a text to what it says: the grammar of date texts, one handler per kind of token."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import replace

from .core import BARE_NUMBER, EMPTY, MIXED_DAYS, NOT_A_DATE, _Ctx
from .parts import (
    _Bare,
    _Days,
    _Expr,
    _Half,
    _Month,
    _Part,
    _Quarter,
    _Season,
    _Week,
    _Year,
    _YearPart,
)
from .tokens import _LIST_SEPS, _RANGE_SEPS, _normalise, _Token, _tokenize
from .vocabulary import MODIFIERS, QUARTER_MONTHS, period_months


class _Parser:
    """text := [uiterlijk|vóór] part (separator part)*, one handler per kind of first token."""

    def __init__(self, tokens: Sequence[_Token], ctx: _Ctx, *, week: bool) -> None:
        self.tokens = tokens
        self.ctx = ctx
        self.week = week
        self.pos = 0

    def peek(self, offset: int = 0) -> _Token | None:
        index = self.pos + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.peek()
        if token is None:
            self.ctx.fail(NOT_A_DATE)
        self.pos += 1
        return token

    def is_kind(self, offset: int, *kinds: str) -> bool:
        token = self.peek(offset)
        return token is not None and token.kind in kinds

    def ends_part(self, offset: int) -> bool:
        return self.peek(offset) is None or self.is_kind(offset, "sep")

    def year_at(self, offset: int) -> int | None:
        """A year token ("2024", "'19") at ``offset``, else None."""
        token = self.peek(offset)
        if token is None:
            return None
        if token.kind == "year":
            return int(token.value)
        if token.kind == "num" and len(token.raw) == 4:
            return int(token.raw)
        return None

    def parse(self) -> _Expr:
        if self.is_kind(0, "prefix"):  # "uiterlijk 1 juli": the deadline is the date itself
            self.pos += 1
        parts = [self.part(None)]
        seps: list[str] = []
        while self.peek() is not None:
            token = self.take()
            if token.kind != "sep":
                self.ctx.fail(NOT_A_DATE)
            seps.append(str(token.value))
            parts.append(self.part(parts[-1]))
        return _Expr(_lend_bare_modifiers(parts, self.ctx), tuple(seps))

    def part(self, previous: _Part | None) -> _Part:
        token = self.peek()
        handler = _HANDLERS.get(token.kind) if token is not None else None
        if handler is None:
            self.ctx.fail(NOT_A_DATE)
        part = self.with_year(handler(self, previous))
        part.check(self.ctx)
        return part

    def with_year(self, part: _Part) -> _Part:
        """Attach a year written after the part: "mei 2025", "1-mrt-2025", "Q4-2025", "mei '19"."""
        if not part.accepts_year or part.year is not None:
            return part
        year = self.year_at(0)
        if year is not None:
            self.pos += 1
            return replace(part, year=year)
        # Behind a separator only when nothing but another separator follows, so
        # "mei-2025" is May 2025 while "2024-2025" (two years) stays a span.
        year = self.year_at(1)
        if year is not None and self.is_kind(0, "sep") and self.ends_part(2):
            self.pos += 2
            return replace(part, year=year)
        return part

    # handlers, one per kind of first token ---------------------------------------------

    def date(self, previous: _Part | None) -> _Part:
        year, month, day = self.take().value
        return _Days(month=month, days=(day,), year=year)

    def number(self, previous: _Part | None) -> _Part:
        days, seps, month_offset = self.number_run()
        if month_offset is not None:  # numbers before a month name are days
            return self.days(days, seps, month_offset)
        first = self.take()
        if len(first.raw) == 4:
            return _Year(year=int(first.raw))
        if self.week or isinstance(previous, _Week):  # "35", "wk 35-37", "52/1"
            return _Week(week=self.ctx.number(first.raw))
        if self.is_kind(0, "sep") and self.peek().value == "/" and self.is_kind(1, "num"):
            self.pos += 1
            month = self.take()
            return _Days(month=self.ctx.number(month.raw), days=(self.ctx.number(first.raw),))
        self.ctx.fail(BARE_NUMBER, number=first.raw)

    def number_run(self) -> tuple[list[str], list[str], int | None]:
        """Numbers joined by separators, and where a month name follows them (if one does)."""
        days, seps = [self.peek().raw], []
        offset = 1
        while self.is_kind(offset, "sep") and self.is_kind(offset + 1, "num"):
            seps.append(str(self.peek(offset).value))
            days.append(self.peek(offset + 1).raw)
            offset += 2
        if self.is_kind(offset, "sep") and self.peek(offset).value == "-":
            offset += 1  # "25-26-mrt": the dash before the month only joins
        return days, seps, offset if self.is_kind(offset, "month") else None

    def days(self, days: list[str], seps: list[str], month_offset: int) -> _Part:
        month = int(self.peek(month_offset).value)
        self.pos += month_offset + 1
        numbers = tuple(self.ctx.number(day) for day in days)
        if all(sep in _LIST_SEPS for sep in seps):
            return _Days(month=month, days=numbers)
        if len(numbers) == 2 and seps[0] in _RANGE_SEPS:
            return _Days(month=month, days=numbers, continuous=True)
        self.ctx.fail(MIXED_DAYS)

    def month(self, previous: _Part | None) -> _Part:
        return _Month(month=int(self.take().value))

    def modifier(self, previous: _Part | None) -> _Part:
        modifier = str(self.take().value)
        if self.is_kind(0, "month"):
            return _Month(month=int(self.take().value), modifier=modifier)
        if self.is_kind(0, "quarter") or (self.is_kind(0, "ord") and self.is_kind(1, "unit")):
            return self.month_of_quarter(modifier)
        year = self.year_at(0)
        if year is not None:
            self.pos += 1
            return _YearPart(modifier=modifier, year=year)
        if self.is_kind(0, "sep"):
            return _Bare(modifier=modifier)
        self.ctx.fail(NOT_A_DATE)

    def month_of_quarter(self, modifier: str) -> _Part:
        """ "eind Q1", "begin 4e kwartaal": the thirds of a quarter are its months."""
        quarter = self.ordinal(None) if self.is_kind(0, "ord") else self.quarter(None)
        if not isinstance(quarter, _Quarter):  # "eind 2e helft"
            self.ctx.fail(NOT_A_DATE)
        quarter.check(self.ctx)
        first, _ = period_months(quarter.number, QUARTER_MONTHS)
        return _Month(month=first + MODIFIERS.index(modifier))

    def ordinal(self, previous: _Part | None) -> _Part:
        number = int(self.take().value)
        if not self.is_kind(0, "unit"):
            self.ctx.fail(NOT_A_DATE)
        if self.take().value == "quarter":
            return _Quarter(number=number)
        return _Half(number=number)

    def unit(self, previous: _Part | None) -> _Part:
        # "kwartaal 3"; "helft" needs its ordinal in front
        if self.take().value == "quarter" and self.is_kind(0, "num"):
            return _Quarter(number=self.ctx.number(self.take().raw))
        self.ctx.fail(NOT_A_DATE)

    def week_word(self, previous: _Part | None) -> _Part:
        return _Week(week=int(self.take().value))

    def quarter(self, previous: _Part | None) -> _Part:
        return _Quarter(number=int(self.take().value))

    def half(self, previous: _Part | None) -> _Part:
        return _Half(number=int(self.take().value))

    def season(self, previous: _Part | None) -> _Part:
        return _Season(first_month=int(self.take().value))

    def year(self, previous: _Part | None) -> _Part:
        return _Year(year=int(self.take().value))


_HANDLERS: dict[str, Callable[[_Parser, _Part | None], _Part]] = {
    "date": _Parser.date,
    "num": _Parser.number,
    "month": _Parser.month,
    "mod": _Parser.modifier,
    "ord": _Parser.ordinal,
    "unit": _Parser.unit,
    "week": _Parser.week_word,
    "quarter": _Parser.quarter,
    "half": _Parser.half,
    "season": _Parser.season,
    "year": _Parser.year,
}


def _lend_bare_modifiers(parts: list[_Part], ctx: _Ctx) -> tuple[_Part, ...]:
    """ "medio/eind 2024" -> medio 2024 / eind 2024; "begin/medio okt" likewise."""
    result = list(parts)
    for i in range(len(result) - 1, -1, -1):
        bare = result[i]
        if not isinstance(bare, _Bare):
            continue
        anchor = result[i + 1] if i + 1 < len(result) else None
        if isinstance(anchor, _Month):
            result[i] = replace(anchor, modifier=bare.modifier)
        elif isinstance(anchor, (_YearPart, _Year)):
            result[i] = _YearPart(modifier=bare.modifier, year=anchor.year)
        else:
            ctx.fail(NOT_A_DATE)
    return tuple(result)


def _prepare(
    value: str | int | datetime.date | datetime.datetime, *, week: bool
) -> tuple[str, _Expr]:
    """The text to keep, and what it says."""
    if isinstance(value, datetime.datetime):  # a datetime is a date too: test it first
        value = value.date()
    if isinstance(value, datetime.date):
        text = value.isoformat()
        part = _Days(month=value.month, days=(value.day,), year=value.year)
        part.check(_Ctx(text))
        return text, _Expr((part,), ())
    if isinstance(value, int) and not isinstance(value, bool):  # an Excel number cell
        value = str(value)
    if not isinstance(value, str):
        raise TypeError(f"a date text, date or datetime expected, not {type(value).__name__}")
    ctx = _Ctx(value)
    norm = _normalise(value)
    if not norm:
        ctx.fail(EMPTY)
    return value, _Parser(_tokenize(norm, ctx), ctx, week=week).parse()
