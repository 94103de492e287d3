"""The agenda and the decisions list of a meeting as Word documents (python-docx), and the
agenda as plain text for the invitation.

Numbered items, the meeting's date, time, place and attendees; labels in the user's language,
dates through `phases.presentation` (as the progress report in `milestones.reports`).
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from docx import Document

from milestones.meetings.agenda import AgendaEntry, MeetingAgenda
from phases.presentation import format_day

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def meeting_facts(agenda: MeetingAgenda) -> list[tuple[str, str]]:
    """Date, time, place and attendees, as label/value pairs."""
    series, occurrence = agenda.series, agenda.occurrence
    time = ""
    if series.start_time:
        time = series.start_time.strftime("%H:%M")
        if series.end_time:
            time += f"–{series.end_time.strftime('%H:%M')}"
    facts = [(_("Date"), format_day(occurrence.day, long=True, weekday=True))]
    if time:
        facts.append((_("Time"), time))
    if series.location:
        facts.append((_("Place"), series.location))
    attendees = attendee_names(agenda)
    if attendees:
        facts.append((_("Attendees"), ", ".join(attendees)))
    return facts


def attendee_names(agenda: MeetingAgenda) -> list[str]:
    body = agenda.series.target_group
    if body is None:
        return []
    return [str(person) for person in body.members.order_by("name")]


def agenda_text(agenda: MeetingAgenda) -> str:
    """The agenda as plain text: for the invitation's body or an .ics DESCRIPTION."""
    lines = [f"{_('Agenda')} {agenda.series.name}"]
    lines += [f"{label}: {value}" for label, value in meeting_facts(agenda)]
    lines.append("")
    for number, entry in enumerate(agenda.entries, start=1):
        lines.append(f"{number}. {entry.title} ({entry.treatment_label})")
        if entry.documents:
            lines.append("   " + _("Documents: %(names)s") % {"names": ", ".join(entry.documents)})
    return "\n".join(lines)


def _heading(document, title: str, agenda: MeetingAgenda) -> None:
    document.add_heading(f"{title} {agenda.series.name}", level=0)
    document.add_paragraph(agenda.series.programme.name)
    table = document.add_table(rows=0, cols=2)
    for label, value in meeting_facts(agenda):
        cells = table.add_row().cells
        cells[0].text = label
        cells[1].text = value
        cells[0].paragraphs[0].runs[0].bold = True


def _item(document, number: int, entry: AgendaEntry) -> None:
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{number}. {entry.title}").bold = True
    paragraph.add_run(f" — {entry.treatment_label}")
    details = []
    if entry.when:
        details.append(entry.when + (f" ({_('late')})" if entry.late else ""))
    if entry.documents:
        details.append(_("Documents: %(names)s") % {"names": ", ".join(entry.documents)})
    if details:
        document.add_paragraph("; ".join(details)).paragraph_format.left_indent = 360000


def _items(document, agenda: MeetingAgenda, *, decisions: bool) -> None:
    phase = None
    for number, entry in enumerate(agenda.entries, start=1):
        if entry.phase and entry.phase != phase:
            document.add_heading(entry.phase, level=2)
        phase = entry.phase or phase
        _item(document, number, entry)
        if decisions:
            for label, text in (
                (_("Decision"), entry.outcome),
                (_("Action points"), entry.actions),
            ):
                if text:
                    para = document.add_paragraph()
                    para.add_run(f"{label}: ").italic = True
                    para.add_run(text)
                    para.paragraph_format.left_indent = 360000


def _save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_agenda(agenda: MeetingAgenda) -> bytes:
    document = Document()
    document.core_properties.title = f"{_('Agenda')} {agenda.series.name}"
    _heading(document, _("Agenda"), agenda)
    document.add_heading(_("Items"), level=1)
    if not agenda.entries:
        document.add_paragraph(_("No items yet."))
    _items(document, agenda, decisions=False)
    return _save(document)


def render_decisions(agenda: MeetingAgenda) -> bytes:
    document = Document()
    document.core_properties.title = f"{_('Decisions list')} {agenda.series.name}"
    _heading(document, _("Decisions list"), agenda)
    document.add_heading(_("Decisions and action points"), level=1)
    _items(document, agenda, decisions=True)
    return _save(document)


def file_name(kind: str, agenda: MeetingAgenda) -> str:
    """ "agenda-stuurgroep-2025-10-02.docx" (the meeting's day)."""
    slug = agenda.series.target_group.slug if agenda.series.target_group else agenda.series.pk
    return f"{kind}-{slug}-{agenda.occurrence.day.isoformat()}.docx"
