"""The fuzzy-date parser: the conventions of docs/conventions.md, the seed documents' texts,
the year rules."""

import datetime
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phases.dates import (
    FuzzyDate,
    FuzzyDateError,
    Precision,
    ScheduleReader,
    parse_fuzzy_date,
    parse_near,
)

D = datetime.date
P = Precision


def reading(text, year=2025, **kwargs):
    result = parse_fuzzy_date(text, year, **kwargs)
    return (result.start, result.end, result.precision, result.dates)


# -- docs/conventions.md, "Fuzzy dates": one row per convention (year 2025 if the text has none)

DESIGN_ROWS = [
    # that day; numbers are always day first
    ("1-mrt", D(2025, 3, 1), D(2025, 3, 1), P.DAY, ()),
    ("1 maart", D(2025, 3, 1), D(2025, 3, 1), P.DAY, ()),
    ("01-03-2025", D(2025, 3, 1), D(2025, 3, 1), P.DAY, ()),
    ("1/3/2025", D(2025, 3, 1), D(2025, 3, 1), P.DAY, ()),
    ("1/3", D(2025, 3, 1), D(2025, 3, 1), P.DAY, ()),
    ("2025-03-01", D(2025, 3, 1), D(2025, 3, 1), P.DAY, ()),
    # a continuous range
    ("25-26-mrt", D(2025, 3, 25), D(2025, 3, 26), P.DAYS, ()),
    ("25-26 maart", D(2025, 3, 25), D(2025, 3, 26), P.DAYS, ()),
    # separate days, each kept
    ("10 / 17 mei", D(2025, 5, 10), D(2025, 5, 17), P.DAYS, (D(2025, 5, 10), D(2025, 5, 17))),
    ("8 en 15 juni", D(2025, 6, 8), D(2025, 6, 15), P.DAYS, (D(2025, 6, 8), D(2025, 6, 15))),
    ("7/14 apr", D(2025, 4, 7), D(2025, 4, 14), P.DAYS, (D(2025, 4, 7), D(2025, 4, 14))),
    # the whole month
    ("mei", D(2025, 5, 1), D(2025, 5, 31), P.MONTH, ()),
    ("Sept.", D(2025, 9, 1), D(2025, 9, 30), P.MONTH, ()),
    ("Maart '19", D(2019, 3, 1), D(2019, 3, 31), P.MONTH, ()),
    ("december 2025", D(2025, 12, 1), D(2025, 12, 31), P.MONTH, ()),
    # parts of a month
    ("begin okt", D(2025, 10, 1), D(2025, 10, 10), P.MONTH_PART, ()),
    ("medio okt", D(2025, 10, 11), D(2025, 10, 20), P.MONTH_PART, ()),
    ("half okt", D(2025, 10, 11), D(2025, 10, 20), P.MONTH_PART, ()),
    ("eind okt", D(2025, 10, 21), D(2025, 10, 31), P.MONTH_PART, ()),
    ("eind feb", D(2025, 2, 21), D(2025, 2, 28), P.MONTH_PART, ()),
    # from the start of the first part to the end of the last
    ("eind sep/begin okt", D(2025, 9, 21), D(2025, 10, 10), P.MULTIPLE, ()),
    ("April/mei", D(2025, 4, 1), D(2025, 5, 31), P.MULTIPLE, ()),
    ("okt-nov-dec", D(2025, 10, 1), D(2025, 12, 31), P.MULTIPLE, ()),
    ("Mei, juni, juli", D(2025, 5, 1), D(2025, 7, 31), P.MULTIPLE, ()),
    ("sep t/m dec", D(2025, 9, 1), D(2025, 12, 31), P.MULTIPLE, ()),
    ("Augustus tot en met december", D(2025, 8, 1), D(2025, 12, 31), P.MULTIPLE, ()),
    ("Juli-dec '19", D(2019, 7, 1), D(2019, 12, 31), P.MULTIPLE, ()),
    # ISO weeks, Monday..Sunday
    ("week 35", D(2025, 8, 25), D(2025, 8, 31), P.WEEK, ()),
    ("wk 35", D(2025, 8, 25), D(2025, 8, 31), P.WEEK, ()),
    ("w35", D(2025, 8, 25), D(2025, 8, 31), P.WEEK, ()),
    ("wk. 35", D(2025, 8, 25), D(2025, 8, 31), P.WEEK, ()),
    ("week 35 2025", D(2025, 8, 25), D(2025, 8, 31), P.WEEK, ()),
    ("wk 35-37", D(2025, 8, 25), D(2025, 9, 14), P.WEEK, ()),
    ("week 53 2026", D(2026, 12, 28), D(2027, 1, 3), P.WEEK, ()),
    # quarters and halves
    ("Q4 2025", D(2025, 10, 1), D(2025, 12, 31), P.QUARTER, ()),
    ("4e kwartaal", D(2025, 10, 1), D(2025, 12, 31), P.QUARTER, ()),
    ("tweede kwartaal", D(2025, 4, 1), D(2025, 6, 30), P.QUARTER, ()),
    ("Q1-Q2", D(2025, 1, 1), D(2025, 6, 30), P.QUARTER, ()),
    ("H1 2027", D(2027, 1, 1), D(2027, 6, 30), P.HALF_YEAR, ()),
    ("eerste helft 2027", D(2027, 1, 1), D(2027, 6, 30), P.HALF_YEAR, ()),
    ("2e helft", D(2025, 7, 1), D(2025, 12, 31), P.HALF_YEAR, ()),
    # parts of a year
    ("voorjaar", D(2025, 3, 1), D(2025, 5, 31), P.YEAR_PART, ()),
    ("zomer", D(2025, 6, 1), D(2025, 8, 31), P.YEAR_PART, ()),
    ("najaar", D(2025, 9, 1), D(2025, 11, 30), P.YEAR_PART, ()),
    ("begin 2024", D(2024, 1, 1), D(2024, 4, 30), P.YEAR_PART, ()),
    ("medio 2024", D(2024, 5, 1), D(2024, 8, 31), P.YEAR_PART, ()),
    ("eind 2024", D(2024, 9, 1), D(2024, 12, 31), P.YEAR_PART, ()),
    ("medio/eind 2024", D(2024, 5, 1), D(2024, 12, 31), P.YEAR_PART, ()),
    # the year
    ("2024", D(2024, 1, 1), D(2024, 12, 31), P.YEAR, ()),
    # a deadline prefix: that day
    ("uiterlijk 1 juli", D(2025, 7, 1), D(2025, 7, 1), P.DAY, ()),
    ("vóór 1 juli", D(2025, 7, 1), D(2025, 7, 1), P.DAY, ()),
    ("voor 1 juli", D(2025, 7, 1), D(2025, 7, 1), P.DAY, ()),
]


