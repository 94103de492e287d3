"""Every dated thing of a programme as small typed values: the one read the screens share.

`programme_items()` reads a programme's phases, gates, deliverables, milestones (with their
target groups) and calendar notes in a fixed number of queries, whatever the programme's size,
and returns them as frozen `DatedItem`s with "late" already decided by the one rule
(`phases.fuzzy.FuzzyDateModel.is_late_at`). The dashboard and the timeline build on it, so that
what they count and mark cannot drift apart.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable
from dataclasses import dataclass, replace

from django.db.models import Count, F, Max, Min, Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from milestones.models import CalendarNote, Involvement, Milestone
from phases.dates import Precision
from phases.fuzzy import FuzzyDateModel
from phases.models import Deliverable, Gate, Phase, Programme, WorkStatus

_FIELDS = ("id", "date_text", "start", "end", "precision")


@dataclass(frozen=True)
class GroupRef:
    """A target group as an item names it."""

    pk: int
    name: str


@dataclass(frozen=True)
class DatedItem:
    """One dated thing, independent of the model it came from."""

    kind: str  # "phase" | "gate" | "deliverable" | "milestone" | "note"
    pk: int
    title: str
    date_text: str
    start: datetime.date | None
    end: datetime.date | None
    precision: str
    status: str = ""  # a WorkStatus value, a phase status or a gate outcome; empty for notes
    late: bool = False
    open: bool = True  # not finished (done, cancelled, decided), by the model's own rule
    phase_id: int | None = None
    dates: tuple[str, ...] = ()  # separate days (ISO), only for precision "days"
    groups: tuple[GroupRef, ...] = ()  # milestones: their target groups by name
    decider: str = ""  # gates: the body that decides
    order: int = 0  # phases: their order in the programme

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.pk}"

    @property
    def is_dated(self) -> bool:
        return self.start is not None

    @property
    def is_exact(self) -> bool:
        return self.precision in (Precision.DAY, Precision.DAYS)

    def days_late(self, today: datetime.date) -> int:
        return (today - self.end).days if self.late and self.end else 0


@dataclass(frozen=True)
class LateCounts:
    """How many items of each kind are late; `work` is what people do (milestones, deliverables)."""

    milestones: int
    deliverables: int
    gates: int
    phases: int

    @property
    def work(self) -> int:
        return self.milestones + self.deliverables


@dataclass(frozen=True)
class ProgrammeItems:
    programme: Programme
    today: datetime.date
    phases: tuple[DatedItem, ...]
    gates: tuple[DatedItem, ...]
    deliverables: tuple[DatedItem, ...]
    milestones: tuple[DatedItem, ...]
    notes: tuple[DatedItem, ...]

    @property
    def work(self) -> tuple[DatedItem, ...]:
        """Gates, deliverables and milestones: what sits in a phase's lane."""
        return self.gates + self.deliverables + self.milestones

    @property
    def late_counts(self) -> LateCounts:
        return LateCounts(
            milestones=_count_late(self.milestones),
            deliverables=_count_late(self.deliverables),
            gates=_count_late(self.gates),
            phases=_count_late(self.phases),
        )


def phase_period(
    phase: DatedItem | None,
    items: Iterable[DatedItem],
    span: tuple[datetime.date | None, datetime.date | None] = (None, None),
) -> tuple[datetime.date | None, datetime.date | None, bool]:
    """The phase's own interval; without one, the span of its dated items (derived).

    `span`: first start and last end of further items counted in the database rather than
    read (the dashboard's milestone tallies)."""
    if phase is not None and phase.is_dated:
        return phase.start, phase.end, False
    dated = [item for item in items if item.is_dated]
    starts = [i.start for i in dated] + [span[0]] * (span[0] is not None)
    ends = [i.end for i in dated] + [span[1]] * (span[1] is not None)
    if not starts:
        return None, None, False
    return min(starts), max(ends), True


def phase_ends(items: ProgrammeItems) -> list[datetime.date]:
    """When each phase ends: its own end, else the last deadline of its work (`phase_period`)."""
    work: dict[int | None, list[DatedItem]] = {}
    for item in items.work:
        work.setdefault(item.phase_id, []).append(item)
    ends = [phase_period(phase, work.get(phase.pk, []))[1] for phase in items.phases]
    return [end for end in ends if end is not None]


