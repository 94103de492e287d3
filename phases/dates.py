"""Fuzzy dates: what Dutch planning documents write, and the interval it means.

Regie keeps the text a user wrote ("eind sep/begin okt") next to the interval it
denotes (``start``..``end``, both inclusive; ``end`` is the deadline).  This is the
one parser for those texts.  It is pure Python (no Django) so every app can use it;
error messages are English templates marked with ``_`` for the Django layer to
translate.

Conventions (docs/conventions.md, "Fuzzy dates"):

* Numbers are always day first: ``1/3``, ``01-03-2025`` and ``1/3/2025`` are
  1 March; ``2025-03-01`` is ISO.  ``1-mrt``, ``1 maart``, ``uiterlijk 1 juli``,
  ``vóór 1 juli``: that day (the deadline).
* Numbers before a month name: ``25-26-mrt`` is a continuous range; ``10 / 17 mei``,
  ``8 en 15 juni``, ``7/14 apr`` are separate days, kept in ``dates``.
* ``begin`` / ``medio`` (``half``) / ``eind`` <month>: days 1-10 / 11-20 / 21-last.
  ``begin`` / ``medio`` / ``eind`` <year>: Jan-Apr / May-Aug / Sep-Dec.
  ``voorjaar`` / ``zomer`` / ``najaar``: Mar-May / Jun-Aug / Sep-Nov.
* ``Q4``, ``4e kwartaal``, ``tweede kwartaal``; ``H1``, ``eerste helft``, ``2e halfjaar``.
* ``week 35``, ``wk 35``, ``wk. 35``, ``w35``: the ISO week, Monday..Sunday.  With
  ``week=True`` (a column headed Week) a bare ``35`` is a week as well.
* Parts joined by ``-``, ``/``, ``,``, ``en``, ``t/m``, ``tot en met`` run from the
  start of the first part to the end of the last: ``eind sep/begin okt``,
  ``okt-nov-dec``, ``wk 35-37``, ``52/1``, ``medio/eind 2024``.
* Years: a part without a year takes the given year.  A later part whose month
  comes before the previous part's moves to the next year (``nov-feb``, ``52/1``).
  A year written after the last part (``Juli-dec '19``) is that part's, and earlier
  parts take the latest year that keeps them before it.  ``'19`` is 2019; a bare
  two-digit year is never guessed.  Years outside 1900..2200 are errors.
* Anything else (``n.t.b.``, ``31 feb``, ``week 53 2025``, ``13``) raises
  FuzzyDateError quoting the text: nothing is guessed, nothing rolls over.

``parse_near`` and ``ScheduleReader`` add the cursor rule that picks the year of a
text without one from its neighbours in a schedule.  ``shift_reading`` moves a reading
by a number of days in its own unit and writes the moved period in the same kind of words
(shifting a phase).
"""

from __future__ import annotations

import calendar
import datetime
import enum
import math
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Any, ClassVar, NoReturn

__all__ = [
    "FuzzyDate",
    "FuzzyDateError",
    "MONTH_NAMES",
    "Precision",
    "ScheduleReader",
    "ShiftUnit",
    "parse_fuzzy_date",
    "parse_near",
    "shift_reading",
    "shift_unit",
]


def _(s: str) -> str:
    """No-op marker: lets Django's makemessages collect the templates below."""
    return s


MIN_YEAR = 1900
MAX_YEAR = 2200


class Precision(enum.StrEnum):
    """How exact a reading is.  The values are stored in the database."""

    DAY = "day"
    DAYS = "days"
    WEEK = "week"
    MONTH_PART = "month_part"
    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half_year"
    YEAR_PART = "year_part"
    YEAR = "year"
    MULTIPLE = "multiple"


# -- errors -------------------------------------------------------------------------------

