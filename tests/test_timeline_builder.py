"""`build_timeline()` and its helpers: windows, positions, packing, holidays."""

import datetime

import pytest
from django.utils import translation

from milestones.models import CalendarNote
from milestones.timeline.builder import (
    CHART_MARGIN,
    CHART_WIDTH,
    LANE_HEADER,
    MAX_DENSE_ROWS,
    MAX_LABEL_ROWS,
    ROW_HEIGHT,
    Before,
    LaneMode,
    Region,
    Scale,
    Zoom,
    build_timeline,
    choose_window,
    holiday_periods,
)
from phases.models import Gate, WorkStatus
from phases.presentation import format_isoweeks
from tests.support.factories import (
    DeliverableFactory,
    GateFactory,
    InvolvementFactory,
    MilestoneFactory,
    PhaseFactory,
    ProgrammeFactory,
    TargetGroupFactory,
)

D = datetime.date
USABLE = CHART_WIDTH - 2 * CHART_MARGIN


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


# -- windows and scale -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zoom", "today", "start", "expected"),
    [
        # the whole span, padded to whole months
        (Zoom.YEAR, D(2024, 5, 5), None, (D(2024, 3, 1), D(2024, 10, 31))),
        # "Maand": the calendar month holding today
        (Zoom.MONTH, D(2024, 5, 5), None, (D(2024, 5, 1), D(2024, 5, 31))),
        # today outside the span: open at its beginning
        (Zoom.MONTH, D(2030, 1, 1), None, (D(2024, 3, 1), D(2024, 3, 31))),
        (Zoom.MONTH, D(2024, 5, 5), D(2024, 9, 14), (D(2024, 9, 1), D(2024, 9, 30))),
        # "Kwartaal": the calendar quarter holding today
        (Zoom.QUARTER, D(2024, 5, 5), None, (D(2024, 4, 1), D(2024, 6, 30))),
        (Zoom.QUARTER, D(2030, 1, 1), None, (D(2024, 1, 1), D(2024, 3, 31))),
        (Zoom.QUARTER, D(2024, 5, 5), D(2024, 8, 20), (D(2024, 7, 1), D(2024, 9, 30))),
    ],
)
def test_choose_window(zoom, today, start, expected):
    span = (D(2024, 3, 12), D(2024, 10, 3))
    assert choose_window(zoom=zoom, span=span, today=today, start=start) == expected


def test_a_short_plan_still_gets_three_months():
    span = (D(2024, 3, 12), D(2024, 3, 20))
    window = choose_window(zoom=Zoom.YEAR, span=span, today=D(2024, 1, 1))
    assert window == (D(2024, 3, 1), D(2024, 5, 31))


def test_scale_positions_days_and_clamps():
    scale = Scale(D(2024, 1, 1), D(2024, 1, 10))  # ten days
    step = USABLE / 10
    assert scale.x(D(2024, 1, 1)) == CHART_MARGIN
    assert scale.x(D(2024, 1, 4)) == round(CHART_MARGIN + 3 * step, 1)
    assert scale.centre(D(2024, 1, 4)) == round(CHART_MARGIN + 3.5 * step, 1)
    assert scale.x(D(2023, 12, 1)) == CHART_MARGIN
    assert scale.x(D(2024, 2, 1)) == CHART_WIDTH - CHART_MARGIN


def test_iso_weeks():
    assert format_isoweeks(D(2024, 11, 18), D(2024, 11, 24)) == "wk 47"
    assert format_isoweeks(D(2024, 9, 21), D(2024, 10, 10)) == "wk 38–41"
    assert format_isoweeks(D(2024, 12, 23), D(2025, 1, 5)) == "wk 52 '24 – wk 1 '25"
    assert format_isoweeks(D(2024, 12, 30), D(2025, 1, 5)) == "wk 1"  # ISO week 1 of 2025


# -- holidays ------------------------------------------------------------------------------------


