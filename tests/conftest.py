"""Fixtures every test module may ask for; a module overrides one by defining its own.

Helpers to import (factories, schedule files, calendar readers, access tables) live in
tests/support/.
"""

import pytest
from django.utils import translation

from tests.support.factories import ProgrammeFactory, UserFactory


@pytest.fixture
def user(db):
    return UserFactory(username="gebruiker")


@pytest.fixture
def staff_user(db):
    return UserFactory(username="medewerker", is_staff=True)


@pytest.fixture
def programme(db):
    """A programme of 2024 at /p/; modules that need other names or years define their own."""
    return ProgrammeFactory(slug="p", year=2024)


@pytest.fixture
def dutch():
    """Pages in Dutch, as Regie's users read them (`pytest.mark.usefixtures("dutch")`)."""
    with translation.override("nl"):
        yield


@pytest.fixture(autouse=True)
def _forget_recent_bodies():
    """Each test starts with no calendar body, page part, queued rendering or change waiting for
    a commit in this process's memory: its database was rolled back, so the same ETag or
    programme version (the same keys, on SQLite even the same ids) may stand for what another
    test built."""
    from milestones import fragments
    from milestones.calendars import cache, prerender

    def forget():
        cache.recent.clear()
        fragments.recent.clear()
        prerender._just_queued.clear()
        prerender._pending.by_alias.clear()

    forget()
    yield
    forget()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's language: a request asking for English leaves English
    active in the thread that served it (the test client serves in the test's own thread),
    and a later test on the same worker would read English where it expects Dutch."""
    from django.conf import settings

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
