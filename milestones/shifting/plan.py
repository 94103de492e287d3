"""Shifting a phase: move its milestones (and its period, deliverables, gates) by N days.

`plan_shift()` works out what would move and how, writing nothing (the preview);
`apply_shift()` saves it in one transaction, and refuses when anything in the plan changed
since the preview. Each item moves in its own unit (`phases.dates.shift_reading`): "Q4"
does not move by two weeks, and the plan says so and why.

Every moved item is saved through `set_date()` + `save()`, so its `version` grows (calendars
use it as SEQUENCE: Outlook picks the new dates up) and its history records who and why.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from milestones.models import Milestone
from phases.dates import FuzzyDate, FuzzyDateError, Precision, ShiftUnit, shift_reading, shift_unit
from phases.fuzzy import FuzzyDateModel
from phases.models import Deliverable, Gate, Phase

MAX_DAYS = 3660  # ten years either way is more than any plan moves
PRECISIONS = frozenset(p.value for p in Precision)


class ItemKind(enum.StrEnum):
    PHASE = "phase"
    MILESTONE = "milestone"
    DELIVERABLE = "deliverable"
    GATE = "gate"

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self])


KIND_LABELS = {
    ItemKind.PHASE: _("phase period"),
    ItemKind.MILESTONE: _("milestone"),
    ItemKind.DELIVERABLE: _("deliverable"),
    ItemKind.GATE: _("gate"),
}
MODELS: dict[ItemKind, type[FuzzyDateModel]] = {
    ItemKind.PHASE: Phase,
    ItemKind.MILESTONE: Milestone,
    ItemKind.DELIVERABLE: Deliverable,
    ItemKind.GATE: Gate,
}


class NotMoved(enum.StrEnum):
    """Why an item stays where it is."""

    NO_DATE = "no_date"
    UNREADABLE = "unreadable"
    TOO_COARSE = "too_coarse"
    OUT_OF_RANGE = "out_of_range"


UNIT_COUNTS = {
    ShiftUnit.DAY: ngettext_lazy("%(n)d day", "%(n)d days", "n"),
    ShiftUnit.WEEK: ngettext_lazy("%(n)d week", "%(n)d weeks", "n"),
    ShiftUnit.MONTH_PART: ngettext_lazy("%(n)d part of a month", "%(n)d parts of a month", "n"),
    ShiftUnit.MONTH: ngettext_lazy("%(n)d month", "%(n)d months", "n"),
    ShiftUnit.SEASON: ngettext_lazy("%(n)d season", "%(n)d seasons", "n"),
    ShiftUnit.QUARTER: ngettext_lazy("%(n)d quarter", "%(n)d quarters", "n"),
    ShiftUnit.YEAR_PART: ngettext_lazy("%(n)d part of a year", "%(n)d parts of a year", "n"),
    ShiftUnit.HALF_YEAR: ngettext_lazy("%(n)d half year", "%(n)d half years", "n"),
    ShiftUnit.YEAR: ngettext_lazy("%(n)d year", "%(n)d years", "n"),
}


def unit_count(unit: ShiftUnit, n: int) -> str:
    """ "2 weeks", "1 quarter", in the user's language."""
    return UNIT_COUNTS[unit] % {"n": n}


def amount_label(days: int) -> str:
    """ "2 weeks" or "10 days" (the size of a shift, without its direction)."""
    if days % 7 == 0:
        return unit_count(ShiftUnit.WEEK, abs(days) // 7)
    return unit_count(ShiftUnit.DAY, abs(days))


def change_reason(days: int, why: str = "") -> str:
    """What the history of every moved item says: the shift, and why when the editor said."""
    if days < 0:
        text = gettext("Phase moved earlier by %(amount)s") % {"amount": amount_label(days)}
    else:
        text = gettext("Phase moved by %(amount)s") % {"amount": amount_label(days)}
    why = " ".join(why.split())  # one line, as the history column and the report show it
    return f"{text}: {why}" if why else text


class ShiftConflict(Exception):
    """Something in the plan changed since the preview; nothing was written."""

    def __init__(self, titles: list[str]) -> None:
        self.titles = titles
        super().__init__(
            gettext(
                "Something changed since the preview (%(titles)s). Nothing was moved; "
                "check the new preview and save again."
            )
            % {"titles": ", ".join(titles[:5]) + (" …" if len(titles) > 5 else "")}
        )


@dataclass(frozen=True)
class Period:
    """A date as written and the interval it denotes (templates use `|interval`, `|isoweeks`)."""

    text: str
    start: datetime.date | None
    end: datetime.date | None


@dataclass(frozen=True)
class ShiftItem:
    kind: ItemKind
    pk: int
    title: str
    version: int  # what the preview saw
    old: Period
    new: Period  # the same as `old` when not moved
    unit: ShiftUnit | None = None
    steps: int = 0  # in `unit`; negative is earlier
    not_moved: NotMoved | None = None
    reason: str = ""  # why not, in the user's language
    reading: FuzzyDate | None = None  # the new reading, for a moved item

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.pk}"

    @property
    def moved(self) -> bool:
        return self.not_moved is None

    @property
    def kind_label(self) -> str:
        return self.kind.label

    @property
    def moved_by(self) -> str:
        """ "3 parts of a month later", "2 weeks earlier"."""
        if not self.moved or self.unit is None:
            return ""
        if self.unit is ShiftUnit.DAY:
            amount = amount_label(self.steps)  # "2 weeks" rather than "14 days"
        else:
            amount = unit_count(self.unit, abs(self.steps))
        if self.steps < 0:
            return gettext("%(amount)s earlier") % {"amount": amount}
        return gettext("%(amount)s later") % {"amount": amount}


