"""The login page: the organisation's account (OIDC) and/or a password, as configured."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from mozilla_django_oidc import views as oidc_views


class LoginView(auth_views.LoginView):
    """Django's login view; without password login (DJANGO_PASSWORD_LOGIN=0) a POST is refused."""

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not settings.PASSWORD_LOGIN:
            return HttpResponseForbidden(
                gettext(
                    "Logging in with a password is switched off; use your organisation's account."
                )
            )
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            password_login=settings.PASSWORD_LOGIN,
            oidc_enabled=settings.OIDC_ENABLED,
            oidc_label=settings.OIDC_LOGIN_LABEL
            or gettext("Log in with your organisation's account"),
            oidc_failed="oidc-failed" in self.request.GET,
        )
        return context


class OidcOnly:
    """The OIDC views answer 404 while OIDC is not configured."""

    def dispatch(self, request, *args, **kwargs):
        if not settings.OIDC_ENABLED:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


@method_decorator(login_not_required, name="dispatch")
class OidcAuthenticateView(OidcOnly, oidc_views.OIDCAuthenticationRequestView):
    pass


@method_decorator(login_not_required, name="dispatch")
class OidcCallbackView(OidcOnly, oidc_views.OIDCAuthenticationCallbackView):
    @property
    def failure_url(self) -> str:
        return f"{settings.LOGIN_URL}?oidc-failed=1"
