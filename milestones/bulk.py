"""Plain multi-row inserts for the bulk paths that write thousands of rows at a time.

``bulk_create`` and ``bulk_create_with_history`` build a model instance per row and let
the ORM compile every value; for the ten thousand milestones of a large import (and their
history rows and target groups) that costs more than the rest of the write.  These
helpers insert rows of plain values, converted for the database as the ORM would, and
write history rows exactly as ``bulk_create_with_history`` makes them.  On PostgreSQL the
rows go through ``COPY`` (ids drawn from the table's sequence first); elsewhere through
multi-row ``INSERT``s.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.conf import settings
from django.db import connection, models

BATCH_SIZE = 2000


def insert_rows(
    model: type[models.Model],
    fields: list,
    rows: Iterable[tuple],
    *,
    returning: models.Field | None = None,
) -> list:
    """Insert plain rows (values in the order of ``fields``, as the model holds them),
    without model instances or signals; with ``returning``, the values of that column
    for the inserted rows, in their order (as ``bulk_create`` relies on), else ``[]``
    (one ``executemany``).

    Values are converted for the database as the ORM would for the fields whose
    conversion is more than a type check (dates, times, JSON).
    """
    convert = [
        (index, field.get_db_prep_save if isinstance(field, models.JSONField) else _memo(field))
        for index, field in enumerate(fields)
        if isinstance(field, (models.DateField, models.TimeField, models.JSONField))
    ]
    if convert:
        rows = (_converted(list(row), convert) for row in rows)
    rows = list(rows)
    if not rows:
        return []
    if connection.vendor == "postgresql":
        return _copy_rows(model, fields, rows, returning)
    quote = connection.ops.quote_name
    insert = "INSERT INTO {} ({}) VALUES ".format(
        quote(model._meta.db_table), ", ".join(quote(field.column) for field in fields)
    )
    placeholders = "({})".format(", ".join(["%s"] * len(fields)))
    with connection.cursor() as cursor:
        if returning is None:
            for start in range(0, len(rows), BATCH_SIZE):
                cursor.executemany(insert + placeholders, rows[start : start + BATCH_SIZE])
            return []
        # Several rows per statement, as many as the database takes parameters for.
        size = max(1, min(BATCH_SIZE, connection.ops.bulk_batch_size(fields, rows)))
        suffix = " RETURNING " + quote(returning.column)
        values: list = []
        for start in range(0, len(rows), size):
            batch = rows[start : start + size]
            sql = insert + ", ".join([placeholders] * len(batch)) + suffix
            cursor.execute(sql, [value for row in batch for value in row])
            values.extend(row[0] for row in cursor.fetchall())
        return values


def _copy_rows(
    model: type[models.Model], fields: list, rows: list, returning: models.Field | None
) -> list:
    """PostgreSQL: the rows through one ``COPY … FROM STDIN`` (psycopg 3's ``cursor.copy``):
    no SQL text per row, no client-side placeholder splitting. COPY returns nothing, so the
    ids of ``returning`` are drawn from its sequence first, in one query, and written along."""
    quote = connection.ops.quote_name
    table = model._meta.db_table
    columns = [field.column for field in fields]
    with connection.cursor() as cursor:
        ids: list = []
        if returning is not None:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [quote(table), returning.column, len(rows)],
            )
            ids = sorted(row[0] for row in cursor.fetchall())
            columns.insert(0, returning.column)
            rows = [(pk, *row) for pk, row in zip(ids, rows, strict=True)]
        sql = "COPY {} ({}) FROM STDIN".format(
            quote(table), ", ".join(quote(column) for column in columns)
        )
        with cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
    return ids


def insert_objects(objs: list[models.Model]) -> None:
    """Insert new model instances and give them their ids, like ``bulk_create`` but
    without compiling every value through the ORM."""
    if not objs:
        return
    model = type(objs[0])
    if not connection.features.can_return_rows_from_bulk_insert:
        model._default_manager.bulk_create(objs, batch_size=BATCH_SIZE)
        return
    meta = model._meta
    fields = [field for field in meta.concrete_fields if field is not meta.auto_field]
    names = [field.attname for field in fields]
    ids = insert_rows(
        model,
        fields,
        (tuple(getattr(obj, name) for name in names) for obj in objs),
        returning=meta.pk,
    )
    for obj, pk in zip(objs, ids, strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = connection.alias


def delete_rows(model: type[models.Model], pks: Sequence[int]) -> None:
    """Delete rows by id without loading them or sending signals (their history rows are
    the caller's: see ``insert_history``)."""
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(model._meta.pk.column)
    with connection.cursor() as cursor:
        for start in range(0, len(pks), BATCH_SIZE // 4):
            batch = pks[start : start + BATCH_SIZE // 4]
            marks = ", ".join(["%s"] * len(batch))
            cursor.execute(f"DELETE FROM {table} WHERE {column} IN ({marks})", batch)


def tracked_names(model: type[models.Model]) -> list[str]:
    """The attribute names a history row of ``model`` copies, in the order
    ``insert_history`` expects its values."""
    return [field.attname for field in model.history.model.tracked_fields]


def insert_history(
    model: type[models.Model],
    rows: Iterable[tuple],
    *,
    history_type: str,
    user: Any,
    reason: str,
    date: datetime.datetime,
) -> None:
    """History rows of ``model`` ("+", "~" or "-"), as ``bulk_create_with_history`` makes
    them, from plain values in the order of ``tracked_names(model)``."""
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    history = model.history.model
    extra = {
        "history_date": date,
        "history_user_id": user.pk if user is not None else None,
        "history_change_reason": reason,
        "history_type": history_type,
    }
    fields = [history._meta.get_field(name) for name in (*tracked_names(model), *extra)]
    fixed = tuple(extra.values())
    insert_rows(history, fields, (tuple(row) + fixed for row in rows))


def history_user(model: type[models.Model], user: Any = None) -> Any:
    """Who a history row names: ``user`` when given and logged in, else the request's
    user (``HistoryRequestMiddleware``), else nobody (a command, a script)."""
    if user is not None and user.is_authenticated:
        return user
    return model.history.model.get_default_history_user(model())


def _memo(field: models.Field) -> Callable[[Any, Any], Any]:
    """``field.get_db_prep_save``, once per value: dates repeat, and a datetime's
    conversion (to UTC) is not cheap."""
    cache: dict = {}

    def prepare(value, connection):
        try:
            return cache[value]
        except KeyError:
            cache[value] = prepared = field.get_db_prep_save(value, connection)
            return prepared

    return prepare


def _converted(row: list, convert: list) -> list:
    for index, prepare in convert:
        row[index] = prepare(row[index], connection)
    return row
