"""Baselines and the changes page: what moved since a baseline, a day, or the last Stuurgroep."""

import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone, translation
from docx import Document

from milestones.baselines.compare import compare, describe_slip
from milestones.baselines.models import Baseline
from milestones.baselines.steering import last_steering_meeting, steering_series
from milestones.baselines.taking import take_baseline
from milestones.models import Milestone
from phases.meetings import cancel_meeting
from phases.models import AccessLevel, Gate, MeetingSeries
from phases.presentation import format_day
from tests.support.access import as_user, member
from tests.support.factories import (
    GateFactory,
    MeetingSeriesFactory,
    MilestoneFactory,
    PhaseFactory,
    ProgrammeFactory,
    TargetGroupFactory,
)
from tests.support.forms import submitted
from tests.support.schedules import run, xlsx

pytestmark = pytest.mark.django_db
D = datetime.date

HEADER = ["Einddatum", "Mijlpaal", "Doelgroep", "Wie"]
ROWS = [
    ["1-mrt", "Overzicht betrokkenen", "Regievoerders", "PL"],
    ["8-mei", "Uitgangspunten bespreken", "Klankbordgroep", "PL"],
    ["16-mei", "Startnotitie", "Stuurgroep", "PL"],
    ["27-aug", "Concept oplegnotitie", "Stuurgroep", "PL"],
    ["eind sep", "Definitieve notitie", "Stuurgroep", "PL"],
]


def import_rows(tmp_path, rows, name="planning.xlsx") -> None:
    path = tmp_path / name
    path.write_bytes(xlsx(("Mijlpalen", [["Mijlpalen fase 1"], HEADER, *rows])))
    code, _out, err = run("import_schedule", str(path), "--programme", "plan", "--year", "2024")
    assert code in (0, None), err


@pytest.fixture
def imported(tmp_path):
    import_rows(tmp_path, ROWS)
    code, out, _err = run("take_baseline", "--programme", "plan", "--name", "Plan vastgesteld")
    baseline = Baseline.objects.get()
    assert (code, out.strip()) == (0, str(baseline.pk))
    moved = [list(row) for row in ROWS]
    moved[0][0] = "15-mrt"
    moved[2][0] = "6-jun"
    moved[4][0] = "medio okt"
    import_rows(tmp_path, moved, "planning-2.xlsx")
    return baseline


def test_a_reimport_with_three_dates_changed_lists_exactly_those_three_as_moved(client, imported):
    programme = imported.programme
    as_user(client, "viewer", programme)
    url = reverse("milestones:changes", args=[programme.slug]) + f"?baseline={imported.pk}"
    response = client.get(url)
    assert response.status_code == 200
    changes = response.context["changes"]
    assert sorted((m.item.title, m.old, m.new, m.slip_days) for m in changes.moved) == [
        ("Definitieve notitie", "eind sep (21 – 30 sep 2024)", "medio okt (11 – 20 okt 2024)", 20),
        ("Overzicht betrokkenen", "1-mrt (1 mrt 2024)", "15-mrt (15 mrt 2024)", 14),
        ("Startnotitie", "16-mei (16 mei 2024)", "6-jun (6 jun 2024)", 21),
    ]
    assert (changes.added, changes.removed, changes.status_changes) == ((), (), ())
    html = response.content.decode()
    assert "16-mei (16 mei 2024)" in html and "6-jun (6 jun 2024)" in html
    timeline = reverse("milestones:timeline", args=[programme.slug])
    assert response.context["timeline_url"] == f"{timeline}?baseline={imported.pk}"


