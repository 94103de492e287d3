"""Account pages around Django's auth views: password reset only with mail, CSRF failures.

The password reset form says "we sent you a mail"; on a site without mail settings that is
not true, so its pages answer 404 there (`password_reset_available`). A refused form
(CSRF) gets a page in the user's language that says what to do, without Django's stock
remarks about DEBUG and cookies meant for developers.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

CONSOLE_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}


def password_reset_available() -> bool:
    """Whether the site can send the password reset mail it promises."""
    backend = settings.EMAIL_BACKEND
    if backend == "django.core.mail.backends.smtp.EmailBackend":
        return bool(settings.EMAIL_HOST)
    if backend == "django.core.mail.backends.dummy.EmailBackend":
        return False
    if backend in CONSOLE_BACKENDS:
        return settings.DEBUG  # a developer reads the mail in the console; nobody else does
    return True  # the test outbox, or a mail service's own backend


def _only_with_mail(view):
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not password_reset_available():
            raise Http404
        return view(request, *args, **kwargs)

    return login_not_required(wrapped)


# django.contrib.auth.urls, with the password reset pages behind `_only_with_mail`.
urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "password_reset/",
        _only_with_mail(auth_views.PasswordResetView.as_view()),
        name="password_reset",
    ),
    path(
        "password_reset/done/",
        _only_with_mail(auth_views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        _only_with_mail(auth_views.PasswordResetConfirmView.as_view()),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        _only_with_mail(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
]


@login_not_required
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: 403 with what the user can do; the technical reason is not shown."""
    return render(request, "403_csrf.html", status=403)
