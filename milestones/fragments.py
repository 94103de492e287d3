"""Rendered parts of programme pages, kept under the programme's version.

The timeline, the dashboard and the milestone table of a large programme take long to
build. What they show depends only on the programme's data (`programme_version()`), the
day, the language, the reader's access level and the query string, so the rendered part
is kept under a key made of exactly those, in Django's cache ``PAGE_CACHE`` (settings:
the database cache all app servers share, or Redis/Memcached) with each process's last
ones in memory in front of it (``REGIE_PAGE_MEMORY_BYTES``). A change anywhere in the
programme gives it a new version and so a new key: nothing is ever invalidated, and a
kept part can never be staler than the data. What belongs to the reader (the header with
their name and the sign-out form's CSRF token, the meeting cycle's panels) is rendered
for each request around it.

A view asks `page_key()` for its key, `kept()` for what is stored under it; its template
wraps the part in ``{% keep %}…{% endkeep %}`` (`phases.templatetags.regie`), which
writes the kept HTML, or renders the part and keeps it. The view builds the expensive
context only when nothing is kept.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError
from django.utils import translation

from milestones.versions import programme_version
from phases.fuzzy import local_today
from phases.models import Programme

logger = logging.getLogger(__name__)

#: a kept part outlives its day only in a reader's open tab: the day is part of the key
TIMEOUT = 24 * 3600


class RecentBodies:
    """The bodies this process served last, by key, within the byte budget of a setting."""

    def __init__(self, budget_setting: str) -> None:
        self._budget_setting = budget_setting
        self._bodies: OrderedDict[str, bytes | str] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | str | None:
        with self._lock:
            body = self._bodies.get(key)
            if body is not None:
                self._bodies.move_to_end(key)
            return body

    def put(self, key: str, body: bytes | str) -> None:
        budget = getattr(settings, self._budget_setting)
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

    def discard(self, key: str) -> None:
        with self._lock:
            body = self._bodies.pop(key, None)
            if body is not None:
                self._size -= len(body)

    def __len__(self) -> int:
        return len(self._bodies)

    def clear(self) -> None:
        with self._lock:
            self._bodies.clear()
            self._size = 0


recent = RecentBodies("REGIE_PAGE_MEMORY_BYTES")


def page_key(
    name: str, *, programme: Programme, level: int, query: Iterable[tuple[str, list[str]]]
) -> str:
    """The key of page `name`'s kept part for this programme, reader's level and query."""
    parts = [
        name,
        programme.pk,
        programme_version(programme),
        translation.get_language(),
        local_today().isoformat(),
        int(level),
        sorted((key, sorted(values)) for key, values in query),
    ]
    return "regie:page:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def kept(key: str) -> str | None:
    """The part kept under `key`, if any."""
    html = recent.get(key)
    if html is not None:
        return html
    try:
        html = caches[settings.PAGE_CACHE].get(key)
    except DatabaseError:  # the cache table is missing: build, and say what to run
        logger.warning("Page cache unavailable; run `manage.py createcachetable`.")
        return None
    if html is not None:
        recent.put(key, html)
    return html


def keep(key: str, html: str) -> None:
    """Keep `html` under `key`, for this process and the others."""
    recent.put(key, html)
    try:
        caches[settings.PAGE_CACHE].set(key, html, TIMEOUT)
    except DatabaseError:
        logger.warning("Page cache unavailable; run `manage.py createcachetable`.")


class KeptPartMixin:
    """A `ProgrammeAccessMixin` view whose template wraps its data in ``{% keep %}``.

    `kept_context()` gives the template ``kept_key`` and ``kept_html``; the view builds the
    rest of its context only when ``kept_html`` is None.
    """

    kept_name: str

    def kept_context(self) -> dict[str, str | None]:
        key = page_key(
            self.kept_name,
            programme=self.programme,  # type: ignore[attr-defined]
            level=self.level,  # type: ignore[attr-defined]
            query=self.request.GET.lists(),  # type: ignore[attr-defined]
        )
        return {"kept_key": key, "kept_html": kept(key)}
