"""Settings come from the environment; checked in a fresh interpreter (no pytest loaded)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRINT = (
    "import json, django; from django.conf import settings; django.setup(); "
    "db = settings.DATABASES['default']; "
    "print(json.dumps({'debug': settings.DEBUG, 'engine': db['ENGINE'], 'name': str(db['NAME']),"
    " 'hosts': settings.ALLOWED_HOSTS, 'lang': settings.LANGUAGE_CODE, 'tz': settings.TIME_ZONE,"
    " 'languages': [code for code, _ in settings.LANGUAGES]}))"
)


def settings_with(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    clean.update(DJANGO_SETTINGS_MODULE="config.settings", **env)
    return subprocess.run(
        [sys.executable, "-c", PRINT], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_debug_is_off_and_a_secret_key_is_required_by_default():
    result = settings_with()
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_settings_from_the_environment():
    result = settings_with(
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_ALLOWED_HOSTS="regie.example.org, intranet",
        DATABASE_URL="postgres://regie:geheim@db.example.org:5432/regie",
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["debug"] is False
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["name"] == "regie"
    assert values["hosts"] == ["regie.example.org", "intranet"]
    assert (values["lang"], values["tz"]) == ("nl", "Europe/Amsterdam")
    assert values["languages"] == ["nl", "en"]


@pytest.mark.parametrize(
    ("env", "name"),
    [
        ({}, str(ROOT / "db.sqlite3")),
        ({"DATABASE_URL": "sqlite:////tmp/elders.sqlite3"}, "/tmp/elders.sqlite3"),
    ],
)
def test_debug_uses_sqlite_by_default_or_the_given_url(env, name):
    result = settings_with(DJANGO_DEBUG="1", **env)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["debug"] is True
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["name"] == name


def test_manage_py_reports_a_missing_secret_key_without_a_traceback():
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "Regie: Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 for development)."
    )


def test_makemigrations_check_runs_without_configuration():
    """It signs and serves nothing: a CI step may run it bare (a random key for the process)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
    )
    assert (result.returncode, result.stdout.strip()) == (0, "No changes detected"), result.stderr


def test_deploy_check_is_clean_with_production_settings():
    """`check --deploy` finds nothing (issue 6): HTTPS, HSTS, secure cookies, CSRF."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    clean.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="a-real-secret-" + "k3y!" * 12,
        DJANGO_ALLOWED_HOSTS="regie.example.org",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


IS_SECURE = (
    "import django; django.setup(); from django.test import RequestFactory; "
    "request = RequestFactory().get('/', HTTP_X_FORWARDED_PROTO='https'); "
    "print(request.is_secure())"
)


@pytest.mark.parametrize(("trust", "secure"), [(None, "False"), ("0", "False"), ("1", "True")])
def test_the_proxy_ssl_header_is_trusted_only_when_configured(trust, secure):
    """A client talking to gunicorn directly cannot claim HTTPS (issue 16, item 6)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_ALLOWED_HOSTS="testserver",
    )
    if trust is not None:
        env["DJANGO_TRUST_PROXY_SSL_HEADER"] = trust
    result = subprocess.run(
        [sys.executable, "-c", IS_SECURE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == secure


BACKENDS = (
    "import django; django.setup(); from django.conf import settings; "
    "print(' '.join(b.rsplit('.', 1)[1] for b in settings.AUTHENTICATION_BACKENDS))"
)


@pytest.mark.parametrize(
    ("env", "backends"),
    [
        ({}, "AxesStandaloneBackend ModelBackend"),
        (
            {
                "DJANGO_OIDC_CLIENT_ID": "regie",
                "DJANGO_OIDC_AUTHORIZATION_ENDPOINT": "https://login.example.org/authorize",
                "DJANGO_OIDC_TOKEN_ENDPOINT": "https://login.example.org/token",
                "DJANGO_PASSWORD_LOGIN": "0",
            },
            "AxesStandaloneBackend OidcBackend",
        ),
    ],
)
def test_sign_in_methods_from_the_environment(env, backends):
    """Passwords unless DJANGO_PASSWORD_LOGIN=0; OIDC once its client and endpoints are set;
    the lockout backend always first."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    clean.update(DJANGO_SETTINGS_MODULE="config.settings", DJANGO_DEBUG="1", **env)
    result = subprocess.run(
        [sys.executable, "-c", BACKENDS], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == backends
