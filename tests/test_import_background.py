"""Large imports in the background (issue 14, item 5): read once, progress, permissions.

The threshold is lowered (``REGIE_IMPORT_BACKGROUND_ROWS``) so that a file of a few dozen
rows takes the background path; the tests run the tasks with the immediate backend (as
the settings do in tests) unless they say otherwise, and with the database backend and
its worker where the queue itself matters.
"""

import hashlib
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from milestones import importing
from milestones.importing import background, wizard
from milestones.models import ImportJob, ImportRecord, Milestone, PendingImport
from phases.models import AccessLevel
from tests.support.access import as_user, member
from tests.support.factories import ProgrammeFactory, UserFactory
from tests.support.schedules import csv_file, xlsx
from tests.support.tasks import DATABASE_TASKS, run_worker

pytestmark = pytest.mark.django_db

HEADER = ["Einddatum", "Mijlpaal", "Doelgroep", "Wie"]
ROWS = 40
THRESHOLD = 20
DUMMY_TASKS = {
    "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}
}


def rows(count: int = ROWS, *, bad: int | None = None) -> list[list]:
    out = [[f"{1 + i % 28}-mrt", f"Mijlpaal {i}", "Regievoerders", "PL"] for i in range(count)]
    if bad is not None:
        out[bad][0] = "n.t.b."
    return out


def schedule(count: int = ROWS, **options) -> bytes:
    return csv_file([HEADER, *rows(count, **options)])


@pytest.fixture(autouse=True)
def low_threshold(settings):
    settings.REGIE_IMPORT_BACKGROUND_ROWS = THRESHOLD


@pytest.fixture
def programme():
    return ProgrammeFactory(slug="p", name="Programma P", year=2024)


