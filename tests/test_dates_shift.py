"""Moving a fuzzy date by days or weeks (shifting a phase, issue 6 point 4).

Each item moves in its own unit, rounded to the nearest whole unit, and gets a new Dutch
text in the same kind of words that the form cursor reads back to exactly the new interval.
"""

import datetime

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from phases.dates import (
    FuzzyDate,
    FuzzyDateError,
    Precision,
    ShiftUnit,
    parse_near,
    shift_reading,
    shift_unit,
)

D = datetime.date
P = Precision
U = ShiftUnit
YEAR = 2025


def read(text: str, year: int = YEAR, *, week: bool = False) -> FuzzyDate:
    """A text as a form of a programme with year context `year` reads it for a new item."""
    return parse_near(text, D(year, 1, 1), floor=D(year, 1, 1), week=week)


def reads_back(moved: FuzzyDate, year: int = YEAR) -> bool:
    """The form cursor (the item's new start) reads the new text to exactly the new reading."""
    again = parse_near(moved.text, moved.start, floor=D(year, 1, 1))
    return (again.text, again.start, again.end, again.dates) == (
        moved.text,
        moved.start,
        moved.end,
        moved.dates,
    )


# text, days, new text, new start, new end (year context 2025; new text read back each time)
# fmt: off
CASES = [
    # exact days move by the exact number of days, in the style they were written (month
    # names written out when the old text wrote them out, a capital when it had one)
    ("1-mrt", 14, "15-mrt", D(2025, 3, 15), D(2025, 3, 15)),
    ("1 maart", -1, "28 februari", D(2025, 2, 28), D(2025, 2, 28)),
    ("30 mrt", 3, "2 apr", D(2025, 4, 2), D(2025, 4, 2)),
    ("01-03-2025", 30, "31-03-2025", D(2025, 3, 31), D(2025, 3, 31)),
    ("1/3/2025", 7, "8/3/2025", D(2025, 3, 8), D(2025, 3, 8)),
    ("1/3", 3, "4/3", D(2025, 3, 4), D(2025, 3, 4)),
    ("2025-03-01", 3, "2025-03-04", D(2025, 3, 4), D(2025, 3, 4)),
    ("uiterlijk 1 juli", 7, "uiterlijk 8 juli", D(2025, 7, 8), D(2025, 7, 8)),
    ("vóór 1 juli", -1, "vóór 30 juni", D(2025, 6, 30), D(2025, 6, 30)),
    ("25-26-mrt", 7, "1-2-apr", D(2025, 4, 1), D(2025, 4, 2)),
    ("25-26 maart", 14, "8-9 april", D(2025, 4, 8), D(2025, 4, 9)),
    ("25-26 mrt", 5, "30-31 mrt", D(2025, 3, 30), D(2025, 3, 31)),
    ("25-26 mrt", 6, "31 mrt - 1 apr", D(2025, 3, 31), D(2025, 4, 1)),
    ("1 mrt - 5 mrt", 2, "3-7 mrt", D(2025, 3, 3), D(2025, 3, 7)),
    ("15 mrt - eind apr", 14, "29 mrt - 14 mei", D(2025, 3, 29), D(2025, 5, 14)),  # mixed
    ("30 dec", 3, "2 jan", D(2026, 1, 2), D(2026, 1, 2)),
    ("31 dec 2025", 1, "1 jan 2026", D(2026, 1, 1), D(2026, 1, 1)),
    ("2 jan", -3, "30 dec 2024", D(2024, 12, 30), D(2024, 12, 30)),  # before the year context
    # weeks (also a bare number from a Week column) move by whole weeks
    ("wk 47", 14, "wk 49", D(2025, 12, 1), D(2025, 12, 7)),
    ("wk 47", 10, "wk 48", D(2025, 11, 24), D(2025, 11, 30)),  # 10 days: one week
    ("wk 47", 3, "wk 47", D(2025, 11, 17), D(2025, 11, 23)),  # 3 days: not moved
    ("week 35", 7, "week 36", D(2025, 9, 1), D(2025, 9, 7)),
    ("w35", -14, "wk 33", D(2025, 8, 11), D(2025, 8, 17)),
    ("wk 35-37", -7, "wk 34-36", D(2025, 8, 18), D(2025, 9, 7)),
    ("wk 52", 14, "wk 2", D(2026, 1, 5), D(2026, 1, 11)),  # week 2 of next year
    ("wk 2", -14, "wk 52 2024", D(2024, 12, 23), D(2024, 12, 29)),
    ("wk 51-52", 14, "wk 1-2", D(2025, 12, 29), D(2026, 1, 11)),
    ("week 53 2026", 7, "week 1 2027", D(2027, 1, 4), D(2027, 1, 10)),
    ("wk 52 2026", 7, "wk 53 2026", D(2026, 12, 28), D(2027, 1, 3)),  # 2026 has a week 53
    ("wk 52 2025", 7, "wk 1 2026", D(2025, 12, 29), D(2026, 1, 4)),  # 2025 has none
    # parts of a month move by thirds of a month (1-10, 11-20, 21-end)
    ("eind sep/begin okt", 28, "eind okt/begin nov", D(2025, 10, 21), D(2025, 11, 10)),
    ("eind sep/begin okt", 14, "begin/medio okt", D(2025, 10, 1), D(2025, 10, 20)),
    ("eind sep/begin okt", -10, "medio/eind sep", D(2025, 9, 11), D(2025, 9, 30)),
    ("eind sep/medio okt", 10, "begin t/m eind okt", D(2025, 10, 1), D(2025, 10, 31)),
    ("begin okt", -14, "eind sep", D(2025, 9, 21), D(2025, 9, 30)),
    ("medio okt", 5, "medio okt", D(2025, 10, 11), D(2025, 10, 20)),  # half a third: stays
    ("half okt", 6, "eind okt", D(2025, 10, 21), D(2025, 10, 31)),
    ("eind jan", 10, "begin feb", D(2025, 2, 1), D(2025, 2, 10)),
    ("eind feb", 10, "begin mrt", D(2025, 3, 1), D(2025, 3, 10)),
    ("eind dec", 10, "begin jan", D(2026, 1, 1), D(2026, 1, 10)),
    ("eind dec", 30, "eind jan", D(2026, 1, 21), D(2026, 1, 31)),
    ("eind dec/begin jan", 28, "eind jan/begin feb", D(2026, 1, 21), D(2026, 2, 10)),
    ("begin jan", -10, "eind dec 2024", D(2024, 12, 21), D(2024, 12, 31)),
    ("medio oktober 2025", 28, "medio november 2025", D(2025, 11, 11), D(2025, 11, 20)),
    # months move by whole months
    ("mei", 28, "jun", D(2025, 6, 1), D(2025, 6, 30)),
    ("mei", 14, "mei", D(2025, 5, 1), D(2025, 5, 31)),
    ("Sept.", 61, "Nov", D(2025, 11, 1), D(2025, 11, 30)),
    ("december 2025", 31, "januari 2026", D(2026, 1, 1), D(2026, 1, 31)),
    ("Maart '19", -31, "Februari '19", D(2019, 2, 1), D(2019, 2, 28)),
    ("April/mei", 28, "Mei/juni", D(2025, 5, 1), D(2025, 6, 30)),
    ("okt-nov-dec", 31, "nov-dec-jan", D(2025, 11, 1), D(2026, 1, 31)),
    ("Mei, juni, juli", 31, "Juni, juli, augustus", D(2025, 6, 1), D(2025, 8, 31)),
    ("sep t/m dec", 60, "nov t/m feb", D(2025, 11, 1), D(2026, 2, 28)),
    ("Juli-dec '19", 31, "Aug '19 - jan '20", D(2019, 8, 1), D(2020, 1, 31)),
    ("sep/begin okt", 28, "okt/begin nov", D(2025, 10, 1), D(2025, 11, 10)),  # coarsest part
    ("sep/begin okt", 14, "sep/begin okt", D(2025, 9, 1), D(2025, 10, 10)),
    # quarters, halves, seasons, year parts, years by their own units
    ("Q4", 14, "Q4", D(2025, 10, 1), D(2025, 12, 31)),  # too coarse: not moved
    ("Q4", 60, "Q1", D(2026, 1, 1), D(2026, 3, 31)),
    ("Q4 2025", 92, "Q1 2026", D(2026, 1, 1), D(2026, 3, 31)),
    ("Q1-Q2", 91, "Q2-Q3", D(2025, 4, 1), D(2025, 9, 30)),
    ("4e kwartaal", 92, "1e kwartaal", D(2026, 1, 1), D(2026, 3, 31)),
    ("tweede kwartaal", 92, "derde kwartaal", D(2025, 7, 1), D(2025, 9, 30)),
    ("H2", 183, "H1", D(2026, 1, 1), D(2026, 6, 30)),
    ("H1 2027", 60, "H1 2027", D(2027, 1, 1), D(2027, 6, 30)),
    ("2e helft", 183, "1e helft", D(2026, 1, 1), D(2026, 6, 30)),
    ("eerste helft 2027", 183, "tweede helft 2027", D(2027, 7, 1), D(2027, 12, 31)),
    ("voorjaar", 91, "zomer", D(2025, 6, 1), D(2025, 8, 31)),
    ("zomer/najaar", -91, "voorjaar/zomer", D(2025, 3, 1), D(2025, 8, 31)),
    ("lente", 182, "najaar", D(2025, 9, 1), D(2025, 11, 30)),
    ("najaar", 91, "dec-feb", D(2025, 12, 1), D(2026, 2, 28)),  # no word for winter: months
    ("eind 2024", 122, "begin 2025", D(2025, 1, 1), D(2025, 4, 30)),
    ("medio/eind 2024", 122, "eind 2024/begin 2025", D(2024, 9, 1), D(2025, 4, 30)),
    ("begin/medio 2024", 122, "medio/eind 2024", D(2024, 5, 1), D(2024, 12, 31)),
    ("medio 2024", 30, "medio 2024", D(2024, 5, 1), D(2024, 8, 31)),
    ("2024", 365, "2025", D(2025, 1, 1), D(2025, 12, 31)),
    ("2024", 150, "2024", D(2024, 1, 1), D(2024, 12, 31)),
    ("2024-2025", -365, "2023-2024", D(2023, 1, 1), D(2024, 12, 31)),
]
# fmt: on


