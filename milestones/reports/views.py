"""Download of the progress report: ``/programmes/<slug>/report.docx``.

``?baseline=<id>`` or ``?since=YYYY-MM-DD``; by default since the last steering meeting.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from milestones.baselines.query import comparison_from_query
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
    today = local_today()
    asked = comparison_from_query(programme, request.GET, today)
    report = report_since(
        programme=programme, today=today, baseline=asked.baseline, since=asked.since
    )
    response = HttpResponse(render_progress_report(report), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{report_file_name(report)}"'
    return response
