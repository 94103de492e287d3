"""Download of the progress report: ``/programmes/<slug>/report.docx``.

``?baseline=<id>`` or ``?since=YYYY-MM-DD``; by default since the last steering meeting.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from milestones.reports.progress import (
    CONTENT_TYPE,
    render_progress_report,
    report_file_name,
    report_since,
)
from phases.access import programme_for
from phases.fuzzy import local_today
from phases.query import day_from_query, int_from_query


@require_GET
def progress_report(request: HttpRequest, slug: str) -> HttpResponse:
    programme = programme_for(request.user, slug)
    today = local_today()
    since = day_from_query(request.GET.get("since"))
    if since is not None and since > today:
        since = None  # a starting point in the future reports nothing: the situation only
    baseline = programme.baselines.filter(pk=int_from_query(request.GET.get("baseline"))).first()
    report = report_since(programme=programme, today=today, baseline=baseline, since=since)
    response = HttpResponse(render_progress_report(report), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{report_file_name(report)}"'
    return response