@pytest.mark.parametrize(("text", "days", "new_text", "start", "end"), CASES)
def test_shift(text, days, new_text, start, end):
    reading = read(text)
    moved = shift_reading(reading, days, year_context=YEAR)
    assert (moved.text, moved.start, moved.end) == (new_text, start, end)
    assert reads_back(moved)


# separate days: each day moves by the exact number of days
# fmt: off
SEPARATE_DAYS = [
    ("10 / 17 mei", 14, "24 / 31 mei", (D(2025, 5, 24), D(2025, 5, 31))),
    ("10 / 17 mei", 20, "30 mei, 6 jun", (D(2025, 5, 30), D(2025, 6, 6))),
    ("8 en 15 juni", 21, "29 juni en 6 juli", (D(2025, 6, 29), D(2025, 7, 6))),
    ("7/14 apr", -7, "31 mrt, 7 apr", (D(2025, 3, 31), D(2025, 4, 7))),
    ("1/3 en 8/3", 1, "2 en 9 mrt", (D(2025, 3, 2), D(2025, 3, 9))),
    ("17 / 24 dec", 14, "31 dec, 7 jan", (D(2025, 12, 31), D(2026, 1, 7))),
    ("10 / 17 mei 2025", 7, "17 / 24 mei 2025", (D(2025, 5, 17), D(2025, 5, 24))),
]
# fmt: on