@pytest.mark.parametrize(("text", "start", "end", "precision", "dates"), DESIGN_ROWS)
def test_design_conventions(text, start, end, precision, dates):
    assert reading(text) == (start, end, precision, dates)


@pytest.mark.parametrize(
    ("text", "week", "start", "end", "precision"),
    [
        ("35", True, D(2025, 8, 25), D(2025, 8, 31), P.WEEK),
        ("35-37", True, D(2025, 8, 25), D(2025, 9, 14), P.WEEK),
        ("52/1", True, D(2025, 12, 22), D(2026, 1, 4), P.WEEK),
        ("wk 52/1", False, D(2025, 12, 22), D(2026, 1, 4), P.WEEK),
        ("1", True, D(2024, 12, 30), D(2025, 1, 5), P.WEEK),  # ISO week 1 of 2025
        ("1-mrt", True, D(2025, 3, 1), D(2025, 3, 1), P.DAY),  # a day stays a day
    ],
)
def test_week_column(text, week, start, end, precision):
    assert reading(text, week=week) == (start, end, precision, ())


# -- every date text of the seed documents ------------------------------------------------

SEED_ROWS = [
    # seed 000, Einddatum column (year context 2025)
    ("1-mrt", 2025, D(2025, 3, 1), D(2025, 3, 1), P.DAY, ()),
    ("25-26-mrt", 2025, D(2025, 3, 25), D(2025, 3, 26), P.DAYS, ()),
    ("eind sep/begin okt", 2025, D(2025, 9, 21), D(2025, 10, 10), P.MULTIPLE, ()),
    ("begin okt", 2025, D(2025, 10, 1), D(2025, 10, 10), P.MONTH_PART, ()),
    ("okt-nov-dec", 2025, D(2025, 10, 1), D(2025, 12, 31), P.MULTIPLE, ()),
    # seed 001, Wanneer column
    ("April/mei", 2025, D(2025, 4, 1), D(2025, 5, 31), P.MULTIPLE, ()),
    ("10 / 17 mei", 2025, D(2025, 5, 10), D(2025, 5, 17), P.DAYS, (D(2025, 5, 10), D(2025, 5, 17))),
    ("8 en 15 juni", 2025, D(2025, 6, 8), D(2025, 6, 15), P.DAYS, (D(2025, 6, 8), D(2025, 6, 15))),
    (" Mei, juni, juli ", 2025, D(2025, 5, 1), D(2025, 7, 31), P.MULTIPLE, ()),
    ("Juni/juli", 2025, D(2025, 6, 1), D(2025, 7, 31), P.MULTIPLE, ()),
    ("Juni /juli", 2025, D(2025, 6, 1), D(2025, 7, 31), P.MULTIPLE, ()),
    ("September  ", 2025, D(2025, 9, 1), D(2025, 9, 30), P.MONTH, ()),
    ("Oktober", 2025, D(2025, 10, 1), D(2025, 10, 31), P.MONTH, ()),
    ("Augustus tot en met december", 2025, D(2025, 8, 1), D(2025, 12, 31), P.MULTIPLE, ()),
    # seed 002, planning table
    ("Maart '19", 2019, D(2019, 3, 1), D(2019, 3, 31), P.MONTH, ()),
    ("Maart-mei '19", 2019, D(2019, 3, 1), D(2019, 5, 31), P.MULTIPLE, ()),
    ("Juni-juli '19", 2019, D(2019, 6, 1), D(2019, 7, 31), P.MULTIPLE, ()),
    ("Juli-dec '19", 2019, D(2019, 7, 1), D(2019, 12, 31), P.MULTIPLE, ()),
    ("Jan '20", 2019, D(2020, 1, 1), D(2020, 1, 31), P.MONTH, ()),
    ("2020", 2019, D(2020, 1, 1), D(2020, 12, 31), P.YEAR, ()),
    # seed 004, "Korte termijn"
    ("medio/eind 2024", 2024, D(2024, 5, 1), D(2024, 12, 31), P.YEAR_PART, ()),
    ("eind 2024", 2024, D(2024, 9, 1), D(2024, 12, 31), P.YEAR_PART, ()),
    # seed 003, "Oplevering" and the letter
    ("1 oktober 2007", 2007, D(2007, 10, 1), D(2007, 10, 1), P.DAY, ()),
    ("december 2008", 2007, D(2008, 12, 1), D(2008, 12, 31), P.MONTH, ()),
    ("februari 2008", 2007, D(2008, 2, 1), D(2008, 2, 29), P.MONTH, ()),
]


