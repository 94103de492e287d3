"""Calendar feeds rendered in the background after a change, so that the next poll is fast.

A change that alters a feed changes its ETag (``cache``), so the body cached for it is
never found again; the first client to poll afterwards would wait for the whole build.
Instead, when a programme's dated things, meetings or access change, a task
(``milestones.tasks.prerender_feeds``) is queued once the transaction commits: a few seconds
later it builds the body of every active feed that shows the programme and was fetched in
the last weeks, and stores it under its new ETag.  Changes in a burst (an import, a shift of
a phase) queue one task per programme (a flag in the cache until it starts), and the
programmes of a transaction's changes are read when it commits, in one query per kind of row
that does not name its programme itself (deleting a programme costs none).

Only with a queue (``REGIE_TASKS=database``): with the immediate backend the build would
run inside the request that made the change, which is what the cache is there to avoid.
Feeds are rendered in the site's language (as ``views.feed`` serves them), with the links
of ``REGIE_BASE_URL``, else of the address its clients fetched the feed from.
"""

from __future__ import annotations

import datetime
import functools
import logging
import threading
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.utils import timezone, translation

from milestones.calendars.cache import cached_body, configured_url
from milestones.meetings.models import ReportingDuty
from milestones.models import CalendarFeed, CalendarNote, Involvement, Milestone
from phases.models import (
    Deliverable,
    Gate,
    MeetingCancellation,
    MeetingSeries,
    Phase,
    ProgrammeMembership,
)

logger = logging.getLogger(__name__)

#: Feeds nobody fetched for this long are left to be built when they are fetched.
RECENTLY_FETCHED = datetime.timedelta(days=30)
#: The task waits this long, so that a burst of changes is rendered once.
DELAY = datetime.timedelta(seconds=5)
QUEUED_FLAG = "regie:calendar:prerender-queued:{}"


def feeds_showing(programme_ids: Iterable[int]):
    """Active, recently fetched feeds that may show one of the programmes (a feed of "all
    my programmes" included: its owner's access is checked when it is built)."""
    since = timezone.now() - RECENTLY_FETCHED
    return (
        CalendarFeed.objects.active()
        .filter(Q(programme_id__in=list(programme_ids)) | Q(programme__isnull=True))
        .filter(last_fetched_at__gte=since)
        .select_related("user", "target_group")
        .order_by("pk")
    )


def prerender(programme_ids: Iterable[int]) -> int:
    """Build (or find) the body of every feed showing the programmes; how many feeds."""
    # Here, not above: every command loads this module (signals), few need icalendar.
    from milestones.calendars.ical import build_calendar, selection_for_feed

    programme_ids = list(programme_ids)
    cache = caches[settings.CALENDAR_CACHE]
    cache.delete_many([QUEUED_FLAG.format(pk) for pk in programme_ids])
    for pk in programme_ids:  # a change from now on queues again
        _just_queued.pop(pk, None)
    configured = configured_url("/")
    count = 0
    with translation.override(settings.LANGUAGE_CODE):
        for feed in feeds_showing(programme_ids):
            base_url = configured or feed.fetched_from
            if not base_url:
                continue
            selection = selection_for_feed(feed)
            cached_body(
                etag=selection.validators().etag,
                base_url=base_url,
                build=lambda: build_calendar(selection, base_url=base_url),  # noqa: B023
            )
            count += 1
    return count


def queue_prerender(programme_id: int | None, using: str = DEFAULT_DB_ALIAS) -> None:
    """Queue the pre-rendering of the programme's feeds once the transaction commits."""
    if programme_id is None or settings.REGIE_TASKS != "database":
        return
    _changes(using).programmes.add(programme_id)
    transaction.on_commit(functools.partial(_flush, using), using=using)


#: programmes this process queued a moment ago (monotonic time): a task queued then cannot
#: have started yet (it runs DELAY later), so its flag is still set and asking the cache again
#: would only say so. A burst of transactions (quick edits, one after another) asks it once.
_just_queued: dict[int, float] = {}
JUST = DELAY.total_seconds() / 5


