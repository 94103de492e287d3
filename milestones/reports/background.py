"""The progress report of a large programme, made by a task instead of in the request.

``report.docx`` of a programme with more milestones than
``settings.REGIE_REPORT_BACKGROUND_ITEMS`` queues ``milestones.tasks.render_report`` with
the query it was asked with (``?baseline=``/``?since=``, read again by the task the same way
as the request would) and sends the user to a page that waits for it; the document is kept
in a ``ReportJob`` for its user to download (and removed a day later).
"""

from __future__ import annotations

from django.conf import settings
from django.http import QueryDict
from django.utils import translation
from django.utils.translation import gettext

from milestones import jobs
from milestones.baselines.query import comparison_from_query
from milestones.models import Milestone
from milestones.reports.models import ReportJob
from milestones.reports.progress import render_progress_report, report_file_name, report_since
from phases.fuzzy import local_today
from phases.models import Programme


def is_large(programme: Programme) -> bool:
    limit = settings.REGIE_REPORT_BACKGROUND_ITEMS
    return Milestone.objects.filter(programme=programme)[: limit + 1].count() > limit


def start_report(*, programme: Programme, user, query: QueryDict) -> ReportJob:
    from milestones.tasks import render_report  # the tasks import this module

    ReportJob.objects.expired().delete()
    job = ReportJob.objects.create(
        programme=programme,
        user=user,
        query=query.urlencode()[:500],
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    jobs.enqueue(job, render_report)
    return job


def run_report(job_id: int) -> None:
    job = ReportJob.objects.select_related("programme").get(pk=job_id)
    if job.status != ReportJob.Status.QUEUED:
        return
    jobs.start(job)
    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            today = local_today()
            asked = comparison_from_query(job.programme, QueryDict(job.query), today)
            report = report_since(
                programme=job.programme, today=today, baseline=asked.baseline, since=asked.since
            )
            job.content = render_progress_report(report)
            job.file_name = report_file_name(report)[:255]
        except Exception:
            jobs.finish(job, ReportJob.Status.FAILED, error=failed_message())
            raise  # the task's result keeps the traceback for the administrator
        jobs.finish(job, ReportJob.Status.DONE)


def failed_message() -> str:
    return gettext(
        "The report could not be made. Try again; if it happens again, tell the administrator."
    )