@pytest.mark.parametrize(("text", "year", "start", "end", "precision", "dates"), SEED_ROWS)
def test_seed_texts(text, year, start, end, precision, dates):
    result = parse_fuzzy_date(text, year)
    assert (result.start, result.end, result.precision, result.dates) == (
        start,
        end,
        precision,
        dates,
    )
    assert result.text == text  # kept exactly as written, spaces and all


@pytest.mark.parametrize(
    ("week", "start"),
    [("35", D(2007, 8, 27)), ("52", D(2007, 12, 24)), ("1", D(2007, 12, 31))],
)
def test_seed_003_week_numbers(week, start):
    result = parse_fuzzy_date(week, 2007 if week != "1" else 2008, week=True)
    assert (result.start, result.end, result.precision) == (
        start,
        start + datetime.timedelta(days=6),
        P.WEEK,
    )


# -- notation variants --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("MRT", (D(2025, 3, 1), D(2025, 3, 31))),
        ("maa", (D(2025, 3, 1), D(2025, 3, 31))),
        ("March", (D(2025, 3, 1), D(2025, 3, 31))),
        ("mar.", (D(2025, 3, 1), D(2025, 3, 31))),
        ("may", (D(2025, 5, 1), D(2025, 5, 31))),
        ("oct", (D(2025, 10, 1), D(2025, 10, 31))),
        ("Jun.", (D(2025, 6, 1), D(2025, 6, 30))),
        ("1ste kwartaal", (D(2025, 1, 1), D(2025, 3, 31))),
        ("derde kwartaal 2026", (D(2026, 7, 1), D(2026, 9, 30))),
        ("Q4-2025", (D(2025, 10, 1), D(2025, 12, 31))),
        ("mei-2026", (D(2026, 5, 1), D(2026, 5, 31))),
        ("1-mrt-2026", (D(2026, 3, 1), D(2026, 3, 1))),
        ("01.03.2026", (D(2026, 3, 1), D(2026, 3, 1))),
        ("1 mrt. 2026", (D(2026, 3, 1), D(2026, 3, 1))),
        ("eind sep – begin okt", (D(2025, 9, 21), D(2025, 10, 10))),  # en dash from Word
        ("mei\u00a0’26", (D(2026, 5, 1), D(2026, 5, 31))),  # nbsp and a curly apostrophe
        ("\tjuni\t", (D(2025, 6, 1), D(2025, 6, 30))),
        ("1/3 en 8/3", (D(2025, 3, 1), D(2025, 3, 8))),
        ("1/3 - 5/3", (D(2025, 3, 1), D(2025, 3, 5))),
        ("2 / 9 / 16 sep", (D(2025, 9, 2), D(2025, 9, 16))),
        ("begin/medio okt", (D(2025, 10, 1), D(2025, 10, 20))),
        ("2024-2025", (D(2024, 1, 1), D(2025, 12, 31))),
    ],
)
def test_notation_variants(text, expected):
    result = parse_fuzzy_date(text, 2025)
    assert (result.start, result.end) == expected
    assert result.text == text


