"""What people read of a date, an interval, ISO weeks and a change: one style everywhere."""

import datetime

import pytest
from django import forms
from django.template import Context, Template
from django.utils import timezone

from milestones.history import milestone_history
from milestones.importing import commit_import, plan_import
from milestones.importing.preview import build_preview
from milestones.models import ImportRecord, Milestone
from phases.dates import parse_fuzzy_date
from phases.editing import display
from phases.history import history_of
from phases.models import Phase, WorkStatus
from phases.presentation import (
    EMPTY,
    Change,
    format_change,
    format_dated,
    format_day,
    format_interval,
    format_isoweeks,
    format_moment,
    format_span,
    format_value,
    shown_change,
)
from tests.support.factories import (
    MilestoneFactory,
    PhaseFactory,
    ProgrammeFactory,
    TargetGroupFactory,
)
from tests.support.schedules import csv_file

D = datetime.date


def test_a_day_reads_short_with_or_without_its_year():
    assert format_day(D(2026, 1, 4)) == "4 jan 2026"
    assert format_day(D(2026, 1, 4), with_year=False) == "4 jan"
    assert format_day(D(2025, 9, 18), long=True) == "18 september 2025"
    assert format_day(D(2025, 9, 18), long=True, weekday=True) == "donderdag 18 september 2025"


def test_a_moment_reads_in_local_time():
    moment = datetime.datetime(2025, 12, 31, 23, 30, tzinfo=datetime.UTC)
    assert format_moment(moment) == "1 jan 2026 00:30"  # Europe/Amsterdam
    assert format_moment(moment, long=True) == "1 januari 2026 00:30"


@pytest.mark.parametrize(
    ("start", "end", "shown"),
    [
        (D(2024, 3, 1), D(2024, 3, 1), "1 mrt 2024"),
        (D(2024, 3, 25), D(2024, 3, 26), "25 – 26 mrt 2024"),
        (D(2024, 9, 21), D(2024, 10, 10), "21 sep – 10 okt 2024"),
        (D(2025, 12, 22), D(2026, 1, 4), "22 dec 2025 – 4 jan 2026"),
        (D(2025, 12, 31), D(2026, 1, 1), "31 dec 2025 – 1 jan 2026"),
        (None, None, ""),
    ],
)
def test_an_interval_names_month_and_year_once(start, end, shown):
    assert format_interval(start, end) == shown


@pytest.mark.parametrize(
    ("start", "end", "shown"),
    [
        (D(2024, 3, 25), D(2024, 3, 31), "wk 13"),
        (D(2024, 9, 21), D(2024, 10, 10), "wk 38–41"),
        (D(2025, 12, 22), D(2026, 1, 4), "wk 52 '25 – wk 1 '26"),
        (D(2025, 12, 22), D(2026, 1, 5), "wk 52 '25 – wk 2 '26"),
        # 29 December 2025 is in week 1 of 2026: one ISO year, one week
        (D(2025, 12, 29), D(2026, 1, 4), "wk 1"),
        (D(2025, 12, 29), D(2026, 1, 12), "wk 1–3"),
        # 1 January 2027 is in week 53 of 2026
        (D(2026, 12, 28), D(2027, 1, 3), "wk 53"),
        (D(2026, 12, 28), D(2027, 1, 4), "wk 53 '26 – wk 1 '27"),
        # the same week number a year apart is not one week
        (D(2025, 1, 1), D(2026, 1, 1), "wk 1 '25 – wk 1 '26"),
        (None, None, ""),
    ],
)
def test_iso_weeks_have_one_style_and_name_iso_years_when_they_differ(start, end, shown):
    assert format_isoweeks(start, end) == shown


