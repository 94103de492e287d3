"""Download of the progress report: ``/programmes/<slug>/report.docx?since=YYYY-MM-DD``."""

from __future__ import annotations

import datetime

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from milestones.reports.progress import (
    CONTENT_TYPE,
    build_progress_report,
    render_progress_report,
    report_file_name,
)
from phases.access import programme_for
from phases.fuzzy import local_today


def _day(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


@require_GET
def progress_report(request: HttpRequest, slug: str) -> HttpResponse:
    programme = programme_for(request.user, slug)
    today = local_today()
    since = _day(request.GET.get("since", ""))
    if since is not None and since > today:
        since = None  # a starting point in the future reports nothing: show the situation
    report = build_progress_report(programme=programme, today=today, since=since)
    response = HttpResponse(render_progress_report(report), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{report_file_name(report)}"'
    return response