def test_separate_days_are_sorted_and_kept():
    assert parse_fuzzy_date("2 / 9 / 16 sep", 2025).dates == (
        D(2025, 9, 2),
        D(2025, 9, 9),
        D(2025, 9, 16),
    )


@pytest.mark.parametrize(
    ("text", "has_year"),
    [("mei", False), ("Maart '19", True), ("eind sep/begin okt", False), ("nov-feb '20", True)],
)
def test_has_year(text, has_year):
    assert parse_fuzzy_date(text, 2025).has_year is has_year


@pytest.mark.parametrize(
    "value", [D(2025, 3, 1), datetime.datetime(2025, 3, 1, 0, 0), datetime.datetime(2025, 3, 1, 15)]
)
def test_date_objects_are_that_day(value):
    result = parse_fuzzy_date(value, 1999)
    assert result == FuzzyDate("2025-03-01", D(2025, 3, 1), D(2025, 3, 1), P.DAY, (), True)
    assert result.is_exact


def test_precision_values_are_the_stored_ones():
    assert [p.value for p in Precision] == [
        "day",
        "days",
        "week",
        "month_part",
        "month",
        "quarter",
        "half_year",
        "year_part",
        "year",
        "multiple",
    ]


@pytest.mark.parametrize(
    ("text", "exact"), [("1-mrt", True), ("10 / 17 mei", True), ("mei", False), ("wk 35", False)]
)
def test_is_exact(text, exact):
    assert parse_fuzzy_date(text, 2025).is_exact is exact


