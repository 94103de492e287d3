"""The bulk paths on PostgreSQL write through COPY, not one INSERT per row or batch."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from milestones.bulk import insert_objects
from milestones.models import Milestone
from tests.support.factories import ProgrammeFactory
from tests.support.schedules import csv_file, load

pytestmark = pytest.mark.django_db


def test_inserted_objects_get_their_ids_in_order():
    programme = ProgrammeFactory()
    milestones = [
        Milestone(programme=programme, title=f"M{n}", date_text="", version=1) for n in range(5)
    ]
    insert_objects(milestones)
    stored = dict(Milestone.objects.filter(programme=programme).values_list("pk", "title"))
    assert {m.pk: m.title for m in milestones} == stored
    assert len(stored) == 5


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_an_import_writes_milestones_history_and_groups_without_insert_statements():
    rows = [["Datum", "Mijlpaal", "Doelgroep"]] + [
        [f"{1 + n} mrt", f"Mijlpaal {n}", "Stuurgroep, BOR"] for n in range(30)
    ]
    with CaptureQueriesContext(connection) as queries:
        load(csv_file(rows), "plan.csv", programme="copy", year=2025)
    inserts = [q["sql"] for q in queries if q["sql"].startswith("INSERT INTO")]
    tables = (
        "milestones_milestone",
        "milestones_historicalmilestone",
        "milestones_involvement",
        "milestones_historicalinvolvement",
    )
    assert not [sql for sql in inserts if any(f'"{table}"' in sql[:60] for table in tables)]
    assert Milestone.objects.filter(programme__slug="copy").count() == 30
    assert Milestone.history.filter(programme__slug="copy").count() == 30
