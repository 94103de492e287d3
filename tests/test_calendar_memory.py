"""The calendar bodies each process keeps in memory in front of the shared cache."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from milestones.calendars.cache import cached_body, recent

pytestmark = pytest.mark.django_db


class Builder:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, text: str = "BEGIN:VCALENDAR") -> bytes:
        self.calls += 1
        return f"{text} {self.calls}".encode()


def test_a_repeated_poll_is_served_from_memory_without_the_shared_store():
    build = Builder()
    first = cached_body(etag='"a"', base_url="https://regie.example/", build=build)
    with CaptureQueriesContext(connection) as queries:
        again = cached_body(etag='"a"', base_url="https://regie.example/", build=build)
    assert again == first and build.calls == 1
    assert len(queries) == 0  # not even the database cache is read


def test_another_etag_or_address_is_another_body():
    build = Builder()
    a = cached_body(etag='"a"', base_url="https://regie.example/", build=build)
    b = cached_body(etag='"b"', base_url="https://regie.example/", build=build)
    c = cached_body(etag='"a"', base_url="http://localhost:8000/", build=build)
    assert (a, b, c) == (b"BEGIN:VCALENDAR 1", b"BEGIN:VCALENDAR 2", b"BEGIN:VCALENDAR 3")


def test_memory_keeps_the_latest_bodies_within_its_budget(settings):
    settings.REGIE_CALENDAR_MEMORY_BYTES = 40  # two bodies of 17 bytes
    build = Builder()
    for etag in ('"a"', '"b"', '"c"'):
        cached_body(etag=etag, base_url="/", build=build)
    with CaptureQueriesContext(connection) as queries:
        cached_body(etag='"c"', base_url="/", build=build)
        cached_body(etag='"b"', base_url="/", build=build)
    assert len(queries) == 0
    with CaptureQueriesContext(connection) as queries:
        cached_body(etag='"a"', base_url="/", build=build)  # dropped: the shared store has it
    assert len(queries) == 1 and build.calls == 3


def test_a_body_larger_than_the_budget_is_not_kept_in_memory(settings):
    settings.REGIE_CALENDAR_MEMORY_BYTES = 10
    build = Builder()
    cached_body(etag='"big"', base_url="/", build=build)
    assert len(recent) == 0 and build.calls == 1
    cached_body(etag='"big"', base_url="/", build=build)  # from the shared store
    assert build.calls == 1
