"""Write-side pages for milestones: create, edit, and a live reading of a typed date."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from milestones.forms import MilestoneForm
from milestones.models import Milestone
from phases.access import programme_for, require_level
from phases.dates import Precision
from phases.fuzzy import PRECISION_LABELS, read_date_text
from phases.models import AccessLevel, Programme


def date_preview_context(programme: Programme, text: str, cursor: datetime.date | None) -> dict:
    """What the preview fragment shows: the reading of `text`, or why it cannot be read."""
    text = (text or "").strip()
    if not text:
        return {"preview_text": ""}
    try:
        fuzzy = read_date_text(
            text, cursor or datetime.date(programme.year, 1, 1), year=programme.year
        )
    except ValidationError as exc:  # the message is already in the user's language
        return {"preview_text": text, "preview_error": " ".join(exc.messages)}
    return {
        "preview_text": text,
        "preview": fuzzy,
        "preview_precision": PRECISION_LABELS.get(Precision(fuzzy.precision), ""),
    }


def _form_page(request, programme: Programme, milestone: Milestone | None):
    instance = milestone or Milestone(programme=programme)
    form = MilestoneForm(request.POST or None, instance=instance, programme=programme)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, _("Milestone “%(title)s” saved.") % {"title": saved.title})
        return redirect(saved)
    text = form["date_text"].value() or ""
    context = {
        "form": form,
        "programme": programme,
        "milestone": milestone,
        **date_preview_context(programme, text, instance.start),
    }
    return render(request, "milestones/milestone_form.html", context)


@require_http_methods(["GET", "POST"])
def milestone_edit(request, pk: int):
    milestone = get_object_or_404(Milestone.objects.select_related("programme"), pk=pk)
    require_level(request.user, milestone.programme, AccessLevel.EDITOR)
    return _form_page(request, milestone.programme, milestone)


@require_http_methods(["GET", "POST"])
def milestone_new(request, slug: str):
    programme = programme_for(request.user, slug, AccessLevel.EDITOR)
    return _form_page(request, programme, None)


@require_GET
def date_preview(request, slug: str):
    programme = programme_for(request.user, slug, AccessLevel.VIEWER)
    try:
        cursor = datetime.date.fromisoformat(request.GET.get("start", ""))
    except ValueError:
        cursor = None
    context = date_preview_context(programme, request.GET.get("date_text", ""), cursor)
    return render(request, "milestones/includes/date_preview.html", context)
