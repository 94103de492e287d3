"""The words of fuzzy dates and the calendar rules behind them, each defined once.

The parser reads with these tables and rules and the writer of moved periods writes with
them, so what Regie reads and what it writes cannot drift apart:

* ``MONTHS``: every month's English name (for messages), Dutch name, abbreviation and
  other accepted spellings; every other month table and pattern is derived from it.
* The thirds of a month: ``begin`` / ``medio`` / ``eind`` <month> are days 1-10 / 11-20 /
  21-last (``third_of``, ``third_bounds``).  Numbered consecutively across months and
  years they form the grid every month-based unit lies on (``third_number`` and friends).
* The periods of a year: quarters, halves, year parts (``begin`` / ``medio`` / ``eind``
  <year>: Jan-Apr / May-Aug / Sep-Dec) and seasons.
"""

from __future__ import annotations

import bisect
import calendar
import datetime
import re
from dataclasses import dataclass

# -- months -------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthWords:
    """How one month is written."""

    number: int
    english: str  # for messages: the Django layer translates the templates, not these names
    dutch: str  # written out: "oktober"
    abbreviation: str  # what Regie writes: "okt"
    other_spellings: tuple[str, ...] = ()  # also read, besides the three names above

    @property
    def spellings(self) -> tuple[str, ...]:
        """Every (lower-case, unaccented) word that is read as this month."""
        names = (self.abbreviation, *self.other_spellings, self.dutch, self.english.lower())
        return tuple(dict.fromkeys(names))


MONTHS = (
    MonthWords(1, "January", "januari", "jan"),
    MonthWords(2, "February", "februari", "feb", ("febr",)),
    MonthWords(3, "March", "maart", "mrt", ("maa", "mar")),
    MonthWords(4, "April", "april", "apr"),
    MonthWords(5, "May", "mei", "mei"),
    MonthWords(6, "June", "juni", "jun"),
    MonthWords(7, "July", "juli", "jul"),
    MonthWords(8, "August", "augustus", "aug"),
    MonthWords(9, "September", "september", "sep", ("sept",)),
    MonthWords(10, "October", "oktober", "okt", ("oct",)),
    MonthWords(11, "November", "november", "nov"),
    MonthWords(12, "December", "december", "dec"),
)
YEAR_MONTHS = len(MONTHS)

# Indexed by month number, with an empty entry 0 (as ``calendar.month_name``).
MONTH_NAMES = ("", *(month.english for month in MONTHS))
ABBREVIATIONS = ("", *(month.abbreviation for month in MONTHS))

# word -> month number, for every accepted spelling
MONTH_SPELLINGS: dict[str, int] = {
    word: month.number for month in MONTHS for word in month.spellings
}
DUTCH_NAMES = frozenset(month.dutch for month in MONTHS)
# A Dutch name that is its own abbreviation ("mei") says nothing about how a text writes months.
SHORT_DUTCH_NAMES = frozenset(month.dutch for month in MONTHS if month.dutch == month.abbreviation)

_WRITTEN_OUT = {
    month.abbreviation: month.dutch for month in MONTHS if month.dutch not in SHORT_DUTCH_NAMES
}
_ABBREVIATED_RE = re.compile(r"\b(" + "|".join(_WRITTEN_OUT) + r")\b")


def write_out_months(text: str) -> str:
    """``text`` with every abbreviated month name ("okt") written out ("oktober")."""
    return _ABBREVIATED_RE.sub(lambda match: _WRITTEN_OUT[match.group(1)], text)


def month_length(year: int, month: int) -> int:
    """The number of days in ``month`` of ``year``."""
    return calendar.monthrange(year, month)[1]


# -- thirds of a month --------------------------------------------------------------------

# The same three words name the thirds of a month and the parts of a year, in this order.
MODIFIERS = ("begin", "medio", "eind")
# word -> the modifier it means
MODIFIER_SPELLINGS = {
    "begin": "begin",
    "medio": "medio",
    "half": "medio",
    "eind": "eind",
    "einde": "eind",
}

