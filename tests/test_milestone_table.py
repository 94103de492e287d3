"""The rows of the milestone table, written in Python (milestones.tables.RowWriter): escaped
as a template would escape them, the same row in the table as in a quick edit's answer."""

import datetime
from contextlib import ExitStack
from unittest.mock import patch

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from milestones.filters import (
    MilestoneFilter,
    WrittenDateInput,
    WrittenSelect,
    WrittenTextInput,
)
from milestones.models import Milestone
from tests.support.access import as_user
from tests.support.factories import (
    InvolvementFactory,
    MilestoneFactory,
    PhaseFactory,
    TargetGroupFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dutch")]

MARKUP = "<b>'Kick' & \"go\"</b>"
ESCAPED = "&lt;b&gt;&#x27;Kick&#x27; &amp; &quot;go&quot;&lt;/b&gt;"


def table_rows(client, programme) -> list[str]:
    html = client.get(reverse("milestones:table", args=[programme.slug])).content.decode()
    return [f"<tr{row}" for row in html.split("<tbody")[1].split("</tbody>")[0].split("<tr")[1:]]


def test_every_text_a_user_typed_is_escaped(client, programme):
    phase = PhaseFactory(programme=programme, name=f"Fase {MARKUP}")
    milestone = MilestoneFactory(
        programme=programme, phase=phase, title=MARKUP, lead=MARKUP, date_text=MARKUP
    )
    InvolvementFactory(milestone=milestone, target_group=TargetGroupFactory(name=MARKUP))
    as_user(client, "editor", programme)
    [row] = table_rows(client, programme)
    assert MARKUP not in row and "<b>" not in row
    assert (
        f'<td class="milestone-title"><a href="{milestone.get_absolute_url()}">{ESCAPED}</a>' in row
    )
    assert f'<td class="milestone-phase">Fase {ESCAPED}</td>' in row
    assert f'<td class="date-text">{ESCAPED} <span class="badge text-bg-warning">' in row
    assert f"<td>{ESCAPED} <a " in row  # the groups, then the pencil
    assert f"<td>{ESCAPED}</td>" in row  # the lead
    assert row.count(f"wijzigen: {ESCAPED}</span>") == 3  # the pencils' hidden labels


def test_empty_cells_show_a_dash_and_groups_are_listed_by_name(client, programme):
    milestone = MilestoneFactory(programme=programme, title="Kick-off", date_text="", lead="")
    for name in ("Stuurgroep", "BOR", "Klankbordgroep"):
        InvolvementFactory(milestone=milestone, target_group=TargetGroupFactory(name=name))
    as_user(client, "viewer", programme)
    [row] = table_rows(client, programme)
    assert '<td class="milestone-phase">—</td>' in row
    assert '<td class="date-text">—</td>' in row
    assert "<td>BOR, Klankbordgroep, Stuurgroep</td>" in row
    assert "<td>—</td>" in row
    assert "quick-edit-link" not in row


def test_a_quick_edit_answers_with_the_row_the_table_shows(client, programme):
    milestone = MilestoneFactory(programme=programme, title="Kick-off", date_text="1-jan")
    InvolvementFactory(milestone=milestone, target_group=TargetGroupFactory(name="BOR"))
    as_user(client, "editor", programme)
    [row] = table_rows(client, programme)
    assert "data-late-mark" in row and "BOR" in row
    url = reverse("milestones:quick-edit", args=[milestone.pk, "status"])
    answer = client.get(url, {"cancel": "1", "place": "table"}, HTTP_HX_REQUEST="true")
    html = answer.content.decode()
    assert html.count(" autofocus") == 1
    assert html.replace(" autofocus", "").strip() == row.strip()


def test_the_table_reads_its_rows_in_two_queries_whatever_their_groups(client, programme):
    groups = [TargetGroupFactory(name=f"Groep {n}") for n in range(5)]
    for n in range(6):
        milestone = MilestoneFactory(programme=programme, phase=PhaseFactory(programme=programme))
        for group in groups[:n]:
            InvolvementFactory(milestone=milestone, target_group=group)
    as_user(client, "editor", programme)
    url = reverse("milestones:table", args=[programme.slug])
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    reads = [q["sql"] for q in queries if '"milestones_milestone"."title"' in q["sql"]]
    assert len(reads) == 1  # the milestones of the page, their phase joined
    names = [q["sql"] for q in queries if q["sql"].startswith('SELECT "milestones_involvement"')]
    assert len(names) == 1  # the groups' names of all rows


@pytest.mark.parametrize("chosen", [False, True])
def test_the_filter_form_writes_what_djangos_templates_write(programme, chosen):
    phase = PhaseFactory(programme=programme, name=f"Fase {MARKUP}")
    group = TargetGroupFactory(name=MARKUP)
    InvolvementFactory(milestone=MilestoneFactory(programme=programme), target_group=group)
    data = {}
    if chosen:
        data = {"q": MARKUP, "phase": phase.pk, "group": group.pk, "status": "done"}
        data.update(period="late", after="2024-03-01", before="not a day")
    filterset = MilestoneFilter(
        data, queryset=Milestone.objects.all(), programme=programme, today=datetime.date.today()
    )
    ours = [str(field) for field in filterset.form]
    assert ESCAPED in ours[2] and 'id="id_after"' in ours[5]
    assert (f'<option value="{group.pk}" selected>' in ours[2]) is chosen
    written = (WrittenSelect, WrittenTextInput, WrittenDateInput)
    with ExitStack() as stack:
        for widget in written:
            stack.enter_context(patch.object(widget, "render", forms.Widget.render))
        djangos = [str(field) for field in filterset.form]
    assert ours == djangos