NOT_A_DATE = _('"%(text)s" is not a date Regie understands.')
EMPTY = _('"%(text)s" is not a date Regie understands: the text is empty.')
UNKNOWN_WORD = _(
    '"%(text)s" is not a date Regie understands: "%(word)s" is not a month or a date word.'
)
BARE_NUMBER = _(
    '"%(text)s" is not a date Regie understands: give "%(number)s" a month'
    ' ("%(number)s mei"), write "week %(number)s", or write a year of four digits.'
)
NO_SUCH_MONTH = _('"%(text)s": there is no month %(month)s.')
NO_SUCH_DAY = _('"%(text)s": %(month)s has no day %(day)s.')
NO_SUCH_DAY_IN_YEAR = _('"%(text)s": %(month)s %(year)s has no day %(day)s.')
NO_SUCH_WEEK = _('"%(text)s": there is no week %(week)s; ISO weeks run from 1 to 53.')
NO_WEEK_IN_YEAR = _('"%(text)s": %(year)s has no ISO week %(week)s.')
NO_SUCH_QUARTER = _('"%(text)s": a year has no quarter %(number)s.')
NO_SUCH_HALF = _('"%(text)s": a year has no half %(number)s.')
YEAR_OUT_OF_RANGE = _('"%(text)s": the year %(year)s is outside 1900-2200.')
OUT_OF_ORDER = _('"%(text)s": its parts are out of order (it would end before it starts).')
DAYS_OUT_OF_ORDER = _('"%(text)s": its days are not in order.')
MIXED_DAYS = _('"%(text)s" mixes separate days with a range of days.')


class FuzzyDateError(ValueError):
    """A text that is not a date Regie understands.

    ``template`` is an English message with ``%(text)s`` and friends; the Django
    layer translates it and applies ``params``.  ``str(exc)`` is the English message.
    """

    def __init__(self, text: str, template: str, params: Mapping[str, object] | None = None):
        self.text = text
        self.template = template
        self.params: dict[str, object] = {**(params or {}), "text": text}
        super().__init__(template % self.params)

    def __reduce__(self):  # keep it picklable despite the custom __init__
        return (type(self), (self.text, self.template, self.params))


# -- the result ---------------------------------------------------------------------------


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
        return self.precision in (Precision.DAY, Precision.DAYS)

    def shifted_years(self, n: int) -> FuzzyDate:
        """The same reading ``n`` years later, re-derived from the text.

        Re-deriving (not adding days) keeps month ends, leap days and ISO weeks
        right; a reading the target year does not have (29 February, week 53)
        raises FuzzyDateError.
        """
        if n == 0:
            return self
        for week in (False, True):  # a bare "35" only reads as a week in week mode
            try:
                original, expr = _prepare(self.text, week=week)
            except (FuzzyDateError, TypeError):
                continue
            base = _base_year(self, expr)
            if base is not None:
                return _resolve(expr.shifted(n), base + n, original)
        return _shift_structurally(self, n)


# -- normalising and tokens ---------------------------------------------------------------

# Typographic variants Word and Excel put in: curly apostrophes, en/em dashes.
_PUNCTUATION = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "`": "'",
        "\u00b4": "'",
        "\u2032": "'",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
    }
)


def _normalise(text: str) -> str:
    """Lower case, no accents ("vóór"), one plain space between words."""
    text = unicodedata.normalize("NFKC", text.translate(_PUNCTUATION)).translate(_PUNCTUATION)
    text = "".join(
        c for c in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(c)
    )
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\btot en met\b", "t/m", text)
    return re.sub(r"\bhalf jaar\b", "halfjaar", text)


