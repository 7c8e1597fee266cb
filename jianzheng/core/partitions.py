"""Year partitions of the big append-only tables on PostgreSQL (issue 17 item 4, docs/scaling.md):
the ledger, the refusals, the verification log and the audit log. SQLite has no partitions;
every function here does nothing there, so models and queries are the same on both.

A table is made partitioned once, by its app's migration (`partitioning(...)`): a new table
`PARTITION BY RANGE (key)` with a partition per year already present and the years ahead, and a
`DEFAULT` partition for a year nobody made; the rows are copied, the names swapped, and every
index and constraint made again under its old name, so later migrations still find them.
PostgreSQL wants the partition key in every primary key and unique constraint, so:

- the primary key becomes (id, key) and each unique constraint gets the key appended; the
  columns named in `unique_alone` stay unique across years by a trigger (an advisory lock on the
  value, then a look for another row holding it), which raises the unique-violation a constraint
  would;
- a foreign key to the table cannot reference `id` alone: the referencing table gets a column
  `<field>_<key>` that a trigger fills from the row referenced, and the constraint becomes
  (field_id, field_<key>) → (id, key), MATCH FULL, so a dangling reference is still refused by
  the database. Django never sees the extra column (it is not in the model).

The hot tables also carry their county's code, `county_code` (`county_code_field`), the column
a sharded deployment distributes them by (docs/scaling.md, "The country"): `distribution_key`
puts it in their primary key, unique constraints and the foreign keys to them, by the same
means, and `distribution_problems` lists what Citus would still refuse.

`ensure()` (the daily task and `jianzheng partitions ensure`) makes the years ahead, and moves
rows that fell into a DEFAULT partition into their own year's; `/readyz` warns while a DEFAULT
partition holds rows."""

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connections, models, transaction

YEARS_AHEAD = 2
# The distribution column of a sharded deployment (docs/scaling.md, "The country"): a county's
# rows live together, so every hot table carries its county's code in its keys.
DISTRIBUTION_COLUMN = "county_code"
_YEAR_SUFFIX = re.compile(r"_y(\d{4})$")


@dataclass(frozen=True)
class Spec:
    table: str
    key: str
    unique_alone: tuple[str, ...] = ()  # unique columns that stay unique across partitions


@dataclass(frozen=True)
class Partition:
    parent: str
    name: str
    year: int | None  # None: the DEFAULT partition
    rows: int


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _local_year(today: dt.date | None = None) -> int:
    return (today or dt.datetime.now(ZoneInfo(settings.TIME_ZONE)).date()).year


def _fetch(cursor, sql: str, params=()) -> list[tuple]:
    cursor.execute(sql, params)
    return list(cursor.fetchall())


def _key_type(cursor, table: str, key: str) -> str:
    """How a year of this key is written: "int", "date" or "timestamptz"."""
    (type_name,) = _fetch(
        cursor,
        "SELECT format_type(atttypid, atttypmod) FROM pg_attribute"
        " WHERE attrelid = %s::regclass AND attname = %s",
        [table, key],
    )[0]
    if type_name.startswith("timestamp"):
        return "timestamptz"
    return "date" if type_name == "date" else "int"


def _bounds(kind: str, year: int) -> str:
    if kind == "int":
        return f"FROM ({year}) TO ({year + 1})"
    if kind == "date":
        return f"FROM ('{year}-01-01') TO ('{year + 1}-01-01')"
    # A year is the county's local year (Asia/Shanghai), as the serial's year is.
    zone = ZoneInfo(settings.TIME_ZONE)
    start, end = (dt.datetime(y, 1, 1, tzinfo=zone).isoformat() for y in (year, year + 1))
    return f"FROM ('{start}') TO ('{end}')"


def _year_of(kind: str, key: str) -> str:
    if kind == "int":
        return _q(key)
    if kind == "date":
        return f"EXTRACT(YEAR FROM {_q(key)})::int"
    return f"EXTRACT(YEAR FROM {_q(key)} AT TIME ZONE '{settings.TIME_ZONE}')::int"


def _create_year(cursor, parent: str, kind: str, year: int) -> None:
    cursor.execute(
        f"CREATE TABLE {_q(f'{parent}_y{year}')} PARTITION OF {_q(parent)}"
        f" FOR VALUES {_bounds(kind, year)}"
    )


