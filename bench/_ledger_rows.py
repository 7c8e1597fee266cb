"""Synthetic ledgers for the scale benches: N certificates with their signed-document rows, and
refusals and verifications in proportion, spread over every demo community, item and month.

Rows are clones of a few certificates issued for real through certificates.services (so every
column holds what issuing writes: template, facts, checks, masked holder, the kind of token a
certificate carries). One row builder (`_Table`: Django's preparation of each constant column
once, and per row only dates, times and the encrypted columns, sealed per row and bound to it
by `core.pii`, as the model would), two writers, as a restore loads a database:

- PostgreSQL: `COPY … FROM STDIN` (psycopg 3) from one process per core plus one, each over
  its own communities (so serial numbers never collide) and its own block of ids, with the row
  triggers off for those sessions; afterwards every foreign key of the loaded tables is checked
  by one anti-join and the values kept unique across year partitions are counted;
- SQLite: one writer, executemany of pre-built tuples, a transaction per batch.

On both the tables' secondary indexes are dropped before the load and made again after it from
their own definitions, and the schema (indexes, constraints, triggers) is compared before and
after: the benches read exactly what the migrations made. 10,000,000 certificates is a matter
of tens of minutes, not a night (docs/performance.md).

The genuine certificates stay verifiable; the clones carry a copy of one genuine token, so a
verification bench measures the registry lookup among N rows, not a forged signature.

The spread (fixed seed for a given number of writers): every demo community of both counties,
every item the community's county retains, the last 36 months with a seasonal bulge (March and
September: school and job applications), one refusal per 8 certificates (the cancelled items
residents still get asked for), one verification per 2 certificates, one certificate in 200
revoked. Serial counters are moved past the synthetic numbers so issuing during the bench
continues the series."""

import datetime as dt
import itertools
import json
import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

BATCH = 10000
REFUSAL_EVERY = 8
VERIFICATION_EVERY = 2
REVOKED_EVERY = 200
MONTHS = 36
HOLDERS = ["马小花", "王淑珺", "李建国", "马晓燕", "杨桂兰", "丁学军", "海春梅", "纳振华"]
ID_NUMBER = "640121199003071232"
REQUESTERS = ["永宁县公安局杨和派出所", "宁夏银行永宁支行", "永宁县人民医院", "某物业公司"]


@dataclass
class Filled:
    certificates: int
    refusals: int
    verifications: int
    seconds: float
    genuine_tokens: list[str]
    genuine_serials: list[str]


def _issue_genuine(count: int):
    """A few real certificates from the demo clerk: the clones' models and the verify mix."""
    from jianzheng.accounts.models import User
    from jianzheng.certificates.services import issue_certificate
    from jianzheng.regions.models import Unit

    clerk = User.objects.get(username="yanghe_clerk")
    community = Unit.objects.get(code="640121100001")
    issued = []
    for index in range(count):
        issued.append(
            issue_certificate(
                actor=clerk,
                community=community,
                item="YN-B03",
                facts={
                    "holder_name": HOLDERS[index % len(HOLDERS)],
                    "holder_id_number": ID_NUMBER,
                    "gender": "男",
                    "address": f"永宁县杨和镇示例路{index + 1}号",
                    "since": "2019-05-01",
                    "tenure": "租住",
                },
                checks=[{"method": "home_visit", "note": "入户查看"}],
                purpose="办理居住证",
                requester="永宁县公安局杨和派出所",
            )
        )
    return issued


def _month_weights(today: dt.date) -> list[tuple[dt.date, float]]:
    months = []
    year, month = today.year, today.month
    for _ in range(MONTHS):
        first = dt.date(year, month, 1)
        months.append((first, 1.6 if month in (3, 9) else 1.0))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months