# -- years inside one text ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("eind dec/begin jan", D(2025, 12, 21), D(2026, 1, 10)),
        ("nov-feb", D(2025, 11, 1), D(2026, 2, 28)),
        ("okt, nov, dec, jan", D(2025, 10, 1), D(2026, 1, 31)),
        ("nov-feb '20", D(2019, 11, 1), D(2020, 2, 29)),
        ("Juli-dec '19", D(2019, 7, 1), D(2019, 12, 31)),
        ("dec 2024 - jan", D(2024, 12, 1), D(2025, 1, 31)),
        ("dec - wk 1", D(2025, 12, 1), D(2026, 1, 4)),
        ("dec '25/wk 1 '26", D(2025, 12, 1), D(2026, 1, 4)),
        ("eind dec/begin jan '26", D(2025, 12, 21), D(2026, 1, 10)),
        ("28 dec en 4 jan", D(2025, 12, 28), D(2026, 1, 4)),
    ],
)
def test_inner_year_rule(text, start, end):
    result = parse_fuzzy_date(text, 2025)
    assert (result.start, result.end) == (start, end)


def test_inner_year_rule_keeps_separate_days_across_new_year():
    assert parse_fuzzy_date("28 dec en 4 jan", 2025).dates == (D(2025, 12, 28), D(2026, 1, 4))


# -- the cursor rule ----------------------------------------------------------------------

# Seed 000's Einddatum column, then a January: a plan from March to January.
MARCH_TO_JANUARY = [
    ("1-mrt", D(2025, 3, 1)),
    ("20-mrt", D(2025, 3, 20)),
    ("25-26-mrt", D(2025, 3, 25)),
    ("4-apr", D(2025, 4, 4)),
    ("22-mei", D(2025, 5, 22)),
    ("16-mei", D(2025, 5, 16)),
    ("13-mei", D(2025, 5, 13)),
    ("28-mei", D(2025, 5, 28)),
    ("18-jun", D(2025, 6, 18)),
    ("13-jun", D(2025, 6, 13)),
    ("9-jul", D(2025, 7, 9)),
    ("27-aug", D(2025, 8, 27)),
    ("16-sep", D(2025, 9, 16)),
    ("eind sep/begin okt", D(2025, 9, 21)),
    ("begin okt", D(2025, 10, 1)),
    ("okt-nov-dec", D(2025, 10, 1)),
    ("jan", D(2026, 1, 1)),
    ("begin feb", D(2026, 2, 1)),
]


def test_schedule_reader_march_to_january():
    reader = ScheduleReader(2025)
    assert reader.cursor == D(2025, 1, 1)
    starts = [reader.read(text).start for text, _ in MARCH_TO_JANUARY]
    assert starts == [start for _, start in MARCH_TO_JANUARY]
    assert reader.cursor == D(2026, 2, 1)


def test_schedule_reader_seed_003_week_column():
    weeks = [*range(35, 53), *range(1, 6)]
    reader = ScheduleReader(2007)
    read = [reader.read(str(week), week=True).start.isocalendar()[:2] for week in weeks]
    assert read == [(2007, w) for w in range(35, 53)] + [(2008, w) for w in range(1, 6)]


def test_schedule_reader_row_slightly_out_of_order_stays_in_the_year():
    reader = ScheduleReader(2025)
    assert reader.read("22 mei").start == D(2025, 5, 22)
    assert reader.read("15 mei").start == D(2025, 5, 15)
    assert reader.cursor == D(2025, 5, 15)


def test_schedule_reader_moves_cursor_to_dated_rows_and_excel_dates():
    reader = ScheduleReader(2025)
    assert reader.read(datetime.datetime(2026, 11, 3)).start == D(2026, 11, 3)
    assert reader.read("feb").start == D(2027, 2, 1)
    assert reader.read("Maart '19").start == D(2019, 3, 1)  # a year is taken as it is
    assert reader.cursor == D(2019, 3, 1)


def test_schedule_reader_keeps_its_cursor_on_errors():
    reader = ScheduleReader(2025)
    reader.read("okt")
    with pytest.raises(FuzzyDateError):
        reader.read("Kerstvakantie")
    assert reader.cursor == D(2025, 10, 1)
    assert reader.read("jan").start == D(2026, 1, 1)


