"""The timeline page: what it draws where, who may see it, and how many queries it costs."""

import datetime
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from milestones.models import CalendarNote
from milestones.timeline.builder import CHART_MARGIN, CHART_WIDTH, MAX_LABEL_ROWS
from phases.models import AccessLevel
from tests.support.factories import (
    DeliverableFactory,
    GateFactory,
    InvolvementFactory,
    MembershipFactory,
    MilestoneFactory,
    PhaseFactory,
    ProgrammeFactory,
    TargetGroupFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
# The whole-programme window of the programme below: 1 March .. 31 October 2024 (245 days).
FIRST, DAYS = D(2024, 3, 1), 245


def x(day: datetime.date) -> float:
    """Left edge of `day` on the chart, as the page writes it."""
    return round(CHART_MARGIN + (day - FIRST).days * (CHART_WIDTH - 2 * CHART_MARGIN) / DAYS, 1)


def centre(day: datetime.date) -> float:
    return round(
        CHART_MARGIN + ((day - FIRST).days + 0.5) * (CHART_WIDTH - 2 * CHART_MARGIN) / DAYS, 1
    )


@pytest.fixture
def plan():
    programme = ProgrammeFactory(slug="plan", name="Omgevingsvisie", year=2024)
    verkenning = PhaseFactory(programme=programme, order=1, name="Verkenning", date_text="mrt-apr")
    uitwerking = PhaseFactory(programme=programme, order=2, name="Uitwerking", date_text="mei-jun")
    stuurgroep = TargetGroupFactory(name="Stuurgroep")
    bor = TargetGroupFactory(name="BOR")
    college = TargetGroupFactory(name="College")
    kickoff = MilestoneFactory(
        programme=programme, phase=verkenning, title="Kick-off", date_text="1-mrt"
    )
    sessions = MilestoneFactory(
        programme=programme, phase=uitwerking, title="Sessies", date_text="10 / 17 mei"
    )
    workshop = MilestoneFactory(
        programme=programme, title="Werksessie raden", date_text="eind sep/begin okt"
    )
    InvolvementFactory(milestone=kickoff, target_group=stuurgroep)
    InvolvementFactory(milestone=kickoff, target_group=bor)
    InvolvementFactory(milestone=workshop, target_group=bor)
    gate = GateFactory(
        phase=verkenning, title="Besluit start uitwerking", date_text="30 apr", decider=college
    )
    deliverable = DeliverableFactory(phase=uitwerking, title="Plan van aanpak", date_text="1 jun")
    return {
        "programme": programme,
        "kickoff": kickoff,
        "sessions": sessions,
        "workshop": workshop,
        "gate": gate,
        "deliverable": deliverable,
        "groups": (stuurgroep, bor, college),
    }


@pytest.fixture
def member_client(client, plan):
    user = UserFactory(username="lezer")
    MembershipFactory(user=user, programme=plan["programme"], level=AccessLevel.VIEWER)
    client.force_login(user)
    return client


def timeline_url(slug="plan", **params):
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse("milestones:timeline", args=[slug]) + (f"?{query}" if query else "")


def item(html: str, key: str) -> str:
    """The SVG element drawn for `key` (one lane's mark)."""
    match = re.search(rf'<a class="tl-item [^"]*" data-key="{key}".*?</a>', html, re.S)
    assert match, f"no mark {key}"
    return match.group(0)


def marks_by_lane(response) -> dict[str, list[str]]:
    return {lane.title: [m.key for m in lane.marks] for lane in response.context["timeline"].lanes}


# -- what is drawn where ---------------------------------------------------------------------


def test_exact_date_is_a_diamond_at_its_day(member_client, plan):
    html = member_client.get(timeline_url()).content.decode()
    mark = item(html, f"milestone-{plan['kickoff'].pk}")
    assert "tl-diamond" in mark
    c = centre(D(2024, 3, 1))
    assert f'd="M{c} ' in mark and "l6 6l-6 6l-6 -6z" in mark


def test_imprecise_date_is_a_band_over_its_interval_with_the_text_as_written(member_client, plan):
    html = member_client.get(timeline_url()).content.decode()
    mark = item(html, f"milestone-{plan['workshop'].pk}")
    x1, x2 = x(D(2024, 9, 21)), x(D(2024, 10, 11))  # 21 Sep .. 10 Oct inclusive
    assert (x1, x2) == (1160.4, 1273.4)
    assert f'data-x1="{x1}" data-x2="{x2}"' in mark
    assert f'd="M{x1} ' in mark and f"H{x2}" in mark
    assert "tl-band" in mark
    assert "<title>Werksessie raden — eind sep/begin okt (21 sep – 10 okt 2024)" in mark
    assert ">eind sep/begin okt</text>" in mark  # visible inside the band: it fits


def test_separate_days_get_a_diamond_each(member_client, plan):
    html = member_client.get(timeline_url()).content.decode()
    mark = item(html, f"milestone-{plan['sessions'].pk}")
    assert "tl-days" in mark
    for day in (D(2024, 5, 10), D(2024, 5, 17)):
        assert f"M{centre(day)} " in mark
    assert mark.count("l6 6l-6 6l-6 -6z") == 2


def test_gate_is_a_flag_with_decider_and_outcome_and_deliverable_a_square(member_client, plan):
    response = member_client.get(timeline_url(), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    gate = item(html, f"gate-{plan['gate'].pk}")
    assert "tl-flag" in gate and f'd="M{centre(D(2024, 4, 30))} ' in gate
    assert ">College, open: Besluit start uitwerking</text>" in gate
    deliverable = item(html, f"deliverable-{plan['deliverable'].pk}")
    assert "tl-square" in deliverable
    assert f'd="M{round(centre(D(2024, 6, 1)) - 5, 1)} ' in deliverable


def test_phase_lanes_hold_their_own_items_and_a_lane_without_phase(member_client, plan):
    response = member_client.get(timeline_url(), HTTP_ACCEPT_LANGUAGE="en")
    lanes = marks_by_lane(response)
    assert list(lanes) == ["Verkenning", "Uitwerking", "Without phase"]
    assert lanes["Verkenning"] == [f"milestone-{plan['kickoff'].pk}", f"gate-{plan['gate'].pk}"]
    assert sorted(lanes["Uitwerking"]) == sorted(
        [f"milestone-{plan['sessions'].pk}", f"deliverable-{plan['deliverable'].pk}"]
    )
    assert lanes["Without phase"] == [f"milestone-{plan['workshop'].pk}"]
    assert ">Without phase<" in response.content.decode()


def test_group_lanes_show_a_milestone_in_each_of_its_groups(member_client, plan):
    response = member_client.get(timeline_url(lanes="group"), HTTP_ACCEPT_LANGUAGE="en")
    lanes = marks_by_lane(response)
    kickoff, workshop = f"milestone-{plan['kickoff'].pk}", f"milestone-{plan['workshop'].pk}"
    assert lanes["BOR"] == [kickoff, workshop]
    assert lanes["Stuurgroep"] == [kickoff]
    assert lanes["Without target group"] == [f"milestone-{plan['sessions'].pk}"]
    assert list(lanes)[0] == "Phases, gates and deliverables"
    assert f"gate-{plan['gate'].pk}" in lanes["Phases, gates and deliverables"]
    assert "College" not in lanes  # deciding a gate is no milestone of the college


def test_week_numbers_on_the_axis(member_client, plan):
    html = member_client.get(timeline_url(zoom="month", start="2024-03")).content.decode()
    weeks = re.findall(r'<text class="tl-week"[^>]*>([^<]+)</text>', html)
    # "Maand" shows March alone; 1 March 2024 is the Friday of week 9, 31 March a Sunday
    assert weeks == ["wk 10", "wk 11", "wk 12", "wk 13"]
    overview = member_client.get(timeline_url()).content.decode()
    assert "10" in re.findall(r'<text class="tl-week"[^>]*>([^<]+)</text>', overview)


def test_school_holidays_follow_the_region(member_client, plan):
    MilestoneFactory(programme=plan["programme"], title="Winteroverleg", date_text="12-feb")

    def spring_break(region):
        html = member_client.get(
            timeline_url(zoom="month", start="2024-02", region=region), HTTP_ACCEPT_LANGUAGE="nl"
        ).content.decode()
        found = re.findall(
            r'class="tl-shade tl-shade-school"[^>]*data-start="([\d-]+)" data-end="([\d-]+)">'
            r"<title>Voorjaarsvakantie</title>",
            html,
        )
        assert len(set(found)) == 1  # drawn behind the axis and behind each lane
        return found[0]

    assert spring_break("noord") == ("2024-02-17", "2024-02-25")
    assert spring_break("zuid") == ("2024-02-10", "2024-02-18")
    assert spring_break("midden") == ("2024-02-17", "2024-02-25")


def test_public_holidays_and_schedule_notes_are_shaded(member_client, plan):
    CalendarNote.objects.create(
        programme=plan["programme"], title="Herfstvakantie", date_text="wk 43"
    )
    html = member_client.get(timeline_url(), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert re.search(
        r'class="tl-shade tl-shade-public"[^>]*data-start="2024-04-27"[^>]*><title>Koningsdag', html
    )
    assert re.search(
        r'class="tl-shade tl-shade-note"[^>]*data-start="2024-10-21" data-end="2024-10-27">'
        r"<title>Herfstvakantie",
        html,
    )


def test_table_lists_every_item_as_written_with_interval_and_week(member_client, plan):
    response = member_client.get(timeline_url(), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    key = f"milestone-{plan['workshop'].pk}"
    row = re.search(rf'<tr data-key="{key}">(.*?)</tr>', html, re.S).group(1)
    cells = [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]
    assert cells == [
        "Milestone",
        "Werksessie raden",
        "Without phase",
        "eind sep/begin okt",
        "21 sep – 10 oct 2024",
        "wk 38–41",
        "planned, late" if datetime.date.today() > D(2024, 10, 10) else "planned",
    ]
    keys = re.findall(r'<tr data-key="([\w-]+)">', html)
    assert len(keys) == 2 + 3 + 1 + 1  # phases, milestones, gate, deliverable


def test_undated_items_are_in_the_table_only(member_client, plan):
    lost = MilestoneFactory(
        programme=plan["programme"], title="Ooit", date_text="ergens in de lente"
    )
    assert lost.start is None
    response = member_client.get(timeline_url(), HTTP_ACCEPT_LANGUAGE="en")
    timeline = response.context["timeline"]
    key = f"milestone-{lost.pk}"
    assert key in [row.key for row in timeline.rows]
    assert key not in [mark.key for lane in timeline.lanes for mark in lane.marks]
    assert timeline.undated == 1
    assert "1 item has no readable date" in response.content.decode()


def test_today_line_and_zoom_links_keep_the_other_choices(member_client, plan, monkeypatch):
    monkeypatch.setattr(
        "milestones.timeline.views.timezone.localdate", lambda: datetime.date(2024, 5, 15)
    )
    response = member_client.get(timeline_url(lanes="group", region="zuid"))
    html = response.content.decode()
    assert f'<line class="tl-today" x1="{centre(D(2024, 5, 15))}"' in html
    assert 'href="?zoom=month&amp;lanes=group&amp;region=zuid"' in html
    assert 'href="?region=zuid"' in html  # back to phase lanes: the default is left out
    month = member_client.get(timeline_url(zoom="month"))
    window = month.context["timeline"]
    assert (window.first, window.last) == (D(2024, 5, 1), D(2024, 5, 31))  # today's month
    assert 'href="?zoom=month&amp;start=2024-04" rel="prev"' in month.content.decode()
    quarter = member_client.get(timeline_url(zoom="quarter")).context["timeline"]
    assert (quarter.first, quarter.last) == (D(2024, 4, 1), D(2024, 6, 30))  # today's quarter


def test_unknown_choices_fall_back_to_the_defaults(member_client, plan):
    response = member_client.get(timeline_url(zoom="decade", lanes="x", region="oost", start="x"))
    assert response.status_code == 200
    timeline = response.context["timeline"]
    assert (timeline.zoom, timeline.lane_mode, timeline.region) == ("year", "phase", "midden")


def test_print_button_and_a3_stylesheet(member_client, plan):
    html = member_client.get(timeline_url()).content.decode()
    assert "data-tl-print" in html and 'src="/static/regie/timeline.js"' in html
    script = Path(finders.find("regie/timeline.js")).read_text(encoding="utf-8")
    assert "window.print()" in script
    assert 'href="/static/regie/timeline.css"' in html
    css = Path(finders.find("regie/timeline.css")).read_text(encoding="utf-8")
    assert "@page { size: A3 landscape; margin: 10mm; }" in css


def test_graphic_is_labelled_and_items_are_focusable(member_client, plan):
    html = member_client.get(timeline_url()).content.decode()
    assert 'role="group" aria-labelledby="tl-caption"' in html
    assert '<p class="visually-hidden" id="tl-caption">' in html
    marks = re.findall(r'<a class="tl-item[^>]*>(?:<title>[^<]+</title>)?', html)
    assert len(marks) == 5  # 3 milestones, a gate, a deliverable
    for mark in marks:
        assert 'tabindex="0"' in mark or " href=" in mark
        assert "<title>" in mark
        assert re.search(r'aria-label="[^"]+"', mark)  # a name of its own, not a hover only


def test_the_legend_explains_only_what_is_drawn(member_client, plan):
    programme = ProgrammeFactory(year=2007, name="Oud plan")
    viewer = member_client.session["_auth_user_id"]
    MembershipFactory(user_id=viewer, programme=programme, level=AccessLevel.VIEWER)
    MilestoneFactory(programme=programme, title="Overleg", date_text="wk 40")
    url = reverse("milestones:timeline", args=[programme.slug])
    html = member_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    legend = html[html.index("data-tl-legend") : html.index("</details>")]
    assert "approximate date" in legend  # a week is a band
    assert "Milestone on a date" not in legend and "Gate (decision)" not in legend
    assert "data-legend-school" not in legend  # none known before 2014: none drawn, none listed
    assert "data-legend-no-school" in legend
    assert "data-legend-public" in legend  # Christmas 2007 lies in the window (October–December)
    in_2024 = member_client.get(timeline_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    legend = in_2024[in_2024.index("data-tl-legend") : in_2024.index("</details>")]
    assert "data-legend-school" in legend and "Gate (decision)" in legend
    assert "data-legend-no-school" not in legend


def test_marks_without_room_carry_numbers_listed_below_the_chart(member_client, plan):
    for n in range(MAX_LABEL_ROWS + 3):
        MilestoneFactory(programme=plan["programme"], title=f"Spreekuur {n}", date_text="2-apr")
    html = member_client.get(timeline_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    numbered = re.findall(
        r'<a class="tl-item[^"]*" data-key="([\w-]+)"[^>]* data-number="(\d+)"', html
    )
    assert [number for _, number in numbered] == ["1", "2", "3"]
    listed = re.findall(r'<li value="(\d+)" data-key="([\w-]+)">(.*?)</li>', html, re.S)
    assert [(key, number) for number, key, _ in listed] == numbered
    assert "Spreekuur" in listed[0][2] and "2-apr" in listed[0][2]
    assert 'aria-label="1. Spreekuur' in html
    assert "data-legend-numbered" in html


# -- access ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 302),
        ("non-member", 404),
        ("viewer", 200),
        ("secretary", 200),
        ("editor", 200),
        ("staff", 200),
    ],
)
def test_access_matrix(client, who, expected):
    programme = ProgrammeFactory(slug="geheim", name="Geheim programma")
    levels = {
        "viewer": AccessLevel.VIEWER,
        "secretary": AccessLevel.SECRETARY,
        "editor": AccessLevel.EDITOR,
    }
    if who != "anonymous":
        user = UserFactory(username=who.replace("-", ""), is_staff=who == "staff")
        if who in levels:
            MembershipFactory(user=user, programme=programme, level=levels[who])
        client.force_login(user)
    url = timeline_url("geheim")
    response = client.get(url)
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"] == f"/accounts/login/?next={url}"
    if expected == 404:
        assert "Geheim programma" not in response.content.decode()


def test_a_member_of_one_programme_sees_nothing_of_another(client):
    a = ProgrammeFactory(slug="a", name="Programma A")
    ProgrammeFactory(slug="b", name="Programma B")
    user = UserFactory(username="alleen-a")
    MembershipFactory(user=user, programme=a)
    client.force_login(user)
    assert client.get(timeline_url("a")).status_code == 200
    response = client.get(timeline_url("b"))
    assert response.status_code == 404
    assert "Programma B" not in response.content.decode()


def test_unknown_programme_is_404(member_client):
    assert member_client.get(timeline_url("bestaat-niet")).status_code == 404


# -- queries ---------------------------------------------------------------------------------


def _programme_with(count: int):
    programme = ProgrammeFactory(year=2024)
    phases = [PhaseFactory(programme=programme, order=n, date_text="mrt-jun") for n in (1, 2)]
    groups = [TargetGroupFactory(name=f"Groep {n}") for n in range(3)]
    GateFactory(phase=phases[0], decider=groups[0])
    DeliverableFactory(phase=phases[1])
    texts = ["1-mrt", "eind apr", "10 / 17 mei", "wk 23", "juni"]
    for n in range(count):
        milestone = MilestoneFactory(
            programme=programme, phase=phases[n % 2], date_text=texts[n % len(texts)]
        )
        InvolvementFactory(milestone=milestone, target_group=groups[n % 3])
        if n % 4 == 0:
            InvolvementFactory(milestone=milestone, target_group=groups[(n + 1) % 3])
    return programme


@pytest.mark.parametrize("lanes", ["phase", "group"])
def test_query_count_does_not_grow_with_the_milestones(
    client, staff_user, lanes, django_assert_max_num_queries
):
    client.force_login(staff_user)
    counts = []
    for size in (10, 200):
        programme = _programme_with(size)
        url = timeline_url(programme.slug, lanes=lanes)
        # Group lanes read which groups have a meeting calendar (cycle, LANE_MEETINGS): +1.
        # Keeping the built page (milestones.fragments) costs a fixed 6 more: the programme
        # version (1), the cache's read (1) and its write (4 in the database cache).
        budget = (12 if lanes == "phase" else 13) + 6
        with django_assert_max_num_queries(budget), CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert len(response.context["timeline"].rows) == size + 4  # + 2 phases, gate, deliverable
        counts.append(len(queries))
    assert counts[0] == counts[1]
