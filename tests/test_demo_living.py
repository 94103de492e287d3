"""The living demo programme: seed 000's milestone table placed around the day it is loaded."""

import datetime
import tomllib
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from milestones.baselines.compare import compare
from milestones.baselines.models import Baseline
from milestones.baselines.steering import changes_since_last_meeting
from milestones.dashboard import build_dashboard
from milestones.demo import demo_directory, load_demo
from milestones.demo_living import place_around_today, week_offset
from milestones.models import Milestone
from phases.dates import ScheduleReader, parse_fuzzy_date
from phases.fuzzy import local_today
from phases.models import Gate, MeetingSeries, Phase, Programme, WorkStatus

SLUG = "od-van-de-toekomst-lopend"
D = datetime.date
DAY = datetime.timedelta(days=1)


def demo_file(name: str) -> dict:
    with (demo_directory() / name).open("rb") as handle:
        return tomllib.load(handle)


LIVING = demo_file("005_od_van_de_toekomst_lopend.toml")
SEED_000 = demo_file("000_mijlpalen_fase_1.toml")


@pytest.fixture
def living(db) -> Programme:
    with translation.override("en"):
        call_command("load_demo", stdout=StringIO())
    return Programme.objects.get(slug=SLUG)


def meeting_days(series: MeetingSeries) -> list[datetime.date]:
    assert (series.frequency, series.interval) == (MeetingSeries.Frequency.WEEKLY, 4)
    step = datetime.timedelta(weeks=series.interval)
    days, day = [], series.first_date
    while day <= series.last_date:
        days.append(day)
        day += step
    return days


# -- after load_demo -------------------------------------------------------------------------


def test_it_is_listed_first_and_today_falls_inside_it(living):
    today = local_today()
    assert Programme.objects.order_by("name").first() == living
    milestones = living.milestones.order_by("start")
    assert milestones.first().start < today < milestones.last().end
    assert living.year == milestones.first().start.year
    assert living.milestones.count() == len(SEED_000["milestones"])


def test_it_keeps_seed_000s_titles_and_groups_with_texts_moved_around_today(living):
    rows = SEED_000["milestones"]
    stored = list(living.milestones.order_by("source_row", "pk"))
    assert [(m.title, m.source_row) for m in stored] == [(r["title"], r["line"]) for r in rows]
    webinar = next(m for m in stored if m.title.startswith("Webinar: Doel"))
    assert set(webinar.target_groups.values_list("name", flat=True)) == {
        "Colleges",
        "Raden",
        "Staten",
    }
    # the texts are read as a schedule again with the programme's year context: the same
    # intervals (the moved phase's milestones were written anew by the shift and read back
    # with the form cursor, so they are checked on their own)
    reader = ScheduleReader(living.year)
    for milestone in stored:
        reading = reader.read(milestone.date_text)
        if milestone.phase.order != 3:
            assert (reading.start, reading.end) == (milestone.start, milestone.end)


def test_work_before_today_is_done_and_one_phase_runs(living):
    today = local_today()
    phases = list(living.phases.order_by("order"))
    assert [p.status for p in phases] == ["done", "running", "planned", "planned"]
    running = phases[1]
    assert running.start <= today <= running.end
    assert Phase.objects.filter(programme=living, status=Phase.Status.RUNNING).count() == 1
    done = living.milestones.filter(status=WorkStatus.DONE)
    assert done.count() >= 7  # all of phase 1, and the sessions of phase 2 already held
    assert all(m.end < today for m in done)
    assert not Milestone.objects.for_programme(living).late(today).exists()
    assert living.milestones.filter(end__gte=today).exclude(status=WorkStatus.DONE).exists()


def test_the_gate_before_the_running_phase_is_approved_with_a_besluitnummer(living):
    today = local_today()
    gate = Gate.objects.get(phase__programme=living, phase__order=1)
    assert gate.outcome == Gate.Outcome.APPROVED
    assert gate.decided_on < today
    assert gate.reference == f"Stuurgroep {gate.decided_on.year}/07"
    assert gate.history.first().history_user.username == "projectleider"
    later = Gate.objects.filter(phase__programme=living, phase__order__gt=1)
    assert set(later.values_list("outcome", flat=True)) == {Gate.Outcome.OPEN}
    assert not Gate.objects.filter(phase__programme=living).late(today).exists()


def test_a_shift_afterwards_is_in_the_history_with_who_and_why(living):
    moved = Milestone.history.filter(
        programme_id=living.pk, history_change_reason="Phase moved by 2 weeks"
    )
    assert moved.count() == Milestone.objects.filter(programme=living, phase__order=3).count()
    record = moved.order_by("history_id").first()
    assert record.history_user.username == "projectleider"
    before = record.prev_record
    assert record.start - before.start == datetime.timedelta(weeks=2)
    assert record.date_text != before.date_text
    phase = Phase.history.filter(history_change_reason="Phase moved by 2 weeks").get(
        programme_id=living.pk
    )
    assert phase.order == 3