# The columns each synthetic row sets (besides the constant ones); ids of refusals and
# verifications are the database's.
DOCUMENT_COLUMNS = {
    "id", "serial", "issuer_id", "county_code", "subject_code", "issued_on", "valid_until",
    "signed_by_id", "revoked_at", "revoke_category",
}  # fmt: skip
CERTIFICATE_COLUMNS = {
    "id", "serial", "community_id", "county_code", "year", "sequence", "item_id", "item_name",
    "requester", "holder_name", "issued_by_id", "issued_at", "issued_on", "valid_until",
    "document_id",
}  # fmt: skip
REFUSAL_COLUMNS = {
    "community_id", "county_code", "item_id", "item_name", "requester", "requester_unit_id",
    "requester_name_id", "requested_on", "outcome", "reason", "note", "clerk_id", "created_at",
    "certificate_id",
}  # fmt: skip
VERIFICATION_COLUMNS = {
    "document_id", "county_code", "result", "reason", "at", "channel", "verifier_unit_id",
    "purpose", "holder_match",
}  # fmt: skip


class _Table:
    """One model's rows as the database takes them: the columns in `names` (set per row) or in
    `constant`, in model order. Django's own preparation is applied to the constant columns
    once, and per row only to dates, times and encrypted columns (sealed per row, as the model
    would: `core.pii` seals, with the row's binding value in the associated data)."""

    def __init__(self, model, names: set[str], constant: dict):
        from django.db import connection

        from jianzheng.core import pii

        self.model = model
        self.fields = [f for f in model._meta.concrete_fields if f.attname in names | set(constant)]
        sealed = {f.attname for f in pii.encrypted_fields(model)}
        ops = connection.ops
        table = model._meta.db_table
        self.preps = []
        for field in self.fields:
            name = field.attname
            if name in sealed:
                # The plain value of a constant column is encoded once; its seal is per row.
                plain = field.encode(constant[name]) if name in constant else None

                def seal(row, ring, field=field, name=name, plain=plain):
                    aad = pii.associated_data(table, field.column, row[field.bind])
                    value = plain if plain is not None else field.encode(row[name])
                    return field.get_prep_value(pii.seal(value, aad, ring))

                self.preps.append(seal)
            elif name in constant:
                value = field.get_db_prep_save(constant[name], connection)
                if connection.vendor == "postgresql" and hasattr(value, "dumps"):
                    # psycopg's Jsonb wrapper: dumped once, as the text COPY sends.
                    value = (value.dumps or json.dumps)(value.obj)
                self.preps.append(lambda row, ring, value=value: value)
            elif field.get_internal_type() == "DateTimeField":
                adapt = ops.adapt_datetimefield_value
                self.preps.append(lambda row, ring, name=name, adapt=adapt: adapt(row[name]))
            elif field.get_internal_type() == "DateField":
                adapt = ops.adapt_datefield_value
                self.preps.append(lambda row, ring, name=name, adapt=adapt: adapt(row[name]))
            else:
                self.preps.append(lambda row, ring, name=name: row[name])
        self.name = table
        self.columns = [f.column for f in self.fields]

    def tuples(self, rows: list[dict], ring) -> list[tuple]:
        preps = self.preps
        return [tuple([p(row, ring) for p in preps]) for row in rows]


# What the partitions' triggers keep unique across years (certificates migration 0012).
UNIQUE_ACROSS_YEARS = [
    ("certificates_certificate", "document_id"),
    ("certificates_demand", "certificate_id"),
]


