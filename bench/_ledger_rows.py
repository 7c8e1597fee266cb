"""Synthetic ledgers for the scale benches: N certificates with their signed-document rows, and
refusals and verifications in proportion, spread over every demo community, item and month.

Rows are clones of a few certificates issued for real through certificates.services (so every
column holds what issuing writes: template, facts, checks, masked holder, the kind of token a
certificate carries), written with bulk_create in batches, so whatever a field does on the way
to the database (encryption at rest, say) happens to the synthetic rows too. The genuine
certificates stay verifiable; the clones carry a copy of one genuine token, so a verification
bench measures the registry lookup among N rows, not a forged signature.

The spread (fixed seed): every demo community of both counties, every item the community's
county retains, the last 36 months with a seasonal bulge (March and September: school and job
applications), one refusal per 8 certificates (the cancelled items residents still get asked
for), one verification per 2 certificates, one certificate in 200 revoked. Serial counters are
moved past the synthetic numbers so issuing during the bench continues the series."""

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

BATCH = 5000
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


def _insert(model, rows: list[dict], constant: dict) -> None:
    """Plain INSERTs with executemany: bulk_create prepares every field of every row through
    the ORM (≈ 60 µs a field here), which made 10,000,000 rows a night's work. Django's own
    preparation is applied to the constant columns once, and per row only to dates, times and
    encrypted columns (sealed per row, as the model would)."""
    from django.db import connection

    from jianzheng.core import pii

    if not rows:
        return
    fields = [
        f for f in model._meta.concrete_fields if f.attname in rows[0] or f.attname in constant
    ]
    sealed = {f.attname for f in pii.encrypted_fields(model)}
    fixed = {
        f.attname: f.get_db_prep_save(constant[f.attname], connection)
        for f in fields
        if f.attname in constant and f.attname not in sealed
    }
    ops = connection.ops
    table_name = model._meta.db_table

    def prep(field):
        name = field.attname
        if name in sealed:
            # Sealed per row and bound to it, as the model does (core.pii): one ciphertext
            # copied into another row would not open there.
            def seal(row, field=field, name=name):
                value = row[name] if name in row else constant[name]
                aad = pii.associated_data(table_name, field.column, row[field.bind])
                return field.get_prep_value(pii.seal(field.encode(value), aad))

            return seal
        if name in fixed:
            value = fixed[name]
            return lambda row: value
        internal = field.get_internal_type()
        if internal == "DateTimeField":
            return lambda row: ops.adapt_datetimefield_value(row[name])
        if internal == "DateField":
            return lambda row: ops.adapt_datefield_value(row[name])
        return lambda row: row[name]

    preps = [prep(f) for f in fields]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({marks})",
            [tuple(p(row) for p in preps) for row in rows],
        )


def _reset_sequences(*models) -> None:
    """Explicit ids were inserted: PostgreSQL's id sequences must move past them."""
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


def fill_ledger(
    rows: int, *, seed: int = 17, genuine: int = 8, progress: Callable[[str], None] = print
) -> Filled:
    from django.db import transaction
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
    rng = random.Random(seed)
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
    certificates_done = refusals_done = verifications_done = 0
    while certificates_done < rows:
        size = min(BATCH, rows - certificates_done)
        documents, certificates, refusals, verifications = [], [], [], []
        for _ in range(size):
            community = rng.choice(communities)
            item = rng.choice(retained[community.pk])
            first = rng.choices(month_firsts, weights=month_weights)[0]
            day = min(first + dt.timedelta(days=rng.randrange(28)), today)
            at = timezone.make_aware(
                dt.datetime.combine(day, dt.time(8 + rng.randrange(9), rng.randrange(60)))
            )
            key = (community.pk, day.year)
            sequences[key] = sequence = sequences.get(key, 0) + 1
            serial = f"{community.code}-{day.year}-{sequence:06d}"
            revoked = rng.randrange(REVOKED_EVERY) == 0
            clerk = clerks[community.pk].pk
            document_id, next_document = next_document, next_document + 1
            documents.append(
                {
                    "id": document_id,
                    "serial": serial,
                    "issuer_id": community.pk,
                    "subject_code": item.code,
                    "issued_on": day,
                    "valid_until": day + dt.timedelta(days=90),
                    "signed_by_id": clerk,
                    "revoked_at": at + dt.timedelta(days=1) if revoked else None,
                    "revoke_category": "duplicate" if revoked else "",
                }
            )
            certificates.append(
                {
                    "id": next_certificate,
                    "serial": serial,
                    "community_id": community.pk,
                    "year": day.year,
                    "sequence": sequence,
                    "item_id": item.pk,
                    "item_name": item.name,
                    "requester": rng.choice(REQUESTERS),
                    "holder_name": rng.choice(HOLDERS),
                    "issued_by_id": clerk,
                    "issued_at": at,
                    "issued_on": day,
                    "valid_until": day + dt.timedelta(days=90),
                    "document_id": document_id,
                }
            )
            next_certificate += 1
            if certificates_done % VERIFICATION_EVERY == 0:
                verifications.append(
                    {
                        "document_id": document_id,
                        "result": "revoked" if revoked else "valid",
                        "reason": "",
                        "at": at + dt.timedelta(hours=2),
                        "channel": rng.choice(("page", "api", "serial")),
                        "verifier_unit_id": None,
                        "purpose": "",
                        "holder_match": None,
                    }
                )
            if cancelled[community.pk] and rng.randrange(REFUSAL_EVERY) == 0:
                asked = rng.choice(cancelled[community.pk])
                refusals.append(
                    {
                        "community_id": community.pk,
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
            certificates_done += 1
        with transaction.atomic():
            _insert(SignedDocument, documents, constant["document"])
            _insert(Certificate, certificates, constant["certificate"])
            _insert(Demand, refusals, {})
            _insert(VerificationLog, verifications, {})
        refusals_done += len(refusals)
        verifications_done += len(verifications)
        if certificates_done % (BATCH * 40) == 0 or certificates_done == rows:
            rate = certificates_done / (time.perf_counter() - started)
            progress(f"  {certificates_done:>10,} certificates ({rate:,.0f}/s)")
    _reset_sequences(SignedDocument, Certificate, Demand, VerificationLog)
    with transaction.atomic():
        for (community_id, year), last in sequences.items():
            SerialCounter.objects.update_or_create(
                community_id=community_id, year=year, defaults={"last": last}
            )
    return Filled(
        certificates=certificates_done,
        refusals=refusals_done,
        verifications=verifications_done,
        seconds=time.perf_counter() - started,
        genuine_tokens=[c.document.token for c in real],
        genuine_serials=[c.serial for c in real],
    )