def test_schedule_reader_first_row_is_in_the_year_context():
    assert ScheduleReader(2025).read("sep").start == D(2025, 9, 1)


@pytest.mark.parametrize(
    ("text", "cursor", "start"),
    [
        ("15 mei", D(2025, 5, 22), D(2025, 5, 15)),
        ("jan", D(2025, 12, 1), D(2026, 1, 1)),
        ("dec", D(2026, 1, 15), D(2025, 12, 1)),  # slightly before the cursor
        ("dec", D(2025, 3, 1), D(2024, 12, 1)),  # three months back: still the same season
        ("dec", D(2025, 7, 1), D(2025, 12, 1)),  # Dec 2024 is more than six months back
        ("sep", D(2025, 3, 2), D(2025, 9, 1)),
        ("1 sep", D(2025, 3, 1), D(2024, 9, 1)),  # exactly six months back still counts
        ("1 sep", D(2025, 3, 2), D(2025, 9, 1)),
        ("31 aug", D(2025, 3, 1), D(2025, 8, 31)),
        ("28 aug", D(2025, 2, 28), D(2024, 8, 28)),  # 28 Feb minus six months is 28 Aug
        ("27 aug", D(2025, 2, 28), D(2025, 8, 27)),
        ("31 aug", D(2025, 8, 31), D(2025, 8, 31)),
        ("28 feb", D(2025, 8, 31), D(2025, 2, 28)),  # 31 Aug minus six months is 28 Feb
        ("27 feb", D(2025, 8, 31), D(2026, 2, 27)),
        ("1", D(2007, 12, 24), D(2007, 12, 31)),  # week 1 after week 52: 2008's week 1
        ("eind dec/begin jan", D(2025, 11, 1), D(2025, 12, 21)),
        ("Maart '19", D(2025, 1, 1), D(2019, 3, 1)),
        (D(2030, 6, 1), D(2025, 1, 1), D(2030, 6, 1)),
        ("29 feb", D(2028, 1, 1), D(2028, 2, 29)),
    ],
)
def test_parse_near(text, cursor, start):
    week = text == "1"
    assert parse_near(text, cursor, week=week).start == start


def test_parse_near_floor_keeps_a_new_item_in_its_year():
    assert parse_near("sep", D(2025, 1, 1)).start == D(2024, 9, 1)  # the bare rule
    assert parse_near("sep", D(2025, 1, 1), floor=D(2025, 1, 1)).start == D(2025, 9, 1)


@pytest.mark.parametrize(
    ("text", "cursor", "message"),
    [
        ("29 feb", D(2027, 6, 1), '"29 feb": February 2027 has no day 29.'),
        ("week 53", D(2025, 9, 1), '"week 53": 2025 has no ISO week 53.'),
    ],
)
def test_parse_near_refuses_what_the_chosen_year_lacks(text, cursor, message):
    with pytest.raises(FuzzyDateError) as info:
        parse_near(text, cursor)
    assert str(info.value) == message


def test_parse_near_week_53_in_a_year_that_has_one():
    assert parse_near("week 53", D(2026, 9, 1)).start == D(2026, 12, 28)


# -- shifting by years --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "week", "n", "start", "end"),
    [
        ("eind feb", False, 1, D(2021, 2, 21), D(2021, 2, 28)),  # month end re-derived
        ("feb", False, 4, D(2024, 2, 1), D(2024, 2, 29)),
        ("35", True, 1, D(2021, 8, 30), D(2021, 9, 5)),  # ISO week 35, not 365 days later
        ("52/1", True, 1, D(2021, 12, 27), D(2022, 1, 9)),
        ("nov-feb", False, 1, D(2021, 11, 1), D(2022, 2, 28)),
        ("Maart '19", False, 2, D(2021, 3, 1), D(2021, 3, 31)),
        ("10 / 17 mei", False, -1, D(2019, 5, 10), D(2019, 5, 17)),
    ],
)
def test_shifted_years(text, week, n, start, end):
    shifted = parse_fuzzy_date(text, 2020, week=week).shifted_years(n)
    assert (shifted.start, shifted.end) == (start, end)
    assert shifted.text == text


