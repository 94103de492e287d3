"""A milestone's change history: its own fields and the target groups taking part.

Involvements have a history of their own (one row per group added or removed); the rows of
one save are folded into the milestone's entry of that moment, so the page reads
"Doelgroepen: BOR → Stuurgroep" next to the other fields that changed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from itertools import chain

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext

from milestones.models import Involvement, Milestone
from phases.history import KIND_LABELS, Entry, history_of, who_of
from phases.models import Deliverable, Gate, MeetingSeries, Phase, Programme
from phases.presentation import shown_change

SAME_SAVE = datetime.timedelta(seconds=5)


def _saves(rows) -> list[list]:
    """Involvement rows in batches: one person's consecutive rows, moments apart."""
    batches: list[list] = []
    for row in rows:
        last = batches[-1][-1] if batches else None
        if (
            last is not None
            and last.history_user_id == row.history_user_id
            and row.history_date - last.history_date <= SAME_SAVE
        ):
            batches[-1].append(row)
        else:
            batches.append([row])
    return batches


def milestone_history(milestone: Milestone) -> list[Entry]:
    """Newest first, like `phases.history.history_of`."""
    entries = history_of(milestone)
    rows = (
        Involvement.history.filter(milestone_id=milestone.pk)
        .select_related("history_user", "target_group")
        .order_by("history_date", "history_id")
    )
    label = gettext("target groups")
    for batch in _saves(rows):
        removed = sorted(str(r.target_group) for r in batch if r.history_type == "-")
        added = sorted(str(r.target_group) for r in batch if r.history_type == "+")
        change = shown_change(label, removed, added)
        if change is None:
            continue
        when = batch[0].history_date
        for index, entry in enumerate(entries):
            same_person = entry.who == who_of(batch[0])
            if same_person and abs(entry.when - when) <= SAME_SAVE and entry.kind != "-":
                entries[index] = replace(entry, changes=(*entry.changes, change))
                break
        else:
            entries.append(Entry(when=when, who=who_of(batch[0]), kind="~", changes=(change,)))
    return sorted(entries, key=lambda e: e.when, reverse=True)


@dataclass(frozen=True)
class ProgrammeChange:
    """One line of the programme page's "recent changes"."""

    when: datetime.datetime
    who: str
    kind_label: str
    thing: str  # "fase", "mijlpaal", …
    name: str
    url: str | None  # None once the object is gone
    reason: str


def recent_changes(programme: Programme, limit: int = 12) -> list[ProgrammeChange]:
    """The latest changes to the programme and everything in it, newest first.

    One query per history table: its newest `limit` rows, each knowing whether its object
    still exists (deleted ones are listed without a link).
    """
    sources = [
        (Programme, Programme.history.filter(id=programme.pk)),
        (Phase, Phase.history.filter(programme_id=programme.pk)),
        (Gate, Gate.history.filter(phase__programme=programme)),
        (Deliverable, Deliverable.history.filter(phase__programme=programme)),
        (MeetingSeries, MeetingSeries.history.filter(programme_id=programme.pk)),
        (Milestone, Milestone.history.filter(programme_id=programme.pk)),
    ]
    rows = chain.from_iterable(
        (
            (model, row)
            for row in history.select_related("history_user")
            .annotate(alive=Exists(model._default_manager.filter(pk=OuterRef("id"))))
            .order_by("-history_date")[:limit]
        )
        for model, history in sources
    )
    newest = sorted(rows, key=lambda pair: pair[1].history_date, reverse=True)[:limit]
    return [
        ProgrammeChange(
            when=row.history_date,
            who=who_of(row),
            kind_label=str(KIND_LABELS[row.history_type]),
            thing=str(model._meta.verbose_name),
            name=str(getattr(row, "title", None) or getattr(row, "name", "")),
            url=row.instance.get_absolute_url() if row.alive else None,
            reason=row.history_change_reason or "",
        )
        for model, row in newest
    ]