@pytest.mark.parametrize(("text", "days", "new_text", "dates"), SEPARATE_DAYS)
def test_separate_days_each_move(text, days, new_text, dates):
    moved = shift_reading(read(text), days, year_context=YEAR)
    assert (moved.text, moved.dates, moved.precision) == (new_text, dates, P.DAYS)
    assert (moved.start, moved.end) == (dates[0], dates[-1])
    assert reads_back(moved)


def test_a_bare_week_number_from_a_week_column():
    reading = read("35", week=True)
    assert shift_unit(reading) is U.WEEK
    moved = shift_reading(reading, 14, year_context=YEAR)
    # "wk 37", not "37": the text then reads back whether or not it is read as a week column
    assert (moved.text, moved.start, moved.end, moved.precision) == (
        "wk 37",
        D(2025, 9, 8),
        D(2025, 9, 14),
        P.WEEK,
    )
    assert shift_reading(read("52/1", week=True), 14, year_context=YEAR).text == "wk 2/3"


def test_a_week_that_does_not_exist_is_never_written():
    # 2025 has no week 53: week 52 plus one week is week 1 of 2026
    moved = shift_reading(read("wk 52"), 7, year_context=YEAR)
    assert (moved.text, moved.start) == ("wk 1", D(2025, 12, 29))
    # 2026 has one
    moved = shift_reading(read("wk 52", 2026), 7, year_context=2026)
    assert (moved.text, moved.start, moved.end) == ("wk 53", D(2026, 12, 28), D(2027, 1, 3))


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("1-mrt", U.DAY),
        ("10 / 17 mei", U.DAY),
        ("25-26 mrt", U.DAY),
        ("wk 47", U.WEEK),
        ("wk 35-37", U.WEEK),
        ("begin okt", U.MONTH_PART),
        ("eind sep/begin okt", U.MONTH_PART),
        ("mei", U.MONTH),
        ("sep/begin okt", U.MONTH),
        ("April/mei", U.MONTH),
        ("Q4", U.QUARTER),
        ("H1", U.HALF_YEAR),
        ("voorjaar", U.SEASON),
        ("eind 2024", U.YEAR_PART),
        ("medio/eind 2024", U.YEAR_PART),
        ("2024", U.YEAR),
        ("15 mrt - eind apr", U.DAY),  # exact days mixed with a part of a month
        ("voorjaar/eind 2024", U.YEAR),  # three-month seasons and four-month parts meet yearly
    ],
)
def test_unit(text, unit):
    assert shift_unit(read(text)) is unit


