"""A body's meeting calendar: its meetings (imported, typed in, and from its meeting series)
and recesses, with the upload of an .ics or a list of dates and typing a date or a recess in.

Meeting calendars are shared by every programme, so everyone logged in reads them; staff and
users given the right ("can add meeting of a body") change them.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from cycle.calendars import build_cycle
from cycle.forms import MeetingDateForm, MeetingUploadForm, RecessForm
from cycle.meetings_import import read_meetings, save_meetings
from cycle.models import BodyMeeting, Recess
from milestones.importing.readers import MAX_FILE_SIZE, UnreadableFile
from phases.fuzzy import local_today
from stakeholders.models import TargetGroup

PERMISSION = "cycle.add_bodymeeting"


def may_edit(user) -> bool:
    return user.is_staff or user.has_perm(PERMISSION)


@require_GET
def body_calendar(request, slug: str):
    body = get_object_or_404(TargetGroup, slug=slug)
    today = local_today()
    cycle = build_cycle([body], programme=None, today=today)
    context = {
        "body": body,
        "meetings": [day for day in cycle.meeting_days(body.name) if day >= today],
        "recesses": Recess.objects.filter(body=body, end__gte=today).order_by("start"),
        "can_edit": may_edit(request.user),
        "upload_form": MeetingUploadForm(),
        "date_form": MeetingDateForm(),
        "recess_form": RecessForm(),
    }
    return render(request, "cycle/body_calendar.html", context)


def _editable_body(request, slug: str) -> TargetGroup:
    if not may_edit(request.user):
        raise PermissionDenied
    return get_object_or_404(TargetGroup, slug=slug)


@require_POST
def upload_meetings(request, slug: str):
    body = _editable_body(request, slug)
    form = MeetingUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file."))
        return redirect("cycle:body", slug=slug)
    upload = form.cleaned_data["file"]
    try:
        if upload.size > MAX_FILE_SIZE:
            raise UnreadableFile(_("%(file)s is too large.") % {"file": upload.name})
        found = read_meetings(data=upload.read(), file_name=upload.name, today=local_today())
    except UnreadableFile as exc:
        messages.error(request, str(exc))
        return redirect("cycle:body", slug=slug)
    if found.problems:
        problems = "; ".join(str(problem) for problem in found.problems[:10])
        messages.error(
            request,
            ngettext(
                "Nothing was imported: the file has %(count)d problem.",
                "Nothing was imported: the file has %(count)d problems.",
                len(found.problems),
            )
            % {"count": len(found.problems)}
            + " "
            + problems,
        )
        return redirect("cycle:body", slug=slug)
    result = save_meetings(found, body=body)
    messages.success(
        request,
        _("%(body)s: %(created)d meetings added, %(updated)d changed.")
        % {"body": body.name, "created": result.created, "updated": result.updated},
    )
    return redirect("cycle:body", slug=slug)


@require_POST
def add_meeting(request, slug: str):
    body = _editable_body(request, slug)
    form = MeetingDateForm(request.POST)
    if form.is_valid():
        _meeting, created = BodyMeeting.objects.get_or_create(
            body=body,
            organisation=None,
            date=form.cleaned_data["date"],
            defaults={"title": form.cleaned_data["title"]},
        )
        if created:
            messages.success(request, _("Meeting added."))
        else:
            messages.info(request, _("That meeting is already in the calendar."))
    else:
        messages.error(request, _("Give the date of the meeting."))
    return redirect("cycle:body", slug=slug)


@require_POST
def add_recess(request, slug: str):
    body = _editable_body(request, slug)
    form = RecessForm(request.POST)
    if form.is_valid():
        Recess.objects.create(body=body, **form.cleaned_data)
        messages.success(request, _("Recess added."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("cycle:body", slug=slug)
