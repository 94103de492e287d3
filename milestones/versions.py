"""A programme's version: one short string that changes whenever anything its pages show does.

Pages that take long to build (the timeline, the dashboard, the milestone table) are kept
under it (`milestones.fragments`), and a stored import plan is checked against it
(`milestones.importing.background`). It is computed, never stored, from one UNION of
aggregates (count, sum of keys, sum of versions per kind of item) and a few short lists:

* an item added or deleted changes its kind's count and sum of keys (keys are never reused);
* an item saved changes the sum of versions: every save adds one (`VersionedModel.save`),
  and the bulk writes of the importer, the shift and the load generator set versions too;
* involvements have no version: their keys are weighed by their target group, and a change
  of target groups saves the milestone as well (`milestones.involvements`);
* what has no version and is few (cancellations, baselines, target group names, and what
  apps above register in `VERSION_PARTS`: the meeting cycle's council calendars) is read
  row by row.

All of it is one query: the totals and the rows as text, in one UNION.

So nothing needs to be invalidated: a changed programme has a new version, and pages kept
under the old one are simply never asked for again.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import CharField, Count, F, QuerySet, Sum, Value
from django.db.models.functions import Cast

from milestones.baselines.models import Baseline
from milestones.extensions import version_parts
from milestones.meetings.models import ReportingDuty
from milestones.models import CalendarNote, Involvement, Milestone
from phases.models import Deliverable, Gate, MeetingCancellation, MeetingSeries, Phase, Programme
from stakeholders.models import TargetGroup


def involvement_weight() -> Any:
    """Involvements have no version: a key weighed by its group shows one moved."""
    return F("pk") * F("target_group_id")


NAMES = ("v_b", "v_c", "v_d", "v_e")  # a row's columns after its part and key


def _text(expression: Any) -> Cast:
    return Cast(expression, CharField())


def total_row(qs: QuerySet, kind: str, weight: Any = "version") -> QuerySet:
    """One row of text (kind, count, sum of keys, sum of `weight`, "", "") over all of `qs`.

    For a UNION: the programme version and the calendar feed's ETag weigh items by it.
    """
    return (
        qs.order_by()
        .annotate(v_part=Value(kind))
        .values_list("v_part")  # a constant: no GROUP BY, one row for the whole set
        .annotate(
            v_a=_text(Count("pk")),
            v_b=_text(Sum("pk")),
            v_c=_text(Sum(weight)),
            v_d=Value(""),
            v_e=Value(""),
        )
    )


def rows(qs: QuerySet, kind: str, *fields: str) -> QuerySet:
    """Every row of `qs` as text (kind, key, up to four `fields`), for the same UNION."""
    columns = [_text(F(name)) for name in fields] + [Value("")] * (4 - len(fields))
    return (
        qs.order_by()
        .annotate(v_part=Value(kind), v_a=_text(F("pk")), **dict(zip(NAMES, columns, strict=True)))
        .values_list("v_part", "v_a", *NAMES)
    )


def _version_query(programme: Programme) -> QuerySet:
    """The one query of `programme_version()`: every part, as rows of text."""
    pid = programme.pk
    parts = [
        total_row(Milestone.objects.filter(programme_id=pid), "milestones"),
        total_row(Gate.objects.filter(phase__programme_id=pid), "gates"),
        total_row(Deliverable.objects.filter(phase__programme_id=pid), "deliverables"),
        total_row(MeetingSeries.objects.filter(programme_id=pid), "series"),
        total_row(Phase.objects.filter(programme_id=pid), "phases"),
        total_row(
            Involvement.objects.filter(milestone__programme_id=pid),
            "involvements",
            involvement_weight(),
        ),
        total_row(ReportingDuty.objects.filter(programme_id=pid), "duties"),
        total_row(CalendarNote.objects.filter(programme_id=pid), "notes"),
        rows(
            MeetingCancellation.objects.filter(series__programme_id=pid),
            "cancellation",
            "series_id",
            "date",
            "moved_to",
            "reason",
        ),
        rows(Baseline.objects.filter(programme_id=pid), "baseline", "name", "taken_at"),
        rows(TargetGroup.objects.all(), "group", "name"),
        *version_parts(programme),
    ]
    return parts[0].union(*parts[1:], all=True)


#: the SQL of each programme's version query, by database and programme: its text depends on
#: the programme's id only, and compiling a UNION of a dozen parts costs more than running it
_compiled: dict[tuple[str, int], tuple[str, tuple]] = {}
MAX_COMPILED = 4096


def programme_version(programme: Programme, using: str = DEFAULT_DB_ALIAS) -> str:
    """The version of everything `programme`'s pages show (see the module docstring)."""
    key = (using, programme.pk)
    compiled = _compiled.get(key)
    if compiled is None:
        sql, params = _version_query(programme).query.get_compiler(using=using).as_sql()
        compiled = (sql, tuple(params))
        if len(_compiled) >= MAX_COMPILED:
            _compiled.clear()
        _compiled[key] = compiled
    with connections[using].cursor() as cursor:
        cursor.execute(*compiled)
        found = sorted(cursor.fetchall(), key=repr)
    return hashlib.sha256(repr([programme.pk, programme.version, found]).encode()).hexdigest()[:32]