class _Writer:
    """Bulk loading, the way a restore does it: the tables' secondary indexes are dropped and
    made again after the load from their own definitions (one sort each instead of millions of
    random inserts), and the schema is compared before and after, so the database the benches
    read has exactly the indexes, constraints and triggers Django's migrations made. Around the
    load, in the process that started it; `session()` prepares each writing connection and
    returns its write(table, tuples)."""

    def __init__(self, tables: dict[str, _Table]):
        self.names = [t.name for t in tables.values()]

    def __enter__(self):
        from django.db import connection

        self.schema = self.snapshot()
        self.indexes = self.secondary_indexes()
        self.before()
        with connection.cursor() as cursor:
            for name, _definition in self.indexes:
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        return self

    def __exit__(self, kind, exc, tb):
        from django.db import connection

        if kind is not None:
            return
        with connection.cursor() as cursor:
            self.session_settings(cursor)
            for _name, definition in self.indexes:
                # A partitioned table's index reads "ON ONLY parent": made on the parent, it
                # is made on every partition too, under the names it had.
                cursor.execute(definition.replace(" ON ONLY ", " ON ", 1))
            self.after(cursor)
        after = self.snapshot()
        if after != self.schema:
            raise RuntimeError(
                f"the schema changed during the load: {sorted(self.schema ^ after)[:6]}"
            )

    def before(self) -> None:
        pass

    def after(self, cursor) -> None:
        pass

    @staticmethod
    def session_settings(cursor) -> None:
        pass


class _SQLiteWriter(_Writer):
    """One writer, executemany of pre-built tuples, one transaction per batch."""

    def snapshot(self) -> set:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")
            return set(cursor.fetchall())

    def secondary_indexes(self) -> list[tuple[str, str]]:
        from django.db import connection

        marks = ", ".join(["%s"] * len(self.names))
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                f" AND tbl_name IN ({marks}) ORDER BY name",
                self.names,
            )
            return cursor.fetchall()

    @staticmethod
    def session_settings(cursor) -> None:
        cursor.execute("PRAGMA cache_size = -262144")  # 256 MB for this connection

    @classmethod
    def session(cls):
        from django.db import connection

        q = connection.ops.quote_name
        with connection.cursor() as cursor:
            cls.session_settings(cursor)

        def write(table: _Table, rows: list[tuple]) -> None:
            columns = ", ".join(q(c) for c in table.columns)
            marks = ", ".join(["%s"] * len(table.columns))
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {q(table.name)} ({columns}) VALUES ({marks})", rows
                )

        return write


