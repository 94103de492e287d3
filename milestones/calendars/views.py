"""Calendar downloads, subscription feeds and the pages to manage feeds.

Downloads follow the access rule (`programme_for`: non-members get 404). A feed has no
session: its secret token is the only key, and it shows what its owner may see at the moment
it is fetched. Every .ics answers conditional GETs with 304 from `CalendarSelection.validators()`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from milestones.calendars.cache import cached_body, configured_url
from milestones.calendars.forms import CalendarFilterForm, FeedForm, programme_groups
from milestones.calendars.ical import (
    CalendarFilters,
    CalendarSelection,
    Content,
    build_calendar,
    create_feed,
    record_fetch,
    renew_feed_link,
    revoke_feed,
    selection_for_feed,
    selection_for_programme,
)
from milestones.models import CalendarFeed
from phases.access import programme_for
from phases.groups import offered_groups
from phases.models import Phase, Programme, WorkStatus
from phases.query import local_url

CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"


def public_url(request: HttpRequest, path: str) -> str:
    """`path` as people outside reach it: after `REGIE_BASE_URL`, else the request's address.

    The request's scheme is what it is (http behind a proxy that does not say otherwise), so
    the pages name the scheme of the link they show instead of promising https.
    """
    return configured_url(path) or request.build_absolute_uri(path)


def calendar_response(
    request: HttpRequest, selection: CalendarSelection, *, filename: str | None = None
) -> HttpResponse:
    """The calendar, or 304 when the client's ETag (or date) is still current."""
    validators = selection.validators()
    etag = quote_etag(validators.etag)
    last_modified = int(validators.last_modified.timestamp()) if validators.last_modified else None
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        base_url = public_url(request, "/")
        body = cached_body(
            etag=validators.etag,
            base_url=base_url,
            build=lambda: build_calendar(selection, base_url=base_url),
        )
        response = HttpResponse(body, content_type=CALENDAR_CONTENT_TYPE)
        if filename:
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["ETag"] = etag
    if last_modified:
        response["Last-Modified"] = http_date(last_modified)
    # Revalidate every time (cheap); never kept by shared caches: a feed URL is a secret.
    patch_cache_control(response, private=True, no_cache=True)
    return response


def download(request: HttpRequest, selection: CalendarSelection, *, filename: str) -> HttpResponse:
    """A download speaks the language of the user's browser (the texts in DESCRIPTION)."""
    response = calendar_response(request, selection, filename=filename)
    patch_vary_headers(response, ["Accept-Language"])
    return response


def _filters(request: HttpRequest, programme: Programme) -> CalendarFilters | HttpResponse:
    form = CalendarFilterForm(request.GET, programme=programme)
    if not form.is_valid():
        problems = "; ".join(
            f"{field}: {' '.join(errors)}" for field, errors in form.errors.items()
        )
        return HttpResponseBadRequest(problems, content_type="text/plain; charset=utf-8")
    return form.filters()


@require_safe
def programme_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """/programmes/<slug>/calendar.ics?phase=&status=&period= — the whole programme."""
    programme = programme_for(request.user, slug)
    filters = _filters(request, programme)
    if isinstance(filters, HttpResponse):
        return filters
    selection = selection_for_programme(programme=programme, filters=filters)
    return download(request, selection, filename=f"{programme.slug}.ics")


@require_safe
def group_calendar(request: HttpRequest, slug: str, group_slug: str) -> HttpResponse:
    """/programmes/<slug>/calendar/<group-slug>.ics — what one target group takes part in."""
    programme = programme_for(request.user, slug)
    # Only groups this user could be offered here: others answer as if they did not exist.
    group = get_object_or_404(
        offered_groups(user=request.user, programme=programme), slug=group_slug
    )
    filters = _filters(request, programme)
    if isinstance(filters, HttpResponse):
        return filters
    selection = selection_for_programme(programme=programme, target_group=group, filters=filters)
    return download(request, selection, filename=f"{programme.slug}-{group.slug}.ics")


@login_not_required
@require_safe
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """/feeds/<token>.ics — for calendar clients, which cannot log in.

    Unknown and revoked tokens answer 404. A feed whose owner lost access to its programme
    answers an empty calendar, so that clients remove what they showed.
    """
    subscription = (
        CalendarFeed.objects.active().select_related("user", "target_group").by_token(token).first()
    )
    if subscription is None:
        raise Http404
    # Calendar clients' Accept-Language says nothing about the reader: the site's language.
    with translation.override(settings.LANGUAGE_CODE):
        response = calendar_response(request, selection_for_feed(subscription))
    record_fetch(feed=subscription, base_url=public_url(request, "/"))
    return response


# -- managing feeds ------------------------------------------------------------------------


# Links made in this session and not shown yet: {feed pk: token}. Only the hash is stored,
# so the link is shown once, on the page the user lands on after making it.
NEW_LINKS = "regie.new_feed_links"