def test_the_iso_year_change_of_22_december_2025_to_4_january_2026():
    # 4 January 2026 is a Sunday: the last day of week 1; the 5th starts week 2.
    assert format_isoweeks(D(2025, 12, 22), D(2026, 1, 4)) == "wk 52 '25 – wk 1 '26"
    assert format_isoweeks(D(2025, 12, 22), D(2026, 1, 5)) == "wk 52 '25 – wk 2 '26"
    assert format_isoweeks(D(2025, 12, 22), D(2026, 1, 11)) == "wk 52 '25 – wk 2 '26"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        # days, weeks and parts of a month: ISO weeks
        ("1-mrt", "wk 9"),
        ("25-26-mrt", "wk 13"),
        ("week 47", "wk 47"),
        ("wk 35-37", "wk 35–37"),
        ("wk 52/1", "wk 52 '24 – wk 1 '25"),
        ("medio juni", "wk 24–25"),
        ("eind sep/begin okt", "wk 38–41"),
        ("eind dec/begin jan", "wk 51 '24 – wk 2 '25"),
        # a month or longer: months, never "wk 40 '24 – wk 1 '25"
        ("okt-nov-dec", "okt – dec 2024"),
        ("sep t/m dec", "sep – dec 2024"),
        ("mei", "mei 2024"),
        ("Q4", "okt – dec 2024"),
        ("H1 2025", "jan – jun 2025"),
        ("medio/eind 2024", "mei – dec 2024"),
        ("nov-feb", "nov 2024 – feb 2025"),
        ("2024", "2024"),
    ],
)
def test_a_period_reads_in_weeks_only_when_it_is_days_or_weeks(text, shown):
    reading = parse_fuzzy_date(text, 2024)
    assert format_span(reading.start, reading.end, reading.precision) == shown


def test_a_period_without_a_precision_goes_by_its_shape():
    assert format_span(D(2024, 10, 1), D(2024, 12, 31)) == "okt – dec 2024"
    assert format_span(D(2024, 9, 21), D(2024, 10, 10)) == "wk 38–41"
    assert format_span(D(2024, 1, 1), D(2025, 12, 31)) == "2024 – 2025"
    assert format_span(None, None) == format_span(D(2024, 1, 1), None) == ""
    # Weeks that happen to fill a month stay weeks when the reading says weeks.
    assert format_span(D(2021, 2, 1), D(2021, 2, 28), "week") == "wk 5–8"
    assert format_span(D(2021, 2, 1), D(2021, 2, 28)) == "feb 2021"


@pytest.mark.django_db
def test_every_screen_reads_a_stored_period_by_its_precision():
    quarter = MilestoneFactory(date_text="okt-nov-dec", programme__year=2024)
    week = MilestoneFactory(date_text="wk 47", programme__year=2024)
    html = Template("{% load regie %}{{ quarter|isoweeks }} | {{ week|isoweeks }}").render(
        Context({"quarter": quarter, "week": week})
    )
    assert (quarter.precision, week.precision) == ("multiple", "week")
    assert html == "okt – dec 2024 | wk 47"


def test_the_template_filters_are_the_module():
    class Item:
        start, end = D(2025, 12, 22), D(2026, 1, 4)

    html = Template(
        "{% load regie %}{{ item|interval }} | {{ item|isoweeks }} | {{ day|day }} | "
        '{{ day|day:"long,weekday" }} | {{ day|period:last }} | {{ day|period:None }}'
    ).render(Context({"item": Item(), "day": D(2025, 9, 18), "last": D(2025, 12, 31)}))
    assert html == (
        "22 dec 2025 – 4 jan 2026 | wk 52 &#x27;25 – wk 1 &#x27;26 | 18 sep 2025 | "
        "donderdag 18 september 2025 | 18 sep – 31 dec 2025 | 18 sep 2025"
    )


def test_a_date_as_written_comes_with_its_interval():
    assert format_dated("wk 47", D(2024, 11, 18), D(2024, 11, 24)) == "wk 47 (18 – 24 nov 2024)"
    assert format_dated("n.t.b.", None, None) == "n.t.b."
    assert format_dated("", None, None) == EMPTY


@pytest.mark.django_db
def test_values_read_as_people_read_them():
    status = Phase._meta.get_field("status")
    assert format_value(WorkStatus.DONE, status) == "gereed"
    assert format_value(D(2026, 1, 4)) == "4 jan 2026"
    assert format_value(datetime.time(9, 5)) == "09:05"
    assert format_value(True) == "ja" and format_value(False) == "nee"
    assert format_value(None) == format_value("") == format_value([]) == "—"
    assert format_value(["BOR", "Stuurgroep"]) == "BOR, Stuurgroep"
    assert format_value(TargetGroupFactory(name="Raden")) == "Raden"
    assert format_value(7) == "7"