def test_school_holidays_by_region_and_public_holidays():
    def spring(region):
        return [
            (start, end)
            for kind, start, end, name in holiday_periods(
                first=D(2024, 2, 1), last=D(2024, 2, 29), region=region
            )
            if kind == "school"
        ]

    assert spring(Region.NORTH) == [(D(2024, 2, 17), D(2024, 2, 25))]
    assert spring(Region.MIDDLE) == [(D(2024, 2, 17), D(2024, 2, 25))]
    assert spring(Region.SOUTH) == [(D(2024, 2, 10), D(2024, 2, 18))]
    public = holiday_periods(first=D(2024, 4, 1), last=D(2024, 4, 30), region=Region.MIDDLE)
    assert ("public", D(2024, 4, 27), D(2024, 4, 27), "King's Day") in public


def test_christmas_break_across_the_new_year_is_one_period():
    periods = holiday_periods(first=D(2024, 12, 1), last=D(2025, 1, 31), region=Region.NORTH)
    school = [(s, e) for kind, s, e, _ in periods if kind == "school"]
    assert school == [(D(2024, 12, 21), D(2025, 1, 5))]


@pytest.mark.django_db
def test_no_school_holidays_before_2014_and_the_legend_says_so():
    programme = ProgrammeFactory(year=2007)
    MilestoneFactory(programme=programme, date_text="wk 40")
    timeline = build_timeline(programme=programme, today=D(2024, 1, 1))
    assert not timeline.school_holidays_known
    # October to December 2007 (three months at least): Christmas, no school holidays
    assert {(s.kind, s.start) for s in timeline.shades} == {
        ("public", D(2007, 12, 25)),
        ("public", D(2007, 12, 26)),
    }


@pytest.mark.django_db
def test_calendar_notes_are_shaded():
    programme = ProgrammeFactory(year=2024)
    MilestoneFactory(programme=programme, date_text="1 okt")
    CalendarNote.objects.create(programme=programme, title="Herfstvakantie", date_text="wk 43")
    timeline = build_timeline(programme=programme, today=D(2024, 1, 1), region=Region.SOUTH)
    notes = [s for s in timeline.shades if s.kind == "note"]
    assert [(n.title, n.start, n.end) for n in notes] == [
        ("Herfstvakantie", D(2024, 10, 21), D(2024, 10, 27))
    ]
    assert notes[0].label == "Herfstvakantie"  # wide enough to say so in the holiday row


# -- marks and lanes -------------------------------------------------------------------------


@pytest.fixture
def programme(db):
    return ProgrammeFactory(year=2024)


def marks(timeline):
    return {mark.key: mark for lane in timeline.lanes for mark in lane.marks}


def test_shapes_by_kind_and_precision(programme):
    phase = PhaseFactory(programme=programme, order=1, date_text="mrt-okt")
    exact = MilestoneFactory(programme=programme, phase=phase, date_text="1-mrt")
    days = MilestoneFactory(programme=programme, phase=phase, date_text="10 / 17 mei")
    span = MilestoneFactory(programme=programme, phase=phase, date_text="25-26-mrt")
    fuzzy = MilestoneFactory(programme=programme, phase=phase, date_text="eind sep/begin okt")
    gate = GateFactory(phase=phase, date_text="30 apr")
    deliverable = DeliverableFactory(phase=phase, date_text="1 jun")
    found = marks(build_timeline(programme=programme, today=D(2024, 1, 1)))
    assert {key: mark.shape for key, mark in found.items()} == {
        f"milestone-{exact.pk}": "diamond",
        f"milestone-{days.pk}": "days",
        f"milestone-{span.pk}": "range",
        f"milestone-{fuzzy.pk}": "band",
        f"gate-{gate.pk}": "flag",
        f"deliverable-{deliverable.pk}": "square",
    }


def test_positions_in_the_whole_programme_window(programme):
    exact = MilestoneFactory(programme=programme, date_text="1-mrt")
    fuzzy = MilestoneFactory(programme=programme, date_text="eind sep/begin okt")
    timeline = build_timeline(programme=programme, today=D(2024, 1, 1))
    assert (timeline.first, timeline.last) == (D(2024, 3, 1), D(2024, 10, 31))
    day = USABLE / 245
    found = marks(timeline)
    diamond = found[f"milestone-{exact.pk}"]
    assert diamond.x1 == round(CHART_MARGIN + 0.5 * day - 6, 1)
    band = found[f"milestone-{fuzzy.pk}"]
    assert (band.x1, band.x2) == (
        round(CHART_MARGIN + 204 * day, 1),  # 21 September
        round(CHART_MARGIN + 224 * day, 1),  # end of 10 October
    )
    assert band.inner == "eind sep/begin okt"
    assert "eind sep/begin okt (21 sep – 10 oct 2024)" in band.tooltip


