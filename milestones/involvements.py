"""The one write path of a milestone's target groups (its involvements).

Every path that changes which groups take part in a milestone — the edit form, the quick
edit, the import (first and again), the demo loader, the load generator — goes through
``bulk_set_target_groups`` (or ``set_target_groups`` for one milestone), so that each
group added or removed leaves a history row of the involvement ("+" or "-", a changed
RACI letter "~") that names who and when: ``milestones.history`` folds those rows into the
milestone's entry of that moment ("Doelgroepen: Regievoerders → Stuurgroep").

Versions: a change of groups is a change of the milestone.  ``set_target_groups`` saves
the milestone (a new version, and the history entry the groups join) unless the caller
saved it in the same write (``saved=True``); bulk callers set versions in their own bulk
write, as every bulk write must (docs/architecture.md "Versions").

The bulk variant stays bulk: one query for what is there, plain multi-row inserts for the
new involvements and all history rows, one statement per batch for removals.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import connection
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from milestones.bulk import (
    delete_rows,
    history_user,
    insert_history,
    insert_rows,
    tracked_names,
)
from milestones.models import Involvement, Milestone
from stakeholders.models import TargetGroup

#: A group as callers name it: a TargetGroup, its id, or (either, RACI letter).  Without a
#: letter a group already involved keeps its letter and a new one gets none.
GroupChoice = TargetGroup | int | tuple[TargetGroup | int, str]
Wanted = dict[int, str | None]  # target group id -> RACI letter (None: keep)

CHUNK = 900  # milestone ids per query (SQLite's parameter limit on old versions)


def wanted_groups(groups: Iterable[GroupChoice]) -> Wanted:
    wanted: Wanted = {}
    for choice in groups:
        group, raci = choice if isinstance(choice, tuple) else (choice, None)
        wanted[group if isinstance(group, int) else group.pk] = raci
    return wanted


def set_target_groups(
    milestone: Milestone,
    groups: Iterable[GroupChoice],
    *,
    user: Any = None,
    reason: str = "",
    saved: bool = False,
) -> bool:
    """Make ``milestone``'s involvements follow ``groups``; True when they changed.

    ``saved``: the milestone was saved in this same write (its new version counts this
    change too); otherwise a change of groups saves it, for a new version.
    """
    when = timezone.now()
    changed = bulk_set_target_groups([(milestone, groups)], user=user, reason=reason, when=when)
    if changed and not saved:
        milestone._history_user = history_user(Milestone, user)
        milestone._history_date = when
        if reason:
            milestone._change_reason = reason
        milestone.save()
    return bool(changed)


def bulk_set_target_groups(
    pairs: Iterable[tuple[Milestone, Iterable[GroupChoice]]],
    *,
    user: Any = None,
    reason: str = "",
    when: datetime.datetime | None = None,
    new: bool = False,
) -> set[int]:
    """The involvements of many milestones follow their groups; returns the ids of the
    milestones whose groups changed.

    ``new``: the milestones were just created, so they have no involvements yet (saves
    a query).  The caller's bulk write of the milestones sets their versions.
    """
    wanted = {milestone.pk: wanted_groups(groups) for milestone, groups in pairs}
    if not wanted:
        return set()
    present = {} if new else _present(list(wanted))
    added, removed, relettered = [], [], []
    for milestone_id, groups in wanted.items():
        have = present.get(milestone_id, {})
        for group_id, (pk, raci) in have.items():
            if group_id not in groups:
                removed.append((pk, milestone_id, group_id, raci))
            elif groups[group_id] is not None and groups[group_id] != raci:
                relettered.append(
                    Involvement(
                        pk=pk,
                        milestone_id=milestone_id,
                        target_group_id=group_id,
                        raci=groups[group_id],
                    )
                )
        for group_id, raci in groups.items():
            if group_id not in have:
                added.append((milestone_id, group_id, raci or ""))
    history = {
        "user": history_user(Involvement, user),
        "reason": reason,
        "date": when or timezone.now(),
    }
    _remove(removed, history)
    _add(added, history)
    if relettered:
        bulk_update_with_history(
            relettered,
            Involvement,
            ["raci"],
            default_user=history["user"],
            default_change_reason=reason,
            default_date=history["date"],
        )
    return (
        {row[1] for row in removed}
        | {row[0] for row in added}
        | {involvement.milestone_id for involvement in relettered}
    )


def _present(milestone_ids: list[int]) -> dict[int, dict[int, tuple[int, str]]]:
    """milestone id -> target group id -> (involvement id, RACI letter)."""
    present: dict[int, dict[int, tuple[int, str]]] = defaultdict(dict)
    for start in range(0, len(milestone_ids), CHUNK):
        rows = Involvement.objects.filter(
            milestone_id__in=milestone_ids[start : start + CHUNK]
        ).values_list("pk", "milestone_id", "target_group_id", "raci")
        for pk, milestone_id, group_id, raci in rows:
            present[milestone_id][group_id] = (pk, raci)
    return present


def _rows(values: Iterable[Mapping[str, Any]]) -> list[tuple]:
    names = tracked_names(Involvement)
    return [tuple(value[name] for name in names) for value in values]


def _remove(removed: list[tuple[int, int, int, str]], history: dict[str, Any]) -> None:
    if not removed:
        return
    insert_history(
        Involvement,
        _rows(
            {"id": pk, "milestone_id": m, "target_group_id": g, "raci": raci}
            for pk, m, g, raci in removed
        ),
        history_type="-",
        **history,
    )
    delete_rows(Involvement, [row[0] for row in removed])


def _add(added: list[tuple[int, int, str]], history: dict[str, Any]) -> None:
    if not added:
        return
    fields = [Involvement._meta.get_field(name) for name in ("milestone", "target_group", "raci")]
    if connection.features.can_return_rows_from_bulk_insert:
        ids = insert_rows(Involvement, fields, added, returning=Involvement._meta.pk)
    else:  # no RETURNING: the ORM finds the ids
        objs = Involvement.objects.bulk_create(
            Involvement(milestone_id=m, target_group_id=g, raci=raci) for m, g, raci in added
        )
        ids = [obj.pk for obj in objs]
    insert_history(
        Involvement,
        _rows(
            {"id": pk, "milestone_id": m, "target_group_id": g, "raci": raci}
            for pk, (m, g, raci) in zip(ids, added, strict=True)
        ),
        history_type="+",
        **history,
    )
