"""Signing in with the organisation's account in Chromium, against the suite's own provider."""

import pytest

from phases.models import AccessLevel
from tests.support.factories import ProgrammeFactory
from tests.support.oidc_provider import Provider

BACKENDS = ["axes.backends.AxesStandaloneBackend", "accounts.oidc.OidcBackend"]


@pytest.fixture
def provider(settings, transactional_db):
    provider = Provider().start()
    for name, value in provider.settings().items():
        setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = BACKENDS
    settings.PASSWORD_LOGIN = False
    settings.OIDC_LOGIN_LABEL = "Inloggen met je Gemeente-account"
    settings.OIDC_GROUP_ACCESS = "regie-lezers=stadsdeel:viewer"
    yield provider
    provider.stop()


def test_sign_in_with_the_organisation_account(page, live_server, provider, console_errors):
    programme = ProgrammeFactory(slug="stadsdeel", name="Programma Stadsdeel")
    provider.claims = {
        "sub": "0f3c-77",
        "preferred_username": "m.jansen",
        "given_name": "Marieke",
        "family_name": "Jansen",
        "email": "m.jansen@gemeente.example",
        "groups": ["regie-lezers"],
    }
    page.goto(f"{live_server.url}/programmes/stadsdeel/")
    assert "/accounts/login/" in page.url
    assert page.locator("input[name=password]").count() == 0  # DJANGO_PASSWORD_LOGIN=0
    page.get_by_role("link", name="Inloggen met je Gemeente-account").click()
    page.wait_for_url(f"{live_server.url}/programmes/stadsdeel/")
    assert page.locator("h1").inner_text() == "Programma Stadsdeel"
    assert "Marieke Jansen" in page.get_by_role("navigation", name="Hoofdnavigatie").inner_text()
    assert programme.access_level(programme.memberships.get().user) == AccessLevel.VIEWER
    assert console_errors == []