def test_overlapping_items_go_to_separate_rows_and_far_apart_ones_share_a_row(programme):
    a = MilestoneFactory(programme=programme, title="Eerste", date_text="1-mrt")
    b = MilestoneFactory(programme=programme, title="Tweede", date_text="2-mrt")
    c = MilestoneFactory(programme=programme, title="Laatste", date_text="1-okt")
    lane = build_timeline(programme=programme, today=D(2024, 1, 1)).lanes[0]
    rows = {mark.key: mark.y for mark in lane.marks}
    top = lane.y + LANE_HEADER
    assert rows[f"milestone-{a.pk}"] == top + ROW_HEIGHT / 2
    assert rows[f"milestone-{b.pk}"] == top + ROW_HEIGHT * 1.5
    assert rows[f"milestone-{c.pk}"] == top + ROW_HEIGHT / 2
    assert lane.height == LANE_HEADER + 2 * ROW_HEIGHT + 6


def test_label_goes_left_of_a_mark_near_the_right_edge(programme):
    MilestoneFactory(programme=programme, title="Begin", date_text="1-mrt")
    late = MilestoneFactory(programme=programme, title="Slot van het programma", date_text="31-okt")
    mark = marks(build_timeline(programme=programme, today=D(2024, 1, 1)))[f"milestone-{late.pk}"]
    assert mark.label == "Slot van het programma"
    assert mark.label_anchor == "end" and mark.label_x == mark.x1 - 4


def test_crowded_lanes_number_their_marks_then_overlap(programme):
    for n in range(MAX_LABEL_ROWS + 30):
        MilestoneFactory(programme=programme, title=f"Overleg {n}", date_text="1-mrt")
    timeline = build_timeline(programme=programme, today=D(2024, 1, 1))
    found = list(timeline.lanes[0].marks)
    titled = [m for m in found if m.label and not m.number]
    numbered = [m for m in found if m.number]
    assert len(titled) == MAX_LABEL_ROWS
    # Every other mark still says something: its number, named in the list beside the chart.
    assert [m.label for m in numbered] == [str(n) for n in range(1, 31)]
    assert [(n.number, n.key) for n in timeline.numbered] == [(m.number, m.key) for m in numbered]
    assert timeline.numbered[0].title.startswith("Overleg ")
    assert timeline.numbered[0].dated == "1-mrt (1 mar 2024)"
    assert numbered[0].name.startswith("1. Overleg ")  # the accessible name carries the number
    assert timeline.crowded == 30 - MAX_DENSE_ROWS  # rows of numbered marks, then overlap
    assert len(found) == MAX_LABEL_ROWS + 30


def test_numbers_run_on_from_lane_to_lane(programme):
    first = PhaseFactory(programme=programme, order=1, name="Een")
    second = PhaseFactory(programme=programme, order=2, name="Twee")
    for phase in (first, second):
        for n in range(MAX_LABEL_ROWS + 2):
            MilestoneFactory(programme=programme, phase=phase, title=f"M{n}", date_text="1-mrt")
    timeline = build_timeline(programme=programme, today=D(2024, 1, 1))
    assert [n.number for n in timeline.numbered] == [1, 2, 3, 4]
    assert [n.lane for n in timeline.numbered] == ["Een", "Een", "Twee", "Twee"]


def test_rows_follow_the_dates_within_a_lane(programme):
    """A label left of its mark (near the right edge) does not lift a later item above an
    earlier one: rows read top to bottom in date order."""
    early = MilestoneFactory(programme=programme, title="Kort", date_text="28-okt")
    later = MilestoneFactory(
        programme=programme, title="Een veel langere titel van een bijeenkomst", date_text="30-okt"
    )
    MilestoneFactory(programme=programme, title="Begin", date_text="1-mrt")
    found = marks(build_timeline(programme=programme, today=D(2024, 1, 1)))
    assert found[f"milestone-{later.pk}"].label_anchor == "end"  # both labels left of the mark
    rows = [found[f"milestone-{m.pk}"].y for m in (early, later)]
    assert rows == sorted(rows)