_MONTH_WORDS = (
    "jan januari january",
    "feb febr februari february",
    "mrt maa mar maart march",
    "apr april",
    "mei may",
    "jun juni june",
    "jul juli july",
    "aug augustus august",
    "sep sept september",
    "okt oct oktober october",
    "nov november",
    "dec december",
)
# English names for messages; the Django layer translates the template only.
MONTH_NAMES = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# word -> (token kind, value)
_WORDS: dict[str, tuple[str, object]] = {
    **{
        word: ("month", number)
        for number, words in enumerate(_MONTH_WORDS, start=1)
        for word in words.split()
    },
    "begin": ("mod", "begin"),
    "medio": ("mod", "medio"),
    "half": ("mod", "medio"),
    "eind": ("mod", "eind"),
    "einde": ("mod", "eind"),
    "eerste": ("ord", 1),
    "tweede": ("ord", 2),
    "derde": ("ord", 3),
    "vierde": ("ord", 4),
    "kwartaal": ("unit", "quarter"),
    "helft": ("unit", "half"),
    "halfjaar": ("unit", "half"),
    "voorjaar": ("season", 3),
    "lente": ("season", 3),
    "zomer": ("season", 6),
    "najaar": ("season", 9),
    "herfst": ("season", 9),
    "uiterlijk": ("prefix", None),
    "voor": ("prefix", None),  # also "vóór": accents are gone by now
    "en": ("sep", "en"),
}

_TOKEN_RE = re.compile(
    r"""
      (?P<space>\s+)
    | (?P<iso>[0-9]{4}-[0-9]{1,2}-[0-9]{1,2})(?![0-9])
    | (?P<dmy>[0-9]{1,2}(?P<dmy_sep>[-/.])[0-9]{1,2}(?P=dmy_sep)[0-9]{4})(?![0-9])
    | (?:week|wk|w)\.?\s?(?P<week>[0-9]+)(?![0-9a-z])
    | q\s?(?P<quarter>[0-9]+)(?![0-9a-z])
    | h(?P<half>[0-9]+)(?![0-9a-z])
    | '(?P<year2>[0-9]{2})(?![0-9])
    | (?P<ord>[0-9]+)(?:ste|de|st|nd|rd|th|e)(?![0-9a-z])
    | (?P<num>[0-9]+)
    | (?P<sep>t/m|[-/,&])
    | (?P<word>[a-z]+)\.?
    """,
    re.VERBOSE | re.ASCII,
)

_RANGE_SEPS = frozenset({"-", "t/m"})
_LIST_SEPS = frozenset({"/", ",", "&", "en"})


@dataclass(frozen=True)
class _Token:
    kind: str  # date num ord year week quarter half month mod season unit sep prefix
    value: Any
    raw: str


def _tokenize(norm: str, ctx: _Ctx) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while pos < len(norm):
        match = _TOKEN_RE.match(norm, pos)
        if match is None:
            ctx.fail(NOT_A_DATE)
        pos = match.end()
        kind = match.lastgroup
        raw = match.group(kind) if kind else ""
        if kind == "space":
            continue
        if kind == "iso":
            year, month, day = (int(p) for p in raw.split("-"))
            tokens.append(_Token("date", (year, month, day), raw))
        elif kind == "dmy":
            day, month, year = (int(p) for p in re.split(r"[-/.]", raw))
            tokens.append(_Token("date", (year, month, day), raw))
        elif kind == "year2":
            tokens.append(_Token("year", 2000 + int(raw), raw))
        elif kind in ("week", "quarter", "half", "ord"):
            tokens.append(_Token(kind, ctx.number(raw), raw))
        elif kind in ("num", "sep"):
            tokens.append(_Token(kind, raw, raw))
        else:  # a word
            if raw not in _WORDS:
                ctx.fail(UNKNOWN_WORD, word=raw)
            word_kind, value = _WORDS[raw]
            tokens.append(_Token(word_kind, value, raw))
    return tokens


# -- context: the text for messages, and whether to be lenient ----------------------------