def test_the_stuurgroep_met_before_today_and_meets_again_after(living):
    today = local_today()
    series = living.meeting_series.get()
    assert series.target_group.name == "Stuurgroep"
    assert series.weekday == MeetingSeries.Weekday.THURSDAY
    days = meeting_days(series)
    assert {day.weekday() for day in days} == {3}
    assert any(day < today for day in days) and any(day > today for day in days)


def test_the_dashboard_has_work_coming_up_and_nothing_late(living):
    dashboard = build_dashboard(programme=living, today=local_today())
    assert dashboard.late_counts.work == 0
    assert dashboard.upcoming  # milestones in the next 30 days
    coming = {m.title for m in dashboard.upcoming}
    assert "Uitgangspunten komen tot keuzes (gezamenlijk)" in coming


def test_loading_again_later_leaves_it_where_it_was(living):
    before = list(living.milestones.order_by("pk").values_list("pk", "date_text", "status"))
    load_demo(today=local_today() + datetime.timedelta(days=40))
    after = list(living.milestones.order_by("pk").values_list("pk", "date_text", "status"))
    assert after == before


# -- placing the table -----------------------------------------------------------------------


def test_the_table_moves_by_whole_weeks():
    falls_on = D(2024, 5, 11)
    assert week_offset(today=falls_on, falls_on=falls_on) == 0
    assert week_offset(today=D(2026, 12, 3), falls_on=falls_on) == 938  # 134 weeks
    assert week_offset(today=falls_on + 3 * DAY, falls_on=falls_on) == 0
    assert week_offset(today=falls_on + 4 * DAY, falls_on=falls_on) == 7


def test_placed_on_a_december_day_the_texts_read_with_the_new_year_context():
    placed = place_around_today(data=LIVING, table=SEED_000, today=D(2026, 12, 3))
    assert placed["programme"]["year"] == 2026
    texts = [row["date_text"] for row in placed["milestones"]]
    assert texts[:3] == ["25-sep", "14-okt", "19-20-okt"]  # "1-mrt", "20-mrt", "25-26-mrt"
    assert texts[-3:] == ["medio/eind apr", "eind apr", "mei-jun-jul"]
    phases = [(p["date_text"], p["gates"][0]["date_text"]) for p in placed["phases"][:3]]
    assert phases == [
        ("25 sep - 19 nov", "19-nov"),
        ("2-31 dec", "eind dec"),
        ("7 jan - 12 apr 2027", "medio/eind apr 2027"),  # on its own in 2027: says so
    ]
    first = placed["meetings"][0]["first_date"]
    assert (first, first.weekday()) == (D(2026, 10, 22), 3)


@pytest.mark.parametrize("today", [D(2027, 1, 1) + n * 13 * DAY for n in range(29)])
def test_any_day_of_the_year_falls_in_the_running_phase(today):
    placed = place_around_today(data=LIVING, table=SEED_000, today=today)
    year = placed["programme"]["year"]
    running = next(p for p in placed["phases"] if p["order"] == 2)
    reading = parse_fuzzy_date(running["date_text"], year)
    assert reading.start <= today <= reading.end
    reader = ScheduleReader(year)
    ends = [reader.read(row["date_text"]).end for row in placed["milestones"]]
    assert any(end < today for end in ends)
    assert any(today <= end <= today + 30 * DAY for end in ends)


def test_since_the_last_stuurgroep_only_the_shift_moved(living):
    meeting, changes = changes_since_last_meeting(living, local_today())
    assert meeting is not None and meeting.day < local_today()
    shifted = set(
        Milestone.objects.filter(programme=living, phase__order=3).values_list("title", flat=True)
    )
    moved = {m.item.title for m in changes.moved if m.item.kind == "milestone"}
    assert moved and moved <= shifted  # the phase moved afterwards, nothing else
    assert all(m.slip_days == 14 for m in changes.moved if m.item.kind == "milestone")
    assert (changes.added, changes.removed, changes.status_changes) == ((), (), ())


def test_the_approved_gates_baseline_was_taken_with_the_plan_before_the_shift(living):
    baseline = Baseline.objects.get(programme=living)
    last_meeting, _changes = changes_since_last_meeting(living, local_today())
    assert baseline.taken_at.date() < last_meeting.day  # taken when the plan was made
    changes = compare(programme=living, today=local_today(), baseline=baseline)
    shifted = set(
        Milestone.objects.filter(programme=living, phase__order=3).values_list("title", flat=True)
    )
    assert {m.item.title for m in changes.moved if m.item.kind == "milestone"} == shifted