class _PostgresWriter(_Writer):
    """COPY … FROM STDIN (psycopg 3), with the row triggers off for the writing sessions, as
    pg_restore --disable-triggers does (the foreign-key checks, the trigger keeping
    `document_id` unique across years, the one filling a reference's partition key), and what
    they would have refused checked afterwards in bulk: one anti-join per foreign key of the
    loaded tables (a MATCH FULL key also refuses a half-empty reference), and the values kept
    unique across partitions are counted. Any of those found raises."""

    def snapshot(self) -> set:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 'index', c.relname, i.relname, pg_get_indexdef(i.oid) FROM pg_index x"
                " JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class c ON c.oid = x.indrelid"
                " WHERE c.relnamespace = current_schema()::regnamespace"
                " UNION ALL SELECT 'constraint', conrelid::regclass::text, conname,"
                " pg_get_constraintdef(oid) FROM pg_constraint"
                " WHERE connamespace = current_schema()::regnamespace"
                " UNION ALL SELECT 'trigger', tgrelid::regclass::text, tgname,"
                " pg_get_triggerdef(oid) || tgenabled::text FROM pg_trigger WHERE NOT tgisinternal"
            )
            return set(cursor.fetchall())

    def secondary_indexes(self) -> list[tuple[str, str]]:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x"
                " JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class c ON c.oid = x.indrelid"
                " WHERE c.relname = ANY(%s) AND c.relnamespace = current_schema()::regnamespace"
                " AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)"
                " ORDER BY i.relname",
                [self.names],
            )
            return cursor.fetchall()

    def before(self) -> None:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT conrelid::regclass::text, confrelid::regclass::text, confmatchtype,"
                " ARRAY(SELECT attname FROM unnest(conkey) WITH ORDINALITY k(n, i)"
                "  JOIN pg_attribute ON attrelid = conrelid AND attnum = k.n ORDER BY k.i),"
                " ARRAY(SELECT attname FROM unnest(confkey) WITH ORDINALITY k(n, i)"
                "  JOIN pg_attribute ON attrelid = confrelid AND attnum = k.n ORDER BY k.i)"
                " FROM pg_constraint WHERE contype = 'f' AND conparentid = 0"
                " AND conrelid::regclass::text = ANY(%s) ORDER BY conname",
                [self.names],
            )
            self.foreign_keys = cursor.fetchall()

    @staticmethod
    def session_settings(cursor) -> None:
        cursor.execute("SET synchronous_commit = off")  # a throwaway bench database
        cursor.execute("SET maintenance_work_mem = '512MB'")

    @classmethod
    def session(cls):
        from django.db import connection

        q = connection.ops.quote_name
        with connection.cursor() as cursor:
            cls.session_settings(cursor)
            cursor.execute("SET session_replication_role = replica")

        def write(table: _Table, rows: list[tuple]) -> None:
            columns = ", ".join(q(c) for c in table.columns)
            sql = f"COPY {q(table.name)} ({columns}) FROM STDIN"
            with connection.cursor() as cursor, cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row)

        return write

    def after(self, cursor) -> None:
        cursor.execute("SET session_replication_role = DEFAULT")
        for table, target, match, columns, keys in self.foreign_keys:
            present = " AND ".join(f"c.{c} IS NOT NULL" for c in columns)
            joined = " AND ".join(f"t.{k} = c.{c}" for c, k in zip(columns, keys, strict=True))
            dangling = f"({present} AND NOT EXISTS (SELECT 1 FROM {target} t WHERE {joined}))"
            if match == "f" and len(columns) > 1:  # MATCH FULL: all empty or all filled
                empty = " AND ".join(f"c.{c} IS NULL" for c in columns)
                dangling += f" OR NOT ({present} OR {empty})"
            cursor.execute(f"SELECT count(*) FROM {table} c WHERE {dangling}")
            (found,) = cursor.fetchone()
            if found:
                raise RuntimeError(f"{table} ({', '.join(columns)}) → {target}: {found} dangling")
        for table, column in UNIQUE_ACROSS_YEARS:
            cursor.execute(
                f"SELECT count(*) FROM (SELECT {column} FROM {table} WHERE {column} IS NOT NULL"
                f" GROUP BY {column} HAVING count(*) > 1) AS twice"
            )
            (twice,) = cursor.fetchone()
            if twice:
                raise RuntimeError(f"{table}.{column}: {twice} values held by two rows")
        cursor.execute("RESET synchronous_commit")
        cursor.execute("RESET maintenance_work_mem")


def _reset_sequences(*models) -> None:
    """Explicit ids were inserted: PostgreSQL's id sequences must move past them."""
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


@dataclass
class _Part:
    """One writer's share of the load."""

    index: int
    count: int
    seed: int
    communities: list
    first_document: int
    first_certificate: int


@dataclass
class _Shared:
    """What every writer reads: the constant columns, who issues what where, the months."""

    constant: dict
    clerks: dict[int, int]
    retained: dict[int, list]
    cancelled: dict[int, list]
    today: dt.date
    month_firsts: list[dt.date]
    cum_weights: list[float]
    sequences: dict[tuple[int, int], int]


def _tables(constant: dict) -> dict[str, _Table]:
    from jianzheng.certificates.models import Certificate, Demand
    from jianzheng.documents.models import SignedDocument, VerificationLog

    return {
        "document": _Table(SignedDocument, DOCUMENT_COLUMNS, constant["document"]),
        "certificate": _Table(Certificate, CERTIFICATE_COLUMNS, constant["certificate"]),
        "refusal": _Table(Demand, REFUSAL_COLUMNS, {}),
        "verification": _Table(VerificationLog, VERIFICATION_COLUMNS, {}),
    }