def _count_late(items: Iterable[DatedItem]) -> int:
    return sum(item.late for item in items)


def _item(
    kind: str, model: type[FuzzyDateModel], row: dict, today: datetime.date, **extra
) -> DatedItem:
    """A row of `values()` as a dated item; "late" by the model's own rule."""
    status = row[model.status_field] if model.status_field else ""
    return DatedItem(
        kind=kind,
        pk=row["id"],
        title=row["title"],
        date_text=row["date_text"],
        start=row["start"],
        end=row["end"],
        precision=row["precision"],
        status=status,
        late=model.is_late_at(end=row["end"], status=status, today=today),
        open=model.is_open_status(status),
        **extra,
    )


def programme_items(
    *,
    programme: Programme,
    today: datetime.date,
    decisions_as_of_today: bool = False,
    with_milestones: bool = True,
) -> ProgrammeItems:
    """Everything dated in `programme`, in six queries.

    `decisions_as_of_today`: gate outcomes as they stood on `today` (a peildatum in the past),
    read from the gates' history in one more query. `with_milestones=False` leaves the
    milestones out, for a page that counts them with `milestone_tallies()` and reads the few
    it shows with `milestone_items()`.
    """
    gates = tuple(_gates(programme, today))
    if decisions_as_of_today:
        gates = _gates_as_of(gates, programme, today)
    return ProgrammeItems(
        programme=programme,
        today=today,
        phases=tuple(_phases(programme, today)),
        gates=gates,
        deliverables=tuple(_deliverables(programme, today)),
        milestones=milestone_items(programme, today) if with_milestones else (),
        notes=tuple(_notes(programme, today)),
    )


def _phases(programme: Programme, today: datetime.date) -> Iterable[DatedItem]:
    rows = Phase.objects.filter(programme=programme).order_by("order")
    for row in rows.values(*_FIELDS, "order", "status", title=F("name")):
        yield _item("phase", Phase, row, today, phase_id=row["id"], order=row["order"])


def _gates(programme: Programme, today: datetime.date) -> Iterable[DatedItem]:
    rows = Gate.objects.filter(phase__programme=programme).order_by("end", "pk")
    for row in rows.values(*_FIELDS, "title", "phase_id", "dates", "outcome", "decider__name"):
        extra = {"phase_id": row["phase_id"], "dates": tuple(row["dates"] or ())}
        yield _item("gate", Gate, row, today, decider=row["decider__name"] or "", **extra)


def _gates_as_of(
    gates: tuple[DatedItem, ...], programme: Programme, day: datetime.date
) -> tuple[DatedItem, ...]:
    """The gates with the outcome recorded by the end of `day`, and "late" decided by it.

    A gate typed in after `day` has no record by then: its first record stands in. Either
    way a decision dated after `day` (`decided_on`) had not been taken on `day`.
    """
    end_of_day = datetime.datetime.combine(
        day + datetime.timedelta(days=1), datetime.time.min, tzinfo=timezone.get_current_timezone()
    )
    recorded: dict[int, tuple[str, datetime.date | None]] = {}
    rows = (
        Gate.history.filter(id__in=Gate.objects.filter(phase__programme=programme).values("pk"))
        .order_by("id", "history_date", "history_id")
        .values_list("id", "outcome", "decided_on", "history_date")
    )
    for pk, outcome, decided_on, moment in rows:
        if pk not in recorded or moment < end_of_day:
            recorded[pk] = (outcome, decided_on)
    result = []
    for gate in gates:
        outcome, decided_on = recorded.get(gate.pk, (gate.status, None))
        if decided_on is not None and decided_on > day:
            outcome = Gate.Outcome.OPEN
        late = Gate.is_late_at(end=gate.end, status=outcome, today=day)
        result.append(replace(gate, status=outcome, late=late))
    return tuple(result)


def _deliverables(programme: Programme, today: datetime.date) -> Iterable[DatedItem]:
    rows = Deliverable.objects.filter(phase__programme=programme).order_by("pk")
    for row in rows.values(*_FIELDS, "title", "phase_id", "dates", "status"):
        extra = {"phase_id": row["phase_id"], "dates": tuple(row["dates"] or ())}
        yield _item("deliverable", Deliverable, row, today, **extra)


