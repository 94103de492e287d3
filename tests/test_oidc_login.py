"""Signing in with the organisation's account (OpenID Connect) against the suite's provider."""

from urllib.parse import urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from accounts.models import AuditEvent, OidcIdentity
from accounts.oidc import GroupAccess, group_access
from phases.models import AccessLevel, ProgrammeMembership
from tests.support.factories import MembershipFactory, ProgrammeFactory, UserFactory
from tests.support.oidc_provider import Provider

pytestmark = pytest.mark.django_db

BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "accounts.oidc.OidcBackend",
]


@pytest.fixture
def provider(settings):
    provider = Provider().start()
    for name, value in provider.settings().items():
        setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = BACKENDS
    yield provider
    provider.stop()


def sign_in(client, provider, **claims):
    """The browser's round trip: Regie → the provider's authorize → Regie's callback."""
    provider.claims = claims
    start = client.get(reverse("accounts:oidc-authenticate"))
    assert start.status_code == 302
    assert start["Location"].startswith(provider.url + "/authorize?")
    back = requests.get(start["Location"], allow_redirects=False, timeout=5)
    assert back.status_code == 302
    callback = urlsplit(back.headers["Location"])
    assert callback.path == reverse("accounts:oidc-callback")
    return client.get(f"{callback.path}?{callback.query}")


def logged_in_user(client):
    user_id = client.session.get("_auth_user_id")
    return get_user_model().objects.get(pk=user_id) if user_id else None


def test_the_login_page_offers_the_organisation_account(client, provider, settings):
    settings.OIDC_LOGIN_LABEL = "Inloggen met je Gemeente-account"
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Inloggen met je Gemeente-account" in page
    assert 'name="password"' in page  # passwords too, unless switched off


def test_a_first_sign_in_creates_the_user_matched_by_sub(client, provider):
    response = sign_in(
        client, provider, sub="abc-123", preferred_username="jdevries", email="j@gemeente.nl"
    )
    assert response.status_code == 302 and response["Location"] == "/"
    user = logged_in_user(client)
    assert (user.username, user.email) == ("jdevries", "j@gemeente.nl")
    assert user.oidc_identity.sub == "abc-123"
    assert not user.has_usable_password()
    assert AuditEvent.objects.filter(kind="login", username="jdevries").exists()


def test_users_are_matched_by_sub_not_by_email(client, provider):
    UserFactory(username="lokaal", email="j@gemeente.nl")  # same address, no identity
    sign_in(client, provider, sub="abc-123", preferred_username="jdevries", email="j@gemeente.nl")
    first = logged_in_user(client)
    assert first.username == "jdevries"  # not the local user with the same address
    client.logout()
    # The address changed at the provider: still the same person by sub.
    sign_in(client, provider, sub="abc-123", email="jan.de.vries@gemeente.nl")
    again = logged_in_user(client)
    assert again.pk == first.pk and again.email == "jan.de.vries@gemeente.nl"
    assert OidcIdentity.objects.count() == 1


def test_a_token_for_another_client_is_refused(client, provider):
    provider.audience = "another-app"
    response = sign_in(client, provider, sub="abc-123")
    assert response["Location"] == "/accounts/login/?oidc-failed=1"
    assert logged_in_user(client) is None


def test_without_configuration_the_oidc_pages_do_not_exist(client, settings):
    settings.OIDC_ENABLED = False
    assert client.get(reverse("accounts:oidc-authenticate")).status_code == 404
    assert "oidc-login" not in client.get(reverse("accounts:login")).content.decode()


def test_groups_give_programme_access_and_take_it_back(client, provider, settings):
    ProgrammeFactory(slug="alpha")
    beta = ProgrammeFactory(slug="beta")
    gamma = ProgrammeFactory(slug="gamma")
    settings.OIDC_GROUP_ACCESS = "regie-alpha=alpha:editor, regie-lezers=alpha:viewer, " + (
        "regie-lezers=beta:viewer"
    )
    sign_in(client, provider, sub="s1", preferred_username="piet", groups=["regie-alpha"])
    user = logged_in_user(client)
    MembershipFactory(user=user, programme=gamma, level=AccessLevel.SECRETARY)  # by hand

    def levels():
        return dict(
            ProgrammeMembership.objects.filter(user=user).values_list("programme__slug", "level")
        )

    assert levels() == {"alpha": AccessLevel.EDITOR, "gamma": AccessLevel.SECRETARY}
    client.logout()
    sign_in(client, provider, sub="s1", groups=["regie-lezers"])
    assert levels() == {
        "alpha": AccessLevel.VIEWER,
        "beta": AccessLevel.VIEWER,
        "gamma": AccessLevel.SECRETARY,
    }
    client.logout()
    sign_in(client, provider, sub="s1", groups=[])
    assert levels() == {"gamma": AccessLevel.SECRETARY}  # what the groups gave is gone
    assert beta.memberships.count() == 0


def test_the_group_mapping_is_checked():
    assert group_access("a b=alpha:Editor") == [GroupAccess("a b", "alpha", AccessLevel.EDITOR)]
    with pytest.raises(ImproperlyConfigured):
        group_access("regie=alpha:baas")


def test_with_password_login_off_only_the_organisation_account_is_offered(
    client, provider, settings
):
    settings.PASSWORD_LOGIN = False
    settings.AUTHENTICATION_BACKENDS = [b for b in BACKENDS if "ModelBackend" not in b]
    UserFactory(username="anna")
    page = client.get(reverse("accounts:login")).content.decode()
    assert 'name="password"' not in page and "oidc-login" in page
    refused = client.post(
        reverse("accounts:login"), {"username": "anna", "password": "secret-pass-123"}
    )
    assert refused.status_code == 403
    admin = client.post(reverse("admin:login"), {"username": "anna", "password": "secret-pass-123"})
    assert admin.status_code == 200 and logged_in_user(client) is None
    sign_in(client, provider, sub="s9", preferred_username="kees")
    assert logged_in_user(client).username == "kees"


def test_a_mistyped_group_mapping_fails_the_system_check(settings):
    from accounts.checks import check_group_access

    settings.OIDC_GROUP_ACCESS = "regie=alpha"
    assert [error.id for error in check_group_access(None)] == ["accounts.E001"]
    settings.OIDC_GROUP_ACCESS = "regie=alpha:viewer"
    assert check_group_access(None) == []
