"""Feeds rendered in the background after a change (issue 14, item 5): the next poll of a
changed feed finds its new body in the cache instead of building it."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from milestones.calendars import prerender, views
from milestones.models import CalendarFeed, Involvement
from phases.models import AccessLevel, MeetingCancellation
from tests.support.calendars import events_of
from tests.support.factories import (
    DeliverableFactory,
    GateFactory,
    InvolvementFactory,
    MeetingSeriesFactory,
    MembershipFactory,
    MilestoneFactory,
    PhaseFactory,
    ProgrammeFactory,
    TargetGroupFactory,
    UserFactory,
)
from tests.support.schedules import csv_file, load
from tests.support.tasks import DATABASE_TASKS, run_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(settings):
    """The database task queue, as in production."""
    settings.REGIE_TASKS = "database"
    settings.TASKS = DATABASE_TASKS


@pytest.fixture
def builds(monkeypatch):
    """How often the feed view built a calendar itself (not found in the cache)."""
    calls = []
    real = views.build_calendar

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(views, "build_calendar", counting)
    return calls


@pytest.fixture
def feed(client):
    programme = ProgrammeFactory(slug="feeds", year=2024)
    user = UserFactory(username="secretaris")
    MembershipFactory(user=user, programme=programme, level=AccessLevel.VIEWER)
    MilestoneFactory(programme=programme, title="Stuurgroep 1", date_text="3 jun")
    feed = CalendarFeed.objects.create(user=user, programme=programme, name="Agenda")
    url = reverse("calendar:feed", args=[feed.token])
    client.get(url)  # fetched once: its address is known, and it counts as in use
    return {"programme": programme, "url": url, "feed": feed}


def summaries(response) -> list[str]:
    return sorted(str(event.get("SUMMARY")) for event in events_of(response.content))


def test_a_change_queues_one_rendering_of_its_programmes_feeds(
    queue, feed, django_capture_on_commit_callbacks
):
    programme = feed["programme"]
    with django_capture_on_commit_callbacks(execute=True):
        MilestoneFactory(programme=programme, title="Stuurgroep 2", date_text="1 jul")
    with django_capture_on_commit_callbacks(execute=True):
        MilestoneFactory(programme=programme, title="Stuurgroep 3", date_text="2 jul")
    task = DBTaskResult.objects.get()  # one for the burst
    assert task.task_path == "milestones.tasks.prerender_feeds"
    assert task.args_kwargs == {"args": [[programme.pk]], "kwargs": {}}
    assert task.run_after > timezone.now()  # a few seconds later, after the burst


def test_the_worker_renders_the_changed_feed_before_anyone_polls(
    queue, feed, client, builds, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(prerender, "DELAY", datetime.timedelta(0))
    with django_capture_on_commit_callbacks(execute=True):
        MilestoneFactory(programme=feed["programme"], title="Stuurgroep 2", date_text="1 jul")
    run_worker()
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    response = client.get(feed["url"])
    assert summaries(response) == ["Stuurgroep 1", "Stuurgroep 2"]
    assert builds == []  # found in the cache under its new ETag


def test_an_import_queues_a_rendering_too(queue, feed, django_capture_on_commit_callbacks):
    rows = [["Datum", "Mijlpaal"], ["4 jun", "Klankbordgroep"]]
    with django_capture_on_commit_callbacks(execute=True):
        load(csv_file(rows), "planning.csv", programme="feeds")  # bulk writes: no signals
    task = DBTaskResult.objects.get()
    assert task.args_kwargs["args"] == [[feed["programme"].pk]]


def test_without_a_queue_nothing_is_rendered_in_the_request(
    feed, settings, django_capture_on_commit_callbacks
):
    assert settings.REGIE_TASKS == "immediate"  # the tests' default, as SQLite's
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        MilestoneFactory(programme=feed["programme"], title="Stuurgroep 2", date_text="1 jul")
    assert callbacks == [] and not DBTaskResult.objects.exists()


def test_prerendering_fills_the_cache_for_the_feeds_address(feed, client, builds):
    MilestoneFactory(programme=feed["programme"], title="Stuurgroep 2", date_text="1 jul")
    assert prerender.prerender([feed["programme"].pk]) == 1
    assert summaries(client.get(feed["url"])) == ["Stuurgroep 1", "Stuurgroep 2"]
    assert builds == []


def test_feeds_nobody_fetches_are_not_rendered(feed):
    CalendarFeed.objects.update(last_fetched_at=timezone.now() - datetime.timedelta(days=40))
    assert prerender.prerender([feed["programme"].pk]) == 0
    other = ProgrammeFactory(slug="ander")
    CalendarFeed.objects.update(last_fetched_at=timezone.now())
    assert prerender.prerender([other.pk]) == 0  # a feed of another programme


def test_the_configured_address_is_used_when_set(feed, settings, client, builds):
    settings.REGIE_BASE_URL = "https://regie.example.nl"
    MilestoneFactory(programme=feed["programme"], title="Stuurgroep 2", date_text="1 jul")
    prerender.prerender([feed["programme"].pk])
    body = client.get(feed["url"]).content.decode()
    assert "https://regie.example.nl/" in body and builds == []


def test_the_address_a_feed_is_fetched_from_is_kept_for_its_links(feed, client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "regie.example.nl"]
    feed["feed"].refresh_from_db()
    assert feed["feed"].fetched_from == "http://testserver/"
    client.get(feed["url"], HTTP_HOST="regie.example.nl")  # moved: written at once
    feed["feed"].refresh_from_db()
    assert feed["feed"].fetched_from == "http://regie.example.nl/"
    CalendarFeed.objects.update(fetched_from="")  # an address never seen: nothing to build
    assert prerender.prerender([feed["programme"].pk]) == 0


def test_many_changes_in_one_transaction_ask_the_cache_once(
    queue, feed, django_capture_on_commit_callbacks
):
    programme = feed["programme"]
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
    ):
        for n in range(20):
            MilestoneFactory(programme=programme, title=f"Sessie {n}", date_text="1 jul")
    assert DBTaskResult.objects.count() == 1
    asked = [q["sql"] for q in queries.captured_queries if "regie_cache" in q["sql"]]
    assert 0 < len(asked) <= 4  # one cache.add (count, lookup, insert), not one per change


def test_a_change_after_the_rendering_started_queues_again(queue, feed):
    programme = feed["programme"]
    prerender._enqueue(programme.pk)
    prerender._enqueue(programme.pk)  # a moment later: queued already
    assert DBTaskResult.objects.count() == 1
    prerender.prerender([programme.pk])  # the worker starts: the flag is gone
    prerender._enqueue(programme.pk)
    assert DBTaskResult.objects.count() == 2


def queued_programmes() -> list[int]:
    return sorted(pk for task in DBTaskResult.objects.all() for pk in task.args_kwargs["args"][0])


HISTORY_RECORD = re.compile(r'INSERT INTO "\w+_historical\w+"')


def cost_of(delete, django_capture_on_commit_callbacks) -> int:
    """Queries of `delete()` and of what it queues on commit, without the history records
    (one per deleted row, simple_history's)."""
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
    ):
        delete()
    return len([q for q in queries if not HISTORY_RECORD.match(q["sql"])])


