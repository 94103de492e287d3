"""Shifting a phase (issue 6, point 4): the plan, saving it, and the page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from milestones.models import Milestone
from milestones.shifting.plan import (
    ItemKind,
    NotMoved,
    ShiftConflict,
    apply_shift,
    plan_shift,
)
from phases.dates import ShiftUnit
from phases.models import AccessLevel, Deliverable, Gate, Phase
from tests.support.access import PERMISSIONS, as_user, member
from tests.support.factories import (
    DeliverableFactory,
    GateFactory,
    MilestoneFactory,
    PhaseFactory,
    ProgrammeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def programme():
    return ProgrammeFactory(slug="p", year=2025)


@pytest.fixture
def phase(programme):
    return PhaseFactory(programme=programme, order=2, name="Fase 2", date_text="sep t/m dec")


@pytest.fixture
def items(programme, phase):
    """Milestones of every kind of date, a deliverable and a gate of phase 2."""
    made = {
        text: MilestoneFactory(programme=programme, phase=phase, title=title, date_text=text)
        for title, text in [
            ("Kick-off", "1-mrt"),
            ("Werksessies", "10 / 17 mei"),
            ("Stuurgroep", "wk 47"),
            ("Klankbordgroep", "eind sep/begin okt"),
            ("Raadsbesluit", "Q4"),
            ("Zonder datum", ""),
            ("Onleesbaar", "zelf invullen"),
        ]
    }
    made["deliverable"] = DeliverableFactory(
        phase=phase, title="Plan van aanpak", date_text="eind okt"
    )
    made["gate"] = GateFactory(phase=phase, title="Besluit college", date_text="wk 50")
    return made


def reload(obj):
    return type(obj).objects.get(pk=obj.pk)


# -- the plan -----------------------------------------------------------------------------


@pytest.mark.usefixtures("dutch")  # outside a request: the reasons are in the active language
def test_plan_says_old_and_new_of_every_item_and_writes_nothing(phase, items):
    plan = plan_shift(phase=phase, days=14)
    by_title = {item.title: item for item in plan.items}
    assert [item.kind for item in plan.items][:1] == [ItemKind.PHASE]
    assert {item.kind for item in plan.items} == set(ItemKind)
    rows = {
        title: (item.old.text, item.new.text, item.new.start, item.new.end, item.not_moved)
        for title, item in by_title.items()
    }
    assert rows == {
        "Fase 2": (
            "sep t/m dec",
            "sep t/m dec",
            D(2025, 9, 1),
            D(2025, 12, 31),
            NotMoved.TOO_COARSE,
        ),
        "Kick-off": ("1-mrt", "15-mrt", D(2025, 3, 15), D(2025, 3, 15), None),
        "Werksessies": ("10 / 17 mei", "24 / 31 mei", D(2025, 5, 24), D(2025, 5, 31), None),
        "Stuurgroep": ("wk 47", "wk 49", D(2025, 12, 1), D(2025, 12, 7), None),
        "Klankbordgroep": (
            "eind sep/begin okt",
            "begin/medio okt",
            D(2025, 10, 1),
            D(2025, 10, 20),
            None,
        ),
        "Raadsbesluit": ("Q4", "Q4", D(2025, 10, 1), D(2025, 12, 31), NotMoved.TOO_COARSE),
        "Zonder datum": ("", "", None, None, NotMoved.NO_DATE),
        "Onleesbaar": ("zelf invullen", "zelf invullen", None, None, NotMoved.UNREADABLE),
        "Plan van aanpak": ("eind okt", "begin nov", D(2025, 11, 1), D(2025, 11, 10), None),
        "Besluit college": ("wk 50", "wk 52", D(2025, 12, 22), D(2025, 12, 28), None),
    }
    assert by_title["Klankbordgroep"].unit is ShiftUnit.MONTH_PART
    assert by_title["Klankbordgroep"].steps == 1
    q4 = plan_shift(phase=phase, days=14, milestones=[items["Q4"].pk], include_phase_period=False)
    assert [item.reason for item in q4.items if item.kind is ItemKind.MILESTONE] == [
        "te grof om 2 weken te verschuiven: schuift in stappen van 1 kwartaal"
    ]
    assert all(reload(obj).version == 1 for obj in items.values())
    assert reload(phase).version == 1


def test_plan_of_four_weeks(phase, items):
    plan = plan_shift(phase=phase, days=28)
    new = {item.title: item.new.text for item in plan.items}
    assert new["Klankbordgroep"] == "eind okt/begin nov"
    assert new["Fase 2"] == "okt t/m jan"
    assert new["Raadsbesluit"] == "Q4"
    assert new["Besluit college"] == "wk 2"  # week 50 + 4 weeks: week 2 of 2026


def test_plan_takes_the_selection_and_only_the_phase_own_items(programme, phase, items):
    other = PhaseFactory(programme=programme, order=3)
    stranger = MilestoneFactory(programme=programme, phase=other, date_text="1-mrt")
    plan = plan_shift(
        phase=phase,
        days=7,
        milestones=[items["1-mrt"].pk, stranger.pk],
        deliverables=[],
        gates=None,
        include_phase_period=False,
    )
    assert [(item.kind, item.title) for item in plan.items] == [
        (ItemKind.MILESTONE, "Kick-off"),
        (ItemKind.GATE, "Besluit college"),
    ]


# -- saving -------------------------------------------------------------------------------


def test_apply_moves_exactly_the_selection_with_versions_and_history(phase, items):
    editor = UserFactory(username="pl")
    chosen = [items["1-mrt"].pk, items["eind sep/begin okt"].pk, items["Q4"].pk]
    plan = plan_shift(phase=phase, days=14, milestones=chosen, deliverables=[], gates=[])
    with translation.override("nl"):
        saved = apply_shift(plan=plan, user=editor)
    assert saved == 2  # the phase period and Q4 are too coarse for two weeks

    kick_off, klankbord = reload(items["1-mrt"]), reload(items["eind sep/begin okt"])
    assert (kick_off.date_text, kick_off.start, kick_off.version) == ("15-mrt", D(2025, 3, 15), 2)
    assert (klankbord.date_text, klankbord.start, klankbord.end, klankbord.precision) == (
        "begin/medio okt",
        D(2025, 10, 1),
        D(2025, 10, 20),
        "multiple",
    )
    assert klankbord.version == 2
    # the stored text reads back to the stored interval with the form cursor
    again = klankbord.read_date()
    assert (again.start, again.end) == (klankbord.start, klankbord.end)
    record = klankbord.history.first()
    assert (record.history_user, record.history_change_reason) == (
        editor,
        "Fase verschoven met 2 weken",
    )
    assert record.date_text == "begin/medio okt"
    untouched = [items[k] for k in ("Q4", "10 / 17 mei", "wk 47", "deliverable", "gate")]
    assert all(reload(obj).version == 1 for obj in untouched)
    assert reload(items["10 / 17 mei"]).date_text == "10 / 17 mei"
    assert reload(phase).version == 1


def test_apply_moves_separate_days_phase_deliverables_and_gates(phase, items):
    editor = UserFactory(username="pl")
    plan = plan_shift(phase=phase, days=-35)
    with translation.override("nl"):
        saved = apply_shift(plan=plan, user=editor)
    assert saved == 7  # all but no date, not understood and Q4
    sessions = reload(items["10 / 17 mei"])
    assert (sessions.date_text, sessions.dates) == ("5 / 12 apr", ["2025-04-05", "2025-04-12"])
    fase = reload(phase)
    assert (fase.date_text, fase.start, fase.end, fase.version) == (
        "aug t/m nov",
        D(2025, 8, 1),
        D(2025, 11, 30),
        2,
    )
    assert fase.history.first().history_change_reason == "Fase vervroegd met 5 weken"
    assert reload(items["deliverable"]).date_text == "eind sep"  # 35 days: 3 thirds
    assert reload(items["gate"]).date_text == "wk 45"
    assert reload(items["Q4"]).version == 1


def test_stale_preview_is_refused_and_nothing_is_written(phase, items):
    plan = plan_shift(phase=phase, days=14)
    seen = plan.versions
    meanwhile = reload(items["wk 47"])
    meanwhile.date_text = "wk 48"
    meanwhile.save()

    fresh = plan_shift(phase=phase, days=14)  # what the view builds when "Opslaan" is pressed
    with translation.override("nl"), pytest.raises(ShiftConflict) as info:
        apply_shift(plan=fresh, user=UserFactory(), seen_versions=seen)
    assert "Stuurgroep" in str(info.value)
    assert "sinds de voorvertoning" in str(info.value).lower()
    with pytest.raises(ShiftConflict):
        apply_shift(plan=plan, user=UserFactory())  # the old plan itself is stale as well
    assert reload(items["1-mrt"]).date_text == "1-mrt"
    assert reload(items["1-mrt"]).version == 1
    assert reload(items["wk 47"]).version == 2
    assert Milestone.history.filter(history_change_reason__startswith="Fase").count() == 0


def test_an_item_gone_since_the_preview_is_refused(phase, items):
    plan = plan_shift(phase=phase, days=14)
    seen = plan.versions
    items["gate"].delete()
    with pytest.raises(ShiftConflict):
        apply_shift(plan=plan_shift(phase=phase, days=14), user=UserFactory(), seen_versions=seen)
    assert reload(items["1-mrt"]).version == 1


# -- the page -----------------------------------------------------------------------------


def url(phase):
    return reverse("shifting:phase", args=[phase.pk])


def post_data(plan_items, **extra):
    data = {
        "amount": "2",
        "unit": "weeks",
        "include_phase_period": "on",
        "milestones": [m.pk for m in plan_items if isinstance(m, Milestone)],
        "deliverables": [d.pk for d in plan_items if isinstance(d, Deliverable)],
        "gates": [g.pk for g in plan_items if isinstance(g, Gate)],
    }
    data.update(extra)
    return data


def test_form_lists_every_item_ticked(client, programme, phase, items):
    client.force_login(member(programme, AccessLevel.EDITOR, "pl"))
    response = client.get(url(phase))
    html = response.content.decode()
    assert response.status_code == 200
    main = html.split('<main id="main"')[1]
    assert main.count("<form") == 1 and 'method="post"' in main  # one form, no JavaScript
    form = response.context["form"]
    assert form["unit"].value() == "weeks"
    assert sorted(form["milestones"].value()) == sorted(
        m.pk for m in items.values() if isinstance(m, Milestone)
    )
    assert 'name="amount"' in html and 'name="preview"' in html
    assert "Kick-off — 1-mrt" in html and "Besluit college — wk 50" in html
    assert "Faseperiode: sep t/m dec" in html
    assert html.count('type="checkbox"') == 1 + 7 + 1 + 1


def test_preview_shows_old_and_new_without_writing(client, programme, phase, items):
    client.force_login(member(programme, AccessLevel.EDITOR, "pl"))
    response = client.post(url(phase), post_data(items.values(), preview="1"))
    assert response.status_code == 200
    html = response.content.decode()
    plan = response.context["plan"]
    assert len(plan.moved) == 6
    assert "eind sep/begin okt" in html and "begin/medio okt" in html
    assert "1 – 20 okt 2025" in html and "wk 40–43" in html  # interval and ISO weeks
    assert "Te grof om 2 weken te verschuiven: schuift in stappen van 1 kwartaal" in html
    assert "Geen datum" in html and "Datum niet begrepen" in html
    assert "1 deel van een maand later" in html and "2 weken later" in html
    assert "6 van 10 onderdelen schuiven 2 weken op." in html
    assert f'name="versions" value="{" ".join(f"{k}:1" for k in plan.versions)}"' in html
    assert 'name="apply"' in html and "Opslaan" in html and "Aanpassen" in html
    assert all(reload(obj).version == 1 for obj in items.values())


def test_adjust_goes_back_to_the_form_with_the_same_values(client, programme, phase, items):
    client.force_login(member(programme, AccessLevel.EDITOR, "pl"))
    only = [items["1-mrt"]]
    response = client.post(url(phase), post_data(only, amount="-3", unit="days", edit="1"))
    assert response.status_code == 200
    form = response.context["form"]
    assert (form["amount"].value(), form["unit"].value()) == ("-3", "days")
    assert form["milestones"].value() == [str(items["1-mrt"].pk)]
    assert "plan" not in response.context


def test_apply_saves_and_redirects_with_a_dutch_message(client, programme, phase, items):
    editor = member(programme, AccessLevel.EDITOR, "pl")
    client.force_login(editor)
    preview = client.post(url(phase), post_data(items.values(), preview="1"))
    versions = preview.context["versions"]
    response = client.post(
        url(phase), post_data(items.values(), apply="1", versions=versions), follow=True
    )
    assert response.redirect_chain == [(reverse("programme", args=["p"]), 302)]
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [
        "4 mijlpalen verschoven met 2 weken. Ook verschoven: 1 product, 1 besluitmoment."
    ]
    moved = reload(items["wk 47"])
    assert (moved.date_text, moved.version) == ("wk 49", 2)
    assert moved.history.first().history_user == editor
    assert reload(items["Q4"]).version == 1


def test_apply_after_a_change_shows_the_new_preview(client, programme, phase, items):
    client.force_login(member(programme, AccessLevel.EDITOR, "pl"))
    preview = client.post(url(phase), post_data(items.values(), preview="1"))
    versions = preview.context["versions"]
    meanwhile = reload(items["1-mrt"])
    meanwhile.date_text = "2-mrt"
    meanwhile.save()
    response = client.post(url(phase), post_data(items.values(), apply="1", versions=versions))
    assert response.status_code == 409
    html = response.content.decode()
    assert "Sinds de voorvertoning is er iets gewijzigd (Kick-off)" in html
    assert "16-mrt" in html  # the new preview, from the new date
    assert reload(items["wk 47"]).version == 1
    # confirming the new preview works
    response = client.post(
        url(phase), post_data(items.values(), apply="1", versions=response.context["versions"])
    )
    assert response.status_code == 302
    assert reload(items["1-mrt"]).date_text == "16-mrt"


def test_invalid_amount_shows_the_form_again(client, programme, phase, items):
    client.force_login(member(programme, AccessLevel.EDITOR, "pl"))
    response = client.post(url(phase), post_data(items.values(), amount="0", preview="1"))
    assert response.status_code == 200
    assert "amount" in response.context["form"].errors
    response = client.post(url(phase), post_data(items.values(), amount="600", apply="1"))
    assert "amount" in response.context["form"].errors
    assert all(reload(obj).version == 1 for obj in items.values())


def test_a_milestone_of_another_phase_cannot_be_smuggled_in(client, programme, phase, items):
    other = PhaseFactory(programme=programme, order=3)
    stranger = MilestoneFactory(programme=programme, phase=other, date_text="1-mrt")
    client.force_login(member(programme, AccessLevel.EDITOR, "pl"))
    data = post_data([stranger], apply="1", versions=f"milestone-{stranger.pk}:1")
    response = client.post(url(phase), data)
    assert response.status_code == 200
    assert "milestones" in response.context["form"].errors
    assert reload(stranger).version == 1


@pytest.mark.parametrize(("who", "status"), PERMISSIONS)
def test_permissions(client, programme, phase, items, who, status):
    as_user(client, who, programme)

    response = client.get(url(phase))
    assert response.status_code == status
    if who is None:
        assert response["Location"].startswith("/accounts/login/")

    plan = plan_shift(phase=phase, days=14)
    data = post_data(
        items.values(), apply="1", versions=" ".join(f"{k}:{v}" for k, v in plan.versions.items())
    )
    response = client.post(url(phase), data)
    if status == 200:
        assert response.status_code == 302
        assert reload(items["1-mrt"]).date_text == "15-mrt"
    else:
        assert response.status_code == status
        assert all(reload(obj).version == 1 for obj in items.values())
        assert reload(phase).version == 1
    preview = client.post(url(phase), post_data(items.values(), preview="1"))
    assert preview.status_code == (200 if status == 200 else status)


def test_shift_link_on_the_programme_page_for_editors_only(client, programme, phase):
    link = url(phase)
    client.force_login(member(programme, AccessLevel.VIEWER, "kijker"))
    assert link not in client.get(reverse("programme", args=["p"])).content.decode()
    client.force_login(member(programme, AccessLevel.EDITOR, "pl"))
    html = client.get(reverse("programme", args=["p"])).content.decode()
    assert f'href="{link}"' in html and "Verschuiven" in html


def test_phase_without_items(client, programme):
    empty = PhaseFactory(programme=programme, order=9, date_text="")
    client.force_login(member(programme, AccessLevel.EDITOR, "pl"))
    response = client.post(
        url(empty), {"amount": "1", "unit": "weeks", "include_phase_period": "on"}
    )
    assert response.status_code == 200
    assert 'name="apply"' not in response.content.decode()  # nothing would move
    response = client.post(
        url(empty),
        {
            "amount": "1",
            "unit": "weeks",
            "include_phase_period": "on",
            "apply": "1",
            "versions": f"phase-{empty.pk}:1",
        },
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == ["Er is niets verschoven."]
    assert Phase.objects.get(pk=empty.pk).version == 1


def test_the_calendar_shows_the_new_dates_with_a_higher_sequence(client, programme, phase, items):
    """DESIGN, Wednesday/Thursday: Outlook picks the shift up without an invitation."""
    client.force_login(member(programme, AccessLevel.SECRETARY, "secretaris"))
    calendar_url = reverse("calendar:programme", args=["p"])
    before = client.get(calendar_url)
    assert "DTSTART;VALUE=DATE:20251117" in before.content.decode()  # wk 47
    apply_shift(plan=plan_shift(phase=phase, days=14), user=UserFactory(username="pl"))
    after = client.get(calendar_url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200  # not 304: the feed changed
    ics = after.content.decode().replace("\r\n ", "")
    event = next(e for e in ics.split("BEGIN:VEVENT")[1:] if "Stuurgroep" in e)
    assert "DTSTART;VALUE=DATE:20251201" in event and "SEQUENCE:2" in event


def test_the_reason_given_travels_through_the_preview_into_history_and_changes(
    client, programme, phase, items
):
    client.force_login(member(programme, AccessLevel.EDITOR, "pl"))
    why = "advies OR\nlater"  # pasted over two lines: kept as one
    preview = client.post(url(phase), post_data(items.values(), preview="1", reason=why))
    assert ("reason", why) in preview.context["hidden"]
    assert "data-shift-reason" in preview.content.decode()
    versions = preview.context["versions"]
    two_days_ago = timezone.now() - datetime.timedelta(days=2)
    for model in (Phase, Gate, Deliverable, Milestone):  # the plan as made before yesterday
        model.history.update(history_date=two_days_ago)
    client.post(url(phase), post_data(items.values(), apply="1", versions=versions, reason=why))
    record = reload(items["wk 47"]).history.first()
    assert record.history_change_reason.endswith(": advies OR later")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    changes = client.get(
        reverse("milestones:changes", args=[programme.slug]), {"since": yesterday.isoformat()}
    ).context["changes"]
    assert changes.moved and all(m.reason.endswith(": advies OR later") for m in changes.moved)
