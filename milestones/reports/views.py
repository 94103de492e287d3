"""Download of the progress report: ``/programmes/<slug>/report.docx``.

``?baseline=<id>`` or ``?since=YYYY-MM-DD``; by default since the last steering meeting.
A large programme's report is made in the background (``background``): the request leads to
a page that waits for it (polled by htmx) and then to the download, both its user's alone.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET
from django_htmx.http import HttpResponseClientRedirect, HttpResponseStopPolling

from milestones.baselines.query import comparison_from_query
from milestones.reports import background
from milestones.reports.models import ReportJob
from milestones.reports.progress import (
    CONTENT_TYPE,
    render_progress_report,
    report_file_name,
    report_since,
)
from phases.access import programme_for
from phases.fuzzy import local_today


@require_GET
def progress_report(request: HttpRequest, slug: str) -> HttpResponse:
    programme = programme_for(request.user, slug)
    if background.is_large(programme):
        job = background.start_report(programme=programme, user=request.user, query=request.GET)
        return redirect(_next_url(job))
    today = local_today()
    asked = comparison_from_query(programme, request.GET, today)
    report = report_since(
        programme=programme, today=today, baseline=asked.baseline, since=asked.since
    )
    return _docx(render_progress_report(report), report_file_name(report))


def _docx(content: bytes, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


def _job(request: HttpRequest, slug: str, pk: int) -> ReportJob:
    programme = programme_for(request.user, slug)
    jobs = ReportJob.objects.owned_by(request.user).filter(programme=programme)
    return get_object_or_404(jobs.select_related("programme").defer("content"), pk=pk)


def _job_url(job: ReportJob) -> str:
    return reverse("milestones:report-job", args=[job.programme.slug, job.pk])


def _next_url(job: ReportJob) -> str:
    if job.status == ReportJob.Status.DONE:
        return reverse("milestones:report-download", args=[job.programme.slug, job.pk])
    return _job_url(job)


@require_GET
def report_job(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The page that waits for a report; to htmx the state alone, then the download."""
    job = _job(request, slug, pk)
    next_url = _next_url(job)
    context = {"programme": job.programme, "job": job, "next_url": next_url}
    if next_url != _job_url(job):  # done: the download
        return HttpResponseClientRedirect(next_url) if request.htmx else redirect(next_url)
    if request.htmx:
        response = render(request, "milestones/report_job.html#state", context)
        if not job.is_active:
            response.status_code = HttpResponseStopPolling.status_code
    else:
        response = render(request, "milestones/report_job.html", context)
    add_never_cache_headers(response)
    return response


@require_GET
def report_download(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    job = _job(request, slug, pk)
    if job.status != ReportJob.Status.DONE:
        return redirect(_job_url(job))
    content = ReportJob.objects.filter(pk=job.pk).values_list("content", flat=True).get()
    return _docx(bytes(content), job.file_name)