THIRDS_PER_MONTH = len(MODIFIERS)
THIRDS_PER_YEAR = YEAR_MONTHS * THIRDS_PER_MONTH
# A third runs from its first day to the day before the next one's; the last to month end.
_THIRD_FIRST_DAYS = (1, 11, 21)


def third_of(day: int) -> int:
    """The index (0 begin, 1 medio, 2 eind) of the third of a month ``day`` falls in."""
    return bisect.bisect_right(_THIRD_FIRST_DAYS, day) - 1


def third_bounds(year: int, month: int, index: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of third ``index`` (0 begin, 1 medio, 2 eind) of a month."""
    first = _THIRD_FIRST_DAYS[index]
    if index + 1 < THIRDS_PER_MONTH:
        last = _THIRD_FIRST_DAYS[index + 1] - 1
    else:
        last = month_length(year, month)
    return datetime.date(year, month, first), datetime.date(year, month, last)


def third_number(year: int, month: int, index: int) -> int:
    """Third ``index`` of a month as a number on the grid of all thirds (consecutive)."""
    return (year * YEAR_MONTHS + month - 1) * THIRDS_PER_MONTH + index


def third_position(third: int) -> tuple[int, int, int]:
    """The year, month and index (0 begin, 1 medio, 2 eind) of a third on the grid."""
    months, index = divmod(third, THIRDS_PER_MONTH)
    year, month = divmod(months, YEAR_MONTHS)
    return year, month + 1, index


def third_containing(day: datetime.date) -> tuple[int, datetime.date, datetime.date]:
    """The third ``day`` falls in (grid number), with its first and last day."""
    index = third_of(day.day)
    return (third_number(day.year, day.month, index), *third_bounds(day.year, day.month, index))


def third_starting(day: datetime.date) -> int | None:
    """The third that starts on ``day`` (grid number), or None if no third does."""
    third, first, _ = third_containing(day)
    return third if first == day else None


def third_ending(day: datetime.date) -> int | None:
    """The third that ends on ``day`` (grid number), or None if no third does."""
    third, _, last = third_containing(day)
    return third if last == day else None


def third_start(third: int) -> datetime.date:
    """The first day of a third on the grid."""
    return third_bounds(*third_position(third))[0]


def third_end(third: int) -> datetime.date:
    """The last day of a third on the grid."""
    return third_bounds(*third_position(third))[1]


def whole_months(first: int, last: int) -> bool:
    """Whether thirds ``first..last`` run from the start of a month to the end of one."""
    return first % THIRDS_PER_MONTH == 0 and last % THIRDS_PER_MONTH == THIRDS_PER_MONTH - 1


# -- periods of a year --------------------------------------------------------------------

QUARTER_MONTHS = 3
HALF_YEAR_MONTHS = 6
YEAR_PART_MONTHS = 4  # begin / medio / eind <year>: Jan-Apr / May-Aug / Sep-Dec
SEASON_MONTHS = 3

# first month -> the words for that season, the one Regie writes first
SEASONS: dict[int, tuple[str, ...]] = {
    3: ("voorjaar", "lente"),
    6: ("zomer",),
    9: ("najaar", "herfst"),
}
# "eerste kwartaal", "tweede helft": the ordinal words, from one
ORDINAL_WORDS = ("eerste", "tweede", "derde", "vierde")


def period_months(number: int, length: int) -> tuple[int, int]:
    """The first and last month of period ``number`` (from 1) of ``length`` months a year."""
    first = (number - 1) * length + 1
    return first, first + length - 1


def period_number(first_month: int, length: int) -> int | None:
    """Which period (from 1) of ``length`` months a year starts in ``first_month``, if any."""
    index, offset = divmod(first_month - 1, length)
    return None if offset else index + 1


def year_part_months(modifier: str) -> tuple[int, int]:
    """The first and last month of ``begin`` / ``medio`` / ``eind`` <year>."""
    return period_months(MODIFIERS.index(modifier) + 1, YEAR_PART_MONTHS)
