"""The living demo programme: a yearless milestone table placed around the day it is loaded.

A demo file with a ``[living]`` table (``fixtures/demo/005_od_van_de_toekomst_lopend.toml``)
borrows the milestone rows of another demo file (``milestones_from``: titles, target groups
and date texts as written) and is placed in time before it is created:

* ``place_around_today()`` moves every date so that today falls on ``today_falls_on`` of the
  table as read in ``reference_year``.  The table moves by a whole number of weeks (weekdays
  stay); each text is written anew in its own kind of words by the one shifting rule
  (``phases.dates.shift_reading``) and must read back, with the programme's new year context,
  to exactly its moved interval (a schedule's rows with the schedule cursor, a phase's or
  gate's text on its own, gaining a year where it needs one).
* ``tell_story()`` then records what a running programme has behind it, through the ordinary
  write paths: the gates before the running phase approved on their date (with a besluitnummer),
  the work before today done, the phases before the running one done and that one running, and
  last a later phase shifted (``milestones.shifting.plan``), so that the history has a move with
  who and why.

Loading stays idempotent: the programme is placed once, on the day it is created; ``load_demo
--reset`` places it around the new day.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.utils import timezone

from milestones.baselines.models import Baseline
from milestones.models import Involvement, Milestone
from milestones.shifting.plan import apply_shift, plan_shift
from phases.dates import FuzzyDate, FuzzyDateError, ScheduleReader, parse_fuzzy_date, shift_reading
from phases.models import Deliverable, Gate, Phase, Programme, WorkStatus


class PlacementError(ValueError):
    """The table cannot be placed around today as its file asks (names the item)."""


def _same(a: FuzzyDate, b: FuzzyDate) -> bool:
    return (a.start, a.end, tuple(a.dates)) == (b.start, b.end, tuple(b.dates))


def week_offset(*, today: datetime.date, falls_on: datetime.date) -> int:
    """Days to move the table by: the whole number of weeks nearest to ``today - falls_on``."""
    return 7 * round((today - falls_on).days / 7)


def _moved_rows(
    rows: list[Mapping[str, Any]], *, reference_year: int, days: int
) -> tuple[int, list[str]]:
    """The new year context and the rows' new date texts (read as one schedule, in order)."""
    reader = ScheduleReader(reference_year)
    try:
        readings = [reader.read(row["date_text"]) for row in rows]
    except FuzzyDateError as exc:
        raise PlacementError(str(exc)) from exc
    year = (readings[0].start + datetime.timedelta(days=days)).year
    moved = [shift_reading(reading, days, year_context=year) for reading in readings]
    again = ScheduleReader(year)
    for row, reading in zip(rows, moved, strict=True):
        if not _same(again.read(reading.text), reading):
            raise PlacementError(
                f"milestone {row['title']!r}: {reading.text!r} does not read back in {year}"
            )
    return year, [reading.text for reading in moved]


def moved_text(text: str, *, reference_year: int, days: int, year: int) -> str:
    """``text`` (read in ``reference_year``) moved by ``days``, as read in ``year`` on its own."""
    try:
        moved = shift_reading(parse_fuzzy_date(text, reference_year), days, year_context=year)
    except FuzzyDateError as exc:
        raise PlacementError(str(exc)) from exc
    for candidate in (moved.text, f"{moved.text} {moved.end.year}"):
        try:
            if _same(parse_fuzzy_date(candidate, year), moved):
                return candidate
        except FuzzyDateError:
            continue
    raise PlacementError(f"{text!r} moved to {moved.text!r} does not read back in {year}")


def _phase_of(line: int, phases: list[Mapping[str, Any]]) -> int:
    """The order of the last phase whose ``first_line`` is at or above ``line``."""
    orders = [p["order"] for p in phases if p["first_line"] <= line]
    if not orders:
        raise PlacementError(f"row on line {line} lies before the first phase")
    return orders[-1]


