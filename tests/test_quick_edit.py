"""Quick edits in place (issue 6, point 3): status, date and target groups of a milestone,
changed in the table or on the milestone page with htmx, the full form without JavaScript."""

import datetime
import json
import re

import pytest
from django.urls import reverse

from milestones.history import milestone_history
from milestones.models import Milestone
from phases.models import AccessLevel
from tests.support.access import PERMISSIONS, as_user, member
from tests.support.factories import (
    InvolvementFactory,
    MilestoneFactory,
    TargetGroupFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dutch")]

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def groups():
    return {name: TargetGroupFactory(name=name) for name in ("BOR", "Klankbordgroep", "Stuurgroep")}


@pytest.fixture
def milestone(programme, groups):
    milestone = MilestoneFactory(programme=programme, title="Kick-off", date_text="1-mrt")
    InvolvementFactory(milestone=milestone, target_group=groups["BOR"])
    return Milestone.objects.get(pk=milestone.pk)  # version 1, its groups as stored


def quick_url(milestone, field):
    return reverse("milestones:quick-edit", args=[milestone.pk, field])


def opened(client, milestone, field, place="table"):
    """The editor an htmx GET returns, and the hidden fields it carries."""
    response = client.get(quick_url(milestone, field), {"place": place}, **HTMX)
    assert response.status_code == 200
    form = response.context["form"]
    return response, {"version": form["version"].value(), "base": form["base"].value()}


# What each field's POST sends, and how the stored milestone shows it.
CHANGES = {
    "status": ({"status": "done"}, lambda m: m.status, "done"),
    "date": ({"date_text": "wk 47"}, lambda m: m.date_text, "wk 47"),
    "groups": (
        {"target_groups": ["Stuurgroep", "BOR"]},
        lambda m: sorted(m.target_groups.values_list("name", flat=True)),
        ["BOR", "Stuurgroep"],
    ),
}


def post_data(groups, values):
    data = dict(values)
    if "target_groups" in data:
        data["target_groups"] = [groups[name].pk for name in data["target_groups"]]
    return data


# -- the editor --------------------------------------------------------------------------


def test_status_editor_fragment(client, programme, milestone):
    as_user(client, "editor", programme)
    response, hidden = opened(client, milestone, "status")
    html = response.content.decode()
    assert not html.lstrip().startswith("<!doctype")  # a fragment, not a page
    assert "<form" in html and "data-quick-edit" in html
    assert f'hx-post="/milestones/{milestone.pk}/quick/status/"' in html
    assert 'hx-target="closest tr"' in html
    assert '<option value="planned" selected>gepland</option>' in html
    assert '<select name="status" autofocus' in html
    assert (
        'for="id_quick' + str(milestone.pk) + '_status" class="form-label visually-hidden' in html
    )
    assert 'aria-label="Status wijzigen: Kick-off"' in html
    assert hidden["version"] == 1 and hidden["base"]
    assert "Enter slaat op, Escape annuleert." in html
    assert "HX-Request" in response["Vary"]  # caches keep the fragment apart from the redirect


def test_date_editor_reads_the_date_live(client, programme, milestone):
    as_user(client, "editor", programme)
    html = opened(client, milestone, "date", place="page")[0].content.decode()
    preview = f"quick{milestone.pk}-date-preview"
    assert 'value="1-mrt"' in html
    assert 'hx-get="/programmes/p/date-preview/?start=2024-03-01"' in html
    assert f'hx-target="#{preview}"' in html and f'aria-describedby="{preview}"' in html
    assert f'<div id="{preview}" class="form-text date-preview mb-3" aria-live="polite">' in html
    assert "1 mrt 2024" in html  # the current reading, below the input
    assert 'hx-target="#milestone-date"' in html  # on the page: the date block


def test_groups_editor_shows_checkboxes_with_the_current_ones_ticked(
    client, programme, milestone, groups
):
    as_user(client, "editor", programme)
    html = opened(client, milestone, "groups")[0].content.decode()
    assert "<legend" in html and "Doelgroepen" in html
    assert html.count('type="checkbox"') == 3
    ticked = re.findall(r'<input type="checkbox"[^>]* value="(\d+)"[^>]* checked>', html)
    assert ticked == [str(groups["BOR"].pk)]
    assert f'id="id_quick{milestone.pk}_target_groups_0"' in html  # unique per milestone


def test_plain_get_goes_to_the_full_form(client, programme, milestone):
    as_user(client, "editor", programme)
    for field in ("status", "date", "groups"):
        response = client.get(quick_url(milestone, field))
        assert response.status_code == 302
        assert response["Location"] == reverse("milestones:edit", args=[milestone.pk])
    response = client.get(quick_url(milestone, "date"), {"cancel": "1", "next": "/"})
    assert (response.status_code, response["Location"]) == (302, "/")


def test_unknown_field_is_not_found(client, programme, milestone):
    as_user(client, "editor", programme)
    assert client.get(f"/milestones/{milestone.pk}/quick/title/", **HTMX).status_code == 404


def test_cancel_returns_the_display(client, programme, milestone):
    as_user(client, "editor", programme)
    url = quick_url(milestone, "status")
    row = client.get(url, {"cancel": "1", "place": "table"}, **HTMX).content.decode()
    assert row.lstrip().startswith("<tr>") and "Kick-off" in row and "<form" not in row
    # the keyboard goes back to the pencil it came from
    assert row.count("autofocus") == 1
    assert "/quick/status/" in row.split("autofocus")[0].rsplit("<a ", 1)[1]
    block = client.get(url, {"cancel": "1", "place": "page"}, **HTMX).content.decode()
    assert block.lstrip().startswith('<dd class="col-sm-8" id="milestone-status">')
    assert "gepland" in block and "autofocus" in block and "milestone-history" not in block
    milestone.refresh_from_db()
    assert milestone.version == 1


# -- saving ------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["status", "date", "groups"])
def test_htmx_post_saves_and_returns_the_table_row(client, programme, milestone, groups, field):
    editor = as_user(client, "editor", programme)
    _response, hidden = opened(client, milestone, field)
    values, stored, expected = CHANGES[field]
    response = client.post(
        quick_url(milestone, field),
        {**hidden, **post_data(groups, values), "place": "table"},
        **HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<tr class="quick-saved">') and "<form" not in html
    assert "HX-Retarget" not in response  # the form's own target: the row
    milestone = Milestone.objects.get(pk=milestone.pk)
    assert stored(milestone) == expected
    assert milestone.version == 2
    assert milestone.history.first().history_user == editor
    event = json.loads(response["HX-Trigger-After-Settle"])["regie:quick-saved"]
    assert "“Kick-off”" in event["message"]
    # the keyboard goes back to this field's pencil, and only that one
    assert html.count("autofocus") == 1
    focused = html.split("autofocus")[0].rsplit("<a ", 1)[1]
    assert f"/quick/{field}/" in focused


def test_status_row_shows_the_new_status(client, programme, milestone):
    as_user(client, "editor", programme)
    _response, hidden = opened(client, milestone, "status")
    response = client.post(
        quick_url(milestone, "status"), {**hidden, "status": "done", "place": "table"}, **HTMX
    )
    html = response.content.decode()
    assert '<span class="badge badge-status-done">gereed</span>' in html
    event = json.loads(response["HX-Trigger-After-Settle"])["regie:quick-saved"]
    assert event["message"] == "Status van “Kick-off” opgeslagen: gereed."


def test_week_47_is_stored_as_typed_and_read_in_the_row(client, programme, milestone):
    editor = as_user(client, "editor", programme)
    _response, hidden = opened(client, milestone, "date")
    response = client.post(
        quick_url(milestone, "date"), {**hidden, "date_text": "wk 47", "place": "table"}, **HTMX
    )
    html = response.content.decode()
    milestone = Milestone.objects.get(pk=milestone.pk)
    assert milestone.date_text == "wk 47"
    assert (milestone.start, milestone.end) == (
        datetime.date(2024, 11, 18),
        datetime.date(2024, 11, 24),
    )
    assert "wk 47" in html and "18 – 24 nov 2024" in html
    entry = milestone_history(milestone)[0]
    assert entry.who == editor.username
    changes = {c.label: (c.old, c.new) for c in entry.changes}
    assert changes["datum (zoals geschreven)"] == ("1-mrt", "wk 47")
    event = json.loads(response["HX-Trigger-After-Settle"])["regie:quick-saved"]
    assert event["message"] == "Datum van “Kick-off” opgeslagen: wk 47 (18 – 24 nov 2024)."


def test_groups_are_saved_with_history_of_who_added_and_removed(
    client, programme, milestone, groups
):
    editor = as_user(client, "editor", programme)
    _response, hidden = opened(client, milestone, "groups")
    client.post(
        quick_url(milestone, "groups"),
        {**hidden, "target_groups": [groups["Stuurgroep"].pk], "place": "table"},
        **HTMX,
    )
    milestone = Milestone.objects.get(pk=milestone.pk)
    assert list(milestone.target_groups.values_list("name", flat=True)) == ["Stuurgroep"]
    entry = milestone_history(milestone)[0]
    assert entry.who == editor.username
    assert [(c.label, c.old, c.new) for c in entry.changes] == [
        ("doelgroepen", "BOR", "Stuurgroep")
    ]


def test_a_group_typed_in_the_quick_edit_is_added_as_in_the_full_form(
    client, programme, milestone, groups
):
    editor = as_user(client, "editor", programme)
    response, hidden = opened(client, milestone, "groups")
    assert 'placeholder="Nieuwe doelgroep"' in response.content.decode()
    client.post(
        quick_url(milestone, "groups"),
        {**hidden, "target_groups": [groups["BOR"].pk], "new_group": " Bewonersraad\n"},
        **HTMX,
    )
    milestone = Milestone.objects.get(pk=milestone.pk)
    assert sorted(milestone.target_groups.values_list("name", flat=True)) == [
        "BOR",
        "Bewonersraad",
    ]
    assert milestone.version == 2  # one new version for the typed group alone
    entry = milestone_history(milestone)[0]
    assert entry.who == editor.username
    # the next quick edit offers it like any other group of the programme
    response, _hidden = opened(client, milestone, "groups")
    offered = response.context["form"].fields["target_groups"].queryset
    assert offered.filter(name="Bewonersraad").exists()


def test_page_post_returns_the_block_and_the_history_out_of_band(client, programme, milestone):
    editor = as_user(client, "editor", programme)
    _response, hidden = opened(client, milestone, "status", place="page")
    response = client.post(
        quick_url(milestone, "status"), {**hidden, "status": "in_progress", "place": "page"}, **HTMX
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<dd class="col-sm-8 quick-saved" id="milestone-status">')
    assert '<span class="badge badge-status-in_progress">bezig</span>' in html
    history = html.split('<div id="milestone-history" hx-swap-oob="true">')[1]
    assert editor.username in history
    assert "Status: <del>gepland</del> → <ins>bezig</ins>" in history


def test_saving_the_same_value_writes_nothing(client, programme, milestone):
    as_user(client, "editor", programme)
    _response, hidden = opened(client, milestone, "status")
    response = client.post(
        quick_url(milestone, "status"), {**hidden, "status": "planned", "place": "table"}, **HTMX
    )
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith("<tr>")  # nothing to flash
    milestone.refresh_from_db()
    assert milestone.version == 1 and milestone.history.count() == 1
    event = json.loads(response["HX-Trigger-After-Settle"])["regie:quick-saved"]
    assert event["message"] == "Niets gewijzigd in “Kick-off”."


def test_unreadable_date_shows_the_dutch_error_and_keeps_the_text(client, programme, milestone):
    as_user(client, "editor", programme)
    _response, hidden = opened(client, milestone, "date")
    response = client.post(
        quick_url(milestone, "date"),
        {**hidden, "date_text": "zelf invullen", "place": "table"},
        **HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith("<form")  # the editor again, in place of itself
    assert response["HX-Retarget"] == "this" and response["HX-Reswap"] == "outerHTML"
    message = '"zelf invullen" is geen datum die Regie begrijpt: "zelf" is geen maand'
    assert response.context["form"].errors["date_text"][0].startswith(message)
    assert 'value="zelf invullen"' in html and "is-invalid" in html
    assert "geen datum die Regie begrijpt" in html.split('class="invalid-feedback"')[1]
    assert "HX-Trigger-After-Settle" not in response
    milestone.refresh_from_db()
    assert (milestone.date_text, milestone.version) == ("1-mrt", 1)


# -- without JavaScript --------------------------------------------------------------------


def test_plain_post_goes_back_to_next_with_a_message(client, programme, milestone):
    as_user(client, "editor", programme)
    _response, hidden = opened(client, milestone, "status")
    table = reverse("milestones:table", args=[programme.slug]) + "?status=planned"
    response = client.post(
        quick_url(milestone, "status"),
        {**hidden, "status": "done", "next": table},
        follow=True,
    )
    assert response.redirect_chain == [(table, 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Status van “Kick-off” opgeslagen: gereed."
    ]
    milestone.refresh_from_db()
    assert milestone.status == "done"


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/p", "javascript:alert(1)", ""]
)
def test_plain_post_refuses_an_external_next(client, programme, milestone, next_url):
    as_user(client, "editor", programme)
    _response, hidden = opened(client, milestone, "status")
    response = client.post(
        quick_url(milestone, "status"), {**hidden, "status": "done", "next": next_url}
    )
    assert response.status_code == 302
    assert response["Location"] == milestone.get_absolute_url()


def test_editor_remembers_the_page_it_was_opened_on(client, programme, milestone):
    as_user(client, "editor", programme)
    table = reverse("milestones:table", args=[programme.slug]) + "?page=2"
    response = client.get(
        quick_url(milestone, "status"),
        {"place": "table"},
        HTTP_HX_CURRENT_URL=f"http://testserver{table}",
        **HTMX,
    )
    assert f'name="next" value="{table}"' in response.content.decode()
    response = client.get(
        quick_url(milestone, "status"),
        {"place": "table"},
        HTTP_HX_CURRENT_URL="https://evil.example/",
        **HTMX,
    )
    assert f'name="next" value="{milestone.get_absolute_url()}"' in response.content.decode()


def test_plain_post_with_an_error_shows_a_page_with_the_editor(client, programme, milestone):
    as_user(client, "editor", programme)
    _response, hidden = opened(client, milestone, "date")
    response = client.post(
        quick_url(milestone, "date"), {**hidden, "date_text": "zelf invullen", "next": "/"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith("<!doctype html>")
    assert "<h1" in html and "Datum wijzigen: Kick-off" in html
    assert "hx-post" not in html.split("<main")[1]  # a plain form: it posts itself
    assert 'value="zelf invullen"' in html and "geen datum die Regie begrijpt" in html
    assert 'name="next" value="/"' in html


# -- someone else was quicker ------------------------------------------------------------


def test_stale_quick_edit_shows_the_conflict_and_overwrites_nothing(client, programme, milestone):
    first = member(programme, AccessLevel.EDITOR, "eerste")
    second = member(programme, AccessLevel.EDITOR, "tweede")
    url = quick_url(milestone, "status")
    client.force_login(second)
    _response, stale = opened(client, milestone, "status")  # opened at version 1

    client.force_login(first)
    _response, fresh = opened(client, milestone, "status")
    client.post(url, {**fresh, "status": "in_progress", "place": "table"}, **HTMX)

    client.force_login(second)
    response = client.post(url, {**stale, "status": "done", "place": "table"}, **HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == "this"
    html = response.content.decode()
    assert "Iemand anders heeft dit gewijzigd terwijl u het bewerkte." in html
    conflict = html.split('class="quick-conflict')[1].split("</p>")[0]
    assert "Intussen opgeslagen: <strong>bezig</strong>" in conflict
    assert "Uw waarde: <strong>gereed</strong>" in conflict
    assert '<option value="done" selected>gereed</option>' in html  # yours is kept
    assert "Mijn waarde opslaan" in html and "Opgeslagen waarde overnemen" in html
    form = response.context["form"]
    assert form["version"].value() == "2"
    milestone.refresh_from_db()
    assert (milestone.status, milestone.version) == ("in_progress", 2)

    # "keep mine": the editor as shown, saved again
    again = {"version": form["version"].value(), "base": form["base"].value()}
    response = client.post(url, {**again, "status": "done", "place": "table"}, **HTMX)
    assert response.content.decode().lstrip().startswith("<tr")
    milestone.refresh_from_db()
    assert (milestone.status, milestone.version) == ("done", 3)
    assert milestone.history.first().history_user == second


def test_conflict_on_the_date_then_take_the_stored_value(client, programme, milestone):
    first = member(programme, AccessLevel.EDITOR, "eerste")
    second = member(programme, AccessLevel.EDITOR, "tweede")
    url = quick_url(milestone, "date")
    client.force_login(second)
    _response, stale = opened(client, milestone, "date", place="page")
    client.force_login(first)
    _response, fresh = opened(client, milestone, "date", place="page")
    client.post(url, {**fresh, "date_text": "medio juni", "place": "page"}, **HTMX)

    client.force_login(second)
    html = client.post(
        url, {**stale, "date_text": "wk 47", "place": "page"}, **HTMX
    ).content.decode()
    assert "Intussen opgeslagen: <strong>medio juni</strong>" in html
    assert "Uw waarde: <strong>wk 47</strong>" in html and 'value="wk 47"' in html
    # "take the stored value" is the cancel link: the block as stored now
    assert f'hx-get="{url}?cancel=1&amp;place=page"' in html
    block = client.get(url, {"cancel": "1", "place": "page"}, **HTMX).content.decode()
    assert "medio juni" in block and "wk 47" not in block
    milestone.refresh_from_db()
    assert milestone.date_text == "medio juni"


def test_a_change_to_another_field_is_no_conflict(client, programme, milestone):
    as_user(client, "editor", programme)
    _response, hidden = opened(client, milestone, "status")
    other = Milestone.objects.get(pk=milestone.pk)
    other.title = "Aftrap"
    other.save()  # version 2, status untouched
    response = client.post(
        quick_url(milestone, "status"), {**hidden, "status": "done", "place": "table"}, **HTMX
    )
    assert response.content.decode().lstrip().startswith("<tr")
    milestone.refresh_from_db()
    assert (milestone.title, milestone.status, milestone.version) == ("Aftrap", "done", 3)


# -- who may ---------------------------------------------------------------------------


def snapshot(milestone):
    milestone = Milestone.objects.get(pk=milestone.pk)
    return (
        milestone.status,
        milestone.date_text,
        milestone.version,
        sorted(milestone.target_groups.values_list("name", flat=True)),
    )


def assert_sent_to_login(response, htmx: bool) -> None:
    """A redirect to the login page; for htmx one the browser follows as a whole page."""
    if htmx:
        assert response.status_code == 200 and response.content == b""
        assert response["HX-Redirect"].startswith("/accounts/login/?next=")
    else:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("field", ["status", "date", "groups"])
@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
@pytest.mark.parametrize(("who", "status"), PERMISSIONS)
def test_quick_edit_permissions(client, programme, milestone, groups, field, htmx, who, status):
    as_user(client, who, programme)
    headers = HTMX if htmx else {}
    url = quick_url(milestone, field)
    before = snapshot(milestone)

    response = client.get(url, {"place": "table"}, **headers)
    expected_get = 200 if htmx else 302
    if who is None:
        assert_sent_to_login(response, htmx)
    elif status == 200:
        assert response.status_code == expected_get
    else:
        assert response.status_code == status

    values, stored, expected = CHANGES[field]
    data = {"version": milestone.version, "place": "table", **post_data(groups, values)}
    response = client.post(url, data, **headers)
    if who is None:
        assert_sent_to_login(response, htmx)
    elif status == 200:
        assert response.status_code == (200 if htmx else 302)
        assert stored(Milestone.objects.get(pk=milestone.pk)) == expected
        return
    else:
        assert response.status_code == status
    assert snapshot(milestone) == before


# -- the controls ------------------------------------------------------------------------


def test_table_shows_edit_controls_to_editors_only(client, programme, milestone):
    url = reverse("milestones:table", args=[programme.slug])
    edit = reverse("milestones:edit", args=[milestone.pk])
    for who, shown in (("viewer", False), ("secretary", False), ("editor", True), ("staff", True)):
        client.logout()
        as_user(client, who, programme)
        html = client.get(url).content.decode()
        row = html.split("<tbody")[1]
        for field in ("status", "date", "groups"):
            control = (
                f'<a class="quick-edit-link" href="{edit}" '
                f'hx-get="{quick_url(milestone, field)}?place=table" '
                'hx-target="closest td" hx-swap="innerHTML">'
            )
            assert (control in row) is shown, (who, field)
        assert ("quick-edit.js" in html) is shown
        assert ('id="quick-edit-status"' in html) is shown
        assert ("Status wijzigen: Kick-off" in row) is shown


def test_milestone_page_shows_edit_controls_to_editors_only(client, programme, milestone):
    edit = reverse("milestones:edit", args=[milestone.pk])
    for who, shown in (("viewer", False), ("editor", True)):
        client.logout()
        as_user(client, who, programme)
        html = client.get(milestone.get_absolute_url()).content.decode()
        for field in ("status", "date", "groups"):
            control = (
                f'<a class="quick-edit-link" href="{edit}" '
                f'hx-get="{quick_url(milestone, field)}?place=page" '
                'hx-target="closest dd" hx-swap="innerHTML">'
            )
            assert (control in html) is shown, (who, field)
        assert 'id="milestone-history"' in html and "hx-swap-oob" not in html
        assert 'id="milestone-groups">BOR' in html


def test_every_row_links_to_its_own_milestone(client, programme, milestone):
    later = MilestoneFactory(programme=programme, title="Slot", date_text="1-dec")
    as_user(client, "editor", programme)
    html = client.get(reverse("milestones:table", args=[programme.slug])).content.decode()
    rows = html.split("<tbody")[1].split("</tbody>")[0].split("<tr")[1:]
    assert len(rows) == 2
    for row, m in zip(rows, (milestone, later), strict=True):
        assert m.title in row
        assert f'href="{reverse("milestones:edit", args=[m.pk])}"' in row
        for field in ("status", "date", "groups"):
            assert f'hx-get="{quick_url(m, field)}?place=table"' in row


def test_an_expired_session_opens_the_login_page_instead_of_filling_the_cell(
    client, programme, milestone
):
    url = reverse("milestones:quick-edit", args=[milestone.pk, "status"])
    page = "http://testserver/programmes/p/milestones/?status=planned"
    response = client.get(url, HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL=page)
    assert response.status_code == 200
    assert (
        response["HX-Redirect"]
        == "/accounts/login/?next=%2Fprogrammes%2Fp%2Fmilestones%2F%3Fstatus%3Dplanned"
    )
    assert response.content == b""
    elsewhere = client.get(url, HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL="https://evil.example/")
    assert elsewhere["HX-Redirect"] == "/accounts/login/?next=%2F"
    plain = client.get(url)  # without htmx: the usual redirect
    assert plain.status_code == 302 and plain["Location"].startswith("/accounts/login/?next=")
