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
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError

from milestones.fragments import RecentBodies

logger = logging.getLogger(__name__)

#: how long an unrequested body stays (a feed polled hourly is found again)
TIMEOUT = 7 * 24 * 3600


recent = RecentBodies("REGIE_CALENDAR_MEMORY_BYTES")


def configured_url(path: str) -> str | None:
    """`path` after the configured public address (`REGIE_BASE_URL`); None if there is none,
    and the caller knows the address otherwise (the request's, the feed's last fetch)."""
    base = settings.REGIE_BASE_URL
    return base + path if base else None


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
