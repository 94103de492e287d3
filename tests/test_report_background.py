"""The progress report of a large programme is made by a task (issue 14, item 5)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document

from milestones.models import ReportJob
from milestones.reports import background
from phases.models import AccessLevel
from tests.support.access import member
from tests.support.factories import MilestoneFactory, ProgrammeFactory
from tests.support.tasks import DATABASE_TASKS, run_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(settings):
    settings.REGIE_REPORT_BACKGROUND_ITEMS = 2  # three milestones make it "large"
    programme = ProgrammeFactory(slug="groot", name="Groot programma", year=2026)
    for number in range(3):
        MilestoneFactory(programme=programme, title=f"Mijlpaal {number}", date_text="3 jun")
    return programme


@pytest.fixture
def reader(client, programme):
    user = member(programme, AccessLevel.VIEWER, "lezer")
    client.force_login(user)
    return user


def report_url(programme) -> str:
    return reverse("milestones:report", args=[programme.slug])


def job_url(job) -> str:
    return reverse("milestones:report-job", args=[job.programme.slug, job.pk])


def download_url(job) -> str:
    return reverse("milestones:report-download", args=[job.programme.slug, job.pk])


def text_of(content: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


def test_a_small_programme_gets_its_report_at_once(client, programme, reader, settings):
    settings.REGIE_REPORT_BACKGROUND_ITEMS = 3
    response = client.get(report_url(programme))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert not ReportJob.objects.exists()


def test_a_large_programmes_report_is_made_by_the_worker(client, programme, reader, settings):
    settings.TASKS = DATABASE_TASKS
    response = client.get(report_url(programme), {"since": "2026-01-01"})
    job = ReportJob.objects.get()
    assert response["Location"] == job_url(job)
    assert (job.status, job.query, job.user) == ("queued", "since=2026-01-01", reader)
    page = client.get(job_url(job)).content.decode()
    assert 'role="progressbar"' in page and 'hx-trigger="every 1s"' in page
    run_worker()
    job.refresh_from_db()
    assert job.status == "done" and job.file_name.startswith("voortgang-groot-")
    fragment = client.get(job_url(job), headers={"HX-Request": "true"})
    assert fragment["HX-Redirect"] == download_url(job)
    download = client.get(download_url(job))
    assert download["Content-Disposition"] == f'attachment; filename="{job.file_name}"'
    assert "Groot programma" in text_of(download.content)


def test_with_the_immediate_backend_the_request_leads_to_the_download(client, programme, reader):
    response = client.get(report_url(programme))
    job = ReportJob.objects.get()
    assert job.status == "done" and response["Location"] == download_url(job)


def test_a_failing_report_says_so_and_never_answers_500(client, programme, reader, monkeypatch):
    def broken(report):
        raise RuntimeError("a bug")

    monkeypatch.setattr(background, "render_progress_report", broken)
    response = client.get(report_url(programme))
    job = ReportJob.objects.get()
    assert response["Location"] == job_url(job)
    assert (job.status, job.error) == ("failed", background.failed_message())
    fragment = client.get(job_url(job), headers={"HX-Request": "true"})
    assert fragment.status_code == 286 and job.error in fragment.content.decode()
    assert client.get(download_url(job))["Location"] == job_url(job)  # nothing to download


@pytest.mark.parametrize("who", ["outsider", "other member"])
def test_a_report_is_its_users_alone(client, programme, reader, who):
    client.get(report_url(programme))
    job = ReportJob.objects.get()
    other = (
        member(ProgrammeFactory(slug="ander"), AccessLevel.EDITOR, "buiten")
        if who == "outsider"
        else member(programme, AccessLevel.EDITOR, "collega")
    )
    client.force_login(other)
    assert client.get(job_url(job)).status_code == 404
    assert client.get(download_url(job)).status_code == 404
