"""Queries that every vote and every post make, written once as SQL and read into model
instances without the ORM's query building.

Building a query costs more than running it: on SQLite, looking up a row by its primary key
through the ORM took about 0.25 ms of CPU, the same statement written once and executed again
0.02 ms. A vote or a post made a dozen such statements. The instances made here are the ORM's
(``Model.from_db``, the database's values converted as the ORM converts them), with the fields
not read deferred."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from django.db import connections


def fields(model, attnames) -> tuple[str, ...]:
    """``attnames`` in the order of the model's concrete fields (the order ``instance()`` wants
    its values in); all of them for None."""
    wanted = None if attnames is None else set(attnames)
    return tuple(
        field.attname
        for field in model._meta.concrete_fields
        if wanted is None or field.attname in wanted
    )


def columns(model, attnames: tuple[str, ...]) -> str:
    """The columns of ``attnames``, qualified by the model's table, for a SELECT."""
    table = model._meta.db_table
    by_attname = {field.attname: field for field in model._meta.concrete_fields}
    return ", ".join(f'"{table}"."{by_attname[name].column}"' for name in attnames)


def row(sql: str, params, using: str = "default") -> tuple | None:
    """The first row of a statement, or None."""
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def rows(sql: str, params, using: str = "default") -> list[tuple]:
    """Every row of a statement."""
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def execute(sql: str, params, using: str = "default") -> int:
    """Run a statement that returns no row; how many rows it changed (not known yet within a
    ``together()`` block on PostgreSQL: use ``send()`` or ``later()`` there)."""
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


@contextmanager
def together(using: str = "default") -> Iterator[None]:
    """Statements sent to the database together: those run by ``later()`` within the block,
    with the BEGIN of a transaction they start, all go in one round trip on PostgreSQL
    (psycopg's pipeline mode; the server runs them one after the other, in order, as it
    would have) and their rows are read after the block. Each round trip costs the server and
    the app about as much as a small statement itself (measured: 70 us of the app's CPU a
    statement one at a time, 23 together). Elsewhere (SQLite, in the process) they run at once.
    A statement's error is raised as the block ends (and the rest of the block's statements
    are not run)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    connection.ensure_connection()
    with connection.wrap_database_errors, connection.connection.pipeline():
        yield


def send(sql: str, params, using: str = "default") -> None:
    """Run a statement whose answer is not wanted (within ``together()``: send it)."""
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)


def later(sql: str, params, using: str = "default") -> Callable[[], tuple | None]:
    """Run a statement (within ``together()``: send it) and read its first row, or None, when
    the returned function is called (after the ``together()`` block)."""
    cursor = connections[using].cursor()
    cursor.execute(sql, params)

    def first_row() -> tuple | None:
        try:
            return cursor.fetchone()
        finally:
            cursor.close()

    return first_row


def moment(value) -> datetime | None:
    """A time read by a statement of our own, aware: SQLite hands times back as text, in UTC
    (PostgreSQL, as aware datetimes)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value


def instance(model, attnames: tuple[str, ...], values, using: str = "default"):
    """An instance of ``model`` from ``values`` read in the order of ``attnames`` (see
    ``fields()``), as the ORM would have made it."""
    connection = connections[using]
    values = list(values)
    for position, converters, column in _converters(model, attnames, connection):
        value = values[position]
        for converter in converters:
            value = converter(value, column, connection)
        values[position] = value
    return model.from_db(using, attnames, values)


_CONVERTERS: dict = {}


def _converters(model, attnames: tuple[str, ...], connection):
    """What turns each column's value from the database into the field's (the ORM's own
    converters: SQLite hands back times as naive text, booleans as integers…), found once per
    model, columns and kind of database."""
    key = (model, attnames, connection.vendor)
    if (found := _CONVERTERS.get(key)) is not None:
        return found
    by_attname = {field.attname: field for field in model._meta.concrete_fields}
    found = []
    for position, name in enumerate(attnames):
        column = by_attname[name].get_col(model._meta.db_table)
        converters = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if converters:
            found.append((position, tuple(converters), column))
    _CONVERTERS[key] = found = tuple(found)
    return found