@pytest.mark.parametrize(
    ("unit", "days", "steps"),
    [
        (U.DAY, -3, -3),
        (U.WEEK, 14, 2),
        (U.WEEK, 10, 1),
        (U.WEEK, 11, 2),
        (U.WEEK, -11, -2),
        (U.MONTH_PART, 14, 1),
        (U.MONTH_PART, 28, 3),
        (U.MONTH_PART, 5, 0),
        (U.MONTH, 14, 0),
        (U.MONTH, 16, 1),
        (U.MONTH, 28, 1),
        (U.QUARTER, 14, 0),
        (U.QUARTER, 45, 0),
        (U.QUARTER, 46, 1),
        (U.YEAR, 182, 0),
        (U.YEAR, 183, 1),
    ],
)
def test_steps_round_to_the_nearest_whole_unit(unit, days, steps):
    assert unit.steps(days) == steps


def test_not_moved_is_the_same_reading():
    reading = read("Q4")
    assert shift_reading(reading, 14, year_context=YEAR) is reading
    assert shift_reading(reading, 0, year_context=YEAR) is reading


def test_years_are_kept_and_added_only_where_needed():
    assert shift_reading(read("mei 2025"), 31, year_context=YEAR).text == "jun 2025"
    assert shift_reading(read("mei"), 31, year_context=YEAR).text == "jun"
    # earlier than 1 January of the year context: "dec" alone would read as December 2025
    assert shift_reading(read("mei"), -150, year_context=YEAR).text == "dec 2024"
    assert shift_reading(read("Q1"), -90, year_context=YEAR).text == "Q4 2024"
    # more than the cursor's six months back is fine: the cursor is the new start itself
    assert shift_reading(read("eind dec"), 60, year_context=YEAR).text == "eind feb"


def test_a_reading_its_text_no_longer_gives_moves_by_its_precision():
    built = FuzzyDate("?", D(2025, 9, 21), D(2025, 10, 10), P.MULTIPLE)
    assert shift_unit(built) is U.MONTH_PART
    moved = shift_reading(built, 28, year_context=YEAR)
    assert (moved.text, moved.start, moved.end) == (
        "eind okt/begin nov",
        D(2025, 10, 21),
        D(2025, 11, 10),
    )
    week = FuzzyDate("?", D(2025, 8, 25), D(2025, 8, 31), P.WEEK)
    assert shift_reading(week, 7, year_context=YEAR).text == "wk 36"
    odd = FuzzyDate("?", D(2025, 3, 3), D(2025, 4, 7), P.MULTIPLE)
    moved = shift_reading(odd, 14, year_context=YEAR)
    assert (moved.text, moved.start, moved.end) == (
        "17 mrt - 21 apr",
        D(2025, 3, 17),
        D(2025, 4, 21),
    )


def test_leaving_the_years_regie_knows_is_an_error():
    with pytest.raises(FuzzyDateError, match="outside 1900-2200"):
        shift_reading(read("eind dec 2200"), 14, year_context=2200)
    with pytest.raises(FuzzyDateError):
        shift_reading(read("1-mrt"), 10**7, year_context=YEAR)


