"""Date texts plans use that the parser once refused (issue 17): "4e kw 2025",
"week 12 (2026)", "eind Q1 2026" (docs/conventions.md, "What a text means")."""

import datetime

import pytest

from phases.dates import FuzzyDateError, Precision, ScheduleReader, parse_fuzzy_date, shift_reading

D = datetime.date


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("4e kw 2025", D(2025, 10, 1), D(2025, 12, 31), Precision.QUARTER),
        ("2e kw.", D(2024, 4, 1), D(2024, 6, 30), Precision.QUARTER),
        ("week 12 (2026)", D(2026, 3, 16), D(2026, 3, 22), Precision.WEEK),
        ("wk 5 (2026)", D(2026, 1, 26), D(2026, 2, 1), Precision.WEEK),
        ("maart ( 2026 )", D(2026, 3, 1), D(2026, 3, 31), Precision.MONTH),
        # begin / medio / eind of a quarter: its first, middle or last month
        ("eind Q1 2026", D(2026, 3, 1), D(2026, 3, 31), Precision.MONTH),
        ("begin Q4", D(2024, 10, 1), D(2024, 10, 31), Precision.MONTH),
        ("medio 2e kwartaal 2025", D(2025, 5, 1), D(2025, 5, 31), Precision.MONTH),
        ("eind 3e kw", D(2024, 9, 1), D(2024, 9, 30), Precision.MONTH),
        ("eind Q1/begin Q2 2026", D(2026, 3, 1), D(2026, 4, 30), Precision.MULTIPLE),
    ],
)
def test_the_readings(text, start, end, precision):
    reading = parse_fuzzy_date(text, 2024)
    assert (reading.start, reading.end, reading.precision) == (start, end, precision)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("eind Q5 2026", '"eind Q5 2026": a year has no quarter 5.'),
        ("eind 2e helft", '"eind 2e helft" is not a date Regie understands.'),
        ("week 12 (26)", '"week 12 (26)" is not a date Regie understands.'),
    ],
)
def test_what_stays_refused(text, message):
    with pytest.raises(FuzzyDateError) as refused:
        parse_fuzzy_date(text, 2024)
    assert str(refused.value) == message


def test_a_year_in_brackets_pins_the_year_for_the_schedule_cursor():
    reader = ScheduleReader(2025)
    assert reader.read("week 12 (2026)").start == D(2026, 3, 16)
    assert reader.read("week 14").start == D(2026, 3, 30)  # the cursor moved to 2026


def test_moved_readings_read_back():
    moved = shift_reading(parse_fuzzy_date("eind Q1 2026", 2026), 35, year_context=2026)
    assert (moved.text, moved.start, moved.end) == ("apr 2026", D(2026, 4, 1), D(2026, 4, 30))
    moved = shift_reading(parse_fuzzy_date("4e kw 2025", 2025), 91, year_context=2025)
    assert (moved.start, moved.end) == (D(2026, 1, 1), D(2026, 3, 31))
