"""Rendered calendar bodies, kept by the ETag the feed already computes.

Many calendar clients never send ``If-None-Match``: without a cache every poll of an
unchanged feed of 11,000 events rebuilds it (seconds). The body is stored under its ETag
(`CalendarSelection.validators()`, which changes with every item, cancellation, access,
language and the selection itself) and the base URL its links start with, so a stale body
can never be found: invalidation by construction, nothing to delete. Entries of old ETags
simply expire.

The store is Django's cache ``CALENDAR_CACHE`` (settings): by default the database cache
shared by every app server (``manage.py createcachetable``; ``make migrate`` runs it);
point it at Redis or Memcached with ``DJANGO_CACHE_BACKEND``/``DJANGO_CACHE_LOCATION``
(see the README).  In front of it each process keeps the bodies it served last, up to
``REGIE_CALENDAR_MEMORY_BYTES`` in all: a repeated poll then costs the ETag's queries only,
not a 5 MB read from the shared store.  The same keys, so it can be no staler than that.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError

logger = logging.getLogger(__name__)

#: how long an unrequested body stays (a feed polled hourly is found again)
TIMEOUT = 7 * 24 * 3600


class RecentBodies:
    """The bodies this process served last, by key, at most ``settings``' byte budget."""

    def __init__(self) -> None:
        self._bodies: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            body = self._bodies.get(key)
            if body is not None:
                self._bodies.move_to_end(key)
            return body

    def put(self, key: str, body: bytes) -> None:
        budget = settings.REGIE_CALENDAR_MEMORY_BYTES
        if len(body) > budget:
            return
        with self._lock:
            if key in self._bodies:
                return
            self._bodies[key] = body
            self._size += len(body)
            while self._size > budget:
                _key, dropped = self._bodies.popitem(last=False)
                self._size -= len(dropped)

    def __len__(self) -> int:
        return len(self._bodies)

    def clear(self) -> None:
        with self._lock:
            self._bodies.clear()
            self._size = 0


recent = RecentBodies()


def cached_body(*, etag: str, base_url: str, build: Callable[[], bytes]) -> bytes:
    """The body stored for (``etag``, ``base_url``), else ``build()`` stored there."""
    key = "regie:calendar:" + hashlib.sha256(f"{etag}\n{base_url}".encode()).hexdigest()
    body = recent.get(key)
    if body is not None:
        return body
    cache = caches[settings.CALENDAR_CACHE]
    try:
        body = cache.get(key)
    except DatabaseError:  # the cache table is missing: serve, and say what to run
        logger.warning("Calendar cache unavailable; run `manage.py createcachetable`.")
        return build()
    if body is None:
        body = build()
        cache.set(key, body, TIMEOUT)
    recent.put(key, body)
    return body
