"""The column registry: one object per schedule column, its field's length and label read
from the model, and the same registry behind import, comparison and export."""

import pytest
from django.utils import translation
from django.utils.text import capfirst

from milestones.exports import headers
from milestones.importing.columns import (
    COLUMN_OF_FIELD,
    COLUMNS,
    COLUMNS_BY_ID,
    IMPORTED_TEXT_LIMIT,
    CellError,
    synonym_table,
)
from milestones.models import Milestone
from tests.support.factories import MilestoneFactory


def test_columns_of_a_field_take_length_and_label_from_the_model():
    for column in COLUMNS:
        if column.field in (None, "phase", "date_text", "work_form"):
            continue
        field = Milestone._meta.get_field(column.field)
        # A text field without a length of its own takes the import's limit for long texts.
        text = field.get_internal_type() == "TextField"
        expected = field.max_length or (IMPORTED_TEXT_LIMIT if text else None)
        assert column.max_length == expected, column.identifier
        assert str(column.verbose_name) == capfirst(str(field.verbose_name))
    assert COLUMNS_BY_ID["work_form"].max_length == (
        Milestone._meta.get_field("work_form_notes").max_length
    )


def test_the_export_writes_every_column_under_a_header_the_importer_knows():
    with translation.override("nl"):
        table = synonym_table()
        assert [table[h.casefold()].identifier for h in headers()] == [
            c.identifier for c in COLUMNS
        ]
        assert headers()[COLUMNS.index(COLUMNS_BY_ID["lead"])] == "Trekker"


def test_a_cell_longer_than_its_field_is_refused_with_the_models_length():
    lead = COLUMNS_BY_ID["lead"]
    limit = Milestone._meta.get_field("lead").max_length
    assert lead.clean("x" * limit) == "x" * limit
    with translation.override("en"), pytest.raises(CellError, match=f"at most {limit} fit"):
        lead.clean("x" * (limit + 1))


@pytest.mark.django_db
def test_a_column_assigns_compares_and_exports_its_fields():
    milestone = MilestoneFactory(duration="", sessions=None)
    duration = COLUMNS_BY_ID["duration"]
    values = duration.values(duration.clean("2 sessies van 3 uur"))
    assert values == {"duration": "2 sessies van 3 uur", "sessions": 2}
    with translation.override("en"):
        labels = [label for label, _old, _new in duration.compare(values, milestone)]
    assert labels == [
        "duration",
        "number of sessions",
    ]
    duration.assign(values, milestone)
    assert (milestone.duration, milestone.sessions) == ("2 sessies van 3 uur", 2)
    assert duration.compare(values, milestone) == []
    assert duration.export(milestone) == "2 sessies van 3 uur"
    assert COLUMN_OF_FIELD["sessions"] is duration
