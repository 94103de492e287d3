"""The meeting series page, an occurrence's agenda and decisions list, and their downloads.

Viewers read; secretaries and editors write (`AccessLevel.SECRETARY`). A series of a programme
the user is no member of answers 404, a day the series does not meet on 404 as well.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from milestones.calendars.ical import CalendarSelection, Content
from milestones.calendars.views import download
from milestones.meetings.agenda import (
    AgendaEntry,
    MeetingAgenda,
    StaleAgenda,
    agenda_for,
    save_agenda,
    with_decisions,
)
from milestones.meetings.documents import (
    CONTENT_TYPE,
    agenda_text,
    attendee_names,
    file_name,
    render_agenda,
    render_decisions,
)
from milestones.meetings.forms import AgendaFormSet, DecisionFormSet, rows_initial
from milestones.meetings.models import Agenda
from phases.access import require_level
from phases.fuzzy import local_today
from phases.meetings import Occurrence, meeting_on, occurrences
from phases.models import AccessLevel, Gate, MeetingSeries
from phases.views import MeetingDetailView

UPCOMING = 8  # meetings the series page lists ahead
LOOK_AHEAD = datetime.timedelta(days=3 * 366)


@dataclass(frozen=True)
class MeetingRow:
    occurrence: Occurrence
    agenda_saved: bool
    decisions: bool  # the decisions list has something in it
    past: bool


class SeriesView(MeetingDetailView):
    """/meetings/<pk>/ — the series, its next meetings, who attends, downloads."""

    template_name = "meetings/series.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        series, today = self.object, local_today()
        exceptions = list(series.cancellations.all())
        past = occurrences(series, start=series.first_date, end=today - datetime.timedelta(1),
                           exceptions=exceptions)  # fmt: skip
        ahead = occurrences(series, start=today, end=today + LOOK_AHEAD, exceptions=exceptions)
        shown = [*past[-1:], *ahead[:UPCOMING]]
        agendas = {
            a.date: a
            for a in Agenda.objects.filter(series=series, date__in=[o.planned for o in shown])
        }
        body = series.target_group
        context.update(
            meetings=[
                MeetingRow(
                    occurrence=o,
                    agenda_saved=o.planned in agendas,
                    decisions=any(
                        i.get("outcome") or i.get("actions")
                        for i in getattr(agendas.get(o.planned), "items", [])
                    ),
                    past=o.day < today,
                )
                for o in shown
            ],
            attendees=body.members.select_related("organisation").order_by("name") if body else [],
            subscribe_url=_subscribe_url(series),
        )
        return context


def _subscribe_url(series: MeetingSeries) -> str:
    url = reverse("calendar:programme-feeds", args=[series.programme.slug])
    query = f"content={Content.MEETINGS.value}"
    if series.target_group_id:
        query += f"&target_group={series.target_group_id}"
    return f"{url}?{query}#new-feed-heading"


def _series(request: HttpRequest, pk: int, level: AccessLevel) -> MeetingSeries:
    series = get_object_or_404(
        MeetingSeries.objects.select_related("programme", "target_group"), pk=pk
    )
    require_level(request.user, series.programme, level)
    return series


def _meeting(series: MeetingSeries, day: str) -> Occurrence:
    try:
        found = meeting_on(series, datetime.date.fromisoformat(day))
    except ValueError:
        found = None
    if found is None:
        raise Http404
    return found


@require_safe
def series_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """/meetings/<pk>/calendar.ics — this series alone, for a one-off import."""
    series = _series(request, pk, AccessLevel.VIEWER)
    selection = CalendarSelection(
        name=series.name, programmes=(series.programme,), series_id=series.pk
    )
    return download(request, selection, filename=f"{series.programme.slug}-meeting-{pk}.ics")


def _page(request, template: str, agenda: MeetingAgenda, **context) -> HttpResponse:
    level = agenda.series.programme.access_level(request.user)
    return render(
        request,
        template,
        {
            "programme": agenda.series.programme,
            "series": agenda.series,
            "agenda": agenda,
            "attendees": attendee_names(agenda),
            "can_manage_meetings": level >= AccessLevel.SECRETARY,
            "can_edit": level >= AccessLevel.EDITOR,
            **context,
        },
    )


def _stale(request, stale: StaleAgenda) -> None:
    version = stale.current.version if stale.current else 0
    messages.error(
        request,
        _(
            "Someone else saved this agenda while you were editing it (now version %(v)d). "
            "Your changes were not saved: the agenda as it is now is shown; make them again."
        )
        % {"v": version},
    )


@require_http_methods(["GET", "POST"])
def agenda_page(request: HttpRequest, pk: int, day: str) -> HttpResponse:
    """/meetings/<pk>/<day>/agenda/ — the draft or saved agenda; secretaries edit it."""
    level = AccessLevel.SECRETARY if request.method == "POST" else AccessLevel.VIEWER
    series = _series(request, pk, level)
    occurrence = _meeting(series, day)
    agenda = agenda_for(series, occurrence)
    on_agenda = {entry.key for entry in agenda.entries}
    left_out = [entry for entry in agenda.proposal if entry.key not in on_agenda]
    formset = AgendaFormSet(
        request.POST or None, initial=rows_initial(agenda.entries, left_out), prefix="items"
    )
    if request.method == "POST" and formset.is_valid():
        known = {entry.key: entry for entry in (*agenda.proposal, *agenda.entries)}
        try:
            save_agenda(
                series=series,
                occurrence=occurrence,
                entries=_keep_decisions(formset.entries(known), agenda.entries),
                version=_posted_version(request),
            )
        except StaleAgenda as stale:
            _stale(request, stale)
        else:
            messages.success(request, _("Agenda saved."))
        return redirect("meetings:agenda", pk=pk, day=day)
    return _page(
        request,
        "meetings/agenda.html",
        agenda,
        formset=formset,
        rows=list(zip(formset.forms, [*agenda.entries, *left_out], strict=False))
        + [(form, None) for form in formset.forms[len(agenda.entries) + len(left_out) :]],
        left_out=left_out,
        text=agenda_text(agenda),
    )


def _keep_decisions(entries: list[AgendaEntry], before: tuple[AgendaEntry, ...]):
    decisions = {e.key: (e.outcome, e.actions) for e in before if e.outcome or e.actions}
    return with_decisions(tuple(entries), decisions)


def _posted_version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1  # never current: a form without a version is not saved over anything


@require_http_methods(["GET", "POST"])
def decisions_page(request: HttpRequest, pk: int, day: str) -> HttpResponse:
    """/meetings/<pk>/<day>/decisions/ — per item the outcome and action points."""
    level = AccessLevel.SECRETARY if request.method == "POST" else AccessLevel.VIEWER
    series = _series(request, pk, level)
    occurrence = _meeting(series, day)
    agenda = agenda_for(series, occurrence)
    initial = [{"key": e.key, "outcome": e.outcome, "actions": e.actions} for e in agenda.entries]
    formset = DecisionFormSet(request.POST or None, initial=initial, prefix="decisions")
    if request.method == "POST" and formset.is_valid():
        typed = {
            form.cleaned_data["key"]: (form.cleaned_data["outcome"], form.cleaned_data["actions"])
            for form in formset.forms
        }
        try:
            save_agenda(
                series=series,
                occurrence=occurrence,
                entries=with_decisions(agenda.entries, typed),
                version=_posted_version(request),
            )
        except StaleAgenda as stale:
            _stale(request, stale)
        else:
            messages.success(request, _("Decisions list saved."))
        return redirect("meetings:decisions", pk=pk, day=day)
    gates = _gates(agenda)
    return _page(
        request,
        "meetings/decisions.html",
        agenda,
        rows=[
            (entry, form, gates.get(entry.key))
            for entry, form in zip(agenda.entries, formset.forms, strict=False)
        ],
        formset=formset,
    )


def _gates(agenda: MeetingAgenda) -> dict[str, Gate]:
    ids = [e.object_id for e in agenda.entries if e.kind == "gate"]
    found = Gate.objects.filter(pk__in=ids, phase__programme=agenda.series.programme)
    return {f"gate-{gate.pk}": gate for gate in found}


@require_safe
def agenda_document(request: HttpRequest, pk: int, day: str) -> HttpResponse:
    series = _series(request, pk, AccessLevel.VIEWER)
    agenda = agenda_for(series, _meeting(series, day))
    return _docx(render_agenda(agenda), file_name("agenda", agenda))


@require_safe
def decisions_document(request: HttpRequest, pk: int, day: str) -> HttpResponse:
    series = _series(request, pk, AccessLevel.VIEWER)
    agenda = agenda_for(series, _meeting(series, day))
    return _docx(render_decisions(agenda), file_name("besluitenlijst", agenda))


def _docx(body: bytes, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