def test_a_change_reads_label_old_arrow_new():
    assert format_change("status", "gepland", "gereed") == "status: gepland → gereed"
    assert format_change("einddatum", None, D(2026, 1, 4)) == "einddatum: — → 4 jan 2026"
    assert str(Change("a", "b", "c")) == "a: b → c"
    assert shown_change("trekker", "", None) is None  # both read "—"
    assert shown_change("trekker", "PL", "Secr") == Change("trekker", "PL", "Secr")


def test_the_merge_screen_shows_values_in_the_same_style():
    assert display(forms.DateField(), D(2026, 1, 4)) == "4 jan 2026"
    assert display(forms.BooleanField(required=False), None) == "nee"
    assert display(forms.ChoiceField(choices=WorkStatus.choices), "done") == "gereed"
    assert display(forms.CharField(), "") == "—"


# -- history ------------------------------------------------------------------------------


@pytest.fixture
def programme(db):
    return ProgrammeFactory(year=2024)


def two_imports_of_one_file(programme) -> tuple[ImportRecord, ImportRecord]:
    """Two imports of the same file in the same minute: they read the same to a person."""
    first, second = (
        ImportRecord.objects.create(programme=programme, file_name="fase1.csv") for _ in "ab"
    )
    ImportRecord.objects.filter(pk=second.pk).update(imported_at=first.imported_at)
    second.refresh_from_db()
    assert str(first) == str(second)
    return first, second


def test_history_drops_a_change_whose_old_and_new_read_the_same(programme):
    first, second = two_imports_of_one_file(programme)
    milestone = MilestoneFactory(programme=programme, date_text="1-mrt", import_record=first)
    milestone = Milestone.objects.get(pk=milestone.pk)
    milestone.import_record = second
    milestone.save()
    assert milestone.history.count() == 2  # stored: the import changed
    assert [e.kind for e in history_of(milestone)] == ["+"]  # shown: nothing changed
    assert [e.kind for e in milestone_history(milestone)] == ["+"]

    milestone.import_record = first
    milestone.title = "Nieuw"
    milestone.save()
    [entry, _created] = milestone_history(milestone)
    assert [c.label for c in entry.changes] == ["titel"]  # the import is left out


def test_history_shows_dates_and_intervals_in_the_one_style(programme):
    phase = PhaseFactory(programme=programme, date_text="wk 52/1")
    phase = Phase.objects.get(pk=phase.pk)
    phase.date_text = "1-mrt"
    phase.save()
    [entry, _created] = history_of(phase)
    assert Change("periode", "23 dec 2024 – 5 jan 2025", "1 mrt 2025") in entry.changes


def test_history_shows_an_import_by_file_and_local_time(programme):
    record = ImportRecord.objects.create(programme=programme, file_name="fase1.csv")
    moment = timezone.localtime(record.imported_at)
    assert str(record) == f"fase1.csv ({format_day(moment.date())} {moment:%H:%M})"


# -- import preview -----------------------------------------------------------------------


def test_the_import_preview_shows_a_changed_date_with_its_interval(programme):
    header = ["Einddatum", "Mijlpaal", "Doelgroep", "Wie"]

    def preview(date_text: str):
        data = csv_file([header, [date_text, "Webinar", "BOR", ""]])
        plan = plan_import(data=data, file_name="fase1.csv", programme=programme.slug)
        return plan, build_preview(plan)

    plan, _preview = preview("25-26-mrt")
    commit_import(plan=plan)
    _plan, shown = preview("22 dec - 4 jan")
    [change] = shown.updates.rows[0].changes
    assert (change.old, change.new) == (
        "25-26-mrt (25 – 26 mrt 2024)",
        "22 dec - 4 jan (22 dec 2024 – 4 jan 2025)",
    )
