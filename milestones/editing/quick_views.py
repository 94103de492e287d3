"""Quick edits in place (htmx): a milestone's status, date or target groups, changed in the
milestone table or on the milestone page without opening the full form.

    GET  /milestones/<id>/quick/<field>/           the inline editor (htmx)
    GET  /milestones/<id>/quick/<field>/?cancel=1  the display again (Escape, Cancel)
    POST /milestones/<id>/quick/<field>/           validate and save, answer with the display

`place=table|page` says where the editor sits: the display is then the table row (written by
`milestones.tables.RowWriter`, as in the table) or the page's block for that field
(`milestone_detail.html#<field>`, with the change history swapped out of band). Without htmx
(no JavaScript) the edit links lead to the full form; a form posted without htmx goes back to
`next` with a message.

Editors only, GET and POST alike: non-members 404, lower levels 403 (anonymous users are sent
to the login page by the middleware).
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods
from django_htmx.http import reswap, retarget, trigger_client_event

from milestones.editing.quick_forms import QUICK_FORMS, QuickEditForm
from milestones.models import Milestone
from milestones.tables import RowWriter
from milestones.views import milestone_page_context
from phases.access import require_level
from phases.editing import save_atomically
from phases.models import AccessLevel
from phases.query import local_url

PLACES = ("table", "page")
SAVED_EVENT = "regie:quick-saved"  # static/regie/quick-edit.js announces its message


@require_http_methods(["GET", "POST"])
def quick_edit(request: HttpRequest, pk: int, field: str) -> HttpResponse:
    milestone = get_object_or_404(Milestone.objects.select_related("programme"), pk=pk)
    require_level(request.user, milestone.programme, AccessLevel.EDITOR)
    data = request.POST if request.method == "POST" else request.GET
    place = data.get("place") if data.get("place") in PLACES else "page"
    back = back_url(request, data.get("next"), milestone)
    form_class = QUICK_FORMS[field]

    if request.method == "GET":
        cancel = "cancel" in request.GET
        if not request.htmx:
            response = redirect(back if cancel else reverse("milestones:edit", args=[pk]))
        elif cancel:
            response = display(request, milestone, field, place)
        else:
            form = form_class(instance=milestone, user=request.user)
            response = editor(request, form, place, back)
        patch_vary_headers(response, ("HX-Request",))
        return response

    with transaction.atomic():
        # Read the row again under lock, so that saving it writes nobody's old values back.
        locked = Milestone.objects.select_for_update().select_related("programme")
        milestone = get_object_or_404(locked, pk=pk)
        form = form_class(request.POST, instance=milestone, user=request.user)
        milestone = save_atomically(form)
    if milestone is None:
        response = editor(request, form, place, back)
        if request.htmx:  # the form replaces itself; the display stays where it is
            retarget(response, "this")
            reswap(response, "outerHTML")
        return response

    message = saved_message(form)
    if not request.htmx:
        messages.success(request, message)
        return redirect(back)
    response = display(request, milestone, field, place, saved=form.changed())
    return trigger_client_event(response, SAVED_EVENT, {"message": message}, after="settle")


def back_url(request: HttpRequest, candidate: str | None, milestone: Milestone) -> str:
    """`next` if it is a local URL, else the page the editor was opened on, else the
    milestone page."""
    current = request.htmx.current_url_abs_path if request.htmx else None
    return (
        local_url(request, candidate)
        or local_url(request, current)
        or (milestone.get_absolute_url())
    )


def editor(request: HttpRequest, form: QuickEditForm, place: str, back: str) -> HttpResponse:
    """The inline editor (htmx), or for a browser without JavaScript a page around it."""
    milestone = form.instance
    url = reverse("milestones:quick-edit", args=[milestone.pk, form.name])
    context = {
        "form": form,
        "milestone": milestone,
        "programme": milestone.programme,
        "place": place,
        "next": back,
        "quick_url": url,
        "cancel_url": f"{url}?cancel=1&place={place}",
        # where the display goes after saving or cancelling
        "display_target": "closest tr" if place == "table" else f"#milestone-{form.name}",
        "plain": not request.htmx,
    }
    template = "milestones/quick_edit.html"
    return render(request, f"{template}#editor" if request.htmx else template, context)


def display(
    request: HttpRequest, milestone: Milestone, field: str, place: str, *, saved: bool = False
) -> HttpResponse:
    """The value shown again: the table row, or the page's block (and, after a save, the
    change history out of band).

    The keyboard goes back to the edit control of `field` (autofocus); `saved` flashes it.
    """
    if place == "table":
        row = Milestone.objects.for_table().get(pk=milestone.pk)
        return HttpResponse(RowWriter(can_edit=True).rows([row], focus=field, saved=saved))
    template = "milestones/milestone_detail.html"
    context = {
        **milestone_page_context(milestone, can_edit=True),
        "focus": True,
        "saved": saved,
        "oob": True,
    }
    html = render_to_string(f"{template}#{field}", context, request)
    if saved:
        html += render_to_string(f"{template}#history", context, request)
    return HttpResponse(html)


def saved_message(form: QuickEditForm) -> str:
    milestone = form.instance
    if not form.changed():
        return gettext("Nothing changed in “%(name)s”.") % {"name": milestone}
    return gettext("%(field)s of “%(name)s” saved: %(value)s.") % {
        "field": form.label,
        "name": milestone,
        "value": form.shown_value(),
    }
