"""A gate's decision chain computed from the meeting cycle (vergadercyclus).

Pure Python: no Django, no ORM, no other module of Regie (an import-linter contract checks
this), so every layer — the gate page, `plan_gate`, the shift preview, the dashboard —
computes the same chain, and property tests can check it on thousands of calendars.

A *route* is an ordered list of steps, the last one being the deciding body's meeting
(College → Commissie MO → Raad). Every step is either a meeting of a body or a deadline (the
documents reach the griffie; any working day). Its rules point forward:

* every step lies strictly before the next one (order; "between the previous and the next
  step" is exactly this);
* a step lies at least `days_before` days before its anchor step (the next one unless
  `anchor` names a later step: "College at least 21 days before the committee").

All rules are upper bounds that grow with the later steps' dates, so walking backwards from
the target meeting and taking for each step the latest date its rules allow gives the latest
chain: every other chain that satisfies the rules has every step on or before it. A meeting
never counts inside a recess of its body or on a public holiday; a deadline falls on a
working day (Monday to Friday, no Dutch public holiday).
"""

from __future__ import annotations

import bisect
import datetime
import enum
import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

ONE_DAY = datetime.timedelta(days=1)


class StepKind(enum.StrEnum):
    MEETING = "meeting"
    DEADLINE = "deadline"


@dataclass(frozen=True)
class Step:
    """One step of a route: a meeting of `body` (or a deadline) and its rule."""

    body: str
    kind: StepKind = StepKind.MEETING
    days_before: int = 0
    anchor: int | None = None  # index of the later step the rule counts from; None: the next

    def anchor_index(self, index: int) -> int:
        return index + 1 if self.anchor is None else self.anchor


class RouteError(ValueError):
    """A route that cannot be computed (an anchor that is not a later step, a deadline last)."""


def check_route(steps: Sequence[Step]) -> None:
    if not steps:
        raise RouteError("A route needs at least one step.")
    if steps[-1].kind != StepKind.MEETING:
        raise RouteError("The last step of a route is the meeting that decides.")
    for index, step in enumerate(steps[:-1]):
        anchor = step.anchor_index(index)
        if not index < anchor < len(steps):
            raise RouteError(f"Step {index + 1} counts from step {anchor + 1}, not a later one.")
        if step.days_before < 0:
            raise RouteError(f"Step {index + 1} has a negative number of days.")


@functools.lru_cache(maxsize=32)
def public_holidays(first_year: int, last_year: int) -> frozenset[datetime.date]:
    """Dutch public holidays (the `holidays` package, category "public") in those years."""
    import holidays  # here, not at start-up: every `manage.py` command imports this module

    years = range(first_year, last_year + 1)
    return frozenset(holidays.country_holidays("NL", years=years, categories=("public",)))


@dataclass(frozen=True)
class Recess:
    name: str
    start: datetime.date
    end: datetime.date  # inclusive

    def __contains__(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Cycle:
    """The meeting calendars a chain is computed on.

    `meetings`: each body's meeting days (cancelled ones already left out); `recesses`: each
    body's recess periods; `holidays`: days nobody meets and no deadline falls on.
    """

    meetings: Mapping[str, Iterable[datetime.date]]
    recesses: Mapping[str, Sequence[Recess]] = field(default_factory=dict)
    holidays: frozenset[datetime.date] = frozenset()
    _days: dict[str, list[datetime.date]] = field(default_factory=dict, compare=False, repr=False)

    def meeting_days(self, body: str) -> list[datetime.date]:
        """The days `body` can decide: its meetings outside its recesses and the holidays."""
        if body not in self._days:
            recesses = self.recesses.get(body, ())
            self._days[body] = sorted(
                {
                    day
                    for day in self.meetings.get(body, ())
                    if day not in self.holidays and not any(day in r for r in recesses)
                }
            )
        return self._days[body]

    def is_meeting(self, body: str, day: datetime.date) -> bool:
        days = self.meeting_days(body)
        index = bisect.bisect_left(days, day)
        return index < len(days) and days[index] == day

    def is_working_day(self, day: datetime.date) -> bool:
        return day.weekday() < 5 and day not in self.holidays

    def recess_between(
        self, body: str, after: datetime.date, before: datetime.date
    ) -> Recess | None:
        """The first recess of `body` that lies between two days (for "na het zomerreces")."""
        for recess in sorted(self.recesses.get(body, ()), key=lambda r: r.start):
            if after < recess.start and recess.end < before:
                return recess
        return None

    def latest_meeting(self, body: str, latest: datetime.date) -> datetime.date | None:
        days = self.meeting_days(body)
        index = bisect.bisect_right(days, latest)
        return days[index - 1] if index else None

    def latest_working_day(self, latest: datetime.date) -> datetime.date:
        day = latest
        while not self.is_working_day(day):
            day -= ONE_DAY
        return day

    def is_valid(self, step: Step, day: datetime.date) -> bool:
        if step.kind == StepKind.DEADLINE:
            return self.is_working_day(day)
        return self.is_meeting(step.body, day)


Chain = tuple[datetime.date, ...]


def upper_bound(
    steps: Sequence[Step], index: int, later: Mapping[int, datetime.date]
) -> datetime.date:
    """The last day step `index` may fall on, given the dates of the later steps."""
    step = steps[index]
    anchor = step.anchor_index(index)
    return min(later[index + 1] - ONE_DAY, later[anchor] - datetime.timedelta(step.days_before))


def satisfies(steps: Sequence[Step], cycle: Cycle, chain: Sequence[datetime.date]) -> bool:
    """Whether `chain` keeps every rule of the route on this cycle."""
    if len(chain) != len(steps):
        return False
    if not all(cycle.is_valid(step, day) for step, day in zip(steps, chain, strict=True)):
        return False
    later = dict(enumerate(chain))
    return all(chain[i] <= upper_bound(steps, i, later) for i in range(len(steps) - 1))


def latest_chain(steps: Sequence[Step], cycle: Cycle, target: datetime.date) -> Chain | None:
    """The latest chain that ends in the meeting `target`; None when there is none (the target
    is no meeting of the deciding body, or a step finds no meeting early enough)."""
    check_route(steps)
    last = len(steps) - 1
    if not cycle.is_meeting(steps[last].body, target):
        return None
    dates: dict[int, datetime.date] = {last: target}
    for index in range(last - 1, -1, -1):
        bound = upper_bound(steps, index, dates)
        step = steps[index]
        if step.kind == StepKind.DEADLINE:
            day = cycle.latest_working_day(bound)
        else:
            day = cycle.latest_meeting(step.body, bound)
            if day is None:
                return None
        dates[index] = day
    return tuple(dates[i] for i in range(len(steps)))


def reachable(chain: Chain, not_before: Mapping[int, datetime.date]) -> bool:
    """Whether no step of `chain` lies before the day it may happen at the earliest."""
    return all(chain[index] >= day for index, day in not_before.items())


def earliest_chain(
    steps: Sequence[Step],
    cycle: Cycle,
    ready: datetime.date,
    not_before: Mapping[int, datetime.date] | None = None,
) -> Chain | None:
    """The chain with the earliest target meeting whose steps all lie on or after `ready`
    (and on or after `not_before[i]` for step i): "earliest possible".

    The latest chain grows with its target, so the first target that fits is the earliest.
    """
    check_route(steps)
    bounds = {0: ready, **(not_before or {})}
    for target in cycle.meeting_days(steps[-1].body):
        if target < max(bounds.values()):
            continue
        chain = latest_chain(steps, cycle, target)
        if chain is not None and reachable(chain, bounds):
            return chain
    return None