def test_gate_label_names_decider_and_outcome(programme):
    phase = PhaseFactory(programme=programme, order=1)
    college = TargetGroupFactory(name="College")
    gate = GateFactory(
        phase=phase,
        title="Besluit",
        date_text="eind jun",
        decider=college,
        outcome=Gate.Outcome.DEFERRED,
    )
    mark = marks(build_timeline(programme=programme, today=D(2024, 1, 1)))[f"gate-{gate.pk}"]
    assert mark.label == "College, deferred: Besluit"
    assert "decided by College: deferred" in mark.tooltip
    assert mark.window_d.startswith("M")  # "eind jun": a line over 21..30 June to the flag
    assert "tl-s-deferred" in mark.css


def test_late_and_done(programme):
    late = MilestoneFactory(programme=programme, date_text="1-mrt")
    done = MilestoneFactory(programme=programme, date_text="2-mrt", status=WorkStatus.DONE)
    found = marks(build_timeline(programme=programme, today=D(2024, 6, 1)))
    assert "tl-late" in found[f"milestone-{late.pk}"].css
    assert found[f"milestone-{late.pk}"].tooltip.endswith("planned, late")
    assert "tl-late" not in found[f"milestone-{done.pk}"].css
    assert "tl-s-done" in found[f"milestone-{done.pk}"].css


def test_today_line_only_inside_the_window(programme):
    MilestoneFactory(programme=programme, date_text="1-mrt")
    MilestoneFactory(programme=programme, date_text="31-mei")
    inside = build_timeline(programme=programme, today=D(2024, 4, 1))
    assert inside.today_x == round(CHART_MARGIN + 31.5 * USABLE / 92, 1)
    assert build_timeline(programme=programme, today=D(2025, 4, 1)).today_x is None


def test_group_lanes_in_name_order_with_counts(programme):
    stuurgroep, bor = TargetGroupFactory(name="Stuurgroep"), TargetGroupFactory(name="BOR")
    both = MilestoneFactory(programme=programme, date_text="1-mrt")
    InvolvementFactory(milestone=both, target_group=stuurgroep)
    InvolvementFactory(milestone=both, target_group=bor)
    alone = MilestoneFactory(programme=programme, date_text="1-apr")
    timeline = build_timeline(programme=programme, lanes=LaneMode.GROUP, today=D(2024, 1, 1))
    lanes = [(lane.title, lane.subtitle, [m.key for m in lane.marks]) for lane in timeline.lanes]
    assert lanes == [
        ("BOR", "1 milestone", [f"milestone-{both.pk}"]),
        ("Stuurgroep", "1 milestone", [f"milestone-{both.pk}"]),
        ("Without target group", "1 milestone", [f"milestone-{alone.pk}"]),
    ]
    row = next(r for r in timeline.rows if r.key == f"milestone-{both.pk}")
    assert row.lanes == "BOR, Stuurgroep"  # once in the table, with both lanes


def test_empty_phases_and_items_outside_the_window_are_reported(programme):
    first = PhaseFactory(programme=programme, order=1, name="Start")
    PhaseFactory(programme=programme, order=2, name="Later")
    MilestoneFactory(programme=programme, phase=first, date_text="1-mrt")
    MilestoneFactory(programme=programme, phase=first, date_text="1-dec")
    timeline = build_timeline(
        programme=programme, zoom=Zoom.MONTH, start=D(2024, 3, 1), today=D(2024, 1, 1)
    )
    assert [lane.title for lane in timeline.lanes] == ["Start"]
    assert timeline.empty_lanes == ("Later",)
    assert timeline.outside == 1
    assert (timeline.previous_start, timeline.next_start) == (D(2024, 2, 1), D(2024, 4, 1))


def test_programme_without_dates_shows_its_year(programme):
    timeline = build_timeline(programme=programme, today=D(2030, 1, 1))
    assert (timeline.first, timeline.last) == (D(2024, 1, 1), D(2024, 12, 31))
    assert timeline.lanes == () and timeline.rows == ()