def test_deleting_a_programme_costs_the_same_for_3_and_30_milestones(
    settings, django_capture_on_commit_callbacks
):
    group = TargetGroupFactory()
    programmes = {size: ProgrammeFactory(slug=f"p{size}") for size in (3, 30)}
    for size, programme in programmes.items():
        for _ in range(size):
            InvolvementFactory(milestone=MilestoneFactory(programme=programme), target_group=group)
    settings.REGIE_TASKS = "database"  # from here on (the rows above never commit)
    settings.TASKS = DATABASE_TASKS
    ids = sorted(programme.pk for programme in programmes.values())
    costs = [
        cost_of(programme.delete, django_capture_on_commit_callbacks)
        for programme in programmes.values()
    ]
    assert costs[0] == costs[1]  # the programme of each involvement is not asked for
    assert queued_programmes() == ids  # feeds of "all my programmes" lose them


def test_deleting_involvements_of_kept_milestones_reads_their_programmes_at_once(
    settings, django_capture_on_commit_callbacks
):
    rounds = {}
    for size in (3, 30):
        group = TargetGroupFactory(name=f"Groep {size}")
        pair = (ProgrammeFactory(slug=f"een-{size}"), ProgrammeFactory(slug=f"twee-{size}"))
        for n in range(size):
            InvolvementFactory(
                milestone=MilestoneFactory(programme=pair[n % 2]), target_group=group
            )
        rounds[size] = (group, sorted(programme.pk for programme in pair))
    settings.REGIE_TASKS = "database"
    settings.TASKS = DATABASE_TASKS
    costs = []
    for group, ids in rounds.values():
        involvements = Involvement.objects.filter(target_group=group)
        costs.append(cost_of(involvements.delete, django_capture_on_commit_callbacks))
        assert set(ids) <= set(queued_programmes())  # both programmes
    assert costs[0] == costs[1]


@pytest.mark.parametrize("kind", ["gate", "deliverable", "involvement", "cancellation"])
def test_deleting_a_row_that_names_its_programme_through_another_queues_it(
    settings, kind, django_capture_on_commit_callbacks
):
    programme = ProgrammeFactory(slug="via")
    phase = PhaseFactory(programme=programme)
    row = {
        "gate": lambda: GateFactory(phase=phase),
        "deliverable": lambda: DeliverableFactory(phase=phase),
        "involvement": lambda: InvolvementFactory(milestone=MilestoneFactory(programme=programme)),
        "cancellation": lambda: MeetingCancellation.objects.create(
            series=MeetingSeriesFactory(programme=programme), date=datetime.date(2007, 9, 20)
        ),
    }[kind]()
    settings.REGIE_TASKS = "database"
    settings.TASKS = DATABASE_TASKS
    with CaptureQueriesContext(connection) as queries:
        cost_of(row.delete, django_capture_on_commit_callbacks)
    assert queued_programmes() == [programme.pk]
    lookups = [q for q in queries if q["sql"].startswith("SELECT") and "programme_id" in q["sql"]]
    assert len(lookups) == 1  # its programme, read on commit