@dataclass(frozen=True)
class ShiftPlan:
    phase: Phase
    days: int
    items: tuple[ShiftItem, ...]

    @property
    def moved(self) -> tuple[ShiftItem, ...]:
        return tuple(item for item in self.items if item.moved)

    @property
    def not_moved(self) -> tuple[ShiftItem, ...]:
        return tuple(item for item in self.items if not item.moved)

    @property
    def versions(self) -> dict[str, int]:
        return {item.key: item.version for item in self.items}

    def moved_count(self, kind: ItemKind) -> int:
        return sum(1 for item in self.moved if item.kind is kind)

    @property
    def amount(self) -> str:
        return amount_label(self.days)


def _reading(obj: FuzzyDateModel) -> FuzzyDate:
    return FuzzyDate(
        obj.date_text,
        obj.start,
        obj.end,
        Precision(obj.precision),
        tuple(obj.separate_days),
    )


def _plan_item(
    kind: ItemKind, obj: FuzzyDateModel, title: str, *, days: int, year_context: int
) -> ShiftItem:
    old = Period(obj.date_text, obj.start, obj.end)
    base = {"kind": kind, "pk": obj.pk, "title": title, "version": obj.version, "old": old}
    if not obj.date_text.strip():
        return ShiftItem(**base, new=old, not_moved=NotMoved.NO_DATE, reason=gettext("no date"))
    if obj.start is None or obj.end is None or obj.precision not in PRECISIONS:
        reason = gettext("date not understood")
        return ShiftItem(**base, new=old, not_moved=NotMoved.UNREADABLE, reason=reason)
    reading = _reading(obj)
    unit = shift_unit(reading)
    steps = unit.steps(days)
    if steps == 0:
        reason = gettext("too coarse to move by %(amount)s: it moves in steps of %(step)s") % {
            "amount": amount_label(days),
            "step": unit_count(unit, 1),
        }
        return ShiftItem(**base, new=old, unit=unit, not_moved=NotMoved.TOO_COARSE, reason=reason)
    try:
        moved = shift_reading(reading, days, year_context=year_context)
    except FuzzyDateError:
        reason = gettext("it would leave the years 1900–2200")
        return ShiftItem(**base, new=old, unit=unit, not_moved=NotMoved.OUT_OF_RANGE, reason=reason)
    new = Period(moved.text, moved.start, moved.end)
    return ShiftItem(**base, new=new, unit=unit, steps=steps, reading=moved)


def plan_shift(
    *,
    phase: Phase,
    days: int,
    milestones: Collection[int] | None = None,
    deliverables: Collection[int] | None = None,
    gates: Collection[int] | None = None,
    include_phase_period: bool = True,
) -> ShiftPlan:
    """What moving `phase` by `days` (negative: earlier) would do; writes nothing.

    `milestones`, `deliverables` and `gates` are ids to move (None: all of the phase; ids of
    another phase are ignored). Items come in the order phase period, milestones,
    deliverables, gates.
    """
    year = phase.programme.year
    objects: list[tuple[ItemKind, FuzzyDateModel, str]] = []
    if include_phase_period:
        objects.append((ItemKind.PHASE, phase, phase.name))
    selections = (
        (ItemKind.MILESTONE, Milestone.objects.filter(phase=phase), milestones),
        (ItemKind.DELIVERABLE, Deliverable.objects.filter(phase=phase), deliverables),
        (ItemKind.GATE, Gate.objects.filter(phase=phase), gates),
    )
    for kind, queryset, ids in selections:
        if ids is not None:
            queryset = queryset.filter(pk__in=ids)
        objects += [(kind, obj, obj.title) for obj in queryset]
    items = tuple(
        _plan_item(kind, obj, title, days=days, year_context=year) for kind, obj, title in objects
    )
    return ShiftPlan(phase=phase, days=days, items=items)


@transaction.atomic
def apply_shift(
    *,
    plan: ShiftPlan,
    user: AbstractBaseUser,
    seen_versions: Mapping[str, int] | None = None,
    why: str = "",
) -> int:
    """Save every moved item of `plan`; returns how many were saved.

    `why`: the editor's reason, kept in every moved item's history after the shift itself.

    `seen_versions` (item key -> version) are the versions the preview showed; by default the
    plan's own. If any item of the plan was changed or deleted since — or the preview showed
    other items — raises ShiftConflict and writes nothing.
    """
    seen = plan.versions if seen_versions is None else dict(seen_versions)
    current: dict[str, FuzzyDateModel] = {}
    for kind, model in MODELS.items():
        ids = [item.pk for item in plan.items if item.kind is kind]
        if ids:
            for obj in model.objects.select_for_update().filter(pk__in=ids):
                current[f"{kind}-{obj.pk}"] = obj
    changed = [
        item.title
        for item in plan.items
        if item.key not in current
        or current[item.key].version != seen.get(item.key)
        or item.version != seen.get(item.key)
    ]
    planned = {item.key for item in plan.items}
    if any(key not in planned for key in seen):  # shown then, no longer in the phase now
        changed.append(gettext("an item that is no longer part of this phase"))
    if changed:
        raise ShiftConflict(changed)
    reason = change_reason(plan.days, why)
    for item in plan.moved:
        assert item.reading is not None
        obj = current[item.key]
        obj.set_date(item.reading, text=item.reading.text)
        obj._history_user = user
        obj._change_reason = reason
        obj.save()
    return len(plan.moved)