def remember_new_link(request: HttpRequest, feed: CalendarFeed, token: str) -> None:
    request.session[NEW_LINKS] = {**request.session.get(NEW_LINKS, {}), str(feed.pk): token}


@dataclass(frozen=True)
class FeedLinks:
    feed: CalendarFeed
    web: str  # http(s)://… for Outlook on the web, Google, Apple; empty: shown once when made
    webcal: str
    phase: str
    statuses: tuple[str, ...]
    filters: CalendarFilters

    @property
    def scheme(self) -> str:
        return self.web.split("://", 1)[0]

    @property
    def content(self) -> str:
        return str(Content(self.filters.content).label)


def feed_links(request: HttpRequest, feeds) -> list[FeedLinks]:
    feeds = list(feeds)
    new_links = request.session.pop(NEW_LINKS, {})
    filters = {f.pk: CalendarFilters.from_json(f.filters) for f in feeds}
    phase_ids = {flt.phase_id for flt in filters.values() if flt.phase_id}
    phases = dict(Phase.objects.filter(pk__in=phase_ids).values_list("pk", "name"))
    links = []
    for item in feeds:
        token = new_links.get(str(item.pk)) if item.is_active else None
        url = public_url(request, reverse("calendar:feed", args=[token])) if token else ""
        links.append(
            FeedLinks(
                feed=item,
                web=url,
                webcal="webcal://" + url.split("://", 1)[1] if url else "",
                phase=phases.get(filters[item.pk].phase_id, ""),
                statuses=tuple(str(WorkStatus(s).label) for s in filters[item.pk].statuses),
                filters=filters[item.pk],
            )
        )
    return links


def _my_feeds(request: HttpRequest):
    return (
        CalendarFeed.objects.filter(user=request.user)
        .select_related("programme", "target_group")
        .order_by("revoked_at", "-created_at")
    )


@require_http_methods(["GET", "POST"])
def programme_feeds(request: HttpRequest, slug: str) -> HttpResponse:
    """/programmes/<slug>/feeds/ — downloads, my feeds of this programme, a new feed."""
    programme = programme_for(request.user, slug)
    # A series page links here with its body and "meetings only" filled in.
    initial = {key: request.GET[key] for key in ("target_group", "content") if key in request.GET}
    form = FeedForm(request.POST or None, programme=programme, initial=initial)
    if request.method == "POST" and form.is_valid():
        created = create_feed(
            user=request.user,
            programme=programme,
            target_group=form.cleaned_data["target_group"],
            filters=form.filters(),
            name=form.cleaned_data["name"],
        )
        remember_new_link(request, created, created.token)
        messages.success(request, _("Feed “%(name)s” created.") % {"name": created.name})
        return redirect(f"{reverse('calendar:programme-feeds', args=[slug])}#feed-{created.pk}")
    return render(
        request,
        "calendar/programme_feeds.html",
        {
            "programme": programme,
            "form": form,
            "groups": programme_groups(programme).order_by("name"),
            "feeds": feed_links(request, _my_feeds(request).filter(programme=programme)),
        },
    )


@require_http_methods(["GET", "POST"])
def feed_list(request: HttpRequest) -> HttpResponse:
    """/feeds/ — all my feeds, and a feed of every programme I may see."""
    form = FeedForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        created = create_feed(
            user=request.user,
            programme=None,
            target_group=form.cleaned_data["target_group"],
            filters=form.filters(),
            name=form.cleaned_data["name"],
        )
        remember_new_link(request, created, created.token)
        messages.success(request, _("Feed “%(name)s” created.") % {"name": created.name})
        return redirect(f"{reverse('calendar:feeds')}#feed-{created.pk}")
    return render(
        request,
        "calendar/feed_list.html",
        {
            "form": form,
            "programmes": Programme.objects.for_user(request.user).order_by("name"),
            "feeds": feed_links(request, _my_feeds(request)),
        },
    )


@require_POST
def renew(request: HttpRequest, pk: int) -> HttpResponse:
    """A new link for one of my own active feeds; the old link stops working."""
    subscription = get_object_or_404(CalendarFeed.objects.active(), pk=pk, user=request.user)
    remember_new_link(request, subscription, renew_feed_link(feed=subscription))
    messages.success(
        request,
        _("Feed “%(name)s” has a new link; the old one no longer works.")
        % {"name": subscription.name},
    )
    target = local_url(request, request.POST.get("next")) or reverse("calendar:feeds")
    return redirect(f"{target}#feed-{subscription.pk}")


@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one of my own feeds; its URL answers 404 from now on."""
    subscription = get_object_or_404(CalendarFeed, pk=pk, user=request.user)
    revoke_feed(feed=subscription)
    messages.success(request, _("Feed “%(name)s” revoked.") % {"name": subscription.name})
    return redirect(local_url(request, request.POST.get("next")) or reverse("calendar:feeds"))
