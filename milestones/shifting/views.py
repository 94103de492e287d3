"""Shift a phase: a form, a preview of old → new dates, then one save (issue 6, point 4).

One URL, three steps, no JavaScript: GET shows the form; POST "preview" shows what would move;
POST "apply" saves it (or, when something changed meanwhile, shows the new preview again);
POST "edit" goes back to the form with the same values.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from milestones.extensions import shift_warnings
from milestones.shifting.forms import ShiftForm, format_versions
from milestones.shifting.plan import ItemKind, ShiftConflict, ShiftPlan, apply_shift, plan_shift
from phases.access import require_level
from phases.models import AccessLevel, Phase


def success_message(plan: ShiftPlan) -> str:
    """ "12 milestones moved by 2 weeks. Also moved: the phase period, 1 gate." """
    count = plan.moved_count(ItemKind.MILESTONE)
    values = {"count": count, "amount": plan.amount}
    if plan.days < 0:
        message = ngettext(
            "%(count)d milestone moved earlier by %(amount)s.",
            "%(count)d milestones moved earlier by %(amount)s.",
            count,
        )
    else:
        message = ngettext(
            "%(count)d milestone moved by %(amount)s.",
            "%(count)d milestones moved by %(amount)s.",
            count,
        )
    others = []
    if plan.moved_count(ItemKind.PHASE):
        others.append(_("the phase period"))
    if n := plan.moved_count(ItemKind.DELIVERABLE):
        others.append(ngettext("%(n)d deliverable", "%(n)d deliverables", n) % {"n": n})
    if n := plan.moved_count(ItemKind.GATE):
        others.append(ngettext("%(n)d gate", "%(n)d gates", n) % {"n": n})
    text = message % values
    if others:
        text += " " + _("Also moved: %(items)s.") % {"items": ", ".join(others)}
    return text


def _form_page(request, phase: Phase, form: ShiftForm):
    context = {"phase": phase, "programme": phase.programme, "form": form}
    return render(request, "milestones/shift_phase.html", context)


def _preview_page(request, phase: Phase, form: ShiftForm, plan: ShiftPlan, *, error="", status=200):
    context = {
        "phase": phase,
        "programme": phase.programme,
        "plan": plan,
        "hidden": form.hidden_values(),
        "versions": format_versions(plan.versions),
        "reason": form.cleaned_data["reason"],
        "error": error,
        "warnings": shift_warnings(plan),
    }
    return render(request, "milestones/shift_preview.html", context, status=status)


@require_http_methods(["GET", "POST"])
def shift_phase(request, pk: int):
    phase = get_object_or_404(Phase.objects.select_related("programme"), pk=pk)
    require_level(request.user, phase.programme, AccessLevel.EDITOR)
    if request.method == "GET":
        return _form_page(request, phase, ShiftForm(phase=phase))
    form = ShiftForm(request.POST, phase=phase)
    if "edit" in request.POST or not form.is_valid():
        return _form_page(request, phase, form)
    plan = plan_shift(phase=phase, days=form.days, **form.selection())
    if "apply" not in request.POST:
        return _preview_page(request, phase, form, plan)
    try:
        apply_shift(
            plan=plan,
            user=request.user,
            seen_versions=form.seen_versions(),
            why=form.cleaned_data["reason"],
        )
    except ShiftConflict as conflict:
        return _preview_page(request, phase, form, plan, error=str(conflict), status=409)
    if plan.moved:
        messages.success(request, success_message(plan))
    else:
        messages.info(request, _("Nothing was moved."))
    return redirect("programme", phase.programme.slug)
