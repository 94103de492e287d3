"""What a reader asked to compare with, read from the query string: one reading for the changes
page, the progress report and the timeline's overlay.

`?baseline=<id>` names one of the programme's baselines; `?since=YYYY-MM-DD` a past day. Anything
else (a stranger's baseline, a day in the future, garbage) is ignored, never an error.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from milestones.baselines.models import Baseline
from phases.models import Programme
from phases.query import day_from_query, int_from_query


@dataclass(frozen=True)
class Comparison:
    baseline: Baseline | None = None
    since: datetime.date | None = None

    @property
    def asked(self) -> bool:
        return self.baseline is not None or self.since is not None


def comparison_from_query(
    programme: Programme, query: Mapping[str, str], today: datetime.date
) -> Comparison:
    """The baseline (of this programme) or the past day a query string asks to compare with."""
    pk = int_from_query(query.get("baseline"))
    baseline = programme.baselines.filter(pk=pk).first() if pk is not None else None
    since = day_from_query(query.get("since"))
    if since is not None and since > today:
        since = None  # nothing has moved since a day still to come
    return Comparison(baseline=baseline, since=since)