def place_around_today(
    *, data: Mapping[str, Any], table: Mapping[str, Any], today: datetime.date
) -> dict[str, Any]:
    """A copy of ``data`` with ``table``'s milestone rows, every date moved around ``today``.

    The result is an ordinary demo file (``schedule = true``): ``milestones.demo`` creates it
    like any other, and ``tell_story()`` finishes it.
    """
    living = data["living"]
    reference_year = living["reference_year"]
    days = week_offset(today=today, falls_on=living["today_falls_on"])
    rows = list(table["milestones"])
    year, texts = _moved_rows(rows, reference_year=reference_year, days=days)

    def move(text: str) -> str:
        return moved_text(text, reference_year=reference_year, days=days, year=year)

    phases = [
        {
            **phase,
            "date_text": move(phase["date_text"]),
            "gates": [
                {**gate, "date_text": move(gate["date_text"])} for gate in phase.get("gates", [])
            ],
        }
        for phase in data.get("phases", [])
    ]
    delta = datetime.timedelta(days=days)
    meetings = [
        {
            **spec,
            "first_date": spec["first_date"] + delta,
            **({"last_date": spec["last_date"] + delta} if spec.get("last_date") else {}),
        }
        for spec in data.get("meetings", [])
    ]
    milestones = [
        {**row, "date_text": text, "phase": _phase_of(row["line"], phases)}
        for row, text in zip(rows, texts, strict=True)
    ]
    return {
        **data,
        "schedule": True,
        "programme": {**data["programme"], "year": year},
        "phases": phases,
        "meetings": meetings,
        "milestones": milestones,
        "living": {**living, "placed_on": today, "days": days},
    }


def tell_story(
    *,
    programme: Programme,
    living: Mapping[str, Any],
    specs: list[Mapping[str, Any]],
    today: datetime.date,
    editor: AbstractBaseUser | None,
) -> None:
    """Record what the programme has behind it on ``today`` (see the module docstring).

    ``specs`` are the placed phase specs (for the gates' besluitnummers); ``editor`` is who
    the history names (the demo's project leader, or nobody on an installation without demo
    users).
    """
    running = living["running_phase"]
    phases = {phase.order: phase for phase in programme.phases.all()}
    references = {
        gate["title"]: gate.get("reference", "") for spec in specs for gate in spec.get("gates", [])
    }
    for order in sorted(o for o in phases if o < running):
        for gate in phases[order].gates.all():
            _approve(gate=gate, reference=references[gate.title], today=today, editor=editor)
    done = Milestone.objects.filter(
        programme=programme, phase__order__lte=running, end__lt=today
    ).order_by("end", "pk")
    for milestone in done:
        milestone.status = WorkStatus.DONE
        _save(milestone, editor=editor)
    for order, phase in sorted(phases.items()):
        if order < running:
            phase.status = Phase.Status.DONE
        elif order == running:
            phase.status = Phase.Status.RUNNING
        else:
            continue
        phase.full_clean()  # a phase only runs once the gate before it is approved
        _save(phase, editor=editor)
    current = phases[running]
    if not (current.start and current.end and current.start <= today <= current.end):
        raise PlacementError(f"today ({today}) lies outside the running phase {current.name!r}")
    _date_history(programme, _history_moment(today))
    plan = plan_shift(phase=phases[living["shift_phase"]], days=living["shift_days"])
    apply_shift(plan=plan, user=editor)


def _history_moment(today: datetime.date) -> datetime.datetime:
    """When the demo's plan "was made": five weeks back, before the last four-weekly Stuurgroep,
    so that what moved since that meeting is the shift recorded afterwards, not the whole plan."""
    day = today - datetime.timedelta(days=35)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


def _date_history(programme: Programme, moment: datetime.datetime) -> None:
    """Date the history written so far (creation, statuses, approvals) at `moment`, and the
    baselines taken on the way."""
    phase_ids = list(programme.phases.values_list("pk", flat=True))
    milestone_ids = list(programme.milestones.values_list("pk", flat=True))
    for records in (
        Programme.history.filter(id=programme.pk),
        Phase.history.filter(programme_id=programme.pk),
        Gate.history.filter(phase_id__in=phase_ids),
        Deliverable.history.filter(phase_id__in=phase_ids),
        Milestone.history.filter(programme_id=programme.pk),
        Involvement.history.filter(milestone_id__in=milestone_ids),
    ):
        records.update(history_date=moment)
    # The baselines the approvals took hold that same plan: taken then, too.
    Baseline.objects.filter(programme=programme).update(taken_at=moment)


def _approve(
    *, gate: Gate, reference: str, today: datetime.date, editor: AbstractBaseUser | None
) -> None:
    """The gate approved on its own date, which lies before today."""
    if gate.end is None or gate.end >= today:
        raise PlacementError(f"gate {gate.title!r} is not behind us on {today}")
    gate.outcome = Gate.Outcome.APPROVED
    gate.decided_on = gate.end
    gate.reference = reference.format(year=gate.end.year)
    gate.full_clean()
    _save(gate, editor=editor)


def _save(obj: Any, *, editor: AbstractBaseUser | None) -> None:
    obj._history_user = editor
    obj.save()