def _milestone_groups(milestone_ids: QuerySet[Milestone]) -> dict[int, tuple[GroupRef, ...]]:
    """Each milestone's target groups by name. A programme has few groups and fewer
    combinations of them: each group and each combination is made once, and shared."""
    refs: dict[int, GroupRef] = {}
    ids: dict[int, list[int]] = {}
    for milestone_id, group_id, name in (
        Involvement.objects.filter(milestone__in=milestone_ids)
        .order_by("target_group__name")
        .values_list("milestone_id", "target_group_id", "target_group__name")
    ):
        if group_id not in refs:
            refs[group_id] = GroupRef(group_id, name)
        ids.setdefault(milestone_id, []).append(group_id)
    shared: dict[tuple[int, ...], tuple[GroupRef, ...]] = {}
    for key in {tuple(group_ids) for group_ids in ids.values()}:
        shared[key] = tuple(refs[pk] for pk in key)
    return {pk: shared[tuple(group_ids)] for pk, group_ids in ids.items()}


def milestone_items(
    programme: Programme,
    today: datetime.date,
    *,
    selection: QuerySet[Milestone] | None = None,
    order_by: tuple[str, ...] = ("pk",),
    limit: int | None = None,
) -> tuple[DatedItem, ...]:
    """The milestones of `programme` (those of `selection`, e.g. `Milestone.objects.late(today)`)
    with their target groups, in two queries; the first `limit` in `order_by` order."""
    if selection is None:
        selection = Milestone.objects.all()
    selected = selection.filter(programme=programme).order_by(*order_by)
    if limit is not None:
        selected = selected[:limit]
    # Separate days are rare: decode the JSON of those rows only (decoding every row costs).
    # Rows as tuples: thousands of milestones, and a dict per row cost a third of reading them.
    rows = list(
        selected.annotate(days_json=Cast("dates", TextField())).values_list(
            *_FIELDS, "title", "phase_id", "days_json", "status"
        )
    )
    groups = _milestone_groups(selected.values("pk"))
    return tuple(
        DatedItem(
            kind="milestone",
            pk=pk,
            title=title,
            date_text=date_text,
            start=start,
            end=end,
            precision=precision,
            status=status,
            late=Milestone.is_late_at(end=end, status=status, today=today),
            open=Milestone.is_open_status(status),
            phase_id=phase_id,
            dates=tuple(json.loads(days)) if precision == Precision.DAYS else (),
            groups=groups.get(pk, ()),
        )
        for pk, date_text, start, end, precision, title, phase_id, days, status in rows
    )


@dataclass(frozen=True)
class MilestoneTally:
    """Milestones of one phase counted in the database: none is loaded to count them."""

    count: int = 0  # all of them, cancelled too
    done: int = 0
    total: int = 0  # not cancelled
    late: int = 0
    undated: int = 0
    start: datetime.date | None = None  # the span of the dated ones
    end: datetime.date | None = None


def milestone_tallies(
    programme: Programme, today: datetime.date
) -> dict[int | None, MilestoneTally]:
    """Per phase (None: without a phase), how many milestones are done, late, undated…: one
    aggregate query, "late" by the one rule (`Milestone.late_q`)."""
    rows = (
        Milestone.objects.filter(programme=programme)
        .order_by()
        .values("phase_id")
        .annotate(
            count=Count("pk"),
            done=Count("pk", filter=Q(status=WorkStatus.DONE)),
            total=Count("pk", filter=~Q(status=WorkStatus.CANCELLED)),
            late=Count("pk", filter=Milestone.late_q(today)),
            undated=Count("pk", filter=Q(start__isnull=True)),
            first=Min("start"),
            last=Max("end"),
        )
    )
    return {
        row["phase_id"]: MilestoneTally(
            count=row["count"],
            done=row["done"],
            total=row["total"],
            late=row["late"],
            undated=row["undated"],
            start=row["first"],
            end=row["last"],
        )
        for row in rows
    }


def _notes(programme: Programme, today: datetime.date) -> Iterable[DatedItem]:
    rows = CalendarNote.objects.filter(programme=programme).dated().order_by("start", "pk")
    for row in rows.values(*_FIELDS, "title"):
        yield _item("note", CalendarNote, row, today)
