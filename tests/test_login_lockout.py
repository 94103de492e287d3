"""Brute-force protection (django-axes): a user name from one address is locked after
five wrong passwords, with a Dutch page, until the cool-off passes or staff unlock it."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "secret-pass-123"  # UserFactory's


def attempt(client, username: str, password: str, ip: str = "10.0.0.1"):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
        HTTP_ACCEPT_LANGUAGE="nl",
    )


def fail(client, username: str, times: int, ip: str = "10.0.0.1") -> None:
    for _ in range(times):
        response = attempt(client, username, "fout-wachtwoord", ip)
        assert response.status_code in (200, 429)


def test_the_right_password_logs_in(client):
    UserFactory(username="anna")
    response = attempt(client, "anna", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_five_wrong_passwords_lock_the_user_at_that_address(client):
    UserFactory(username="anna")
    fail(client, "anna", 4)
    assert attempt(client, "anna", PASSWORD).status_code == 302  # 4 failures: not yet locked
    client.logout()
    fail(client, "anna", 5)
    response = attempt(client, "anna", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    page = response.content.decode()
    assert "Te veel" in page or "Too many" in page
    assert "15" in page  # minutes to wait


def test_the_lock_is_per_user_and_address(client):
    UserFactory(username="anna")
    UserFactory(username="bram")
    fail(client, "anna", 5)
    assert attempt(client, "anna", PASSWORD, ip="10.0.0.2").status_code == 302
    client.logout()
    assert attempt(client, "bram", PASSWORD).status_code == 302


def test_the_lock_ends_after_the_cool_off(client):
    UserFactory(username="anna")
    fail(client, "anna", 5)
    assert attempt(client, "anna", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert attempt(client, "anna", PASSWORD).status_code == 302


def test_staff_unlock_in_the_admin(client):
    UserFactory(username="anna")
    admin = UserFactory(username="beheer", is_staff=True, is_superuser=True)
    fail(client, "anna", 5)
    assert attempt(client, "anna", PASSWORD).status_code == 429
    client.force_login(admin)
    changelist = reverse("admin:axes_accessattempt_changelist")
    assert "anna" in client.get(changelist).content.decode()
    pks = list(AccessAttempt.objects.values_list("pk", flat=True))
    response = client.post(
        changelist,
        {"action": "delete_selected", "_selected_action": pks, "post": "yes"},
    )
    assert response.status_code == 302
    client.logout()
    assert attempt(client, "anna", PASSWORD).status_code == 302


def test_the_admin_login_is_protected_too(client):
    UserFactory(username="beheer", is_staff=True)
    url = reverse("admin:login")
    for _ in range(5):
        client.post(url, {"username": "beheer", "password": "x"}, REMOTE_ADDR="10.0.0.9")
    response = client.post(
        url, {"username": "beheer", "password": PASSWORD}, REMOTE_ADDR="10.0.0.9"
    )
    assert response.status_code == 429


@override_settings(PASSWORD_LOGIN=False)
def test_without_password_login_the_form_is_gone_and_a_post_is_refused(client):
    UserFactory(username="anna")
    page = client.get(reverse("accounts:login")).content.decode()
    assert 'name="password"' not in page
    response = attempt(client, "anna", PASSWORD)
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