def test_shifted_years_keeps_separate_days():
    shifted = parse_fuzzy_date("10 / 17 mei", 2020).shifted_years(1)
    assert shifted.dates == (D(2021, 5, 10), D(2021, 5, 17))


@pytest.mark.parametrize(("text", "week"), [("29 feb", False), ("53", True)])
def test_shifted_years_refuses_what_the_year_lacks(text, week):
    with pytest.raises(FuzzyDateError):
        parse_fuzzy_date(text, 2020, week=week).shifted_years(1)


def test_shifted_years_of_a_reading_built_by_hand():
    built = FuzzyDate("?", D(2020, 2, 21), D(2020, 2, 29), P.MONTH_PART)
    assert built.shifted_years(1) == FuzzyDate("?", D(2021, 2, 21), D(2021, 2, 28), P.MONTH_PART)


# -- errors -------------------------------------------------------------------------------

ERRORS = [
    ("", '"" is not a date Regie understands: the text is empty.'),
    ("   ", '"   " is not a date Regie understands: the text is empty.'),
    ("foo bar", '"foo bar" is not a date Regie understands: "foo" is not a month or a date word.'),
    ("zelf invullen", None),
    ("Kerstvakantie", None),
    ("n.t.b.", None),
    ("x", None),
    ("fase 2", None),
    ("13", None),
    ("1/3/25", None),  # a two-digit year without its apostrophe is not guessed
    ("mei 25", None),
    ("1-3", None),
    ("2024-13-45", '"2024-13-45": there is no month 13.'),
    ("31 feb", '"31 feb": February has no day 31.'),
    ("31 feb 2025", '"31 feb 2025": February 2025 has no day 31.'),
    ("29 feb 2025", '"29 feb 2025": February 2025 has no day 29.'),
    ("32-mrt", '"32-mrt": March has no day 32.'),
    ("31 april", '"31 april": April has no day 31.'),
    ("0 mei", '"0 mei": May has no day 0.'),
    ("week 53 2025", '"week 53 2025": 2025 has no ISO week 53.'),
    ("week 54", '"week 54": there is no week 54; ISO weeks run from 1 to 53.'),
    ("week 0", '"week 0": there is no week 0; ISO weeks run from 1 to 53.'),
    ("Q5", '"Q5": a year has no quarter 5.'),
    ("3e helft", '"3e helft": a year has no half 3.'),
    ("1899", '"1899": the year 1899 is outside 1900-2200.'),
    ("mei 2201", '"mei 2201": the year 2201 is outside 1900-2200.'),
    ("17 / 10 mei", '"17 / 10 mei": its days are not in order.'),
    ("26-25 mrt", '"26-25 mrt": its parts are out of order (it would end before it starts).'),
    ("mei 2025 - april 2024", None),
    ("10 / 17 mei - 3 juni", '"10 / 17 mei - 3 juni" mixes separate days with a range of days.'),
    ("uiterlijk", None),
    ("eind", None),
    ("medio/", None),
    ("week", None),
    ("mei mei", None),
    ("1 juli uiterlijk", None),
    ("9" * 5000, None),
]


@pytest.mark.parametrize(("text", "message"), ERRORS)
def test_errors_quote_the_text(text, message):
    with pytest.raises(FuzzyDateError) as info:
        parse_fuzzy_date(text, 2025)
    error = info.value
    assert error.text == text
    assert f'"{text}"' in str(error)
    assert str(error) == error.template % error.params
    if message is not None:
        assert str(error) == message


def test_week_53_without_a_year_depends_on_the_year():
    assert parse_fuzzy_date("week 53", 2026).start == D(2026, 12, 28)
    with pytest.raises(FuzzyDateError, match=r"2025 has no ISO week 53"):
        parse_fuzzy_date("53", 2025, week=True)


def test_a_bare_number_is_only_a_week_in_a_week_column():
    with pytest.raises(FuzzyDateError, match="week 35"):
        parse_fuzzy_date("35", 2025)


