"""A backup of the whole database that restores exactly: ``manage.py backup`` / ``restore``.

The file is gzip-compressed JSON lines: a header (format, the migrations it was made at),
then for each table its column names and rows in chunks, primary keys included. Every
model's table is in it, history and the audit log too, except what the database makes
itself (content types and permissions: those are stored as names and matched to the target
database's ids on restore) and what is no data (sessions, django-axes' attempt records).

A restore writes into empty tables in one transaction, many rows per INSERT (no ``save()``,
no signals, no ``auto_now``: the objects are as they were, not new), then moves
PostgreSQL's id sequences past the restored ids. It refuses a database that holds data
unless ``force``, which empties the tables first, and a backup made at other migrations.

The file holds password hashes and feed links: keep it as safe as the database.
"""

from __future__ import annotations

import base64
import datetime
import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext

FORMAT = "regie-backup"
VERSION = 1
CHUNK = 2000
#: made by ``migrate`` in every database: stored by name, matched by name
BY_NAME = (ContentType, Permission)
#: not data: who is logged in, django-axes' records of attempts
SKIPPED_APPS = {"sessions", "axes"}


class BackupError(Exception):
    """A backup that cannot be restored here; ``str()`` is the message for the user."""


@dataclass
class RestoreResult:
    tables: int
    rows: int


class Encoder(DjangoJSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, bytes | memoryview):
            return base64.b64encode(bytes(o)).decode()  # BinaryField.to_python decodes it
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()  # to the microsecond (DjangoJSONEncoder keeps milliseconds)
        return super().default(o)


def backed_up_models() -> list[type[models.Model]]:
    """Every table with data of its own, many-to-many tables included, in a stable order."""
    found = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label not in SKIPPED_APPS
        and model not in BY_NAME
        and not model._meta.proxy
        and model._meta.managed
    ]
    return sorted(found, key=lambda model: model._meta.label)


def applied_migrations(using: str) -> list[list[str]]:
    recorder = MigrationRecorder(connections[using])
    return sorted([app, name] for app, name in recorder.applied_migrations())


def columns(model: type[models.Model]) -> list[models.Field]:
    return list(model._meta.concrete_fields)


def write_backup(stream: IO[bytes], *, using: str = DEFAULT_DB_ALIAS) -> int:
    """Write every table to ``stream``; the number of rows written."""
    rows = 0
    with gzip.GzipFile(fileobj=stream, mode="wb", compresslevel=6) as out:

        def line(data: dict) -> None:
            out.write(json.dumps(data, cls=Encoder, separators=(",", ":")).encode() + b"\n")

        with transaction.atomic(using=using):  # one consistent moment on PostgreSQL
            line(
                {
                    "format": FORMAT,
                    "version": VERSION,
                    "created": datetime.datetime.now(datetime.UTC).isoformat(),
                    "migrations": applied_migrations(using),
                }
            )
            line({"names": "contenttypes", "rows": list(content_type_names(using))})
            line({"names": "permissions", "rows": list(permission_names(using))})
            for model in backed_up_models():
                fields = columns(model)
                names = [field.attname for field in fields]
                query = model._base_manager.using(using).order_by("pk").values_list(*names)
                chunk: list[tuple] = []
                for row in query.iterator(chunk_size=CHUNK):
                    chunk.append(row)
                    if len(chunk) == CHUNK:
                        line({"model": model._meta.label, "fields": names, "rows": chunk})
                        rows, chunk = rows + len(chunk), []
                if chunk:
                    line({"model": model._meta.label, "fields": names, "rows": chunk})
                    rows += len(chunk)
    return rows


def content_type_names(using: str) -> Iterator[list]:
    yield from ContentType.objects.using(using).values_list("pk", "app_label", "model")


def permission_names(using: str) -> Iterator[list]:
    yield from Permission.objects.using(using).values_list(
        "pk", "codename", "content_type__app_label", "content_type__model"
    )


def has_data(using: str) -> bool:
    return any(
        model._base_manager.using(using).exists()
        for model in backed_up_models()
        if not model._meta.auto_created
    )