@dataclass(frozen=True)
class _Ctx:
    text: str
    # Lenient mode only orders candidate years: a 29 February or week 53 the year
    # lacks is clamped instead of refused, so the cursor rule can still compare.
    lenient: bool = False

    def fail(self, template: str, **params: object) -> NoReturn:
        raise FuzzyDateError(self.text, template, params)

    def number(self, raw: str) -> int:
        # Bound the length: int() of thousands of digits is slow or raises ValueError.
        if len(raw) > 6:
            self.fail(NOT_A_DATE)
        return int(raw)

    def check_year(self, year: int) -> None:
        if not MIN_YEAR <= year <= MAX_YEAR:
            self.fail(YEAR_OUT_OF_RANGE, year=year)


def _month_length(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _has_week_53(year: int) -> bool:
    return datetime.date(year, 12, 28).isocalendar().week == 53


def _day(year: int, month: int, day: int, ctx: _Ctx) -> datetime.date:
    ctx.check_year(year)
    last = _month_length(year, month)
    if day > last:  # only 29 February gets here: the parser checked the rest
        if not ctx.lenient:
            ctx.fail(NO_SUCH_DAY_IN_YEAR, month=MONTH_NAMES[month], year=year, day=day)
        day = last
    return datetime.date(year, month, day)


def _months(year: int, first: int, last: int, precision: Precision, ctx: _Ctx) -> _Span:
    ctx.check_year(year)
    end = datetime.date(year, last, _month_length(year, last))
    return _Span(datetime.date(year, first, 1), end, precision)


# -- parts: the pieces a text is made of --------------------------------------------------


@dataclass(frozen=True)
class _Span:
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
        last = _month_length(2000 if self.year is None else self.year, self.month)
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


_MONTH_PARTS = {"begin": (1, 10), "medio": (11, 20), "eind": (21, 31)}


@dataclass(frozen=True)
class _Month(_Part):
    month: int
    modifier: str | None = None  # begin / medio / eind
    year: int | None = None

    def span(self, year: int, ctx: _Ctx) -> _Span:
        whole = _months(year, self.month, self.month, Precision.MONTH, ctx)
        if self.modifier is None:
            return whole
        first, last = _MONTH_PARTS[self.modifier]
        return _Span(
            whole.start.replace(day=first),
            whole.end.replace(day=min(last, whole.end.day)),
            Precision.MONTH_PART,
        )


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
class _Quarter(_Part):
    quarter: int
    year: int | None = None

    def check(self, ctx: _Ctx) -> None:
        super().check(ctx)
        if not 1 <= self.quarter <= 4:
            ctx.fail(NO_SUCH_QUARTER, number=self.quarter)

    def span(self, year: int, ctx: _Ctx) -> _Span:
        first = 3 * self.quarter - 2
        return _months(year, first, first + 2, Precision.QUARTER, ctx)


@dataclass(frozen=True)
class _Half(_Part):
    half: int
    year: int | None = None

    def check(self, ctx: _Ctx) -> None:
        super().check(ctx)
        if not 1 <= self.half <= 2:
            ctx.fail(NO_SUCH_HALF, number=self.half)

    def span(self, year: int, ctx: _Ctx) -> _Span:
        first = 6 * self.half - 5
        return _months(year, first, first + 5, Precision.HALF_YEAR, ctx)


@dataclass(frozen=True)
class _Season(_Part):
    first_month: int  # voorjaar 3, zomer 6, najaar 9
    year: int | None = None

    def span(self, year: int, ctx: _Ctx) -> _Span:
        return _months(year, self.first_month, self.first_month + 2, Precision.YEAR_PART, ctx)


_YEAR_PARTS = {"begin": (1, 4), "medio": (5, 8), "eind": (9, 12)}


@dataclass(frozen=True)
class _YearPart(_Part):
    modifier: str
    year: int | None = None
    accepts_year: ClassVar[bool] = False  # it was written with one

    def span(self, year: int, ctx: _Ctx) -> _Span:
        first, last = _YEAR_PARTS[self.modifier]
        return _months(year, first, last, Precision.YEAR_PART, ctx)


@dataclass(frozen=True)
class _Year(_Part):
    year: int | None = None
    accepts_year: ClassVar[bool] = False

    def span(self, year: int, ctx: _Ctx) -> _Span:
        return _months(year, 1, 12, Precision.YEAR, ctx)


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


# -- the parser ---------------------------------------------------------------------------


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
        year = self.year_at(0)
        if year is not None:
            self.pos += 1
            return _YearPart(modifier=modifier, year=year)
        if self.is_kind(0, "sep"):
            return _Bare(modifier=modifier)
        self.ctx.fail(NOT_A_DATE)

    def ordinal(self, previous: _Part | None) -> _Part:
        number = int(self.take().value)
        if not self.is_kind(0, "unit"):
            self.ctx.fail(NOT_A_DATE)
        if self.take().value == "quarter":
            return _Quarter(quarter=number)
        return _Half(half=number)

    def unit(self, previous: _Part | None) -> _Part:
        # "kwartaal 3"; "helft" needs its ordinal in front
        if self.take().value == "quarter" and self.is_kind(0, "num"):
            return _Quarter(quarter=self.ctx.number(self.take().raw))
        self.ctx.fail(NOT_A_DATE)

    def week_word(self, previous: _Part | None) -> _Part:
        return _Week(week=int(self.take().value))

    def quarter(self, previous: _Part | None) -> _Part:
        return _Quarter(quarter=int(self.take().value))

    def half(self, previous: _Part | None) -> _Part:
        return _Half(half=int(self.take().value))

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


# -- public functions ---------------------------------------------------------------------


def parse_fuzzy_date(
    text: str | datetime.date | datetime.datetime, year: int, *, week: bool = False
) -> FuzzyDate:
    """Read ``text``; ``year`` is the year of every part written without one.

    ``week=True``: a bare number ("35", "35-37", "52/1") is an ISO week, as in a
    column headed Week.  A date or datetime is that day.
    """
    original, expr = _prepare(text, week=week)
    return _resolve(expr, year, original)


def _months_before(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return datetime.date(year, month + 1, min(day.day, _month_length(year, month + 1)))


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


# -- shifting a reading by whole years ----------------------------------------------------


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
    if keep_month_end and day.day == _month_length(day.year, day.month):
        return datetime.date(year, day.month, _month_length(year, day.month))
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


# -- moving a reading by days or weeks (shifting a phase) ---------------------------------
#
# An item moves in its own unit, rounded to the nearest whole unit: exact days by the exact
# number of days, weeks by whole weeks, "begin/medio/eind okt" by thirds of a month (1-10,
# 11-20, 21-end), months, quarters, seasons, year parts and years by whole ones of theirs.
# A combined text moves in the coarsest unit of its parts, so every part keeps its kind of
# words ("sep/begin okt" moves by whole months); one that mixes exact days or weeks with
# month-based parts moves by exact days.  The new text says the new period in the same kind
# of Dutch words and is only accepted if the form cursor reads it back to exactly the new
# interval; otherwise other words are tried, and last an exact day range, which always does.

_YEAR_DAYS = 365.2425
_ABBREVIATIONS = (
    "",
    "jan",
    "feb",
    "mrt",
    "apr",
    "mei",
    "jun",
    "jul",
    "aug",
    "sep",
    "okt",
    "nov",
    "dec",
)
_MODIFIERS = ("begin", "medio", "eind")
_ORDINAL_WORDS = ("", "eerste", "tweede", "derde", "vierde")


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
        return _YEAR_DAYS * _UNIT_THIRDS[self] / 36

    def steps(self, days: int) -> int:
        """``days`` as the nearest whole number of steps (halves round away from zero)."""
        whole = int(abs(days) / self.days + 0.5)
        return whole if days >= 0 else -whole


# Month-based units measured in thirds of a month.
_UNIT_THIRDS = {
    ShiftUnit.MONTH_PART: 1,
    ShiftUnit.MONTH: 3,
    ShiftUnit.SEASON: 9,
    ShiftUnit.QUARTER: 9,
    ShiftUnit.YEAR_PART: 12,
    ShiftUnit.HALF_YEAR: 18,
    ShiftUnit.YEAR: 36,
}
_UNIT_BY_THIRDS = {3: ShiftUnit.MONTH, 9: ShiftUnit.QUARTER, 12: ShiftUnit.YEAR_PART}
_UNIT_BY_THIRDS |= {1: ShiftUnit.MONTH_PART, 18: ShiftUnit.HALF_YEAR, 36: ShiftUnit.YEAR}


def _part_unit(part: _Part) -> ShiftUnit:
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


# -- thirds of a month: the grid every month-based unit lies on ---------------------------

_THIRD_STARTS = {1: 0, 11: 1, 21: 2}


def _third_starting(day: datetime.date) -> int | None:
    part = _THIRD_STARTS.get(day.day)
    return None if part is None else (day.year * 12 + day.month - 1) * 3 + part


def _third_ending(day: datetime.date) -> int | None:
    ends = {10: 0, 20: 1, _month_length(day.year, day.month): 2}
    part = ends.get(day.day)
    return None if part is None else (day.year * 12 + day.month - 1) * 3 + part


def _third_year_month(third: int) -> tuple[int, int]:
    year, month = divmod(third // 3, 12)
    return year, month + 1


def _third_start(third: int) -> datetime.date:
    year, month = _third_year_month(third)
    return datetime.date(year, month, (1, 11, 21)[third % 3])


def _third_end(third: int) -> datetime.date:
    year, month = _third_year_month(third)
    return datetime.date(year, month, (10, 20, _month_length(year, month))[third % 3])


# -- how the original text was written ----------------------------------------------------


@dataclass(frozen=True)
class _Style:
    """The habits of a text worth keeping when it is written anew."""

    prefix: str = ""  # "uiterlijk " as written
    week_word: str = "wk"
    day_joiner: str = " / "
    single_day: str = "words"  # words | dash ("1-mrt") | iso | dm ("1/3") | dmy
    dmy_sep: str = "-"
    dmy_pad: bool = False
    range_dash: bool = False  # "25-26-mrt"
    quarter: str = "q"  # q | digits ("4e kwartaal") | words ("vierde kwartaal")
    half: str = "h"  # h | digits | words
    half_noun: str = "helft"
    spring: str = "voorjaar"
    autumn: str = "najaar"
    apostrophe_year: bool = False  # "Juli-dec '19"
    full_months: bool = False  # "1 oktober 2007": every month written out in Dutch
    capital: bool = False  # "Maart-mei '19"


_PREFIX_RE = re.compile(r"\s*(\S+)\s+")
_DMY_RE = re.compile(r"([0-9]{1,2})([-/.])([0-9]{1,2})\2[0-9]{4}")


def _style(text: str) -> _Style:
    prefix = ""
    match = _PREFIX_RE.match(text)
    if match and _WORDS.get(_normalise(match.group(1)).rstrip(".")) == ("prefix", None):
        prefix, text = match.group(1) + " ", text[match.end() :]
    norm = _normalise(text)
    fields: dict[str, Any] = {"prefix": prefix}
    if re.search(r"\bweek\b", norm):
        fields["week_word"] = "week"
    if re.search(r"[0-9] en [0-9]", norm):
        fields["day_joiner"] = " en "
    elif re.search(r"[0-9] ?, ?[0-9]", norm):
        fields["day_joiner"] = ", "
    elif re.search(r"[0-9]/[0-9]", norm):
        fields["day_joiner"] = "/"
    dmy = _DMY_RE.fullmatch(norm)
    if re.fullmatch(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}", norm):
        fields["single_day"] = "iso"
    elif dmy:
        pad = dmy.group(1).startswith("0") or dmy.group(3).startswith("0")
        fields.update(single_day="dmy", dmy_sep=dmy.group(2), dmy_pad=pad)
    elif re.fullmatch(r"[0-9]{1,2}/[0-9]{1,2}", norm):
        fields["single_day"] = "dm"
    elif re.match(r"[0-9]{1,2}-[a-z]", norm):
        fields["single_day"] = "dash"
    if re.match(r"[0-9]{1,2}-[0-9]{1,2}-[a-z]", norm):
        fields["range_dash"] = True
    ordinal_digits = re.search(r"\b[0-9]+(?:ste|de|st|nd|rd|th|e)\b", norm) is not None
    if "kwartaal" in norm:
        fields["quarter"] = "digits" if ordinal_digits else "words"
    if "helft" in norm or "halfjaar" in norm:
        fields["half"] = "digits" if ordinal_digits else "words"
        fields["half_noun"] = "halfjaar" if "halfjaar" in norm else "helft"
    if "lente" in norm:
        fields["spring"] = "lente"
    if "herfst" in norm:
        fields["autumn"] = "herfst"
    if re.search(r"'[0-9]{2}", norm):
        fields["apostrophe_year"] = True
    months = [word for word in re.findall(r"[a-z]+", norm) if _WORDS.get(word, ("",))[0] == "month"]
    # "mei" is both; one unambiguous full name ("juni") decides
    if set(months) - {"mei"} and all(word in _FULL_MONTHS for word in months):
        fields["full_months"] = True
    fields["capital"] = text.lstrip()[:1].isupper()
    return _Style(**fields)


_FULL_MONTHS = (
    "",
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
_ABBREVIATED_RE = re.compile(r"\b(jan|feb|mrt|apr|jun|jul|aug|sep|okt|nov|dec)\b")


def _restyle(text: str, style: _Style) -> str:
    """Month names written out and a capital first letter, where the old text had them."""
    body = text[len(style.prefix) :]
    if style.full_months:
        body = _ABBREVIATED_RE.sub(
            lambda match: _FULL_MONTHS[_ABBREVIATIONS.index(match.group(1))], body
        )
    if style.capital:
        body = body[:1].upper() + body[1:]
    return style.prefix + body


# -- what a reading says, part by part ----------------------------------------------------


@dataclass(frozen=True)
class _Placed:
    """A month-based part of a text and the thirds of a month it covers."""

    part: _Part
    first: int
    last: int


@dataclass(frozen=True)
class _Layout:
    unit: ShiftUnit
    placed: tuple[_Placed, ...]  # month-based parts; empty when the text was not used
    seps: tuple[str, ...]
    has_year: bool
    style: _Style


def _agreeing_expr(reading: FuzzyDate) -> tuple[_Expr, int] | None:
    """The parsed text and its base year, if the text still gives ``reading``."""
    for week in (False, True):
        try:
            _, expr = _prepare(reading.text, week=week)
        except (FuzzyDateError, TypeError):
            continue
        base = _base_year(reading, expr)
        if base is not None:
            return expr, base
    return None


def _unit_of_interval(reading: FuzzyDate) -> ShiftUnit:
    """For a reading its text no longer gives: the unit its precision and interval allow."""
    precision = Precision(reading.precision)
    start, end = reading.start, reading.end
    first, last = _third_starting(start), _third_ending(end)
    if precision is Precision.WEEK and start.weekday() == 0 and end.weekday() == 6:
        return ShiftUnit.WEEK
    if first is None or last is None or precision in (Precision.DAY, Precision.DAYS):
        return ShiftUnit.DAY
    months = first % 3 == 0 and last % 3 == 2
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
        return ShiftUnit.SEASON if start.month in (3, 6, 9) else ShiftUnit.YEAR_PART
    return ShiftUnit.MONTH if months else ShiftUnit.MONTH_PART


def _layout(reading: FuzzyDate) -> _Layout:
    style = _style(reading.text)
    found = _agreeing_expr(reading)
    if found is None:
        return _Layout(_unit_of_interval(reading), (), (), reading.has_year, style)
    expr, base = found
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
        first, last = _third_starting(span.start), _third_ending(span.end)
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


# -- writing texts ------------------------------------------------------------------------


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
    return _Words(f"{day.day} {_ABBREVIATIONS[day.month]}", day.year)


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
        words = f"{day.day}-{_ABBREVIATIONS[day.month]}"
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
            words = f"{start.day}-{end.day}{dash}{_ABBREVIATIONS[end.month]}"
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
            style.day_joiner.join(str(d.day) for d in group) + " " + _ABBREVIATIONS[group[0].month],
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


def _part_words(part: _Part, first: int, last: int, style: _Style) -> _Words | None:
    """A month-based part moved to thirds ``first..last``, in its own words (if it has them)."""
    year, month = _third_year_month(first)
    size = last - first + 1
    aligned = first % 3 == 0
    if isinstance(part, _Month):
        if part.modifier is not None:
            modifier = _MODIFIERS[first % 3]
            if size != 1:
                return None
            return _Words(
                f"{modifier} {_ABBREVIATIONS[month]}", year, modifier, ("month", year, month)
            )
        return _Words(_ABBREVIATIONS[month], year) if aligned and size == 3 else None
    if not aligned:
        return None
    if isinstance(part, _Quarter) and (month - 1) % 3 == 0 and size == 9:
        number = (month - 1) // 3 + 1
        if style.quarter == "digits":
            return _Words(f"{number}e kwartaal", year)
        if style.quarter == "words":
            return _Words(f"{_ORDINAL_WORDS[number]} kwartaal", year)
        return _Words(f"Q{number}", year)
    if isinstance(part, _Half) and month in (1, 7) and size == 18:
        number = 1 if month == 1 else 2
        if style.half == "digits":
            return _Words(f"{number}e {style.half_noun}", year)
        if style.half == "words":
            return _Words(f"{_ORDINAL_WORDS[number]} {style.half_noun}", year)
        return _Words(f"H{number}", year)
    if isinstance(part, _Season) and size == 9:
        name = {3: style.spring, 6: "zomer", 9: style.autumn}.get(month)
        return None if name is None else _Words(name, year)
    if isinstance(part, _YearPart) and month in (1, 5, 9) and size == 12:
        modifier = _MODIFIERS[(month - 1) // 4]
        return _Words(modifier, year, modifier, ("year", year), always_year=True)
    if isinstance(part, _Year) and month == 1 and size == 36:
        return _Words(str(year), year, is_year=True)
    return None


def _thirds_words(first: int, last: int) -> tuple[list[_Words], list[str]]:
    """Any run of thirds ``first..last`` as months ("okt-dec") or parts of months."""

    def month(third: int) -> _Words:
        year, number = _third_year_month(third)
        return _Words(_ABBREVIATIONS[number], year)

    def month_part(third: int) -> _Words:
        year, number = _third_year_month(third)
        modifier = _MODIFIERS[third % 3]
        return _Words(
            f"{modifier} {_ABBREVIATIONS[number]}", year, modifier, ("month", year, number)
        )

    if first % 3 == 0 and last % 3 == 2:
        if last == first + 2:
            return [month(first)], []
        return [month(first), month(last)], ["-"]
    if first == last:
        return [month_part(first)], []
    return [month_part(first), month_part(last)], ["/" if last == first + 1 else "-"]


# -- the public function ------------------------------------------------------------------


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
            first = placed[0].first if placed else _third_starting(reading.start)
            last = placed[-1].last if placed else _third_ending(reading.end)
            assert first is not None and last is not None  # month-based units lie on the grid
            start, end = _third_start(first + move), _third_end(last + move)
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
    try:
        _, expr = _prepare(text, week=False)
    except FuzzyDateError:
        return False
    return expr.has_year