def _enqueue(programme_id: int) -> None:
    from milestones.tasks import prerender_feeds  # the tasks import this module

    now = time.monotonic()
    if now - _just_queued.get(programme_id, -JUST) < JUST:
        return  # queued by this process a moment ago
    cache = caches[settings.CALENDAR_CACHE]
    if not cache.add(QUEUED_FLAG.format(programme_id), True, int(DELAY.total_seconds()) * 12):
        return  # queued already and not started yet
    _just_queued[programme_id] = now
    prerender_feeds.using(run_after=timezone.now() + DELAY).enqueue([programme_id])


# -- what changes a feed ------------------------------------------------------------------------

#: models whose rows name their programme
OWN_PROGRAMME = (
    Milestone,
    CalendarNote,
    ReportingDuty,
    Phase,
    MeetingSeries,
    ProgrammeMembership,
)
#: models whose rows name it through another: (that model, the key to it)
PROGRAMME_THROUGH = {
    Gate: (Phase, "phase_id"),
    Deliverable: (Phase, "phase_id"),
    Involvement: (Milestone, "milestone_id"),
    MeetingCancellation: (MeetingSeries, "series_id"),
}
#: the models those keys point to
KEYED = frozenset(model for model, _key in PROGRAMME_THROUGH.values())
#: keys looked up in one query at a time (SQLite takes at most 32,766 parameters)
LOOKUP_BATCH = 5000


@dataclass
class _Changes:
    """What a transaction changed, read once it commits.

    Rows of `PROGRAMME_THROUGH` leave the key of the row that names their programme, which is
    read then: one query per model for the whole transaction, not one per row. Deleting a
    programme of 10,000 milestones deletes their involvements too: those milestones are gone
    by then, but each of them left its programme when it was deleted (`deleted`), so none is
    looked up at all.
    """

    programmes: set[int] = field(default_factory=set)
    through: defaultdict[type, set[int]] = field(default_factory=lambda: defaultdict(set))
    deleted: defaultdict[type, set[int]] = field(default_factory=lambda: defaultdict(set))

    def programme_ids(self, using: str) -> set[int]:
        found = set(self.programmes)
        for model, keys in self.through.items():
            wanted = sorted(keys - self.deleted[model] - {None})
            for start in range(0, len(wanted), LOOKUP_BATCH):
                found.update(
                    model.objects.using(using)
                    .filter(pk__in=wanted[start : start + LOOKUP_BATCH])
                    .order_by()
                    .values_list("programme_id", flat=True)
                    .distinct()
                )
        return found


class _Pending(threading.local):
    """This thread's changes per database until they commit. Those of a transaction that
    rolled back stay for the next one: at worst a feed is rendered in vain."""

    def __init__(self) -> None:
        self.by_alias: dict[str, _Changes] = {}


_pending = _Pending()


def _changes(using: str) -> _Changes:
    return _pending.by_alias.setdefault(using, _Changes())


def _flush(using: str) -> None:
    changes = _pending.by_alias.pop(using, None)
    if changes is not None:  # the first of the transaction's callbacks does the work
        for programme_id in sorted(changes.programme_ids(using)):
            _enqueue(programme_id)


def changed(sender, instance, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    if settings.REGIE_TASKS != "database" or kwargs.get("raw"):
        return  # nothing to queue (immediate backend), or loading a fixture
    if sender in PROGRAMME_THROUGH:
        model, key = PROGRAMME_THROUGH[sender]
        _changes(using).through[model].add(getattr(instance, key))
        transaction.on_commit(functools.partial(_flush, using), using=using)
    else:
        queue_prerender(instance.programme_id, using)


def deleted(sender, instance, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """As `changed`; and a deleted row of `KEYED` need not be looked up for its dependants."""
    if sender in KEYED and settings.REGIE_TASKS == "database":
        _changes(using).deleted[sender].add(instance.pk)
    changed(sender, instance, using, **kwargs)


def connect() -> None:
    """Listen to every model whose change alters a feed (``MilestonesConfig.ready``)."""
    for model in (*OWN_PROGRAMME, *PROGRAMME_THROUGH):
        uid = f"regie.prerender.{model._meta.label}"
        post_save.connect(changed, sender=model, dispatch_uid=uid + ".save")
        post_delete.connect(deleted, sender=model, dispatch_uid=uid + ".delete")