# -- a compared plan overlaid ----------------------------------------------------------------


def test_a_moved_item_shows_its_old_place_as_a_ghost_with_a_connector(programme):
    moved = MilestoneFactory(programme=programme, title="Startnotitie", date_text="6-jun")
    still = MilestoneFactory(programme=programme, title="Overzicht", date_text="1-mrt")
    before = {
        f"milestone-{moved.pk}": Before("16-mei", D(2024, 5, 16), D(2024, 5, 16)),
        f"milestone-{still.pk}": Before("1-mrt", D(2024, 3, 1), D(2024, 3, 1)),
    }
    timeline = build_timeline(programme=programme, today=D(2024, 1, 1), before=before)
    assert timeline.moved == 1
    scale = Scale(timeline.first, timeline.last)
    mark, unmoved = (
        marks(timeline)[f"milestone-{moved.pk}"],
        marks(timeline)[f"milestone-{still.pk}"],
    )
    old, new = scale.centre(D(2024, 5, 16)), scale.centre(D(2024, 6, 6))
    assert mark.ghost_d.startswith(f"M{old} ")  # a diamond at the old day, in the same row
    assert mark.link_d == f"M{round(old + 6, 1)} {mark.y}H{round(new - 8, 1)}"  # old → new
    assert mark.label_x == mark.x2 + 4  # the label stays right of the new mark
    assert "planned before: 16-mei (16 may 2024)" in mark.tooltip
    assert (unmoved.ghost_d, unmoved.link_d) == ("", "")
    rows = {row.key: row.before for row in timeline.rows}
    assert rows == {f"milestone-{moved.pk}": "16-mei (16 may 2024)", f"milestone-{still.pk}": ""}


def test_a_ghost_takes_room_in_its_row_so_nothing_is_drawn_over_it(programme):
    moved = MilestoneFactory(programme=programme, title="Later", date_text="1-okt")
    other = MilestoneFactory(programme=programme, title="Ertussen", date_text="1-jun")
    MilestoneFactory(programme=programme, title="Begin", date_text="1-mrt")
    before = {f"milestone-{moved.pk}": Before("1-apr", D(2024, 4, 1), D(2024, 4, 1))}
    plain = marks(build_timeline(programme=programme, today=D(2024, 1, 1)))
    assert plain[f"milestone-{moved.pk}"].y == plain[f"milestone-{other.pk}"].y
    overlaid = marks(build_timeline(programme=programme, today=D(2024, 1, 1), before=before))
    assert overlaid[f"milestone-{moved.pk}"].y != overlaid[f"milestone-{other.pk}"].y


def test_an_imprecise_date_leaves_a_band_and_the_window_covers_the_old_place(programme):
    moved = MilestoneFactory(programme=programme, date_text="medio okt")
    before = {f"milestone-{moved.pk}": Before("eind sep", D(2024, 9, 21), D(2024, 9, 30))}
    timeline = build_timeline(programme=programme, today=D(2024, 1, 1), before=before)
    assert timeline.first == D(2024, 9, 1)  # the old place is inside the drawn span
    scale = Scale(timeline.first, timeline.last)
    ghost = marks(timeline)[f"milestone-{moved.pk}"].ghost_d
    assert ghost.startswith(f"M{scale.x(D(2024, 9, 21))} ")
    assert f"H{scale.x(D(2024, 10, 1))}" in ghost  # a band over 21 – 30 September


def test_an_old_place_outside_a_month_window_leaves_a_connector_from_the_edge(programme):
    moved = MilestoneFactory(programme=programme, date_text="15-mei")
    before = {f"milestone-{moved.pk}": Before("1-jan", D(2024, 1, 1), D(2024, 1, 1))}
    timeline = build_timeline(
        programme=programme,
        zoom=Zoom.MONTH,
        today=D(2024, 5, 15),
        start=D(2024, 5, 1),
        before=before,
    )
    mark = marks(timeline)[f"milestone-{moved.pk}"]
    assert mark.ghost_d == ""
    assert mark.link_d.startswith(f"M{float(CHART_MARGIN + 6)} ")  # from the left edge
