"""The progress report (voortgangsrapportage): a Word document with the programme's state."""

from __future__ import annotations

import datetime
import io
import subprocess
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from docx import Document
from docx.table import Table

from milestones.reports.progress import (
    MovedItem,
    ReportChanges,
    build_progress_report,
    render_progress_report,
)
from phases.fuzzy import local_today
from phases.models import AccessLevel, Gate
from tests.support.access import member
from tests.support.factories import (
    DeliverableFactory,
    GateFactory,
    InvolvementFactory,
    MilestoneFactory,
    PhaseFactory,
    ProgrammeFactory,
    TargetGroupFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dutch")]

D = datetime.date


def text_of(content: bytes) -> str:
    """Every paragraph and table cell of a .docx in reading order, as python-docx reads it."""
    parts = []
    for block in Document(io.BytesIO(content)).iter_inner_content():
        if isinstance(block, Table):
            parts += [cell.text for row in block.rows for cell in row.cells]
        else:
            parts.append(block.text)
    return "\n".join(parts)


@pytest.fixture
def plan():
    """A running programme: a phase that ended late, the next one running, work due soon."""
    today = local_today()
    programme = ProgrammeFactory(slug="jeugd", name="Jeugd en gezin", year=today.year - 1)
    done = PhaseFactory(programme=programme, order=1, name="Verkenning", status="done")
    running = PhaseFactory(programme=programme, order=2, name="Uitwerking", status="running")
    college = TargetGroupFactory(name="College")
    GateFactory(
        phase=running,
        title="Besluit uitvoeringsplan",
        decider=college,
        date_text=(today + datetime.timedelta(days=20)).strftime("%d-%m-%Y"),
    )
    GateFactory(phase=done, title="Startnotitie", outcome=Gate.Outcome.APPROVED, decided_on=today)
    MilestoneFactory(
        programme=programme,
        phase=running,
        title="Concept plan van aanpak",
        date_text=(today - datetime.timedelta(days=10)).strftime("%d-%m-%Y"),
    )
    soon = MilestoneFactory(
        programme=programme,
        phase=running,
        title="Stuurgroep bespreekt het plan",
        date_text=(today + datetime.timedelta(days=7)).strftime("%d-%m-%Y"),
    )
    InvolvementFactory(milestone=soon, target_group=TargetGroupFactory(name="Stuurgroep"))
    DeliverableFactory(phase=running, title="Uitvoeringsplan", status="in_progress")
    return programme


def test_the_report_says_where_the_programme_stands(plan):
    report = build_progress_report(programme=plan, today=local_today())
    text = text_of(render_progress_report(report))
    assert "Voortgangsrapportage" in text and "Jeugd en gezin" in text
    assert "Stand per fase" in text and "Verkenning" in text and "Uitwerking" in text
    late = text.split("Besluiten die nodig zijn")[0].split("Te laat")[-1]
    assert "Concept plan van aanpak" in late  # late, with its deadline
    decisions = text.split("Besluiten die nodig zijn")[1]
    assert "Besluit uitvoeringsplan" in decisions and "College" in decisions
    assert "Startnotitie" not in decisions  # approved: decided, not needed
    coming = text.split("De komende")[1]
    assert "Stuurgroep" in coming and "Stuurgroep bespreekt het plan" in coming


def test_since_a_date_the_report_shows_what_was_done_and_what_moved(plan):
    today = local_today()
    changes = ReportChanges(
        moved=(
            MovedItem("Stuurgroep bespreekt het plan", "wk 40", "wk 42", 14, reason="Raad eerst"),
        ),
        done=("Startnotitie",),
    )
    since = today - datetime.timedelta(days=28)
    report = build_progress_report(programme=plan, today=today, since=since, changes=changes)
    text = text_of(render_progress_report(report))
    moved = text.split("Wat is verschoven en waarom")[1]
    assert "wk 40" in moved and "wk 42" in moved and "14 dagen" in moved
    assert "Raad eerst" in moved
    assert "Startnotitie" in text.split("Gereed sinds")[1]
    without = text_of(render_progress_report(build_progress_report(programme=plan, today=today)))
    assert "Wat is verschoven" not in without  # no starting point: no such section


def test_an_empty_programme_gets_a_report_that_says_so():
    programme = ProgrammeFactory(slug="leeg", name="Leeg programma")
    text = text_of(
        render_progress_report(build_progress_report(programme=programme, today=D(2026, 12, 3)))
    )
    assert "Dit programma heeft nog geen fasen." in text
    assert "Niets is te laat." in text and "Geen open besluitmoment." in text


def test_the_download_is_for_members_only(client, plan):
    url = reverse("milestones:report", args=[plan.slug])
    assert client.get(url).status_code == 302  # to the login page
    outsider = member(ProgrammeFactory(slug="ander"), AccessLevel.EDITOR, "buiten")
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(member(plan, AccessLevel.VIEWER, "lid"))
    response = client.get(url, {"since": "2026-01-01"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="voortgang-jeugd-' in response["Content-Disposition"]
    assert "Jeugd en gezin" in text_of(response.content)
    assert client.get(url, {"since": "gisteren"}).status_code == 200  # ignored, not an error


def test_the_command_writes_the_file(plan, tmp_path):
    target = tmp_path / "rapport.docx"
    call_command("progress_report", "--programme", "jeugd", "-o", str(target), stdout=io.StringIO())
    assert "Jeugd en gezin" in text_of(target.read_bytes())
    with pytest.raises(CommandError, match="geen programma"):
        call_command("progress_report", "--programme", "nee", "-o", str(target))


def test_libreoffice_converts_the_report_to_pdf(plan, tmp_path):
    source = tmp_path / "rapport.docx"
    source.write_bytes(
        render_progress_report(build_progress_report(programme=plan, today=local_today()))
    )
    result = subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    pdf = Path(tmp_path / "rapport.pdf")
    assert result.returncode == 0, result.stderr
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5000
