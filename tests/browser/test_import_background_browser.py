"""A large import in Chromium, through the real background path (issue 14, item 5).

A workbook of 3,000 rows (more than the 2,000 of ``REGIE_IMPORT_BACKGROUND_ROWS``) is
uploaded with the database task backend: the upload only queues the reading, the progress
page shows its bar (polled by htmx), django-tasks-db's own worker (``db_worker``'s loop, in
a thread of this test process) reads the file, and the page moves on to the preview by
itself.  Confirming queues the commit, and the page moves on to the import record.

Screenshots of the progress page at 1440 and 390 px land in test-artifacts/import/.
"""

import datetime
import io
import threading

import openpyxl
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connections
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from playwright.sync_api import expect

from milestones.models import ImportJob, ImportRecord, Milestone
from phases.models import AccessLevel
from tests.support.browser import PASSWORD
from tests.support.factories import MembershipFactory, ProgrammeFactory, UserFactory
from tests.support.tasks import DATABASE_TASKS
from tests.support.tasks import worker as database_worker

ROWS = 3000


def large_workbook(path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Planning"
    sheet.append(["Planning van het grote programma"])
    sheet.append(["Datum", "Mijlpaal", "Doelgroep", "Wie"])
    day = datetime.date(2025, 1, 6)
    for i in range(ROWS):
        sheet.append([day + datetime.timedelta(days=i // 10), f"Mijlpaal {i}", "Raden", "PL"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(buffer.getvalue())


@pytest.fixture
def editor(transactional_db):
    programme = ProgrammeFactory(slug="groot", name="Groot programma", year=2025)
    user = UserFactory(username="projectleider-groot", password=PASSWORD)
    MembershipFactory(user=user, programme=programme, level=AccessLevel.EDITOR)
    return user


# One thread at a time uses the database: an in-memory SQLite test database is one connection
# (the live server's request threads share it), which must not be used by two threads at once.
DATABASE = threading.RLock()


@pytest.fixture
def turns(monkeypatch):
    """The live server's requests take their turn with ``DATABASE``."""
    handle = WSGIHandler.__call__

    def one_at_a_time(self, environ, start_response):
        with DATABASE:
            return handle(self, environ, start_response)

    monkeypatch.setattr(WSGIHandler, "__call__", one_at_a_time)


@pytest.fixture
def worker(live_server, settings, turns):
    """Start the database backend's worker in a thread: ``start()``; stopped after the test.

    The worker is django-tasks-db's own (``db_worker``), run in batches (every task that is
    due, then a pause). With SQLite it shares the test database's connection, as the live
    server does, and takes turns with the server's requests (``DATABASE``); with PostgreSQL
    it has a connection of its own.
    """
    settings.TASKS = DATABASE_TASKS
    shared = {
        alias: connections[alias]
        for alias in connections
        if connections[alias].vendor == "sqlite" and connections[alias].is_in_memory_db()
    }
    stop = threading.Event()

    def run() -> None:
        for alias, connection in shared.items():
            connections[alias] = connection
        try:
            while not stop.is_set():
                with DATABASE:
                    database_worker(worker_id="browser-test-worker").run()
                stop.wait(0.2)
        finally:
            if not shared:
                connections.close_all()

    for connection in shared.values():
        connection.inc_thread_sharing()
    thread = threading.Thread(target=run, daemon=True)
    yield thread.start
    stop.set()
    if thread.is_alive():
        thread.join(timeout=30)
    for connection in shared.values():
        connection.dec_thread_sharing()


def test_a_large_workbook_is_read_in_the_background_with_a_progress_bar(
    page, live_server, editor, worker, log_in, console_errors, artifacts, tmp_path
):
    folder = artifacts / "import"
    folder.mkdir(exist_ok=True)
    workbook = tmp_path / "grote planning.xlsx"
    large_workbook(workbook)
    log_in(editor.username)
    page.goto(live_server.url + reverse("milestones:import", args=["groot"]))
    page.set_input_files("input[name=file]", str(workbook))
    page.get_by_role("button", name="Uploaden en controleren").click()

    # Queued, not read: the worker has not started yet.
    page.wait_for_url("**/import/jobs/*/")
    with DATABASE:
        job = ImportJob.objects.get()
    assert (job.kind, job.status, job.rows_total) == ("read", "queued", ROWS + 2)
    bar = page.get_by_role("progressbar")
    expect(bar).to_have_attribute("aria-valuenow", "0")
    assert page.locator("#job-progress").get_attribute("hx-trigger") == "every 1s"
    for width in (1440, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(folder / f"background-progress-{width}.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, (width, overflow)
    page.set_viewport_size({"width": 1440, "height": 900})

    worker()  # the page, polling every second, moves on to the preview by itself
    page.wait_for_url(f"**/import/{job.pending_id}/", timeout=120_000)
    with DATABASE:
        job.refresh_from_db()
        task = DBTaskResult.objects.get(id=job.task_id)
    assert (job.status, job.rows_done) == ("done", ROWS + 2)
    assert (task.status, task.worker_ids) == ("SUCCESSFUL", ["browser-test-worker"])
    expect(page.locator("#count-creates")).to_have_text(str(ROWS))
    page.screenshot(path=str(folder / "background-preview-1440.png"))

    page.locator("button[formaction$='/confirm/']").click()
    page.wait_for_url("**/imports/*/", timeout=120_000)
    expect(page.locator("#record-counts")).to_contain_text(f"{ROWS}")
    with DATABASE:
        record = ImportRecord.objects.get()
        milestones = Milestone.objects.filter(programme__slug="groot").count()
        commit = ImportJob.objects.get(kind="commit")
    assert record.created == milestones == ROWS
    assert (commit.status, commit.record) == ("done", record)
    assert console_errors == []


def test_the_progress_page_while_reading(page, live_server, editor, turns, log_in, artifacts):
    """The bar part way (a job as the worker leaves it between two writes), at both widths."""
    folder = artifacts / "import"
    folder.mkdir(exist_ok=True)
    job = ImportJob.objects.create(
        programme=editor.programme_memberships.get().programme,
        user=editor,
        file_name="grote planning.xlsx",
        status="running",
        rows_done=1234,
        rows_total=ROWS,
    )
    log_in(editor.username)
    page.goto(live_server.url + reverse("milestones:import-job", args=["groot", job.pk]))
    bar = page.get_by_role("progressbar")
    expect(bar).to_have_attribute("aria-valuenow", "41")
    expect(page.locator("#job-steps li[aria-current=step]")).to_contain_text("1.")
    page.wait_for_timeout(1500)  # one poll: the fragment swapped in keeps the same bar
    expect(bar).to_have_attribute("aria-valuenow", "41")
    for width in (1440, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(folder / f"background-reading-{width}.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, (width, overflow)
    with DATABASE:
        ImportJob.objects.filter(pk=job.pk).update(phase="comparing", rows_done=ROWS)
    expect(page.locator("#job-steps li[aria-current=step]")).to_contain_text("2.")
    expect(bar).not_to_have_attribute("aria-valuenow", "41")
