"""Fuzzy dates: what Dutch planning documents write, and the interval it means.

Regie keeps the text a user wrote ("eind sep/begin okt") next to the interval it
denotes (``start``..``end``, both inclusive; ``end`` is the deadline).  This is the
one parser for those texts.  It is pure Python (no Django) so every app can use it;
error messages are English templates marked with ``_`` (in ``core``) for the Django
layer to translate.

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

Modules: ``vocabulary`` (month words, thirds of a month, periods of a year: one definition
each), ``core`` (Precision, the year range, error templates), ``tokens``, ``parts`` and
``parser`` (from a text to what it says), ``parsing`` (``FuzzyDate``, ``parse_fuzzy_date``),
``schedule`` (the cursor rule), ``style``, ``wording`` and ``shifting`` (moving a reading and
writing it anew).
"""

from .core import MAX_YEAR, MIN_YEAR, FuzzyDateError, Precision
from .parsing import FuzzyDate, parse_fuzzy_date
from .schedule import ScheduleReader, parse_near
from .shifting import ShiftUnit, shift_reading, shift_unit
from .vocabulary import MONTH_NAMES

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "MONTH_NAMES",
    "FuzzyDate",
    "FuzzyDateError",
    "Precision",
    "ScheduleReader",
    "ShiftUnit",
    "parse_fuzzy_date",
    "parse_near",
    "shift_reading",
    "shift_unit",
]