# -- properties ---------------------------------------------------------------------------

# fmt: off
TEXTS = [
    "1-mrt", "1 maart", "01-03-2025", "1/3/2025", "1/3", "2025-03-01", "25-26-mrt", "31 jan",
    "29 feb", "31 dec", "uiterlijk 1 juli", "10 / 17 mei", "8 en 15 juni", "7/14 apr",
    "30 dec / 6 jan", "1 mrt - 5 mrt", "mei", "Sept.", "Maart '19", "december 2025", "begin okt",
    "medio okt", "eind okt", "eind feb", "begin/medio okt", "eind sep/begin okt",
    "eind dec/begin jan", "April/mei", "okt-nov-dec", "Mei, juni, juli", "sep t/m dec",
    "Juli-dec '19", "nov-feb", "nov-feb '20", "sep/begin okt", "15 mrt - eind apr", "wk 1",
    "wk 35", "wk 47", "wk 52", "wk 53", "week 53 2026", "wk 35-37", "wk 52-2", "wk 35, 40",
    "Q4", "Q1-Q2", "Q4 2025", "4e kwartaal", "tweede kwartaal", "H1 2027", "eerste helft",
    "2e halfjaar", "voorjaar", "zomer", "najaar", "lente", "herfst 2025", "zomer/najaar",
    "begin 2024", "medio 2024", "eind 2024", "medio/eind 2024", "eind 2024/begin 2025", "2024",
    "2024-2025", "Q4/dec",
]
# fmt: on


def thirds(start: datetime.date, end: datetime.date) -> tuple[int, int]:
    """Which thirds of a month (begin/medio/eind) an interval runs from and to."""

    def index(day, bounds):
        return (day.year * 12 + day.month - 1) * 3 + bounds.index(day.day)

    last = (end.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    last_day = (last - datetime.timedelta(days=1)).day
    return index(start, (1, 11, 21)), index(end, (10, 20, last_day))


MONTH_BASED = {
    U.MONTH_PART: 1,
    U.MONTH: 3,
    U.SEASON: 9,
    U.QUARTER: 9,
    U.YEAR_PART: 12,
    U.HALF_YEAR: 18,
    U.YEAR: 36,
}


@settings(max_examples=400, deadline=None)
@given(
    text=st.sampled_from(TEXTS),
    year=st.integers(1950, 2150),
    offset=st.integers(0, 400),
    days=st.integers(-800, 800) | st.integers(-60, 60).map(lambda weeks: 7 * weeks),
)
def test_moved_text_reads_back_to_the_moved_interval(text, year, offset, days):
    try:
        reading = parse_near(text, D(year, 1, 1) + datetime.timedelta(offset), floor=D(year, 1, 1))
    except FuzzyDateError:  # "29 feb" or "wk 53" in a year without one
        assume(False)
    unit, steps = shift_unit(reading), shift_unit(reading).steps(days)
    try:
        moved = shift_reading(reading, days, year_context=year)
    except FuzzyDateError as error:
        assert "outside 1900-2200" in str(error)
        return
    if steps == 0:
        assert moved is reading
        return
    assert reads_back(moved, year)
    if reading.has_year:
        assert moved.has_year
    if unit in (U.DAY, U.WEEK):
        delta = datetime.timedelta(days=steps * (7 if unit is U.WEEK else 1))
        assert (moved.start, moved.end) == (reading.start + delta, reading.end + delta)
        assert moved.dates == tuple(day + delta for day in reading.dates)
    else:
        old_first, old_last = thirds(reading.start, reading.end)
        assert thirds(moved.start, moved.end) == (
            old_first + steps * MONTH_BASED[unit],
            old_last + steps * MONTH_BASED[unit],
        )


@settings(max_examples=200, deadline=None)
@given(text=st.sampled_from(TEXTS), days=st.integers(-400, 400))
def test_there_and_back_again(text, days):
    assume(text not in ("29 feb", "wk 53"))  # 2025 has neither
    reading = read(text)
    there = shift_reading(reading, days, year_context=YEAR)
    assume(shift_unit(there) is shift_unit(reading))  # not a fallback into other words
    back = shift_reading(there, -days, year_context=YEAR)
    assert (back.start, back.end, back.dates) == (reading.start, reading.end, reading.dates)
