"""Writing the bench data's rows fast: COPY on PostgreSQL (executemany on SQLite) with ids of our
own, the tables' indexes made once after the load, and fresh statistics at the end. The ORM's
save() would take hours at this size."""

import datetime
import io
from decimal import Decimal

from django.core.management.color import no_style
from django.db import connection

# Rows written per COPY or executemany.
BATCH = 20_000


class Writer:
    """Writes rows (dicts of field attnames) into a model's table; unnamed fields take their
    model default, so the rows say only what matters."""

    def __init__(self):
        self.postgresql = connection.vendor == "postgresql"
        self.written = {}

    def write(self, model, rows):
        fields = model._meta.concrete_fields
        defaults = {field.attname: field.get_default() for field in fields}
        columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
        table = model._meta.db_table
        total = 0
        batch = []
        for row in rows:
            batch.append([row.get(field.attname, defaults[field.attname]) for field in fields])
            if len(batch) >= BATCH:
                total += self._flush(table, columns, fields, batch)
                batch = []
        total += self._flush(table, columns, fields, batch)
        self.written[model] = self.written.get(model, 0) + total
        return total

    def _flush(self, table, columns, fields, batch):
        if not batch:
            return 0
        with connection.cursor() as cursor:
            if self.postgresql:
                buffer = io.StringIO()
                for values in batch:
                    buffer.write("\t".join(_copy_text(value) for value in values))
                    buffer.write("\n")
                buffer.seek(0)
                cursor.cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", buffer)
            else:
                marks = ", ".join(["%s"] * len(fields))
                prepared = [
                    [
                        field.get_db_prep_save(value, connection)
                        for field, value in zip(fields, values, strict=True)
                    ]
                    for values in batch
                ]
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", prepared)  # noqa: S608
        return len(batch)


def _copy_text(value):
    """A value in COPY's text format."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, datetime.date | Decimal | int | float):
        return str(value)
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace("\t", "\\t")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
    )


# PostgreSQL: indexes are made once after the load, far faster than kept up row by row.


def drop_indexes(models):
    """Drop the tables' indexes other than those of constraints; returns how to make them again."""
    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        # Foreign keys are checked by triggers; the generator's rows are right by construction.
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        cursor.execute(
            """SELECT indexname, indexdef FROM pg_indexes i
               WHERE tablename = ANY(%s) AND schemaname = current_schema()
               AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)""",
            [tables],
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    return [definition for _, definition in indexes]


def recreate_indexes(definitions):
    with connection.cursor() as cursor:
        for definition in definitions:
            cursor.execute(definition)


def reset_sequences(models):
    """Make the tables' id sequences carry on after the ids the rows were written with."""
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def analyze():
    # Without fresh statistics PostgreSQL plans full scans over the new rows (a full-text query
    # took 558 ms after a bulk load, 0.7 ms after ANALYZE).
    # VACUUM too where it may run (never inside a transaction), as autovacuum would soon do on a
    # live site: it marks the new rows visible to all, which spares later reads a check of each
    # row's transaction.
    with connection.cursor() as cursor:
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