def _fill_part(part: _Part, shared: _Shared, *, progress, started, counter=None):
    """Build and write one share of the rows, a batch per transaction. Returns the serial
    counters it moved, and how many refusals and verifications it wrote."""
    from django.db import connection, transaction
    from django.utils import timezone

    from jianzheng.core import pii

    tables = _tables(shared.constant)
    write = (_PostgresWriter if connection.vendor == "postgresql" else _SQLiteWriter).session()
    rng = random.Random(part.seed)
    zone = timezone.get_current_timezone()
    today, month_firsts, cum_weights = shared.today, shared.month_firsts, shared.cum_weights
    communities, retained, cancelled = part.communities, shared.retained, shared.cancelled
    two_hours, one_day, validity = (
        dt.timedelta(hours=2),
        dt.timedelta(days=1),
        dt.timedelta(days=90),
    )
    sequences = {k: v for k, v in shared.sequences.items() if k[0] in {c.pk for c in communities}}
    next_document, next_certificate = part.first_document, part.first_certificate
    done = refusals_done = verifications_done = 0
    while done < part.count:
        size = min(BATCH, part.count - done)
        documents, certificates, refusals, verifications = [], [], [], []
        for _ in range(size):
            community = rng.choice(communities)
            community_id, county_code = community.pk, community.county_code
            item = rng.choice(retained[community_id])
            first = rng.choices(month_firsts, cum_weights=cum_weights)[0]
            day = min(first + dt.timedelta(days=rng.randrange(28)), today)
            at = dt.datetime(
                day.year, day.month, day.day, 8 + rng.randrange(9), rng.randrange(60), tzinfo=zone
            )
            key = (community_id, day.year)
            sequences[key] = sequence = sequences.get(key, 0) + 1
            serial = f"{community.code}-{day.year}-{sequence:06d}"
            revoked = rng.randrange(REVOKED_EVERY) == 0
            clerk = shared.clerks[community_id]
            document_id, next_document = next_document, next_document + 1
            documents.append(
                {
                    "id": document_id,
                    "serial": serial,
                    "issuer_id": community_id,
                    "county_code": county_code,
                    "subject_code": item.code,
                    "issued_on": day,
                    "valid_until": day + validity,
                    "signed_by_id": clerk,
                    "revoked_at": at + one_day if revoked else None,
                    "revoke_category": "duplicate" if revoked else "",
                }
            )
            certificates.append(
                {
                    "id": next_certificate,
                    "serial": serial,
                    "community_id": community_id,
                    "county_code": county_code,
                    "year": day.year,
                    "sequence": sequence,
                    "item_id": item.pk,
                    "item_name": item.name,
                    "requester": rng.choice(REQUESTERS),
                    "holder_name": rng.choice(HOLDERS),
                    "issued_by_id": clerk,
                    "issued_at": at,
                    "issued_on": day,
                    "valid_until": day + validity,
                    "document_id": document_id,
                }
            )
            next_certificate += 1
            if done % VERIFICATION_EVERY == 0:
                verifications.append(
                    {
                        "document_id": document_id,
                        "county_code": county_code,
                        "result": "revoked" if revoked else "valid",
                        "reason": "",
                        "at": at + two_hours,
                        "channel": rng.choice(("page", "api", "serial")),
                        "verifier_unit_id": None,
                        "purpose": "",
                        "holder_match": None,
                    }
                )
            if cancelled[community_id] and rng.randrange(REFUSAL_EVERY) == 0:
                asked = rng.choice(cancelled[community_id])
                refusals.append(
                    {
                        "community_id": community_id,
                        "county_code": county_code,
                        "item_id": asked.pk,
                        "item_name": asked.name,
                        "requester": rng.choice(REQUESTERS),
                        "requester_unit_id": None,
                        "requester_name_id": None,
                        "requested_on": day,
                        "outcome": "refused",
                        "reason": "cancelled",
                        "note": "",
                        "clerk_id": clerk,
                        "created_at": at,
                        "certificate_id": None,
                    }
                )
            done += 1
        ring = pii.keyring()  # once a batch, not once a value
        with transaction.atomic():
            for table, built in (
                ("document", documents),
                ("certificate", certificates),
                ("refusal", refusals),
                ("verification", verifications),
            ):
                write(tables[table], tables[table].tuples(built, ring))
        refusals_done += len(refusals)
        verifications_done += len(verifications)
        if counter is not None:
            with counter.get_lock():
                counter.value += size
        elif done % (BATCH * 20) == 0 or done == part.count:
            rate = done / (time.perf_counter() - started)
            progress(f"  {done:>10,} certificates ({rate:,.0f}/s)")
    return sequences, refusals_done, verifications_done