@pytest.fixture
def editor(client, programme):
    user = member(programme, AccessLevel.EDITOR, "redacteur")
    client.force_login(user)
    return user


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The name of every file the importer opens (``readers.open_source``)."""
    opened: list[str] = []
    original = importing.open_source

    def counting(*, data, file_name):
        opened.append(file_name)
        return original(data=data, file_name=file_name)

    monkeypatch.setattr(importing, "open_source", counting)
    return opened


def upload(client, programme, data: bytes, name: str = "planning.csv", **fields):
    url = reverse("milestones:import", args=[programme.slug])
    file = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client.post(url, {"file": file, **fields})


def job_url(job) -> str:
    return reverse("milestones:import-job", args=[job.programme.slug, job.pk])


def preview_url(pending) -> str:
    return reverse("milestones:import-preview", args=[pending.programme.slug, pending.pk])


def confirm_url(pending) -> str:
    return reverse("milestones:import-confirm", args=[pending.programme.slug, pending.pk])


# -- how large a file is ----------------------------------------------------------------------


def test_rows_are_counted_without_reading_the_schedule():
    assert background.count_rows(schedule(2500), "p.csv") == 2501  # the header too
    assert background.count_rows(b"a;b\nc;d", "p.csv") == 2  # no line end at the end
    workbook = xlsx(("Planning", [HEADER, *rows(2500)]), ("Tweede", [HEADER, *rows(10)]))
    assert background.count_rows(workbook, "p.xlsx") == 2501 + 11
    assert background.count_rows(b"PK\x03\x04 damaged", "p.xlsx") == 0


def test_a_word_documents_table_rows_are_counted():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        body = "<w:tbl>" + "<w:tr><w:tc/></w:tr>" * 30 + "<w:tr w:rsidR='1'/></w:tbl>"
        archive.writestr("word/document.xml", f"<w:document>{body}</w:document>")
    assert background.count_rows(buffer.getvalue(), "p.docx") == 31


# -- the background path ----------------------------------------------------------------------


def test_a_small_upload_is_read_in_the_request(client, programme, editor, reads):
    response = upload(client, programme, schedule(THRESHOLD - 1))
    pending = PendingImport.objects.get()
    assert response["Location"] == preview_url(pending)
    assert not ImportJob.objects.exists()
    assert reads == ["planning.csv"]  # the check at the upload (the preview reads again)


def test_a_large_upload_is_read_once_from_upload_to_import(client, programme, editor, reads):
    response = upload(client, programme, schedule())
    pending = PendingImport.objects.get()
    job = ImportJob.objects.get()
    assert (job.kind, job.status, job.rows_total, job.rows_done) == ("read", "done", 41, 41)
    # The immediate backend read it within the upload: straight on to the preview.
    assert response["Location"] == preview_url(pending)
    for _ in range(2):  # the preview, shown twice
        page = client.get(preview_url(pending))
        assert page.status_code == 200
        assert len(page.context["preview"].creates.rows) == ROWS
    digest = page.context["digest"]
    assert digest == job.digest
    response = client.post(confirm_url(pending), {"digest": digest})
    commit = ImportJob.objects.get(kind="commit")
    record = ImportRecord.objects.get()
    assert response["Location"] == reverse("milestones:import-record", args=[record.pk])
    assert (commit.status, commit.record, record.created) == ("done", record, ROWS)
    assert Milestone.objects.filter(programme=programme).count() == ROWS
    assert not PendingImport.objects.exists()
    assert reads == ["planning.csv"]  # one reading for upload, two previews and the commit
    job.refresh_from_db()
    assert job.plan is None  # the kept plan is dropped once it is imported


def test_the_reading_records_its_progress(programme, editor, monkeypatch):
    monkeypatch.setattr(background, "PROGRESS_INTERVAL", 0)
    seen: list[tuple[str, int, str]] = []
    original = background.Progress.__call__

    def spy(self, phase, rows):
        original(self, phase, rows)
        job = ImportJob.objects.get(pk=self.job.pk)
        seen.append((job.phase, job.rows_done, job.status))

    monkeypatch.setattr(background.Progress, "__call__", spy)
    pending = pending_of(editor, programme)
    job = background.start_reading(pending)
    reading = [rows for phase, rows, _status in seen if phase == "reading"]
    assert reading == list(range(1, ROWS + 2))  # every row, the header first
    assert seen[-1] == ("comparing", ROWS + 1, "running")
    assert all(status == "running" for *_rest, status in seen)
    assert (job.status, job.percent, job.problems) == ("done", 100, 0)


def test_progress_is_written_at_most_four_times_a_second(programme, editor, monkeypatch):
    writes = []
    original = ImportJob.objects.filter

    def counting_filter(*args, **kwargs):
        writes.append(kwargs)
        return original(*args, **kwargs)

    pending = pending_of(editor, programme, data=schedule(2000))
    times = iter([0.0, 0.1, 0.2, 0.3, *[0.3] * 5000, 5.0, 5.0, 5.0])
    monkeypatch.setattr(background.time, "monotonic", lambda: next(times))
    job = ImportJob.objects.create(
        programme=programme, user=editor, pending=pending, file_name="x", rows_total=2001
    )
    monkeypatch.setattr(ImportJob.objects, "filter", counting_filter)
    progress = background.Progress(job)
    for row in range(1, 2002):
        progress("reading", row)
    progress("comparing", 2001)
    # 0.0 (the first), 0.3 (0.25 s later), the phase change: three writes of 2,002 calls.
    assert len(writes) == 3


def pending_of(user, programme, name="planning.csv", data=None, **fields) -> PendingImport:
    data = schedule() if data is None else data
    return PendingImport.objects.create(
        programme=programme,
        user=user,
        file_name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        data=data,
        **fields,
    )


def test_with_the_database_backend_the_worker_does_the_reading(
    client, programme, editor, settings, reads
):
    settings.TASKS = DATABASE_TASKS
    response = upload(client, programme, schedule())
    job = ImportJob.objects.get()
    assert response["Location"] == job_url(job)
    assert reads == []  # not read in the request
    page = client.get(job_url(job))
    html = page.content.decode()
    assert 'role="progressbar"' in html and 'aria-valuenow="0"' in html
    assert 'hx-trigger="every 1s"' in html
    assert (job.status, job.task_id != "") == ("queued", True)

    run_worker()
    job.refresh_from_db()
    assert (job.status, job.rows_done) == ("done", ROWS + 1)
    assert reads == ["planning.csv"]
    fragment = client.get(job_url(job), headers={"HX-Request": "true"})
    assert fragment["HX-Redirect"] == preview_url(job.pending)
    page = client.get(preview_url(job.pending))
    assert len(page.context["preview"].creates.rows) == ROWS
    assert page.context["digest"] == job.digest

    client.post(confirm_url(job.pending), {"digest": job.digest})
    commit = ImportJob.objects.get(kind="commit")
    assert commit.status == "queued" and not Milestone.objects.exists()
    assert 'data-status="queued"' in client.get(job_url(commit)).content.decode()
    run_worker()
    commit.refresh_from_db()
    assert commit.status == "done" and commit.record.created == ROWS
    fragment = client.get(job_url(commit), headers={"HX-Request": "true"})
    assert fragment["HX-Redirect"] == reverse("milestones:import-record", args=[commit.record.pk])
    assert reads == ["planning.csv"]


def test_the_fragment_shows_how_far_the_reading_is(client, programme, editor):
    pending = pending_of(editor, programme)
    job = ImportJob.objects.create(
        programme=programme,
        user=editor,
        pending=pending,
        file_name="planning.csv",
        status="running",
        rows_done=1234,
        rows_total=5000,
    )
    response = client.get(job_url(job), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "<nav" not in html  # the progress alone
    assert 'aria-valuenow="24"' in html and "width: 24%" in html
    assert "1234" in html and "5000" in html
    assert response["Cache-Control"].startswith("max-age=0")
    ImportJob.objects.filter(pk=job.pk).update(phase="comparing")
    html = client.get(job_url(job), headers={"HX-Request": "true"}).content.decode()
    assert "aria-valuenow" not in html and "progress-bar-animated" in html


# -- errors -------------------------------------------------------------------------------------


def test_an_unreadable_large_file_fails_with_the_users_message(client, programme, editor):
    text = "\n".join(f"geen kop {i}; niets" for i in range(ROWS)).encode()
    response = upload(client, programme, text)
    job = ImportJob.objects.get()
    assert response["Location"] == job_url(job)
    assert job.status == "failed" and "geen kopregel gevonden" in job.error
    assert not PendingImport.objects.exists()  # nothing to continue
    page = client.get(job_url(job))
    assert page.status_code == 200
    assert 'id="job-error"' in page.content.decode()
    fragment = client.get(job_url(job), headers={"HX-Request": "true"})
    assert fragment.status_code == 286  # htmx stops polling
    assert job.error in fragment.content.decode()


def test_a_failing_task_says_so_in_dutch_and_never_answers_500(
    client, programme, editor, monkeypatch
):
    def broken(pending, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(background, "preview_import", broken)
    response = upload(client, programme, schedule())  # the immediate backend runs it here
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job_url(job)
    assert job.status == "failed"
    # The Dutch catalogue: "Er ging iets mis bij het verwerken van dit bestand; …"
    assert job.error == background.failed_message()
    assert job.language == "nl"
    page = client.get(job_url(job))
    assert page.status_code == 200 and job.error in page.content.decode()


def test_a_job_whose_worker_died_is_told_as_stopped(client, programme, editor):
    job = ImportJob.objects.create(
        programme=programme, user=editor, file_name="planning.csv", status="running"
    )
    ImportJob.objects.filter(pk=job.pk).update(updated_at=job.updated_at - background_stuck())
    fragment = client.get(job_url(job), headers={"HX-Request": "true"})
    assert fragment.status_code == 286
    assert 'id="job-error"' in fragment.content.decode()


def background_stuck():
    from milestones.models import STUCK_AFTER

    return STUCK_AFTER * 2


def test_a_programme_changed_before_the_commit_imports_nothing(programme, editor, settings):
    pending = pending_of(editor, programme)
    reading = background.start_reading(pending)
    settings.TASKS = DUMMY_TASKS  # the commit waits in the queue
    job = background.start_commit(
        pending=pending, reading=reading, user=editor, seen=reading.digest
    )
    Milestone.objects.create(programme=programme, title="Intussen", date_text="1 mei")
    background.run_commit(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and job.error == wizard.stale_message()
    assert Milestone.objects.count() == 1 and not ImportRecord.objects.exists()
    assert PendingImport.objects.filter(pk=pending.pk).exists()


def test_a_changed_programme_makes_the_preview_read_again(client, programme, editor, reads):
    upload(client, programme, schedule())
    pending = PendingImport.objects.get()
    Milestone.objects.create(programme=programme, title="Intussen", date_text="1 mei")
    response = client.get(preview_url(pending), follow=True)
    assert response.redirect_chain == [(preview_url(pending), 302)]  # read again at once
    with translation.override("nl"):
        told = gettext("The programme changed after the file was read: it is compared again.")
    assert [str(m) for m in response.context["messages"]] == [told]
    assert response.context["digest"] == ImportJob.objects.order_by("-pk").first().digest
    assert ImportJob.objects.count() == 2 and reads == ["planning.csv"] * 2


def test_confirming_another_plan_than_the_one_shown_is_refused(client, programme, editor):
    upload(client, programme, schedule())
    pending = PendingImport.objects.get()
    response = client.post(confirm_url(pending), {"digest": "0" * 64})
    assert response["Location"] == preview_url(pending)
    assert not ImportJob.objects.filter(kind="commit").exists()
    assert not Milestone.objects.exists()


def test_a_plan_with_problems_is_not_committed(client, programme, editor):
    upload(client, programme, schedule(bad=3))
    pending = PendingImport.objects.get()
    reading = ImportJob.objects.get()
    assert reading.problems == 1
    client.post(confirm_url(pending), {"digest": reading.digest})
    assert not ImportJob.objects.filter(kind="commit").exists()


def test_a_correction_is_read_in_the_background_too(client, programme, editor, reads):
    upload(client, programme, schedule(bad=3))
    pending = PendingImport.objects.get()
    fields = {
        "fixes": "1",
        "fix_sheet": "planning.csv",
        "fix_row": "5",
        "fix_original": "n.t.b.",
        "date_text": "medio mei",
    }
    client.post(preview_url(pending), fields)
    page = client.get(preview_url(pending), follow=True)  # read again, then shown
    assert page.status_code == 200 and len(page.redirect_chain) == 1
    assert page.context["preview"].problems == ()
    assert ImportJob.objects.count() == 2 and reads == ["planning.csv"] * 2


def test_a_tampered_stored_plan_is_not_loaded(programme, editor):
    reading = background.start_reading(pending_of(editor, programme))
    stored = bytes(reading.plan)
    assert background.load_plan(stored).file_name == "planning.csv"
    assert background.load_plan(stored[:40] + b"x" + stored[41:]) is None
    assert background.load_plan(b"\0" * 32 + stored[32:]) is None


# -- who may see a job --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [(None, 302), ("outsider", 404), ("viewer", 403), ("secretary", 403), ("editor", 404)],
)
def test_only_its_owner_sees_a_job(client, programme, who, status):
    owner = member(programme, AccessLevel.EDITOR, "eigenaar")
    job = ImportJob.objects.create(programme=programme, user=owner, file_name="planning.csv")
    as_user(client, who, programme)  # "editor": another editor of the programme
    response = client.get(job_url(job))
    assert response.status_code == status
    client.force_login(owner)
    assert client.get(job_url(job)).status_code == 200


def test_an_owner_who_may_no_longer_edit_loses_the_job(client, programme):
    owner = member(programme, AccessLevel.EDITOR, "eigenaar")
    job = ImportJob.objects.create(programme=programme, user=owner, file_name="planning.csv")
    client.force_login(owner)
    owner.programme_memberships.update(level=AccessLevel.VIEWER)
    assert client.get(job_url(job)).status_code == 403
    other = ProgrammeFactory(slug="q")
    member_url = reverse("milestones:import-job", args=[other.slug, job.pk])
    client.force_login(UserFactory(username="staf", is_staff=True))
    assert client.get(member_url).status_code == 404  # staff: not theirs either


def test_the_import_page_lists_the_users_jobs(client, programme, editor):
    mine = ImportJob.objects.create(programme=programme, user=editor, file_name="mijn.xlsx")
    other = member(programme, AccessLevel.EDITOR, "ander")
    ImportJob.objects.create(programme=programme, user=other, file_name="andermans.xlsx")
    html = client.get(reverse("milestones:import", args=[programme.slug])).content.decode()
    assert f'href="{job_url(mine)}"' in html
    assert "andermans.xlsx" not in html


def test_a_done_jobs_page_leads_to_its_result(client, programme, editor):
    upload(client, programme, schedule())  # read at once (the immediate backend)
    job = ImportJob.objects.get()
    assert client.get(job_url(job))["Location"] == preview_url(job.pending)
    fragment = client.get(job_url(job), headers={"HX-Request": "true"})
    assert fragment["HX-Redirect"] == preview_url(job.pending)


def test_a_stored_plan_no_longer_fits_once_a_phase_is_chosen(programme, editor):
    pending = pending_of(editor, programme)
    reading = background.start_reading(pending)
    plan = background.load_plan(reading.plan)
    assert background.fits(pending, plan)
    phase = programme.phases.create(name="Uitvoering", order=1)
    pending.phase_choice = phase.pk
    pending.save(update_fields=["phase_choice"])
    assert not background.fits(pending, plan)  # the preview reads it again, with the choice


def test_a_background_commit_that_changes_nothing_records_no_import(programme, editor):
    first = pending_of(editor, programme)
    reading = background.start_reading(first)
    background.start_commit(pending=first, reading=reading, user=editor, seen=reading.digest)
    assert ImportRecord.objects.count() == 1

    again = pending_of(editor, programme)  # the same file once more
    reading = background.start_reading(again)
    assert background.load_plan(reading.plan).changes_nothing
    job = background.start_commit(pending=again, reading=reading, user=editor, seen=reading.digest)
    job.refresh_from_db()
    assert job.status == "failed" and job.record is None
    assert job.error == wizard.nothing_message(background.load_plan(reading.plan))
    assert ImportRecord.objects.count() == 1  # no empty record
    assert Milestone.objects.count() == ROWS
