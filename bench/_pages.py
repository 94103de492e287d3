"""What the page benchmarks share: a temporary SQLite database, production-like settings
and interleaved timing through Django's test client.

Import it before anything of Django: it points DATABASE_URL at a temporary file and sets
Django up.
"""

from __future__ import annotations

import contextlib
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = Path(tempfile.mkdtemp(prefix="regie-bench-"))
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR / 'bench.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import caches  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import QueryDict  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import resolve  # noqa: E402

from config.warm import settle  # noqa: E402
from milestones import fragments  # noqa: E402
from phases.models import Programme  # noqa: E402

settle()  # as config/wsgi.py does in an app server


def migrate() -> None:
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)


@contextlib.contextmanager
def production_like(urlconf) -> Iterator[None]:
    """DEBUG and template debugging off, as in production; `urlconf` adds bare views."""
    engine = settings.TEMPLATES[0]
    with override_settings(
        ROOT_URLCONF=urlconf,
        DEBUG=False,
        ALLOWED_HOSTS=["testserver"],
        TEMPLATES=[{**engine, "OPTIONS": {**engine["OPTIONS"], "debug": False}}],
    ):
        yield


def forget_kept(key: str | None) -> None:
    """The part kept under `key` forgotten, in this process and the shared cache."""
    if key:
        fragments.recent.discard(key)
        caches[settings.PAGE_CACHE].delete(key)


def timed(client: Client, url: str, *, forget: str | None = None) -> tuple[float, float]:
    """(wall ms, CPU ms) of one request, with what is kept under `forget` forgotten first."""
    forget_kept(forget)
    wall, cpu = time.perf_counter(), time.process_time()
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def queries_of(run: Callable[[], object]) -> int:
    """How many queries one `run()` makes."""
    queries: list[str] = []

    def count(execute, sql, *args):
        queries.append(sql)
        return execute(sql, *args)

    with connection.execute_wrapper(count):
        run()
    return len(queries)


def count_queries(client: Client, url: str, *, forget: str | None = None) -> int:
    forget_kept(forget)
    return queries_of(lambda: client.get(url))


def kept_key(url: str, user) -> str:
    """The key the page at `url` keeps its part under for `user` (as the view computes it)."""
    path, _sep, query = url.partition("?")
    match = resolve(path)
    programme = Programme.objects.get(slug=match.kwargs["slug"])
    return fragments.page_key(
        match.func.view_class.kept_name,
        programme=programme,
        level=programme.access_level(user),
        query=QueryDict(query).lists(),
    )


def interleaved(
    client: Client, urls: Mapping[str, str], rounds: int, built: set[str], user
) -> tuple[dict[str, float], dict[str, float], dict[str, int]]:
    """Median wall and CPU ms, and queries, per page name; the pages in `built` are built
    for every request, the others served as they are kept after a first one."""
    keys = {name: kept_key(url, user) for name, url in urls.items() if name in built}
    for url in urls.values():  # warm up (and keep)
        timed(client, url)
    queries = {
        name: count_queries(client, url, forget=keys.get(name)) for name, url in urls.items()
    }
    walls: dict[str, list[float]] = {name: [] for name in urls}
    cpus: dict[str, list[float]] = {name: [] for name in urls}
    for _round in range(rounds):
        for name, url in urls.items():
            wall, cpu = timed(client, url, forget=keys.get(name))
            walls[name].append(wall)
            cpus[name].append(cpu)
    return (
        {name: statistics.median(values) for name, values in walls.items()},
        {name: statistics.median(values) for name, values in cpus.items()},
        queries,
    )