def read_backup(
    stream: IO[bytes], *, force: bool = False, using: str = DEFAULT_DB_ALIAS
) -> RestoreResult:
    """Restore a backup of ``write_backup`` (see the module docstring)."""
    with gzip.GzipFile(fileobj=stream, mode="rb") as source:
        lines = (json.loads(raw) for raw in source)
        try:
            header = next(lines)
        except (OSError, EOFError, StopIteration, json.JSONDecodeError) as exc:
            raise BackupError(gettext("This is not a backup of Regie.")) from exc
        if header.get("format") != FORMAT or header.get("version") != VERSION:
            raise BackupError(gettext("This is not a backup of Regie."))
        if header["migrations"] != applied_migrations(using):
            raise BackupError(
                gettext(
                    "The backup was made at other database migrations than this database "
                    "has; restore it with the Regie version that made it."
                )
            )
        if has_data(using) and not force:
            raise BackupError(
                gettext(
                    "The database already holds data; a restore replaces all of it. "
                    "Give --force to do so."
                )
            )
        with transaction.atomic(using=using):
            empty_tables(using)
            result = Loader(using).load(lines)
            reset_sequences(using)
    return result


def empty_tables(using: str) -> None:
    connection = connections[using]
    tables = [model._meta.db_table for model in backed_up_models()]
    statements = connection.ops.sql_flush(no_style(), tables, allow_cascade=True)
    connection.ops.execute_sql_flush(statements)


def reset_sequences(using: str) -> None:
    connection = connections[using]
    statements = connection.ops.sequence_reset_sql(no_style(), backed_up_models())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


class Loader:
    """Rows into tables; content type and permission ids translated to this database's."""

    def __init__(self, using: str) -> None:
        self.using = using
        self.id_maps: dict[type[models.Model], dict[int, int]] = {}
        self.models = {model._meta.label: model for model in backed_up_models()}

    def load(self, lines: Iterator[dict]) -> RestoreResult:
        rows = 0
        tables = set()
        for data in lines:
            if "names" in data:
                self.read_names(data["names"], data["rows"])
                continue
            model = self.models.get(data["model"])
            if model is None:
                raise BackupError(
                    gettext("The backup holds a table this version does not know: %(name)s")
                    % {"name": data["model"]}
                )
            self.insert(model, data["fields"], data["rows"])
            tables.add(model)
            rows += len(data["rows"])
        return RestoreResult(tables=len(tables), rows=rows)

    def insert(self, model: type[models.Model], names: list[str], rows: list[list]) -> None:
        """The rows as they are, many per statement: values converted by each field
        (``to_python``, then ``get_db_prep_save``) but no ``save()``, no ``auto_now``
        (``bulk_create`` would set those fields to now), no signals."""
        connection = connections[self.using]
        fields = {field.attname: field for field in columns(model)}
        if set(names) != set(fields):
            raise BackupError(
                gettext("The columns of %(name)s in the backup differ from this database's.")
                % {"name": model._meta.label}
            )
        converters = []
        for name in names:
            field = fields[name]
            id_map = self.id_maps.get(field.related_model) if field.is_relation else None
            converters.append((field, id_map))
        values = [
            [
                None
                if value is None
                else field.get_db_prep_save(
                    field.to_python(value) if id_map is None else id_map[value], connection
                )
                for (field, id_map), value in zip(converters, row, strict=True)
            ]
            for row in rows
        ]
        quote = connection.ops.quote_name
        insert = "INSERT INTO {} ({}) VALUES ".format(
            quote(model._meta.db_table), ", ".join(quote(fields[name].column) for name in names)
        )
        row_sql = "({})".format(", ".join(["%s"] * len(names)))
        # Many rows per statement, within the database's limit of parameters per query.
        per_statement = max(
            1, min(500, (connection.features.max_query_params or 30000) // len(names))
        )
        with connection.cursor() as cursor:
            for start in range(0, len(values), per_statement):
                batch = values[start : start + per_statement]
                cursor.execute(
                    insert + ", ".join([row_sql] * len(batch)),
                    [value for row in batch for value in row],
                )

    def read_names(self, kind: str, rows: list[list]) -> None:
        if kind == "contenttypes":
            ContentType.objects.clear_cache()
            types = ContentType.objects.db_manager(self.using)
            self.id_maps[ContentType] = {
                pk: types.get_by_natural_key(app_label, model).pk for pk, app_label, model in rows
            }
        else:
            ids = {
                (codename, app_label, model): pk
                for pk, codename, app_label, model in Permission.objects.using(
                    self.using
                ).values_list("pk", "codename", "content_type__app_label", "content_type__model")
            }
            self.id_maps[Permission] = {
                pk: ids[(codename, app_label, model)]
                for pk, codename, app_label, model in rows
                if (codename, app_label, model) in ids
            }


def backup_to(path: Path, *, using: str = DEFAULT_DB_ALIAS) -> int:
    path.touch(mode=0o600)  # passwords' hashes and feed links: not for every reader
    with path.open("wb") as stream:
        return write_backup(stream, using=using)