def _in_processes(parts: list[_Part], shared: _Shared, *, progress, started):
    """PostgreSQL: one process and connection per part (fork; each opens its own connection),
    the parent reporting the total as it grows."""
    import multiprocessing

    from django.db import connections

    connections.close_all()
    context = multiprocessing.get_context("fork")
    counter = context.Value("q", 0)
    results = context.Queue()

    def run(part):
        try:
            results.put(
                (
                    part.index,
                    _fill_part(part, shared, progress=progress, started=started, counter=counter),
                )
            )
        except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises
            results.put((part.index, exc))
            raise
        finally:
            connections.close_all()

    children = [context.Process(target=run, args=(part,), daemon=True) for part in parts]
    for child in children:
        child.start()
    done: dict[int, tuple] = {}
    last_report = 0
    while len(done) < len(parts):
        try:
            index, result = results.get(timeout=5)
        except Exception:  # queue.Empty
            if any(child.exitcode not in (None, 0) for child in children) and results.empty():
                raise RuntimeError("a writer process died") from None
        else:
            if isinstance(result, BaseException):
                raise RuntimeError(f"writer {index} failed") from result
            done[index] = result
        total = counter.value
        if total - last_report >= BATCH * 20 or len(done) == len(parts):
            last_report = total
            rate = total / (time.perf_counter() - started)
            progress(f"  {total:>10,} certificates ({rate:,.0f}/s)")
    for child in children:
        child.join()
    return [done[k] for k in sorted(done)]


