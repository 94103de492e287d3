"""The decision chain (cycle.chain): the rules on hand-made cycles, and properties on many
generated ones — every step a meeting of its body or a working-day deadline, in order, every
rule kept, recesses and public holidays respected, and no chain later than the computed one."""

import datetime
import itertools

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from cycle.chain import (
    Cycle,
    Recess,
    RouteError,
    Step,
    StepKind,
    check_route,
    earliest_chain,
    latest_chain,
    public_holidays,
    satisfies,
    upper_bound,
)

D = datetime.date
MEETING, DEADLINE = StepKind.MEETING, StepKind.DEADLINE
HOLIDAYS = public_holidays(2025, 2027)


def weekly(first: datetime.date, last: datetime.date, weeks: int = 1) -> list[datetime.date]:
    days, day = [], first
    while day <= last:
        days.append(day)
        day += datetime.timedelta(weeks=weeks)
    return days


# A municipality's year: College weekly on Tuesday, Commissie MO every four weeks on Wednesday,
# Raad every four weeks on Thursday eight days later; zomerreces 11 July – 30 August 2026.
ZOMERRECES = Recess("zomerreces", D(2026, 7, 11), D(2026, 8, 30))
CYCLE = Cycle(
    meetings={
        "College": weekly(D(2026, 1, 6), D(2026, 12, 29)),
        "Commissie MO": weekly(D(2026, 1, 7), D(2026, 12, 31), weeks=4),
        "Raad": weekly(D(2026, 1, 15), D(2026, 12, 31), weeks=4),
    },
    recesses={body: [ZOMERRECES] for body in ("College", "Commissie MO", "Raad")},
    holidays=HOLIDAYS,
)
RAADSBESLUIT = (
    Step("College", MEETING, days_before=21, anchor=2),
    Step("Griffie", DEADLINE, days_before=10),
    Step("Commissie MO", MEETING, days_before=7),
    Step("Raad", MEETING),
)


def test_a_raad_route_over_a_year_with_a_summer_recess():
    raad_days = CYCLE.meeting_days("Raad")
    assert D(2026, 7, 2) in raad_days
    assert not [day for day in raad_days if ZOMERRECES.start <= day <= ZOMERRECES.end]
    chain = latest_chain(RAADSBESLUIT, CYCLE, D(2026, 7, 2))
    # Commissie 24 June (≥7 days before), griffie 12 June (≥10 days before the committee, a
    # Friday), College 2 June (≥21 days before the committee, before the deadline).
    assert chain == (D(2026, 6, 2), D(2026, 6, 12), D(2026, 6, 24), D(2026, 7, 2))
    assert satisfies(RAADSBESLUIT, CYCLE, chain)
    # Ready mid-June: the first Raad after the recess, 24 September, its College before the
    # recess (26 August, 21 days before the committee, falls inside it).
    assert earliest_chain(RAADSBESLUIT, CYCLE, D(2026, 6, 15)) == (
        D(2026, 7, 7),
        D(2026, 9, 4),
        D(2026, 9, 16),
        D(2026, 9, 24),
    )


def test_a_deadline_falls_on_a_working_day_before_a_public_holiday_or_weekend():
    route = (Step("Griffie", DEADLINE, days_before=1), Step("Raad"))
    koningsdag = Cycle(meetings={"Raad": [D(2026, 4, 28)]}, holidays=HOLIDAYS)
    assert latest_chain(route, koningsdag, D(2026, 4, 28)) == (D(2026, 4, 24), D(2026, 4, 28))
    christmas = Cycle(meetings={"Raad": [D(2026, 12, 28)]}, holidays=HOLIDAYS)
    assert latest_chain(route, christmas, D(2026, 12, 28))[0] == D(2026, 12, 24)
    plain = Cycle(meetings={"Raad": [D(2026, 6, 10)]}, holidays=HOLIDAYS)
    assert latest_chain(route, plain, D(2026, 6, 10))[0] == D(2026, 6, 9)


def test_a_meeting_on_a_public_holiday_or_outside_the_calendar_is_no_target():
    cycle = Cycle(meetings={"Raad": [D(2026, 4, 27)]}, holidays=HOLIDAYS)  # Koningsdag
    assert latest_chain((Step("Raad"),), cycle, D(2026, 4, 27)) is None
    assert latest_chain(RAADSBESLUIT, CYCLE, D(2026, 7, 3)) is None
    assert latest_chain(RAADSBESLUIT, CYCLE, D(2026, 1, 15)) is None  # no college early enough


@pytest.mark.parametrize(
    "steps",
    [
        (),
        (Step("Griffie", DEADLINE),),
        (Step("College", anchor=0), Step("Raad")),
        (Step("College", anchor=5), Step("Raad")),
        (Step("College", days_before=-1), Step("Raad")),
    ],
)
def test_a_route_that_cannot_be_computed_is_refused(steps):
    with pytest.raises(RouteError):
        check_route(steps)


