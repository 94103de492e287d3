"""What changed in a programme's plan since a baseline or a past day: the comparison engine.

`compare()` reads the current plan through the one selector of dated things, the old plan
from a baseline (one JSON column) or from history (`snapshot.plan_as_of`), and returns plain
frozen dataclasses: moved items (old → new, as `phases.presentation.format_dated` writes a
date, with the slip of the deadline in days and who moved it and why), added, removed and
cancelled items, status changes, gate decisions, and per phase the net slip of its end.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext

from milestones.baselines.models import Baseline
from milestones.baselines.snapshot import Plan, PlannedItem, plan_as_of, plan_from_json, plan_of
from milestones.dated_items import programme_items
from milestones.models import Milestone
from phases.history import who_of
from phases.models import Deliverable, Gate, Phase, Programme, WorkStatus
from phases.presentation import format_dated, format_day, format_value

MODELS = {"phase": Phase, "gate": Gate, "deliverable": Deliverable, "milestone": Milestone}


@dataclass(frozen=True)
class ItemRef:
    """An item as a list of changes names it."""

    kind: str
    kind_label: str
    pk: int
    title: str
    phase: str  # the phase's name, "" outside phases
    phase_id: int | None
    groups: tuple[str, ...]
    dated: str  # "wk 47 (18 – 24 nov 2024)"


@dataclass(frozen=True)
class Move:
    item: ItemRef
    old: str  # date text and interval before
    new: str  # … and now
    slip_days: int | None  # how far the deadline moved (later is positive); None if undated
    who: str = ""
    reason: str = ""

    @property
    def slip(self) -> str:
        return describe_slip(self.slip_days)


@dataclass(frozen=True)
class StatusChange:
    item: ItemRef
    old: str  # the status as people read it
    new: str
    status: str = ""  # the new status as stored (a WorkStatus value, a gate outcome)


@dataclass(frozen=True)
class PhaseSlip:
    phase: str
    old: str
    new: str
    slip_days: int | None

    @property
    def slip(self) -> str:
        return describe_slip(self.slip_days)


@dataclass(frozen=True)
class Changes:
    """Everything that changed, most slipped first; `filtered()` narrows it to a phase/group."""

    since: datetime.datetime
    label: str  # what was compared with: a baseline's name or "1 okt 2025"
    moved: tuple[Move, ...] = ()
    added: tuple[ItemRef, ...] = ()
    removed: tuple[ItemRef, ...] = ()
    cancelled: tuple[ItemRef, ...] = ()
    status_changes: tuple[StatusChange, ...] = ()
    gate_decisions: tuple[StatusChange, ...] = ()
    phase_slips: tuple[PhaseSlip, ...] = ()
    groups: tuple[str, ...] = field(default=())  # every target group named, for the filter

    @property
    def is_empty(self) -> bool:
        return not (self.moved or self.added or self.removed or self.cancelled
                    or self.status_changes or self.gate_decisions)  # fmt: skip

    def filtered(self, *, phase_id: int | None = None, group: str = "") -> Changes:
        def keep(ref: ItemRef) -> bool:
            if phase_id is not None and ref.phase_id != phase_id:
                return False
            return not group or group in ref.groups

        return replace(
            self,
            moved=tuple(m for m in self.moved if keep(m.item)),
            added=tuple(r for r in self.added if keep(r)),
            removed=tuple(r for r in self.removed if keep(r)),
            cancelled=tuple(r for r in self.cancelled if keep(r)),
            status_changes=tuple(s for s in self.status_changes if keep(s.item)),
            gate_decisions=tuple(s for s in self.gate_decisions if keep(s.item)),
        )


def compare(
    *,
    programme: Programme,
    today: datetime.date,
    baseline: Baseline | None = None,
    since: datetime.date | datetime.datetime | None = None,
    label: str = "",
) -> Changes:
    """The changes since `baseline`, or since `since` (a day: its start; a moment) from history.

    `label` names what is compared with; by default the baseline's name or the day.
    """
    old, moment, label = plan_then(programme, baseline=baseline, since=since, label=label)
    new = plan_of(programme_items(programme=programme, today=today))
    changes = compare_plans(old, new, since=moment, label=label)
    return replace(changes, moved=tuple(_with_movers(changes.moved, old, moment)))


def plan_then(
    programme: Programme,
    *,
    baseline: Baseline | None = None,
    since: datetime.date | datetime.datetime | None = None,
    label: str = "",
) -> tuple[Plan, datetime.datetime, str]:
    """The plan to compare with, the moment it stood and its name: a baseline's stored plan, or
    the plan at `since` (a day: its start; a moment) rebuilt from history."""
    if baseline is not None:
        return plan_from_json(baseline.items), baseline.taken_at, label or baseline.name
    if since is None:
        raise TypeError("give a baseline or a moment")
    moment = since if isinstance(since, datetime.datetime) else start_of_day(since)
    label = label or format_day(timezone.localtime(moment).date())
    return plan_as_of(programme, moment), moment, label


def start_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def compare_plans(old: Plan, new: Plan, *, since: datetime.datetime, label: str) -> Changes:
    """The difference between two plans (pure: no queries)."""
    phase_names = {i.pk: i.title for i in (*old.values(), *new.values()) if i.kind == "phase"}

    def ref(item: PlannedItem) -> ItemRef:
        model = MODELS[item.kind]
        return ItemRef(
            kind=item.kind,
            kind_label=str(model._meta.verbose_name),
            pk=item.pk,
            title=item.title,
            phase=phase_names.get(item.phase_id, "") if item.kind != "phase" else "",
            phase_id=item.phase_id,
            groups=item.groups,
            dated=format_dated(item.date_text, item.start, item.end),
        )

    def status(item: PlannedItem) -> str:
        model = MODELS[item.kind]
        return format_value(item.status, model._meta.get_field(model.status_field))

    moved, cancelled, statuses, decisions, slips = [], [], [], [], []
    for key, now in new.items():
        before = old.get(key)
        if before is None:
            continue
        if (before.start, before.end) != (now.start, now.end):
            moved.append(Move(ref(now), ref(before).dated, ref(now).dated, _slip(before, now)))
            if now.kind == "phase":
                slips.append(PhaseSlip(now.title, ref(before).dated, ref(now).dated,
                                       _slip(before, now)))  # fmt: skip
        if before.status == now.status:
            continue
        if now.kind == "gate":
            decisions.append(StatusChange(ref(now), status(before), status(now), now.status))
        elif now.kind != "phase" and now.status == WorkStatus.CANCELLED:
            cancelled.append(ref(now))
        else:
            statuses.append(StatusChange(ref(now), status(before), status(now), now.status))
    moved.sort(key=lambda m: (m.slip_days is None, -(m.slip_days or 0), m.item.title))
    return Changes(
        since=since,
        label=label,
        moved=tuple(moved),
        added=tuple(ref(item) for key, item in new.items() if key not in old),
        removed=tuple(ref(item) for key, item in old.items() if key not in new),
        cancelled=tuple(cancelled),
        status_changes=tuple(statuses),
        gate_decisions=tuple(decisions),
        phase_slips=tuple(slips),
        groups=tuple(sorted({g for item in (*old.values(), *new.values()) for g in item.groups})),
    )


def _slip(before: PlannedItem, now: PlannedItem) -> int | None:
    if before.end is None or now.end is None:
        return None
    return (now.end - before.end).days


def _with_movers(moves: Iterable[Move], old: Plan, moment: datetime.datetime) -> Iterable[Move]:
    """Each move with who made it and the reason they gave: the last history record after
    `moment` that changed the item's interval (one query per kind of item moved)."""
    moves = list(moves)
    movers: dict[tuple[str, int], tuple[str, str]] = {}
    for kind, model in MODELS.items():
        ids = [m.item.pk for m in moves if m.item.kind == kind]
        if not ids:
            continue
        interval = {pk: (old[f"{kind}-{pk}"].start, old[f"{kind}-{pk}"].end) for pk in ids}
        for record in (
            model.history.filter(id__in=ids, history_date__gt=moment)
            .select_related("history_user")
            .order_by("history_date", "history_id")
        ):
            if interval[record.id] != (record.start, record.end):
                movers[kind, record.id] = (who_of(record), record.history_change_reason or "")
            interval[record.id] = (record.start, record.end)
    for move in moves:
        who, reason = movers.get((move.item.kind, move.item.pk), ("", ""))
        yield replace(move, who=who, reason=reason)


def describe_slip(days: int | None) -> str:
    """ "+3 dagen", "+20 dagen (+2,9 wk)", "-7 dagen (-1 wk)"; "" when it cannot be said."""
    if days is None:
        return ""
    sign = "+" if days > 0 else "-" if days < 0 else ""
    text = ngettext("%(sign)s%(days)d day", "%(sign)s%(days)d days", abs(days)) % {
        "sign": sign,
        "days": abs(days),
    }
    if abs(days) >= 7:
        weeks = round(abs(days) / 7, 1)
        weeks = formats.number_format(int(weeks) if weeks.is_integer() else weeks, use_l10n=True)
        text += " (" + gettext("%(sign)s%(weeks)s wk") % {"sign": sign, "weeks": weeks} + ")"
    return text