def test_default_year_out_of_range_is_an_error():
    with pytest.raises(FuzzyDateError, match="outside 1900-2200"):
        parse_fuzzy_date("mei", 1850)


def test_error_survives_pickling():
    with pytest.raises(FuzzyDateError) as info:
        parse_fuzzy_date("foo", 2025)
    copy = pickle.loads(pickle.dumps(info.value))
    assert (copy.text, copy.template, copy.params, str(copy)) == (
        "foo",
        info.value.template,
        info.value.params,
        str(info.value),
    )


# -- properties ---------------------------------------------------------------------------

# fmt: off
VOCABULARY = [
    "jan", "feb", "mrt", "maa", "mar", "apr", "mei", "may", "jun", "jul", "aug", "sep", "sept",
    "okt", "oct", "nov", "dec", "januari", "februari", "maart", "april", "juni", "juli",
    "augustus", "september", "oktober", "november", "december", "Mei.", "SEPT.", "Okt.",
    "begin", "medio", "half", "eind", "kwartaal", "helft", "halfjaar", "voorjaar", "zomer",
    "najaar", "week", "wk", "wk.", "w", "q", "Q4", "Q5", "H1", "H3", "eerste", "tweede",
    "vierde", "4e", "2e", "1ste", "uiterlijk", "vóór", "voor", "tot en met", "t/m", "en",
    "'19", "'20", "2024", "2025", "1899", "2201", "0", "1", "7", "13", "29", "31", "32", "52",
    "53", "54", "00", "01", "1/3", "52/1", "x", "n.t.b.",
]
# fmt: on
JOINERS = ["", " ", "-", "/", " / ", ",", ", ", " en ", " t/m ", "\u00a0", "\t", "  ", "–", "."]


@st.composite
def date_like_texts(draw):
    """Strings built from the parser's own words and separators, so they get deep."""
    words = draw(st.lists(st.sampled_from(VOCABULARY) | st.integers(0, 60).map(str), max_size=7))
    joiners = draw(st.lists(st.sampled_from(JOINERS), min_size=len(words), max_size=len(words)))
    return "".join(word + joiner for word, joiner in zip(words, joiners, strict=True))


def check_reading(result, text):
    assert result.text == text
    assert result.start <= result.end
    assert list(result.dates) == sorted(set(result.dates))
    assert all(result.start <= day <= result.end for day in result.dates)
    if result.dates:
        assert (result.dates[0], result.dates[-1]) == (result.start, result.end)


@settings(max_examples=300, deadline=None)
@given(text=st.text() | date_like_texts(), year=st.integers(1890, 2210), week=st.booleans())
def test_any_text_reads_or_raises_fuzzy_date_error(text, year, week):
    try:
        result = parse_fuzzy_date(text, year, week=week)
    except FuzzyDateError as error:
        assert error.text == text
        assert f'"{text}"' in str(error)
    else:
        check_reading(result, text)


@settings(max_examples=200, deadline=None)
@given(day=st.dates(min_value=D(1900, 1, 1), max_value=D(2200, 12, 31)))
def test_any_day_written_day_first_is_that_day(day):
    result = parse_fuzzy_date(day.strftime("%d-%m-%Y"), 2000)
    assert (result.start, result.end, result.precision, result.has_year) == (day, day, P.DAY, True)


@settings(max_examples=100, deadline=None)
@given(
    year=st.integers(1900, 2200),
    rows=st.lists(
        st.tuples(
            date_like_texts() | st.text(max_size=12) | st.dates(D(1900, 1, 1), D(2200, 12, 31)),
            st.booleans(),
        ),
        max_size=8,
    ),
)
def test_schedule_reader_only_raises_fuzzy_date_errors(year, rows):
    reader = ScheduleReader(year)
    for value, week in rows:
        before = reader.cursor
        try:
            result = reader.read(value, week=week)
        except FuzzyDateError:
            assert reader.cursor == before
        else:
            assert reader.cursor == result.start
            assert result.start <= result.end
