"""htmx requests that meet the login page go to it as a whole page, not into a table cell.

An editor whose session expired clicks a pencil: LoginRequiredMiddleware answers the htmx
request with a redirect to the login page, which htmx would follow and swap into the cell.
This middleware turns that redirect into `HX-Redirect`, so the browser opens the login page
and comes back to the page the user was on (`next`).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import HttpResponseClientRedirect


class HtmxLoginRedirectMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not getattr(request, "htmx", False) or response.status_code != 302:
            return response
        login = resolve_url(settings.LOGIN_URL)
        if urlsplit(response["Location"]).path != login:
            return response
        page = request.htmx.current_url or "/"
        if not url_has_allowed_host_and_scheme(page, allowed_hosts={request.get_host()}):
            page = "/"
        path = urlsplit(page)
        back = path.path + (f"?{path.query}" if path.query else "")
        return HttpResponseClientRedirect(f"{login}?{urlencode({'next': back})}")
