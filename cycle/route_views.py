"""Decision routes of a programme: the routes that apply (its own, its organisations', the
shipped defaults), adapting one for the programme (a copy it may change), and editing its
steps. Editors of the programme change its own routes; organisation and shipped routes are
kept by staff in the admin."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cycle.models import Route, RouteStep
from cycle.planning import PlanError, route_steps
from phases.access import programme_for, require_level
from phases.models import AccessLevel

StepFormSet = forms.inlineformset_factory(
    Route,
    RouteStep,
    fields=("order", "body", "kind", "days_before", "anchor"),
    extra=1,
    can_delete=True,
)


def _routes_for(programme):
    scope = Q(programme=programme) | Q(organisation__in=programme.organisations.all())
    scope |= Q(programme__isnull=True, organisation__isnull=True)
    return (
        Route.objects.filter(scope)
        .prefetch_related("steps__body")
        .select_related("programme", "organisation")
        .order_by("programme", "organisation", "name")
    )


@require_http_methods(["GET"])
def route_list(request, slug: str):
    programme = programme_for(request.user, slug)
    context = {
        "programme": programme,
        "routes": _routes_for(programme),
        "can_edit": programme.allows(request.user, AccessLevel.EDITOR),
    }
    return render(request, "cycle/route_list.html", context)


@require_POST
def route_new(request, slug: str):
    """Adapt a route for this programme: copy it with its steps, then edit the copy."""
    programme = programme_for(request.user, slug, AccessLevel.EDITOR)
    source = get_object_or_404(_routes_for(programme), pk=request.POST.get("source"))
    with transaction.atomic():
        copy = Route.objects.create(
            name=source.name, programme=programme, description=source.description
        )
        RouteStep.objects.bulk_create(
            RouteStep(
                route=copy,
                order=step.order,
                body=step.body,
                kind=step.kind,
                days_before=step.days_before,
                anchor=step.anchor,
            )
            for step in source.steps.all()
        )
    return redirect("cycle:route-edit", pk=copy.pk)


@require_http_methods(["GET", "POST"])
def route_edit(request, pk: int):
    route = get_object_or_404(Route.objects.select_related("programme"), pk=pk)
    if route.programme is None:  # an organisation's or a shipped route: the admin's
        return redirect("admin:cycle_route_change", route.pk)
    require_level(request.user, route.programme, AccessLevel.EDITOR)
    formset = StepFormSet(request.POST or None, instance=route)
    if request.method == "POST" and formset.is_valid():
        try:
            with transaction.atomic():
                formset.save()
                route_steps(route)  # refuses a route that cannot be computed
        except PlanError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Route “%(name)s” saved.") % {"name": route.name})
            return redirect("cycle:routes", slug=route.programme.slug)
    context = {"programme": route.programme, "route": route, "formset": formset}
    return render(request, "cycle/route_form.html", context)