def test_the_exports_carry_the_moved_rows(client, imported):
    programme = imported.programme
    as_user(client, "viewer", programme)
    url = reverse("milestones:changes", args=[programme.slug])
    response = client.get(url, {"baseline": imported.pk, "export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][1:3] == ["soort", "titel"]  # the header reads Dutch
    assert {row[2]: (row[5], row[6], row[7]) for row in rows[1:]} == {
        "Startnotitie": ("16-mei (16 mei 2024)", "6-jun (6 jun 2024)", "21"),
        "Definitieve notitie": (
            "eind sep (21 – 30 sep 2024)",
            "medio okt (11 – 20 okt 2024)",
            "20",
        ),
        "Overzicht betrokkenen": ("1-mrt (1 mrt 2024)", "15-mrt (15 mrt 2024)", "14"),
    }
    response = client.get(url, {"baseline": imported.pk, "export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(min_row=5, values_only=True))
    assert sorted(row[2] for row in values) == [
        "Definitieve notitie",
        "Overzicht betrokkenen",
        "Startnotitie",
    ]


def test_the_progress_report_for_the_baseline_tells_what_moved(client, imported, tmp_path):
    programme = imported.programme
    as_user(client, "viewer", programme)
    url = reverse("milestones:report", args=[programme.slug])
    with translation.override("nl"):
        response = client.get(url, {"baseline": imported.pk})
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))  # python-docx opens it
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    text = "\n".join([p.text for p in document.paragraphs] + cells)
    assert "Wat is verschoven en waarom" in text and "Plan vastgesteld" in text
    for old, new in (
        ("1-mrt (1 mrt 2024)", "15-mrt (15 mrt 2024)"),
        ("16-mei (16 mei 2024)", "6-jun (6 jun 2024)"),
        ("eind sep (21 – 30 sep 2024)", "medio okt (11 – 20 okt 2024)"),
    ):
        assert old in cells and new in cells
    assert (
        "Concept oplegnotitie"
        not in text.split("Wat is verschoven en waarom")[1].split("Te laat")[0]
    )  # unchanged: not listed as moved
    target = tmp_path / "rapport.docx"
    code, _out, err = run(
        "progress_report", "--programme", "plan", "--baseline", str(imported.pk), "-o", str(target)
    )
    assert code in (0, None), err
    assert "6-jun (6 jun 2024)" in [
        c.text for t in Document(target).tables for row in t.rows for c in row.cells
    ]


def test_filters_narrow_to_a_target_group(client, imported):
    programme = imported.programme
    as_user(client, "viewer", programme)
    url = reverse("milestones:changes", args=[programme.slug])
    response = client.get(url, {"baseline": imported.pk, "group": "Regievoerders"})
    assert [m.item.title for m in response.context["changes"].moved] == ["Overzicht betrokkenen"]


def test_approving_a_gate_takes_a_baseline_named_after_it(client):
    programme = ProgrammeFactory(slug="p")
    first = PhaseFactory(programme=programme, order=1, status="running")
    gate = GateFactory(phase=first, title="Besluit college", date_text="eind jun")
    MilestoneFactory(programme=programme, phase=first, title="Startnotitie", date_text="1 jun")
    user = member(programme, AccessLevel.EDITOR, "editor")
    client.force_login(user)
    url = reverse("phases:gate-decision", args=[gate.pk])
    data = submitted(client.get(url).context["form"])
    data.update(outcome="approved", decided_on="2024-07-01", reference="B&W 2024/123")
    client.post(url, data)
    baseline = Baseline.objects.get()
    assert (baseline.name, baseline.kind, baseline.gate, baseline.taken_by) == (
        "Besluit college (B&W 2024/123)",
        "gate",
        gate,
        user,
    )
    assert ["milestone", baseline.items[-1][1], "Startnotitie", "1 jun"] == baseline.items[-1][:4]
    gate.refresh_from_db()
    gate.notes = "bijgewerkt"
    gate.save()  # saved again while approved: no second baseline
    assert Baseline.objects.count() == 1


def test_an_open_or_deferred_gate_takes_no_baseline():
    gate = GateFactory(outcome=Gate.Outcome.DEFERRED, decided_on=D(2024, 7, 1))
    gate.save()
    assert not Baseline.objects.exists()


def test_since_a_day_is_read_from_history():
    programme = ProgrammeFactory()
    stays = MilestoneFactory(programme=programme, title="Blijft", date_text="1 mrt")
    moves = MilestoneFactory(programme=programme, title="Schuift", date_text="1 apr")
    yesterday = timezone.now() - datetime.timedelta(days=1)
    Milestone.history.update(history_date=yesterday)  # the plan as it stood yesterday
    moves.date_text = "wk 16"
    moves._change_reason = "Wachten op advies"
    moves.save()
    MilestoneFactory(programme=programme, title="Nieuw", date_text="1 mei")
    stays.status = "cancelled"
    stays.save()
    changes = compare(programme=programme, today=D(2024, 1, 1), since=timezone.localdate())
    assert [(m.item.title, m.old, m.new, m.slip_days, m.reason) for m in changes.moved] == [
        ("Schuift", "1 apr (1 apr 2024)", "wk 16 (15 – 21 apr 2024)", 20, "Wachten op advies")
    ]
    assert [r.title for r in changes.added] == ["Nieuw"]
    assert [r.title for r in changes.cancelled] == ["Blijft"]


def test_the_last_steering_meeting_skips_cancelled_ones():
    programme = ProgrammeFactory()
    series = MeetingSeriesFactory(
        programme=programme,
        name="Stuurgroep overleg",
        target_group=TargetGroupFactory(name="stuurgroep"),
        frequency=MeetingSeries.Frequency.MONTHLY,
        interval=1,
        first_date=D(2024, 1, 9),  # the second Tuesday
    )
    MeetingSeriesFactory(programme=programme)  # a Projectgroep: not the steering body
    assert last_steering_meeting(programme, D(2024, 3, 20)).day == D(2024, 3, 12)
    assert last_steering_meeting(programme, D(2024, 3, 12)).day == D(2024, 2, 13)
    cancel_meeting(series=series, day=D(2024, 3, 12))
    meeting = last_steering_meeting(programme, D(2024, 3, 20))
    assert (meeting.series, meeting.day) == (series, D(2024, 2, 13))
    assert last_steering_meeting(programme, D(2024, 1, 9)) is None


def test_the_steering_meeting_is_the_named_series_else_the_stuurgroep_else_an_owner_body():
    programme = ProgrammeFactory()
    college = TargetGroupFactory(name="College van B&W")
    owners = MeetingSeriesFactory(programme=programme, name="Collegeoverleg", target_group=college)
    MeetingSeriesFactory(programme=programme)  # a Projectgroep of no owner body: never
    assert steering_series(programme) is None  # no Stuurgroep, no owner body yet
    programme.owner_groups.add(college)
    assert steering_series(programme) == owners
    stuurgroep = MeetingSeriesFactory(
        programme=programme, name="SG", target_group=TargetGroupFactory(name="Stuurgroep")
    )
    assert steering_series(programme) == stuurgroep
    programme.steering_series = owners  # named by an editor: that one
    programme.save()
    assert steering_series(programme) == owners


def test_the_programme_form_names_only_its_own_series_as_steering_meeting(client):
    programme = ProgrammeFactory()
    own = MeetingSeriesFactory(programme=programme, name="Bestuurlijk overleg")
    foreign = MeetingSeriesFactory(name="Geheim overleg")  # of another programme
    as_user(client, "editor", programme)
    url = reverse("phases:programme-edit", args=[programme.slug])
    form = client.get(url).context["form"]
    assert list(form.fields["steering_series"].queryset) == [own]
    response = client.post(url, {**submitted(form), "steering_series": foreign.pk})
    assert response.status_code == 200 and "steering_series" in response.context["form"].errors
    assert "Geheim overleg" not in response.content.decode()
    response = client.post(url, {**submitted(form), "steering_series": own.pk})
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.steering_series == own


def test_without_a_steering_meeting_the_page_says_so(client):
    programme = ProgrammeFactory()
    take_baseline(programme=programme, name="Start")
    as_user(client, "viewer", programme)
    response = client.get(reverse("milestones:changes", args=[programme.slug]))
    assert response.context["changes"] is None
    html = response.content.decode()
    assert 'id="no-steering-meeting"' in html and "Start" in html


@pytest.mark.parametrize(
    ("who", "read", "take"),
    [
        (None, 302, 302),
        ("outsider", 404, 404),
        ("viewer", 200, 403),
        ("secretary", 200, 403),
        ("editor", 200, 200),
        ("staff", 200, 200),
    ],
)
def test_viewers_read_changes_and_only_editors_take_baselines(client, who, read, take):
    programme = ProgrammeFactory(slug="p")
    as_user(client, who, programme)
    changes = reverse("milestones:changes", args=["p"])
    new = reverse("milestones:baseline-create", args=["p"])
    assert client.get(changes, {"since": "2024-01-01"}).status_code == read
    assert client.get(new).status_code == take
    response = client.post(new, {"name": "Plan vastgesteld door college", "note": ""})
    assert response.status_code == (302 if take == 200 else take)
    assert Baseline.objects.filter(programme=programme).exists() == (take == 200)


def test_by_default_the_page_shows_what_moved_since_the_last_stuurgroep(client):
    programme = ProgrammeFactory(year=timezone.localdate().year)
    stuurgroep = TargetGroupFactory(name="Stuurgroep")
    met = timezone.localdate() - datetime.timedelta(days=7)
    MeetingSeriesFactory(
        programme=programme, name="Stuurgroep", target_group=stuurgroep, frequency="",
        first_date=met,
    )  # fmt: skip
    milestone = MilestoneFactory(programme=programme, title="Besluit", date_text="1 dec")
    Milestone.history.update(history_date=timezone.now() - datetime.timedelta(days=10))
    milestone.date_text = "15 dec"
    milestone.save()
    as_user(client, "viewer", programme)
    response = client.get(reverse("milestones:changes", args=[programme.slug]))
    assert response.context["meeting"].day == met
    label = f"Stuurgroep {format_day(met)}"  # the series' name and the meeting's day
    assert response.context["changes"].label == label and label in response.content.decode()
    assert [(m.item.title, m.slip_days) for m in response.context["changes"].moved] == [
        ("Besluit", 14)
    ]
    # The timeline link overlays the plan as it stood after that meeting.
    day_after = (met + datetime.timedelta(days=1)).isoformat()
    timeline = client.get(response.context["timeline_url"])
    assert response.context["timeline_url"].endswith(f"?since={day_after}")
    assert _was_keys(timeline) == {f"milestone-{milestone.pk}"}


def test_phases_report_the_net_slip_of_their_end_and_gates_their_decisions():
    programme = ProgrammeFactory()
    phase = PhaseFactory(programme=programme, order=1, name="Verkenning", date_text="jan-mrt")
    gate = GateFactory(phase=phase, title="Besluit college", date_text="eind mrt")
    baseline = take_baseline(programme=programme, name="Start")
    phase.date_text = "jan-apr"
    phase.save()
    gate.outcome, gate.decided_on = Gate.Outcome.DEFERRED, D(2024, 3, 28)
    gate.save()
    changes = compare(programme=programme, today=D(2024, 4, 1), baseline=baseline)
    assert [(s.phase, s.old, s.new, s.slip_days) for s in changes.phase_slips] == [
        ("Verkenning", "jan-mrt (1 jan – 31 mrt 2024)", "jan-apr (1 jan – 30 apr 2024)", 30)
    ]
    assert [(g.item.title, g.old, g.new) for g in changes.gate_decisions] == [
        ("Besluit college", "open", "uitgesteld")
    ]
    assert changes.filtered(phase_id=phase.pk + 1).gate_decisions == ()


def test_a_slip_reads_in_days_and_weeks():
    with translation.override("en"):
        assert [describe_slip(days) for days in (20, -7, 1, 0, None)] == [
            "+20 days (+2.9 wk)",
            "-7 days (-1 wk)",
            "+1 day",
            "0 days",
            "",
        ]


def test_the_dashboard_shows_what_moved_since_the_last_stuurgroep(client):
    programme = ProgrammeFactory(year=timezone.localdate().year)
    met = timezone.localdate() - datetime.timedelta(days=7)
    MeetingSeriesFactory(
        programme=programme, name="Stuurgroep", target_group=TargetGroupFactory(name="Stuurgroep"),
        frequency="", first_date=met,
    )  # fmt: skip
    moved = [
        MilestoneFactory(programme=programme, title=f"Stap {n}", date_text="1 dec")
        for n in range(7)
    ]
    Milestone.history.update(history_date=timezone.now() - datetime.timedelta(days=10))
    for n, milestone in enumerate(moved):
        milestone.date_text = f"{2 + n} dec"
        milestone.save()
    as_user(client, "viewer", programme)
    url = reverse("milestones:dashboard", args=[programme.slug])
    with translation.override("nl"):
        html = client.get(url).content.decode()
    block = html.split('id="what-moved"')[1].split("</section>")[0]
    assert f"Wat is er veranderd sinds Stuurgroep {format_day(met)}" in block
    shown = [title for title in (m.title for m in moved) if f"<strong>{title}</strong>" in block]
    assert sorted(shown) == ["Stap 2", "Stap 3", "Stap 4", "Stap 5", "Stap 6"]  # five biggest
    assert "7 onderdelen verschoven" in block
    assert reverse("milestones:changes", args=[programme.slug]) in block
    with translation.override("nl"):
        as_of = client.get(url, {"date": met.isoformat()}).content.decode()
    assert 'id="what-moved"' not in as_of  # a peildatum looks at another day's plan


# -- the timeline overlays a compared plan ---------------------------------------------------


def _was_keys(response) -> set[str]:
    return set(re.findall(r'data-was="([^"]+)"', response.content.decode()))


def test_the_timeline_overlays_the_baseline_for_exactly_the_moved_items(client, imported):
    programme = imported.programme
    as_user(client, "viewer", programme)
    url = reverse("milestones:timeline", args=[programme.slug])
    moved = Milestone.objects.filter(
        title__in=["Overzicht betrokkenen", "Startnotitie", "Definitieve notitie"]
    )
    assert _was_keys(client.get(url)) == set()  # no comparison asked: nothing overlaid
    response = client.get(url, {"baseline": imported.pk})
    assert _was_keys(response) == {f"milestone-{m.pk}" for m in moved}
    assert response.context["timeline"].moved == 3
    html = response.content.decode()
    assert "data-legend-was" in html and "Plan vastgesteld" in html
    taken = format_day(timezone.localtime(imported.taken_at).date())
    assert f"Plan vastgesteld ({taken})</option>" in html  # the choice says when it was taken
    assert "16-mei (16 mei 2024)" in html  # the table says where it was
    # The view's links keep the comparison; "without comparison" drops it.
    assert f"baseline={imported.pk}" in response.context["zoom_choices"][0].url
    assert "baseline" not in response.context["without_comparison_url"]


def test_the_timeline_overlays_a_past_day_from_history(client):
    programme = ProgrammeFactory(year=2024)
    milestone = MilestoneFactory(programme=programme, date_text="1 mrt")
    Milestone.history.filter(id=milestone.pk).update(
        history_date=timezone.now() - datetime.timedelta(days=10)
    )
    milestone.date_text = "15 mrt"
    milestone.save()
    as_user(client, "viewer", programme)
    url = reverse("milestones:timeline", args=[programme.slug])
    since = (timezone.localdate() - datetime.timedelta(days=5)).isoformat()
    assert _was_keys(client.get(url, {"since": since})) == {f"milestone-{milestone.pk}"}
    future = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    assert _was_keys(client.get(url, {"since": future})) == set()  # nothing moved since then


def test_the_timeline_ignores_a_baseline_of_another_programme(client, imported):
    other = ProgrammeFactory()
    as_user(client, "viewer", other)
    MilestoneFactory(programme=other, date_text="1 mrt")
    url = reverse("milestones:timeline", args=[other.slug])
    for value in (imported.pk, "x", "-1"):
        response = client.get(url, {"baseline": value})
        assert response.status_code == 200
        assert _was_keys(response) == set()
        assert "Plan vastgesteld" not in response.content.decode()
