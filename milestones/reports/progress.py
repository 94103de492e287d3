"""The progress report (voortgangsrapportage): a Word document a secretary edits and sends.

`build_progress_report()` gathers what the report says from the dashboard (the one read of a
programme's state) and, when given, a comparison with an earlier moment (what moved, what was
finished). `render_progress_report()` writes it with python-docx; headings and labels are
Dutch through the translation machinery, dates through `phases.presentation`.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from milestones.baselines.compare import Changes
from milestones.baselines.models import Baseline
from milestones.baselines.steering import changes_to_show
from milestones.dashboard import Dashboard, build_dashboard
from milestones.dated_items import DatedItem
from phases.models import Programme, WorkStatus
from phases.presentation import format_dated, format_day, format_interval

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class MovedItem:
    """An item whose date moved since the report's starting point."""

    title: str
    old: str  # as written, with its interval
    new: str
    days: int  # positive: later
    reason: str = ""
    who: str = ""


@dataclass(frozen=True)
class ReportChanges:
    """What happened since the starting point (a baseline or a date), as the report shows it."""

    moved: tuple[MovedItem, ...] = ()
    done: tuple[str, ...] = ()  # titles of items finished since


@dataclass(frozen=True)
class ProgressReport:
    programme: Programme
    today: datetime.date
    since: datetime.date | None
    since_label: str  # "Stuurgroep 12 nov 2026", "baseline Plan vastgesteld", or a date
    dashboard: Dashboard
    decisions: tuple[DatedItem, ...]  # gates still to be decided, by date
    changes: ReportChanges | None = None  # None: no comparison made, the sections are left out


def report_changes(changes: Changes) -> ReportChanges:
    """A comparison (`milestones.baselines.compare`) as the report tells it."""
    return ReportChanges(
        moved=tuple(
            MovedItem(m.item.title, m.old, m.new, m.slip_days or 0, reason=m.reason, who=m.who)
            for m in changes.moved
        ),
        done=tuple(c.item.title for c in changes.status_changes if c.status == WorkStatus.DONE),
    )


def build_progress_report(
    *,
    programme: Programme,
    today: datetime.date,
    since: datetime.date | None = None,
    since_label: str = "",
    changes: ReportChanges | None = None,
    horizon: int = 60,
) -> ProgressReport:
    dashboard = build_dashboard(programme=programme, today=today, horizon=horizon, late_shown=None)
    return ProgressReport(
        programme=programme,
        today=today,
        since=since,
        since_label=since_label or (format_day(since) if since else ""),
        dashboard=dashboard,
        decisions=dashboard.decisions,
        changes=changes,
    )


def report_since(
    *,
    programme: Programme,
    today: datetime.date,
    baseline: Baseline | None = None,
    since: datetime.date | None = None,
) -> ProgressReport:
    """The report from a starting point: a baseline, a day, else the last steering meeting
    (`milestones.baselines.steering.changes_to_show`); without one, the situation only."""
    _meeting, changes = changes_to_show(programme, today, baseline=baseline, since=since)
    if changes is None:
        return build_progress_report(programme=programme, today=today)
    return build_progress_report(
        programme=programme,
        today=today,
        since=changes.since.date(),
        since_label=changes.label,
        changes=report_changes(changes),
    )


# -- writing ---------------------------------------------------------------------------------


def _table(document, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text


def _nothing(document, text: str) -> None:
    document.add_paragraph(text).runs[0].italic = True


def _title_page(document, report: ProgressReport) -> None:
    title = document.add_heading(_("Progress report"), level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.LEFT
    document.add_paragraph(report.programme.name).runs[0].font.size = Pt(16)
    if report.since:
        period = _("Period: %(first)s to %(last)s") % {
            "first": report.since_label,
            "last": format_day(report.today),
        }
    else:
        period = _("Situation on %(day)s") % {"day": format_day(report.today)}
    document.add_paragraph(period)
    document.add_paragraph(_("Date: %(day)s") % {"day": format_day(report.today, long=True)})
    document.add_page_break()


def _phases(document, report: ProgressReport) -> None:
    document.add_heading(_("Status per phase"), level=1)
    labels = {
        "planned": _("planned"),
        "running": _("running"),
        "done": _("done"),
        "late": _("late"),
    }
    rows = [
        (
            s.phase.name,
            format_interval(s.phase.start, s.phase.end) or "—",
            labels.get(s.status, s.status),
            f"{s.milestones_done}/{s.milestones_total}",
            f"{s.deliverables_done}/{s.deliverables_total}",
            str(s.late),
        )
        for s in report.dashboard.phases
    ]
    if not rows:
        _nothing(document, _("This programme has no phases yet."))
        return
    headers = (
        _("Phase"),
        _("Period"),
        _("Status"),
        _("Milestones done"),
        _("Deliverables done"),
        _("Late"),
    )
    _table(document, headers, rows)


def _done_and_moved(document, report: ProgressReport) -> None:
    document.add_heading(_("Done since %(since)s") % {"since": report.since_label}, level=1)
    if report.changes.done:
        for title in report.changes.done:
            document.add_paragraph(title, style="List Bullet")
    else:
        _nothing(document, _("Nothing was finished in this period."))
    document.add_heading(_("What moved, and why"), level=1)
    if not report.changes.moved:
        _nothing(document, _("No dates moved in this period."))
        return
    rows = [
        (
            m.title,
            m.old,
            m.new,
            ngettext("%(n)d day", "%(n)d days", m.days) % {"n": m.days},
            m.reason or "—",
        )
        for m in report.changes.moved
    ]
    _table(document, (_("Item"), _("Was"), _("Now"), _("Moved"), _("Reason")), rows)


def _late(document, report: ProgressReport) -> None:
    document.add_heading(_("Late"), level=1)
    if not report.dashboard.late:
        _nothing(document, _("Nothing is late."))
        return
    rows = [
        (item.title, format_dated(item.date_text, None, None), format_day(item.end))
        for item in report.dashboard.late
    ]
    _table(document, (_("Item"), _("Date (as written)"), _("Deadline")), rows)


def _decisions(document, report: ProgressReport) -> None:
    document.add_heading(_("Decisions needed next"), level=1)
    if not report.decisions:
        _nothing(document, _("No open gate."))
        return
    rows = [
        (g.title, g.decider or "—", format_dated(g.date_text, g.start, g.end))
        for g in report.decisions
    ]
    _table(document, (_("Gate"), _("Decided by"), _("When")), rows)


def _coming(document, report: ProgressReport) -> None:
    horizon = report.dashboard.horizon
    heading = _("Coming up in the next %(n)s days") % {"n": horizon}
    document.add_heading(heading, level=1)
    if not report.dashboard.upcoming:
        _nothing(document, _("Nothing planned in this period."))
        return
    rows = [
        (
            format_dated(item.date_text, item.start, item.end),
            item.title,
            ", ".join(group.name for group in item.groups) or _("No target group"),
        )
        for item in report.dashboard.upcoming
    ]
    _table(document, (_("When"), _("Item"), _("Target groups")), rows)


def render_progress_report(report: ProgressReport) -> bytes:
    """The report as a .docx file's bytes."""
    document = Document()
    document.core_properties.title = f"{_('Progress report')} {report.programme.name}"
    _title_page(document, report)
    _phases(document, report)
    if report.since and report.changes is not None:
        _done_and_moved(document, report)
    _late(document, report)
    _decisions(document, report)
    _coming(document, report)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def report_file_name(report: ProgressReport) -> str:
    return f"voortgang-{report.programme.slug}-{report.today.isoformat()}.docx"