def fill_ledger(
    rows: int,
    *,
    seed: int = 17,
    genuine: int = 8,
    workers: int | None = None,
    progress: Callable[[str], None] = print,
) -> Filled:
    """`rows` certificates with their registry rows, refusals and verifications. On PostgreSQL
    `workers` processes (default: one per core) write disjoint shares; SQLite has one."""
    from django.db import connection, transaction
    from django.db.models import Max
    from django.utils import timezone

    from jianzheng.accounts.models import Membership
    from jianzheng.accounts.roles import Role
    from jianzheng.catalogue import selectors as catalogue
    from jianzheng.certificates.models import Certificate, Demand, SerialCounter
    from jianzheng.core import partitions
    from jianzheng.documents.models import SignedDocument, VerificationLog
    from jianzheng.regions.models import Unit
    from jianzheng.regions.selectors import county_of

    started = time.perf_counter()
    real = _issue_genuine(genuine)
    model = real[0]
    today = timezone.localdate()
    months = _month_weights(today)
    month_firsts = [m for m, _ in months]
    month_weights = [w for _, w in months]
    # On PostgreSQL the past years get their partitions first, as an operator loading history
    # would (`jianzheng partitions ensure --since`), not the DEFAULT partition.
    partitions.ensure(since=min(month_firsts).year)

    clerks = {
        m.unit_id: m.user
        for m in Membership.objects.filter(role=Role.COMMUNITY_CLERK).select_related("user")
    }
    communities = [u for u in Unit.objects.filter(kind=Unit.Kind.COMMUNITY) if u.pk in clerks]
    if not communities:
        raise SystemExit("no demo community with a clerk: run `jianzheng setup --demo` first")
    retained: dict[int, list] = {}
    cancelled: dict[int, list] = {}
    for community in communities:
        county = county_of(community.region)
        items = catalogue.items_in_force(county=county)
        retained[community.pk] = [i for i in items if i.status == "retained"] or [model.item]
        cancelled[community.pk] = [i for i in items if i.status == "cancelled"]

    sequences: dict[tuple[int, int], int] = {
        (c["community_id"], c["year"]): c["last"] for c in SerialCounter.objects.values()
    }
    next_document = (SignedDocument.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    next_certificate = (Certificate.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    constant = {
        "document": {
            "kind": "certificate",
            "token": model.document.token,
            "kid": model.document.kid,
            "holder_name_masked": model.document.holder_name_masked,
            "holder_id_masked": model.document.holder_id_masked,
            "check_code_hash": "",
            "revoked_by_id": None,
            "revoke_reason": "",
            "created_at": model.document.created_at,
        },
        "certificate": {
            "catalogue_version": model.catalogue_version,
            "template": model.template,
            "facts": model.facts,
            "checks": model.checks,
            "purpose": model.purpose,
            "holder_id_number": ID_NUMBER,
            "is_handover": False,
            "handover_reason": "",
        },
    }
    vendor = connection.vendor
    # One more writer than cores: while one waits for the server, another builds rows.
    workers = max(1, min(workers or (os.cpu_count() or 1) + 1, len(communities)))
    if vendor != "postgresql":
        workers = 1  # SQLite has one writer
    # Disjoint shares: worker k writes the communities k, k + workers, … (so serial numbers
    # never collide) and its own block of document and certificate ids.
    # Shares in proportion to the communities each writes, so every community gets as many.
    bounds = [rows * sum(len(communities[j::workers]) for j in range(k)) // len(communities)
              for k in range(workers + 1)]  # fmt: skip
    shares = [bounds[k + 1] - bounds[k] for k in range(workers)]
    parts = []
    offset = 0
    for k, count in enumerate(shares):
        parts.append(
            _Part(
                index=k,
                count=count,
                seed=seed if workers == 1 else seed * 1000 + k,
                communities=communities[k::workers],
                first_document=next_document + offset,
                first_certificate=next_certificate + offset,
            )
        )
        offset += count
    shared = _Shared(
        constant=constant,
        clerks={pk: user.pk for pk, user in clerks.items()},
        retained=retained,
        cancelled=cancelled,
        today=today,
        month_firsts=month_firsts,
        cum_weights=list(itertools.accumulate(month_weights)),
        sequences=sequences,
    )
    writer_class = _PostgresWriter if vendor == "postgresql" else _SQLiteWriter
    refusals_done = verifications_done = 0
    progress(f"  {genuine} genuine certificates issued in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    with writer_class(_tables(constant)):
        if workers == 1:
            done = [_fill_part(parts[0], shared, progress=progress, started=started)]
        else:
            done = _in_processes(parts, shared, progress=progress, started=started)
        progress("  indexes and constraints …")
    for part_sequences, part_refusals, part_verifications in done:
        sequences.update(part_sequences)
        refusals_done += part_refusals
        verifications_done += part_verifications
    loaded = time.perf_counter() - started
    progress(
        f"  {rows:,} certificates loaded and indexed in {loaded:,.1f} s"
        f" ({rows / loaded:,.0f}/s, {workers} writer(s))"
    )
    _reset_sequences(SignedDocument, Certificate, Demand, VerificationLog)
    with transaction.atomic():
        for (community_id, year), last in sequences.items():
            SerialCounter.objects.update_or_create(
                community_id=community_id, year=year, defaults={"last": last}
            )
    return Filled(
        certificates=rows,
        refusals=refusals_done,
        verifications=verifications_done,
        seconds=time.perf_counter() - started,
        genuine_tokens=[c.document.token for c in real],
        genuine_serials=[c.serial for c in real],
    )
