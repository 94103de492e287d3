"""What every module of the fuzzy-date package shares: precision, year range and errors.

Error messages are English templates marked with ``_`` (a no-op here) so Django's
``makemessages`` collects them; the Django layer translates them.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NoReturn


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


# -- context: the text for messages, and whether to be lenient ----------------------------


@dataclass(frozen=True)
class _Ctx:
    """The text being read (for messages), and whether to be lenient."""

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
