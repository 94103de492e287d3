"""Change history for people: who changed what, when, old → new (django-simple-history).

`history_of(obj)` reads an object's historical records and turns consecutive pairs into
plain entries the templates only loop over. Values are shown as `phases.presentation`
shows them (choices by their label, foreign keys by name, a date text with its interval); a
change that reads the same before and after is no change for a person and is not listed.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from phases.presentation import Change, format_interval, shown_change

# Never listed as a change: bookkeeping, and what the date text already says.
HIDDEN = {"id", "version", "start", "end", "precision", "dates", "created_at", "updated_at"}

KIND_LABELS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


@dataclass(frozen=True)
class Entry:
    when: datetime.datetime
    who: str
    kind: str  # "+", "~", "-"
    changes: tuple[Change, ...]
    reason: str = ""

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])


def tracked_fields(model: type[models.Model], fields: Sequence[str] | None) -> list[str]:
    if fields is not None:
        return list(fields)
    history_model = model.history.model
    return [f.name for f in history_model.tracked_fields if f.name not in HIDDEN]


def changes_between(newer, older, *, fields: Sequence[str]) -> list[Change]:
    """What differs between two historical records of one object."""
    model = newer.instance_type
    delta = newer.diff_against(older, included_fields=fields, foreign_keys_are_objs=True)
    rows = []
    for change in delta.changes:
        field = model._meta.get_field(change.field)
        rows.append(shown_change(field.verbose_name, change.old, change.new, field=field))
    if hasattr(newer, "start"):
        rows.append(
            shown_change(
                gettext("period"),
                format_interval(older.start, older.end),
                format_interval(newer.start, newer.end),
            )
        )
    return [row for row in rows if row is not None]


def entries(records: Iterable, *, fields: Sequence[str]) -> list[Entry]:
    """Entries for an object's historical records, newest first."""
    records = list(records)
    result = []
    for index, record in enumerate(records):
        older = records[index + 1] if index + 1 < len(records) else None
        if older is not None and record.history_type == "~":
            changes = tuple(changes_between(record, older, fields=fields))
        else:
            changes = ()
        if record.history_type == "~" and not changes and not record.history_change_reason:
            continue  # saved without a visible change (a version bump only)
        result.append(
            Entry(
                when=record.history_date,
                who=who_of(record),
                kind=record.history_type,
                changes=changes,
                reason=record.history_change_reason or "",
            )
        )
    return result


def who_of(record) -> str:
    user = record.history_user
    if user is None:
        return gettext("system")
    return user.get_full_name() or user.get_username()


def history_of(obj: models.Model, *, fields: Sequence[str] | None = None) -> list[Entry]:
    """The change history of `obj`, newest first."""
    records = obj.history.select_related("history_user").order_by("-history_date", "-history_id")
    return entries(records, fields=tracked_fields(type(obj), fields))
