"""The calendar builder: milestones, gates, deliverables and meeting series as VEVENTs."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from milestones.calendars.ical import (
    CalendarFilters,
    CalendarSelection,
    build_calendar,
    selection_for_programme,
)
from phases.models import MeetingCancellation, MeetingSeries, WorkStatus
from tests.support.calendars import BASE_URL, by_uid, events_of, export, parse_calendar
from tests.support.factories import (
    DeliverableFactory,
    GateFactory,
    InvolvementFactory,
    MeetingSeriesFactory,
    MilestoneFactory,
    PhaseFactory,
    ProgrammeFactory,
    TargetGroupFactory,
)

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def programme():
    return ProgrammeFactory(name="OD van de toekomst", slug="od", year=2024)


def only_event(body: bytes):
    (event,) = events_of(body)
    return event


def seconds(moment: datetime.datetime) -> datetime.datetime:
    return moment.replace(microsecond=0)


# -- milestones ------------------------------------------------------------------------------


def test_single_day_milestone_is_a_transparent_all_day_event(programme):
    phase = PhaseFactory(programme=programme, name="Fase 1")
    milestone = MilestoneFactory(
        programme=programme,
        phase=phase,
        title="Overzicht betrokkenen aanleggen",
        date_text="1-mrt",
        lead="Projectleider",
        result="Lijst van betrokkenen",
    )
    InvolvementFactory(milestone=milestone, target_group=TargetGroupFactory(name="Stuurgroep"))
    InvolvementFactory(milestone=milestone, target_group=TargetGroupFactory(name="BOR"))
    with translation.override("en"):
        body = export(programme)
    event = only_event(body)

    assert str(event["UID"]) == f"milestone-{milestone.pk}@regie.invalid"
    assert str(event["SUMMARY"]) == "Overzicht betrokkenen aanleggen"
    assert event["DTSTART"].dt == datetime.date(2024, 3, 1)
    assert event["DTEND"].dt == datetime.date(2024, 3, 2)  # exclusive
    assert b"DTSTART;VALUE=DATE:20240301" in body
    assert str(event["TRANSP"]) == "TRANSPARENT"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event["SEQUENCE"] == 1
    assert [str(c) for c in event["CATEGORIES"].cats] == ["BOR", "Stuurgroep"]
    assert str(event["URL"]) == f"https://regie.example.org/milestones/{milestone.pk}/"
    assert str(event["DESCRIPTION"]) == (
        "Phase: Fase 1\n"
        "Target groups: BOR, Stuurgroep\n"
        "Lead: Projectleider\n"
        "Result: Lijst van betrokkenen\n"
        f"https://regie.example.org/milestones/{milestone.pk}/"
    )


def test_interval_milestone_carries_its_date_text_and_is_tentative(programme):
    MilestoneFactory(
        programme=programme,
        title="Einddocumenten ter besluitvorming",
        date_text="eind sep/begin okt",
    )
    event = only_event(export(programme))
    assert str(event["SUMMARY"]) == "Einddocumenten ter besluitvorming (eind sep/begin okt)"
    assert event["DTSTART"].dt == datetime.date(2024, 9, 21)
    assert event["DTEND"].dt == datetime.date(2024, 10, 11)  # 10 Oct is the last day
    assert str(event["STATUS"]) == "TENTATIVE"


def test_continuous_day_range_is_one_confirmed_event(programme):
    MilestoneFactory(programme=programme, title="Webinar", date_text="25-26-mrt")
    event = only_event(export(programme))
    assert str(event["SUMMARY"]) == "Webinar (25-26-mrt)"
    assert (event["DTSTART"].dt, event["DTEND"].dt) == (
        datetime.date(2024, 3, 25),
        datetime.date(2024, 3, 27),
    )
    assert str(event["STATUS"]) == "CONFIRMED"


def test_separate_days_become_one_event_per_day(programme):
    milestone = MilestoneFactory(programme=programme, title="Sessies", date_text="10 / 17 mei")
    events = by_uid(export(programme))
    assert sorted(events) == [
        f"milestone-{milestone.pk}-20240510@regie.invalid",
        f"milestone-{milestone.pk}-20240517@regie.invalid",
    ]
    for uid, day in [("20240510", 10), ("20240517", 17)]:
        event = events[f"milestone-{milestone.pk}-{uid}@regie.invalid"]
        assert str(event["SUMMARY"]) == "Sessies (10 / 17 mei)"
        assert event["DTSTART"].dt == datetime.date(2024, 5, day)
        assert event["DTEND"].dt == datetime.date(2024, 5, day + 1)
        assert str(event["STATUS"]) == "CONFIRMED"


def test_cancelled_milestone_stays_in_the_feed_as_cancelled(programme):
    cancelled = MilestoneFactory(programme=programme, status=WorkStatus.CANCELLED)
    planned = MilestoneFactory(programme=programme)
    events = by_uid(export(programme))
    assert str(events[f"milestone-{cancelled.pk}@regie.invalid"]["STATUS"]) == "CANCELLED"
    assert str(events[f"milestone-{planned.pk}@regie.invalid"]["STATUS"]) == "CONFIRMED"


def test_undated_and_unreadable_milestones_are_left_out(programme):
    dated = MilestoneFactory(programme=programme, date_text="1-mrt")
    MilestoneFactory(programme=programme, date_text="")
    MilestoneFactory(programme=programme, date_text="als het uitkomt")
    assert list(by_uid(export(programme))) == [f"milestone-{dated.pk}@regie.invalid"]


def test_gates_and_deliverable_deadlines_are_marked(programme):
    phase = PhaseFactory(programme=programme, name="Fase 1")
    college = TargetGroupFactory(name="Colleges")
    gate = GateFactory(phase=phase, title="Start fase 2", date_text="eind jun", decider=college)
    deliverable = DeliverableFactory(
        phase=phase, title="Bestuursopdracht", date_text="Q4", owner="Penvoerder"
    )
    with translation.override("en"):
        events = by_uid(export(programme))

    gate_event = events[f"gate-{gate.pk}@regie.invalid"]
    assert str(gate_event["SUMMARY"]) == "Decision point: Start fase 2 (eind jun)"
    assert (gate_event["DTSTART"].dt, gate_event["DTEND"].dt) == (
        datetime.date(2024, 6, 21),
        datetime.date(2024, 7, 1),
    )
    assert str(gate_event["STATUS"]) == "TENTATIVE"
    assert [str(c) for c in gate_event["CATEGORIES"].cats] == ["Colleges"]
    assert str(gate_event["DESCRIPTION"]) == "Phase: Fase 1\nDecided by: Colleges\nOutcome: open"

    due = events[f"deliverable-{deliverable.pk}@regie.invalid"]
    assert str(due["SUMMARY"]) == "Deliverable deadline: Bestuursopdracht (Q4)"
    # The deadline is the last day of the quarter, one all-day event.
    assert (due["DTSTART"].dt, due["DTEND"].dt) == (
        datetime.date(2024, 12, 31),
        datetime.date(2025, 1, 1),
    )
    assert str(due["DESCRIPTION"]) == "Phase: Fase 1\nOwner: Penvoerder"


# -- identity ---------------------------------------------------------------------------------


def test_uids_are_stable_across_exports_edits_and_hosts(programme):
    milestones = [MilestoneFactory(programme=programme) for _ in range(3)]
    first = sorted(by_uid(export(programme)))
    milestones[1].title = "Andere titel"
    milestones[1].date_text = "eind mei"
    milestones[1].save()
    selection = selection_for_programme(programme=programme)
    elsewhere = build_calendar(selection, base_url="http://10.0.0.7:8000/")
    assert sorted(by_uid(elsewhere)) == first
    assert first == sorted(f"milestone-{m.pk}@regie.invalid" for m in milestones)


def test_uid_domain_comes_from_the_setting(programme, settings):
    settings.REGIE_CALENDAR_UID_DOMAIN = "regie.provincie.example"
    milestone = MilestoneFactory(programme=programme)
    assert list(by_uid(export(programme))) == [f"milestone-{milestone.pk}@regie.provincie.example"]


def test_sequence_grows_with_every_save_and_stamps_follow_history(programme):
    milestone = MilestoneFactory(programme=programme)
    event = only_event(export(programme))
    assert event["SEQUENCE"] == 1
    created = milestone.history.latest().history_date
    assert event["DTSTAMP"].dt == seconds(created)
    assert event["LAST-MODIFIED"].dt == seconds(created)

    milestone.refresh_from_db()
    milestone.date_text = "8-mrt"
    milestone.save()
    milestone.refresh_from_db()
    milestone.save()  # a plain save counts too
    event = only_event(export(programme))
    assert event["SEQUENCE"] == 3
    assert event["DTSTART"].dt == datetime.date(2024, 3, 8)
    assert event["LAST-MODIFIED"].dt == seconds(milestone.history.latest().history_date)


# -- meeting series ------------------------------------------------------------------------


def projectgroep(programme, **kwargs) -> MeetingSeries:
    defaults = {
        "start_time": datetime.time(12),
        "end_time": datetime.time(13),
        "last_date": datetime.date(2008, 12, 31),
        "location": "Provinciehuis, kamer 2.14",
        "rhythm_text": "1x 2 weken, Donderdag 1200 -1300 uur",
    }
    return MeetingSeriesFactory(programme=programme, **{**defaults, **kwargs})


def test_timed_series_is_one_recurring_event_in_amsterdam_time(programme):
    series = projectgroep(programme, target_group=TargetGroupFactory(name="Projectgroep"))
    MeetingCancellation.objects.create(series=series, date=datetime.date(2007, 10, 18))
    with translation.override("en"):
        body = export(programme)
    event = only_event(body)

    assert str(event["UID"]) == f"meeting-{series.pk}@regie.invalid"
    assert str(event["SUMMARY"]) == "Projectgroep"
    assert event["DTSTART"].dt == datetime.datetime(2007, 9, 6, 12, tzinfo=AMSTERDAM)
    assert event["DTEND"].dt == datetime.datetime(2007, 9, 6, 13, tzinfo=AMSTERDAM)
    assert b"DTSTART;TZID=Europe/Amsterdam:20070906T120000" in body
    # UNTIL in UTC (RFC 5545 3.3.10): 31 Dec 2008 12:00 CET.
    assert b"RRULE:FREQ=WEEKLY;UNTIL=20081231T110000Z;INTERVAL=2;BYDAY=TH" in body
    assert b"EXDATE;TZID=Europe/Amsterdam:20071018T120000" in body
    assert str(event["LOCATION"]) == "Provinciehuis, kamer 2.14"
    assert str(event["TRANSP"]) == "OPAQUE"
    assert str(event["DESCRIPTION"]) == (
        "Rhythm: 1x 2 weken, Donderdag 1200 -1300 uur\nTarget group: Projectgroep"
    )


def test_series_expands_to_noon_local_time_across_the_dst_change(programme):
    series = projectgroep(programme)
    MeetingCancellation.objects.create(series=series, date=datetime.date(2007, 10, 18))
    calendar = parse_calendar(export(programme))
    occurrences = recurring_ical_events.of(calendar).between(
        datetime.date(2007, 10, 1), datetime.date(2007, 12, 1)
    )
    starts = [occurrence["DTSTART"].dt for occurrence in occurrences]
    # Summer time ends on 28 October 2007; the meeting stays at 12:00 on the wall clock.
    assert [(s.date(), s.time(), s.utcoffset()) for s in starts] == [
        (datetime.date(2007, 10, 4), datetime.time(12), datetime.timedelta(hours=2)),
        (datetime.date(2007, 11, 1), datetime.time(12), datetime.timedelta(hours=1)),
        (datetime.date(2007, 11, 15), datetime.time(12), datetime.timedelta(hours=1)),
        (datetime.date(2007, 11, 29), datetime.time(12), datetime.timedelta(hours=1)),
    ]
    ends = [occurrence["DTEND"].dt for occurrence in occurrences]
    assert [e.astimezone(AMSTERDAM).time() for e in ends] == [datetime.time(13)] * 4
    every = recurring_ical_events.of(calendar).between(
        datetime.date(2007, 1, 1), datetime.date(2010, 1, 1)
    )
    days = [occurrence["DTSTART"].dt.date() for occurrence in every]
    assert len(days) == 34  # 35 fortnights from 6 Sep 2007 to 25 Dec 2008, one cancelled
    assert days[-1] == datetime.date(2008, 12, 25)


def test_weekly_series_starts_on_its_weekday(programme):
    series = projectgroep(programme, first_date=datetime.date(2007, 9, 3))  # a Monday
    event = only_event(export(programme))
    assert event["DTSTART"].dt == datetime.datetime(2007, 9, 6, 12, tzinfo=AMSTERDAM)
    assert str(event["UID"]) == f"meeting-{series.pk}@regie.invalid"


def test_series_without_time_is_all_day_with_a_date_until(programme):
    MeetingSeriesFactory(
        programme=programme,
        name="Raad: kwartaalbrief",
        frequency=MeetingSeries.Frequency.MONTHLY,
        interval=3,
        weekday=None,
        first_date=datetime.date(2024, 1, 8),  # second Monday
        last_date=datetime.date(2024, 12, 31),
    )
    body = export(programme)
    event = only_event(body)
    assert b"DTSTART;VALUE=DATE:20240108" in body
    assert event["DTEND"].dt == datetime.date(2024, 1, 9)
    assert b"RRULE:FREQ=MONTHLY;UNTIL=20241231;INTERVAL=3;BYDAY=2MO" in body
    assert str(event["TRANSP"]) == "TRANSPARENT"
    days = [
        o["DTSTART"].dt
        for o in recurring_ical_events.of(parse_calendar(body)).between(
            datetime.date(2024, 1, 1), datetime.date(2025, 6, 1)
        )
    ]
    assert days == [
        datetime.date(2024, 1, 8),
        datetime.date(2024, 4, 8),
        datetime.date(2024, 7, 8),
        datetime.date(2024, 10, 14),
    ]


def test_open_ended_daily_series_meets_on_working_days(programme):
    MeetingSeriesFactory(
        programme=programme,
        name="Stand-up",
        frequency=MeetingSeries.Frequency.DAILY,
        interval=1,
        weekday=None,
        start_time=datetime.time(9),
        first_date=datetime.date(2024, 3, 2),  # a Saturday
        last_date=None,
    )
    body = export(programme)
    event = only_event(body)
    assert event["DTSTART"].dt == datetime.datetime(2024, 3, 4, 9, tzinfo=AMSTERDAM)
    assert "DTEND" not in event
    assert b"RRULE:FREQ=DAILY;INTERVAL=1;BYDAY=MO,TU,WE,TH,FR\r\n" in body


def test_irregular_series_are_left_out(programme):
    MeetingSeriesFactory(programme=programme, name="Team SB", frequency="", weekday=None)
    assert events_of(export(programme)) == []


# -- selection --------------------------------------------------------------------------------


@pytest.fixture
def two_groups(programme):
    klankbord = TargetGroupFactory(name="Klankbordgroep")
    bor = TargetGroupFactory(name="BOR")
    phase = PhaseFactory(programme=programme)
    both = MilestoneFactory(programme=programme, title="Samen", phase=phase)
    bor_only = MilestoneFactory(programme=programme, title="Alleen BOR", phase=phase)
    InvolvementFactory(milestone=both, target_group=klankbord)
    InvolvementFactory(milestone=both, target_group=bor)
    InvolvementFactory(milestone=bor_only, target_group=bor)
    gate = GateFactory(phase=phase, title="Besluit BOR", decider=bor)
    deliverable = DeliverableFactory(phase=phase, title="Notitie")
    bor_only.deliverables.add(deliverable)
    MeetingSeriesFactory(programme=programme, name="BOR-overleg", target_group=bor)
    MeetingSeriesFactory(programme=programme, name="Klankbordoverleg", target_group=klankbord)
    return klankbord, bor, gate, deliverable


def summaries(body: bytes) -> list[str]:
    with translation.override("en"):
        return sorted(str(event["SUMMARY"]) for event in events_of(body))


def test_group_calendar_holds_only_that_groups_items(programme, two_groups):
    klankbord, bor, gate, deliverable = two_groups
    with translation.override("en"):
        klankbord_body = export(programme, target_group=klankbord)
        bor_body = export(programme, target_group=bor)
    assert summaries(klankbord_body) == ["Klankbordoverleg", "Samen"]
    assert summaries(bor_body) == [
        "Alleen BOR",
        "BOR-overleg",
        "Decision point: Besluit BOR (eind jun)",
        "Deliverable deadline: Notitie",
        "Samen",
    ]
    calendar = parse_calendar(klankbord_body)
    assert str(calendar["X-WR-CALNAME"]) == "OD van de toekomst – Klankbordgroep"


def test_filters_on_phase_status_and_period(programme):
    first, second = PhaseFactory(programme=programme), PhaseFactory(programme=programme)
    MilestoneFactory(programme=programme, phase=first, title="Maart", date_text="1-mrt")
    MilestoneFactory(
        programme=programme,
        phase=second,
        title="Mei klaar",
        date_text="1 mei",
        status=WorkStatus.DONE,
    )
    MilestoneFactory(programme=programme, phase=second, title="Juni", date_text="eind jun")
    GateFactory(phase=second, title="Poort", date_text="eind jun")
    MeetingSeriesFactory(
        programme=programme,
        name="Overleg 2023",
        first_date=datetime.date(2023, 1, 5),
        last_date=datetime.date(2023, 12, 31),
        weekday=MeetingSeries.Weekday.THURSDAY,
    )

    def titles(**filters) -> list[str]:
        selection = selection_for_programme(programme=programme, filters=CalendarFilters(**filters))
        with translation.override("en"):
            return summaries(build_calendar(selection, base_url=BASE_URL))

    assert titles(phase_id=second.pk) == [
        "Decision point: Poort (eind jun)",
        "Juni (eind jun)",
        "Mei klaar",
        "Overleg 2023",  # series belong to no phase
    ]
    assert titles(statuses=("done",)) == [
        "Decision point: Poort (eind jun)",  # gates have no status
        "Mei klaar",
        "Overleg 2023",
    ]
    assert titles(
        period_start=datetime.date(2024, 3, 1),
        period_end=datetime.date(2024, 5, 31),
        period_text="mrt t/m mei 2024",
    ) == ["Maart", "Mei klaar"]


def test_filters_survive_the_feed_json_and_ignore_what_makes_no_sense():
    filters = CalendarFilters(
        phase_id=4,
        statuses=("planned", "done"),
        period_start=datetime.date(2024, 7, 1),
        period_end=datetime.date(2024, 9, 30),
        period_text="Q3 2024",
    )
    data = filters.to_json()
    assert data == {
        "phase": 4,
        "status": ["planned", "done"],
        "period": {"text": "Q3 2024", "start": "2024-07-01", "end": "2024-09-30"},
    }
    assert CalendarFilters.from_json(data) == filters
    assert CalendarFilters.from_json(
        {"phase": "x", "status": ["planned", "kapot"], "period": {"start": "gisteren"}}
    ) == CalendarFilters(statuses=("planned",))
    assert CalendarFilters.from_json({"status": 3, "period": "Q3"}) == CalendarFilters()
    assert CalendarFilters.from_json(None) == CalendarFilters()


def test_query_count_does_not_grow_with_the_number_of_events(
    programme, django_assert_max_num_queries
):
    group = TargetGroupFactory(name="Stuurgroep")
    phase = PhaseFactory(programme=programme)

    def grow(n: int) -> None:
        for _ in range(n):
            milestone = MilestoneFactory(programme=programme, phase=phase, date_text="10 / 17 mei")
            InvolvementFactory(milestone=milestone, target_group=group)
            GateFactory(phase=phase, decider=group)
            milestone.deliverables.add(DeliverableFactory(phase=phase))
            series = MeetingSeriesFactory(programme=programme, target_group=group)
            MeetingCancellation.objects.create(series=series, date=datetime.date(2007, 9, 20))

    selection = CalendarSelection(name="x", programmes=(programme,), target_group=group)
    counts = []
    for size, new in ((2, 2), (20, 18)):
        grow(new)
        # 8: milestones, involvements, gates, deliverables, series, cancellations, phases, duties
        with django_assert_max_num_queries(8), CaptureQueriesContext(connection) as queries:
            body = build_calendar(selection, base_url=BASE_URL)
        counts.append(len(queries))
        assert len(events_of(body)) == size * 5  # two days, a gate, a deadline, a series
    assert counts[0] == counts[1]


def test_values_events_share_are_written_for_each_of_them():
    """A day, a status or groups that many events share are encoded once per build."""
    from milestones.calendars.ical import CalendarEvent, render_calendar

    day = datetime.date(2024, 5, 10)
    moments = [datetime.datetime(2024, 4, n, 9, tzinfo=AMSTERDAM) for n in (1, 2, 3)]
    events = [
        CalendarEvent(
            uid=f"e{n}@x",
            summary=f"Item {n}",
            start=day,
            end=day + datetime.timedelta(days=1),
            sequence=2,
            changed_at=moment,
            status="TENTATIVE" if n else "CANCELLED",
            categories=("Raad", "BOR") if n < 2 else ("Raad",),
        )
        for n, moment in enumerate(moments)
    ]
    written = events_of(render_calendar(name="C", events=events))
    assert [e.decoded("dtstart") for e in written] == [day] * 3
    assert [e["dtstart"].params["VALUE"] for e in written] == ["DATE"] * 3
    assert [str(e["status"]) for e in written] == ["CANCELLED", "TENTATIVE", "TENTATIVE"]
    assert [e["categories"].cats for e in written] == [["Raad", "BOR"]] * 2 + [["Raad"]]
    for event, moment in zip(written, moments, strict=True):
        utc = moment.astimezone(datetime.UTC)
        assert event.decoded("dtstamp") == event.decoded("last-modified") == utc
