"""Digitoegankelijk: the accessibility statement, its link on every page, and the headers that
keep scripts to our own files (Content-Security-Policy) and switch off unused browser features."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from config.accessibility import STATEMENT_DATE

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR)


def test_the_statement_is_public_and_follows_the_model_statement(client):
    response = client.get("/toegankelijkheid/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200  # readable without logging in
    html = response.content.decode()
    for part in (
        "EN 301 549",
        "WCAG",
        "2.1",
        "Compliance status",
        "Automated:",
        "axe-core",
        "Manual:",
        "Known limitations",
        "Feedback and contact",
        STATEMENT_DATE.strftime("%Y"),
    ):
        assert part in html, part
    assert len(re.findall(r"<li>", html.split("data-limitations", 1)[1].split("</ul>")[0])) >= 3


@pytest.mark.parametrize("url", ["/accounts/login/", "/toegankelijkheid/", "/"])
def test_every_page_links_to_the_statement_in_its_footer(client, user, url):
    if url == "/":
        client.force_login(user)
    html = client.get(url).content.decode()
    footer = html[html.index("<footer") : html.index("</footer>")]
    assert f'href="{reverse("accessibility")}"' in footer


def test_content_security_policy_allows_no_inline_script(client):
    response = client.get("/accounts/login/")
    policy = response.headers["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in directives["script-src"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    permissions = response.headers["Permissions-Policy"]
    assert "camera=()" in permissions and "geolocation=()" in permissions


def test_no_template_has_an_inline_script():
    """A <script> without src would be refused by the policy: scripts live in static/regie/."""
    inline = []
    for path in TEMPLATES.glob("*/**/*.html"):
        if ".venv" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag:
                inline.append(str(path.relative_to(TEMPLATES)))
        if re.search(r"\son[a-z]+=\"", text) or "hx-on" in text:
            inline.append(f"{path.relative_to(TEMPLATES)} (event attribute)")
    assert inline == []