def county_code_field(**options) -> models.CharField:
    """The hot tables' `county_code`: the 6-digit code of the county the row belongs to (a
    region's own code for a row of the region's), filled by the service that writes the row.
    On PostgreSQL part of the primary key and of every unique constraint (`distribution_key`).
    `options`: a migration's default for the rows already there."""
    return models.CharField("所属县级区划代码", max_length=6, editable=False, **options)


def county_named(name: str) -> models.CheckConstraint:
    """A row of a county's own (a paper, its registry row, a demand) names it: a writer that
    forgot the column is refused, on SQLite too. The logs may hold ""."""
    return models.CheckConstraint(condition=~models.Q(county_code=""), name=name)


# ----------------------------------------------------------------------------- migrations


def partitioning(*specs: Spec):
    """A migration's operation: the tables partitioned on PostgreSQL, nothing on SQLite. Going
    back leaves them partitioned (the model state is the same either way)."""
    from django.db import migrations

    def forward(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            for spec in specs:
                partition_table(cursor, spec)

    return migrations.RunPython(forward, migrations.RunPython.noop, elidable=False)


def partition_table(cursor, spec: Spec, *, years_ahead: int = YEARS_AHEAD) -> None:
    table, key = spec.table, spec.key
    (relkind,) = _fetch(cursor, "SELECT relkind FROM pg_class WHERE oid = %s::regclass", [table])[0]
    if relkind == "p":
        return
    cursor.execute(f"LOCK TABLE {_q(table)} IN ACCESS EXCLUSIVE MODE")
    kind = _key_type(cursor, table, key)
    own = _fetch(
        cursor,
        "SELECT conname, contype, pg_get_constraintdef(oid),"
        " ARRAY(SELECT attname FROM unnest(conkey) WITH ORDINALITY k(n, i)"
        "       JOIN pg_attribute ON attrelid = conrelid AND attnum = k.n ORDER BY k.i)"
        " FROM pg_constraint WHERE conrelid = %s::regclass AND contype IN ('p', 'u', 'f')"
        # A foreign key to a partitioned table has a row per partition; the parent's is its own.
        " AND conparentid = 0"
        " ORDER BY contype DESC, conname",
        [table],
    )
    indexes = _fetch(
        cursor,
        "SELECT pg_get_indexdef(indexrelid) FROM pg_index i WHERE indrelid = %s::regclass"
        " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
        [table],
    )
    triggers = _fetch(
        cursor,
        "SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgrelid = %s::regclass"
        " AND NOT tgisinternal",
        [table],
    )
    incoming = _fetch(
        cursor,
        "SELECT conrelid::regclass::text, conname, attname FROM pg_constraint"
        " JOIN pg_attribute ON attrelid = conrelid AND attnum = conkey[1]"
        " WHERE confrelid = %s::regclass AND contype = 'f' AND conrelid <> confrelid"
        " AND conparentid = 0",
        [table],
    )
    (sequence,) = _fetch(cursor, "SELECT pg_get_serial_sequence(%s, 'id')", [table])[0]
    position = _fetch(cursor, f"SELECT last_value, is_called FROM {sequence}")[0]
    years = {
        y for (y,) in _fetch(cursor, f"SELECT DISTINCT {_year_of(kind, key)} FROM {_q(table)}")
    }
    now = _local_year()
    years |= set(range(now, now + years_ahead + 1))

    new = f"{table}__partitioned"
    cursor.execute(
        f"CREATE TABLE {_q(new)} (LIKE {_q(table)} INCLUDING DEFAULTS INCLUDING CONSTRAINTS"
        " INCLUDING IDENTITY INCLUDING GENERATED INCLUDING STORAGE INCLUDING COMMENTS)"
        f" PARTITION BY RANGE ({_q(key)})"
    )
    for year in sorted(years):
        cursor.execute(
            f"CREATE TABLE {_q(f'{table}_y{year}')} PARTITION OF {_q(new)}"
            f" FOR VALUES {_bounds(kind, year)}"
        )
    cursor.execute(f"CREATE TABLE {_q(f'{table}_default')} PARTITION OF {_q(new)} DEFAULT")
    cursor.execute(f"INSERT INTO {_q(new)} SELECT * FROM {_q(table)}")
    for referencing, name, _column in incoming:
        cursor.execute(f"ALTER TABLE {referencing} DROP CONSTRAINT {_q(name)}")
    cursor.execute(f"DROP TABLE {_q(table)}")
    cursor.execute(f"ALTER TABLE {_q(new)} RENAME TO {_q(table)}")
    new_sequence = _fetch(cursor, "SELECT pg_get_serial_sequence(%s, 'id')", [table])[0][0]
    cursor.execute(f"ALTER SEQUENCE {new_sequence} RENAME TO {_q(sequence.split('.')[-1])}")
    cursor.execute("SELECT setval(%s, %s, %s)", [sequence, position[0], position[1]])

    for name, contype, definition, columns in own:
        if contype == "f":
            cursor.execute(f"ALTER TABLE {_q(table)} ADD CONSTRAINT {_q(name)} {definition}")
            continue
        keyed = ", ".join(_q(c) for c in [*columns, *([key] if key not in columns else [])])
        kind_sql = "PRIMARY KEY" if contype == "p" else "UNIQUE"
        cursor.execute(f"ALTER TABLE {_q(table)} ADD CONSTRAINT {_q(name)} {kind_sql} ({keyed})")
    for (definition,) in indexes:
        cursor.execute(definition)
    for (definition,) in triggers:
        cursor.execute(definition)
    for column in spec.unique_alone:
        _unique_across_partitions(cursor, table, column)
    for referencing, name, column in incoming:
        reference_with_key(cursor, referencing.strip('"'), column, name, table, key)
    cursor.execute(f"ANALYZE {_q(table)}")


def _unique_across_partitions(cursor, table: str, column: str) -> None:
    function = f"{table}_{column}_unique"
    cursor.execute(
        f"CREATE FUNCTION {_q(function)}() RETURNS trigger LANGUAGE plpgsql"
        " SET search_path FROM CURRENT AS $$ BEGIN"
        f"  IF NEW.{_q(column)} IS NULL THEN RETURN NEW; END IF;"
        # One writer per value at a time; the look below then sees the other's committed row.
        f"  PERFORM pg_advisory_xact_lock(hashtext('{function}'), hashtext(NEW.{_q(column)}::text));"
        f"  IF EXISTS (SELECT 1 FROM {_q(table)} WHERE {_q(column)} = NEW.{_q(column)}"
        "             AND id <> NEW.id) THEN"
        "    RAISE unique_violation USING MESSAGE = 'duplicate key value violates unique"
        f" constraint \"{function}\"', DETAIL = 'Key ({column})=(' || NEW.{_q(column)}"
        " || ') already exists.';"
        "  END IF; RETURN NEW; END $$"
    )
    cursor.execute(
        f"CREATE TRIGGER {_q(function)} BEFORE INSERT OR UPDATE OF {_q(column)} ON {_q(table)}"
        f" FOR EACH ROW EXECUTE FUNCTION {_q(function)}()"
    )


def reference_with_key(
    cursor, referencing: str, column: str, name: str, target: str, key: str
) -> None:
    """`referencing.column` → `target.id` becomes (column, <field>_<key>) → (id, key)."""
    hidden = _hidden_key(cursor, referencing, column, target, key)
    cursor.execute(
        f"ALTER TABLE {_q(referencing)} ADD CONSTRAINT {_q(name)} FOREIGN KEY"
        f" ({_q(column)}, {_q(hidden)}) REFERENCES {_q(target)} (id, {_q(key)}) MATCH FULL"
        " DEFERRABLE INITIALLY DEFERRED"
    )


def _column_type(cursor, table: str, column: str) -> str | None:
    found = _fetch(
        cursor,
        "SELECT format_type(atttypid, atttypmod) FROM pg_attribute"
        " WHERE attrelid = %s::regclass AND attname = %s AND NOT attisdropped",
        [table, column],
    )
    return found[0][0] if found else None


def _hidden_key(cursor, referencing: str, column: str, target: str, key: str) -> str:
    """A column `<field>_<key>` of `referencing`, not in the model, that a trigger keeps equal to
    the `key` of the row `column` refers to; made and filled once."""
    hidden = f"{column.removesuffix('_id')}_{key}"
    if _column_type(cursor, referencing, hidden) is None:
        key_type = _column_type(cursor, target, key)
        cursor.execute(f"ALTER TABLE {_q(referencing)} ADD COLUMN {_q(hidden)} {key_type}")
        cursor.execute(
            f"UPDATE {_q(referencing)} r SET {_q(hidden)} = t.{_q(key)} FROM {_q(target)} t"
            f" WHERE t.id = r.{_q(column)}"
        )
    function = f"{referencing}_{hidden}_fill"
    cursor.execute(
        f"CREATE OR REPLACE FUNCTION {_q(function)}() RETURNS trigger LANGUAGE plpgsql"
        " SET search_path FROM CURRENT AS $$ BEGIN"
        f"  IF NEW.{_q(column)} IS NULL THEN NEW.{_q(hidden)} := NULL; RETURN NEW; END IF;"
        f"  SELECT {_q(key)} INTO NEW.{_q(hidden)} FROM {_q(target)} WHERE id = NEW.{_q(column)};"
        # No such row: refused now, as the constraint would refuse it at commit.
        "  IF NOT FOUND THEN RAISE foreign_key_violation USING MESSAGE ="
        f" 'insert or update on table \"{referencing}\" violates foreign key {column}',"
        f" DETAIL = 'Key ({column})=(' || NEW.{_q(column)} || ') is not present in table"
        f' "{target}".\'; END IF;'
        "  RETURN NEW; END $$"
    )
    cursor.execute(
        f"CREATE OR REPLACE TRIGGER {_q(function)} BEFORE INSERT OR UPDATE OF {_q(column)}"
        f" ON {_q(referencing)} FOR EACH ROW EXECUTE FUNCTION {_q(function)}()"
    )
    return hidden


def distribution_key(*tables: str, column: str = DISTRIBUTION_COLUMN):
    """A migration's operation: on PostgreSQL, `column` joins the primary key and every unique
    constraint of each table (what Citus asks of a distributed table), and every foreign key to
    them. A referencing table that has `column` itself pairs its own with the target's: a row and
    the row it refers to belong to one county, which the database now checks. One that has not
    gets a hidden `<field>_<column>` (as for a partition key), ready to be distributed by it.
    Nothing on SQLite. A foreign key to these tables made by a later migration must carry the
    column too (docs/scaling.md, "References")."""
    from django.db import migrations
    from django.db.migrations.exceptions import IrreversibleError

    def forward(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            for table in tables:
                key_table(cursor, table, column)

    def backward(apps, schema_editor):
        # Going back further would drop the column and, with it, the keys it is part of.
        if schema_editor.connection.vendor == "postgresql":
            raise IrreversibleError(
                f"{', '.join(tables)}: the keys hold {column}; restore a backup instead"
            )

    return migrations.RunPython(forward, backward, elidable=False)


def _constraint_columns(cursor, where: str, params) -> list[tuple]:
    """(table, name, contype, columns, referenced columns) of the constraints `where` picks."""
    return _fetch(
        cursor,
        "SELECT conrelid::regclass::text, conname, contype,"
        " ARRAY(SELECT attname FROM unnest(conkey) WITH ORDINALITY k(n, i)"
        "       JOIN pg_attribute ON attrelid = conrelid AND attnum = k.n ORDER BY k.i),"
        " ARRAY(SELECT attname FROM unnest(confkey) WITH ORDINALITY k(n, i)"
        "       JOIN pg_attribute ON attrelid = confrelid AND attnum = k.n ORDER BY k.i)"
        f" FROM pg_constraint WHERE conparentid = 0 AND {where} ORDER BY conname",
        params,
    )


def key_table(cursor, table: str, column: str = DISTRIBUTION_COLUMN) -> None:
    if _column_type(cursor, table, column) is None:
        raise ValueError(f"{table} has no column {column}")
    cursor.execute(f"LOCK TABLE {_q(table)} IN ACCESS EXCLUSIVE MODE")
    incoming = [
        reference
        for reference in _constraint_columns(
            cursor, "confrelid = %s::regclass AND contype = 'f' AND conrelid <> confrelid", [table]
        )
        if column not in reference[4]  # made again below, with the column
    ]
    for referencing, name, *_ in incoming:
        cursor.execute(f"ALTER TABLE {referencing} DROP CONSTRAINT {_q(name)}")
    own = _constraint_columns(cursor, "conrelid = %s::regclass AND contype IN ('p', 'u')", [table])
    for _table, name, contype, columns, _ in own:
        if column in columns:
            continue
        kind = "PRIMARY KEY" if contype == "p" else "UNIQUE"
        keyed = ", ".join(_q(c) for c in [*columns, column])
        cursor.execute(f"ALTER TABLE {_q(table)} DROP CONSTRAINT {_q(name)}")
        cursor.execute(f"ALTER TABLE {_q(table)} ADD CONSTRAINT {_q(name)} {kind} ({keyed})")
    for referencing, name, _contype, columns, targets in incoming:
        plain = referencing.strip('"')
        field = columns[0]
        for key in targets[1:]:  # a partition key's hidden column: its trigger made strict
            _hidden_key(cursor, plain, field, table, key)
        own_column = _column_type(cursor, plain, column) is not None
        paired = column if own_column else _hidden_key(cursor, plain, field, table, column)
        if own_column:
            # MATCH SIMPLE checks nothing while one column is null: a hidden one is null
            # exactly when the reference is (what MATCH FULL held), even with triggers off.
            for hidden in columns[1:]:
                cursor.execute(
                    f"ALTER TABLE {referencing} ADD CONSTRAINT {_q(f'{plain}_{hidden}_filled')}"
                    f" CHECK (({_q(field)} IS NULL) = ({_q(hidden)} IS NULL))"
                )
        cursor.execute(
            f"ALTER TABLE {referencing} ADD CONSTRAINT {_q(name)} FOREIGN KEY"
            f" ({', '.join(_q(c) for c in [*columns, paired])})"
            f" REFERENCES {_q(table)} ({', '.join(_q(c) for c in [*targets, column])})"
            # Its own county is never null, while the reference may be: checked when it is set.
            f" {'MATCH SIMPLE' if own_column else 'MATCH FULL'} DEFERRABLE INITIALLY DEFERRED"
        )
    cursor.execute(f"ANALYZE {_q(table)}")


def distribution_problems(
    tables: list[str], column: str = DISTRIBUTION_COLUMN, using: str = "default"
) -> list[str]:
    """What Citus would refuse if `tables` were distributed by `column` (docs/scaling.md): a
    primary key or unique index without the column, or a foreign key to one of them that does
    not carry it. [] on SQLite, which has no such keys."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return []
    problems = []
    with connection.cursor() as cursor:
        for table in tables:
            if _column_type(cursor, table, column) is None:
                problems.append(f"{table}: no column {column}")
                continue
            unique = _fetch(
                cursor,
                "SELECT indexrelid::regclass::text, ARRAY(SELECT attname FROM unnest(indkey)"
                " k(n) JOIN pg_attribute ON attrelid = indrelid AND attnum = k.n)"
                " FROM pg_index WHERE indrelid = %s::regclass AND indisunique",
                [table],
            )
            problems += [
                f"{table}: unique index {index} ({', '.join(columns)}) lacks {column}"
                for index, columns in unique
                if column not in columns
            ]
            for referencing, name, _, _columns, targets in _constraint_columns(
                cursor, "confrelid = %s::regclass AND contype = 'f'", [table]
            ):
                if column not in targets:
                    problems.append(f"{referencing}.{name} → {table}: does not carry {column}")
    return problems


# ----------------------------------------------------------------------------- operations


def _partitioned_tables(cursor) -> list[tuple[str, str]]:
    """(table, key) of every range-partitioned table of this schema."""
    return _fetch(
        cursor,
        "SELECT c.relname, a.attname FROM pg_partitioned_table p"
        " JOIN pg_class c ON c.oid = p.partrelid"
        " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = p.partattrs[0]"
        " WHERE p.partstrat = 'r' AND c.relnamespace = current_schema()::regnamespace"
        " ORDER BY c.relname",
    )


def _children(cursor, parent: str) -> list[tuple[str, bool]]:
    return _fetch(
        cursor,
        "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT' FROM pg_inherits i"
        " JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = %s::regclass"
        " ORDER BY c.relname",
        [parent],
    )


def list_partitions(using: str = "default") -> list[Partition]:
    connection = connections[using]
    if connection.vendor != "postgresql":
        return []
    found = []
    with connection.cursor() as cursor:
        for parent, _key in _partitioned_tables(cursor):
            for name, is_default in _children(cursor, parent):
                (rows,) = _fetch(cursor, f"SELECT count(*) FROM {_q(name)}")[0]
                match = _YEAR_SUFFIX.search(name)
                year = None if is_default or not match else int(match.group(1))
                found.append(Partition(parent, name, year, rows))
    return found


def rows_in_default(using: str = "default") -> dict[str, int]:
    """The DEFAULT partitions holding rows: a year nobody made a partition for (/readyz)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return {}
    held = {}
    with connection.cursor() as cursor:
        for parent, _key in _partitioned_tables(cursor):
            for name, is_default in _children(cursor, parent):
                if is_default and _fetch(cursor, f"SELECT EXISTS (SELECT 1 FROM {_q(name)})")[0][0]:
                    held[parent] = _fetch(cursor, f"SELECT count(*) FROM {_q(name)}")[0][0]
    return held


def ensure(
    *,
    years_ahead: int = YEARS_AHEAD,
    since: int | None = None,
    today: dt.date | None = None,
    using: str = "default",
) -> list[str]:
    """Make this year's partition and `years_ahead` more for every partitioned table (and each
    year from `since`, for history about to be loaded), and one for each year found in a DEFAULT
    partition (its rows move there). Idempotent; the partitions made, by name ([] on SQLite)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return []
    made = []
    now = _local_year(today)
    with connection.cursor() as cursor:
        tables = _partitioned_tables(cursor)
    for parent, key in tables:
        with transaction.atomic(using=using), connection.cursor() as cursor:
            kind = _key_type(cursor, parent, key)
            children = _children(cursor, parent)
            have = {int(m.group(1)) for n, _ in children if (m := _YEAR_SUFFIX.search(n))}
            default = next((n for n, is_default in children if is_default), None)
            stray = set()
            if default:
                stray = {
                    y
                    for (y,) in _fetch(
                        cursor, f"SELECT DISTINCT {_year_of(kind, key)} FROM {_q(default)}"
                    )
                    if y is not None
                }
            wanted = set(range(min(since or now, now), now + years_ahead + 1))
            missing = sorted((wanted | stray) - have)
            if missing:
                # Making a partition locks the table: give up rather than queue the app behind
                # a long query; the next day's run tries again.
                cursor.execute("SET LOCAL lock_timeout = '10s'")
            for year in missing:
                if default and year in stray:
                    _move_out_of_default(cursor, parent, default, kind, key, year)
                else:
                    _create_year(cursor, parent, kind, year)
                made.append(f"{parent}_y{year}")
    return made


def _move_out_of_default(cursor, parent: str, default: str, kind: str, key: str, year: int):
    """The year's rows leave the DEFAULT partition, the year's partition is made, and they go
    into it, in one transaction. A row of a partition cannot leave it while referenced, so the
    foreign keys to the table are dropped meanwhile and made again (checking every reference:
    a full read of the referencing tables, paid only when a DEFAULT partition held rows)."""
    references = _fetch(
        cursor,
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
        " WHERE confrelid = %s::regclass AND contype = 'f' AND conparentid = 0",
        [parent],
    )
    for referencing, name, _definition in references:
        cursor.execute(f"ALTER TABLE {referencing} DROP CONSTRAINT {_q(name)}")
    cursor.execute(f"CREATE TEMP TABLE jz_moving (LIKE {_q(parent)}) ON COMMIT DROP")
    cursor.execute(
        f"WITH moved AS (DELETE FROM {_q(default)} WHERE {_year_of(kind, key)} = %s RETURNING *)"
        " INSERT INTO jz_moving SELECT * FROM moved",
        [year],
    )
    _create_year(cursor, parent, kind, year)
    cursor.execute(f"INSERT INTO {_q(parent)} SELECT * FROM jz_moving")
    cursor.execute("DROP TABLE jz_moving")
    for referencing, name, definition in references:
        cursor.execute(f"ALTER TABLE {referencing} ADD CONSTRAINT {_q(name)} {definition}")