# -- properties ---------------------------------------------------------------------------

BODIES = ("A", "B", "C")
START = D(2026, 6, 1)  # Whit Monday 2026 is 25 May; Christmas falls in the window too
WINDOW = 220


@st.composite
def cycles(draw):
    def days(max_size):
        offsets = draw(st.lists(st.integers(0, WINDOW), max_size=max_size, unique=True))
        return [START + datetime.timedelta(n) for n in offsets]

    recesses = {}
    for body in BODIES:
        if draw(st.booleans()):
            first = draw(st.integers(0, WINDOW))
            length = draw(st.integers(0, 40))
            recesses[body] = [
                Recess(
                    "reces",
                    START + datetime.timedelta(first),
                    START + datetime.timedelta(first + length),
                )
            ]
    return Cycle(meetings={body: days(8) for body in BODIES}, recesses=recesses, holidays=HOLIDAYS)


@st.composite
def routes(draw):
    length = draw(st.integers(1, 4))
    steps = []
    for index in range(length):
        last = index == length - 1
        kind = MEETING if last else draw(st.sampled_from([MEETING, MEETING, DEADLINE]))
        anchor = None if last else draw(st.one_of(st.none(), st.integers(index + 1, length - 1)))
        steps.append(
            Step(
                draw(st.sampled_from(BODIES)),
                kind,
                days_before=0 if last else draw(st.integers(0, 30)),
                anchor=anchor,
            )
        )
    return tuple(steps)


def _candidates(step, cycle, target):
    if step.kind == DEADLINE:
        days = (target - datetime.timedelta(n) for n in range(0, 300))
        return [day for day in days if cycle.is_working_day(day)]
    return [day for day in cycle.meeting_days(step.body) if day <= target]


@settings(max_examples=300, deadline=None)
@given(cycles(), routes(), st.data())
def test_the_chain_keeps_every_rule(cycle, steps, data):
    targets = cycle.meeting_days(steps[-1].body)
    assume(targets)
    target = data.draw(st.sampled_from(targets))
    chain = latest_chain(steps, cycle, target)
    assume(chain is not None)
    assert chain[-1] == target
    for step, day in zip(steps, chain, strict=True):
        if step.kind == MEETING:
            assert day in cycle.meetings[step.body]
            assert day not in HOLIDAYS
            assert not any(day in recess for recess in cycle.recesses.get(step.body, ()))
        else:
            assert day.weekday() < 5 and day not in HOLIDAYS
    assert list(chain) == sorted(set(chain))  # strictly in order
    for index, step in enumerate(steps[:-1]):
        anchor = chain[step.anchor_index(index)]
        assert (anchor - chain[index]).days >= step.days_before


@settings(max_examples=150, deadline=None)
@given(cycles(), routes(), st.data())
def test_no_chain_to_the_same_meeting_is_later(cycle, steps, data):
    assume(sum(step.kind == DEADLINE for step in steps) <= 1)
    targets = cycle.meeting_days(steps[-1].body)
    assume(targets)
    target = data.draw(st.sampled_from(targets))
    chain = latest_chain(steps, cycle, target)
    options = [_candidates(step, cycle, target) for step in steps[:-1]]
    feasible = [
        (*earlier, target)
        for earlier in itertools.product(*options)
        if satisfies(steps, cycle, (*earlier, target))
    ]
    if chain is None:
        assert not feasible
        return
    assert chain in feasible
    for other in feasible:
        assert all(mine >= theirs for mine, theirs in zip(chain, other, strict=True))


@settings(max_examples=150, deadline=None)
@given(cycles(), routes(), st.integers(0, WINDOW))
def test_earliest_possible_is_the_first_meeting_whose_chain_starts_after_ready(cycle, steps, n):
    ready = START + datetime.timedelta(n)
    chain = earliest_chain(steps, cycle, ready)
    fitting = [
        target
        for target in cycle.meeting_days(steps[-1].body)
        if (found := latest_chain(steps, cycle, target)) is not None and found[0] >= ready
    ]
    if chain is None:
        assert not fitting
    else:
        assert chain[-1] == fitting[0] and chain[0] >= ready


def test_upper_bound_counts_from_the_anchor_and_keeps_the_order():
    steps = (Step("A", days_before=3, anchor=2), Step("B"), Step("C"))
    later = {1: D(2026, 6, 10), 2: D(2026, 6, 11)}
    assert upper_bound(steps, 0, later) == D(2026, 6, 8)
    later = {1: D(2026, 6, 5), 2: D(2026, 6, 30)}
    assert upper_bound(steps, 0, later) == D(2026, 6, 4)
