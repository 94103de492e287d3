"""Download of the progress report: ``/programmes/<slug>/report.docx``.

``?baseline=<id>`` or ``?since=YYYY-MM-DD``; by default since the last steering meeting.
"""

from __future__ import annotations

import datetime

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from milestones.baselines.steering import changes_to_show
from milestones.reports.progress import (
    CONTENT_TYPE,
    build_progress_report,
    render_progress_report,
    report_changes,
    report_file_name,
)
from phases.access import programme_for
from phases.fuzzy import local_today


def _int(text: str) -> int | None:
    return int(text) if text.isdigit() else None


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
        since = None  # a starting point in the future reports nothing: the situation only
    baseline = programme.baselines.filter(pk=_int(request.GET.get("baseline", ""))).first()
    meeting, changes = changes_to_show(programme, today, baseline=baseline, since=since)
    report = build_progress_report(
        programme=programme,
        today=today,
        since=changes.since.date() if changes else None,
        since_label=changes.label if changes else "",
        changes=report_changes(changes) if changes else None,
    )
    response = HttpResponse(render_progress_report(report), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{report_file_name(report)}"'
    return response
