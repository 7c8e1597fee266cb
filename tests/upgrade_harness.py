"""The upgrade test's child processes: each runs on the upgraded database named by DATABASE_URL.

    python tests/upgrade_harness.py observe FIXTURE_DIR OUT.json
        With the clock at the fixture's issue time (its papers expire), ask the upgraded platform
        what a resident, a verifier, a clerk and an admin would see; write it down as JSON for
        tests/test_upgrade.py to assert on.
    python tests/upgrade_harness.py verify-offline FIXTURE_DIR KEYS.json OUT.json
        `jianzheng verify` on every PDF of the fixture with KEYS.json and its revoked.json, at
        the same moment, with no database at all.
    python tests/upgrade_harness.py plain-pii FIXTURE_DIR
        Every table.column of the upgraded database in which a holder's ID number of the
        fixture is still readable in the clear (issue 16: sealed by the upgrade), as JSON.
    python tests/upgrade_harness.py load-old-release FIXTURE_DIR
        (PostgreSQL) Build the old release's schema with the current code's migrations, stopped
        at the fixture's migration leaves, then copy every row of the fixture's SQLite into it.

Module level stays Django-free: the test imports nothing from here."""

import json
import os
import sys
from pathlib import Path

SETTINGS = "jianzheng.settings"
NOT_YET = None  # an observation of a model or field issue 8 has not added yet


def _setup(extra_databases: dict | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    from django.conf import settings

    settings.DATABASES.update(extra_databases or {})
    import django

    django.setup()


def _manifest(fixture: Path) -> dict:
    return json.loads((fixture / "manifest.json").read_text())


# ---------------------------------------------------------------- observe


def observe(fixture: Path, out: Path) -> None:
    import datetime as dt

    import time_machine

    _setup()
    manifest = _manifest(fixture)
    # An hour after the fixture was made: every paper is inside its validity, whenever this runs.
    moment = dt.datetime.fromisoformat(manifest["made_at"]) + dt.timedelta(hours=1)
    with time_machine.travel(moment, tick=False):
        report = {
            "certificates": [_certificate(entry, fixture) for entry in manifest["certificates"]],
            "ledger": _ledger(),
            "keys": _keys(),
            "published_keys": _published_keys(out.parent / "keys-now.json"),
            "catalogue": _catalogue(),
        }
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2))


def _certificate(entry: dict, fixture: Path) -> dict:
    from jianzheng.certificates.models import Certificate
    from jianzheng.documents.services import verify_serial, verify_token

    by_token = verify_token(entry["token"], log=False)
    by_serial = verify_serial(entry["serial"], entry["check_code"])
    wrong_code = verify_serial(entry["serial"], "AAAAA-AAAAA")
    holder = verify_token(
        entry["token"],
        holder_name=entry["holder_name"],
        holder_id=entry["holder_id_number"],
        log=False,
    )
    certificate = Certificate.objects.select_related("community", "document").get(
        serial=entry["serial"]
    )
    return {
        "serial": entry["serial"],
        "by_token": [by_token.status, by_token.reason],
        "by_serial": [by_serial.status, by_serial.reason],
        "wrong_check_code": [wrong_code.status, wrong_code.reason],
        "holder_match": holder.holder_match,
        "status": certificate.status,
        "is_handover": certificate.is_handover,
        "holder_name": certificate.holder_name,
        "holder_id_number": certificate.holder_id_number,  # sealed by the upgrade, read back
        "facts_id_number": certificate.facts.get("holder_id_number"),
        "community": certificate.community.code,
        "kid": certificate.document.kid,
        "item": certificate.item.code,
        "catalogue_version": certificate.catalogue_version,
        "pdf_unchanged": _sha256(bytes(certificate.pdf.content))
        == _sha256((fixture / entry["pdf"]).read_bytes()),
    }


def _sha256(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _staff_page(username: str, path: str) -> str:
    from django.test import Client

    from jianzheng.accounts.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username=username))
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()


def _ledger() -> dict:
    """Which of the old serials and refusals each person finds on their ledger pages."""
    from jianzheng.certificates.models import Certificate, Demand

    serials = list(Certificate.objects.values_list("serial", flat=True))
    refused = list(Demand.objects.filter(outcome="refused").values_list("item_name", flat=True))

    def seen(username: str) -> dict:
        ledger = _staff_page(username, "/staff/certificates/")
        refusals = _staff_page(username, "/staff/certificates/refusals/")
        return {
            "serials": sorted(s for s in serials if s in ledger),
            "refusals": sorted(name for name in refused if name in refusals),
        }

    handover = {}
    for code in ("GJ1-08", "GJ1-10"):  # switched off before the upgrade / left on
        page = _staff_page("yanghe_clerk", f"/staff/certificates/issue/{code}/handover/")
        handover[code] = "closed" if "工作衔接例外已关闭" in page else "open"
    from jianzheng.certificates import rollup

    return {
        "yanghe_clerk": seen("yanghe_clerk"),
        "civil_affairs_admin": seen("civil_affairs_admin"),
        "handover": handover,
        # The counts the migrations backfilled (by month; the revoked also by day of issue).
        "rollup problems": rollup.verify(),
    }


def _county_code_of(instance) -> str | None:
    """The code of the region node (Region or Unit) an issue 8 row belongs to, whatever the
    foreign key is called."""
    from jianzheng.regions.models import Region, Unit

    for field in instance._meta.concrete_fields:
        if field.is_relation and field.related_model in (Region, Unit):
            node = getattr(instance, field.name)
            if node is not None:
                return node.code
    return None


def _keys() -> list[dict]:
    from jianzheng.documents.models import SigningKey

    rows = []
    for key in SigningKey.objects.all():
        rows.append(
            {
                "kid": key.kid,
                "retired": key.retired_at is not None,
                # Issue 8 gives each county its own key (SigningKey.county); "" if it has none.
                "county": (_county_code_of(key) or "")
                if hasattr(SigningKey, "county")
                else NOT_YET,
            }
        )
    return rows


def _published_keys(path: Path) -> dict:
    from django.test import Client

    response = Client(HTTP_HOST="127.0.0.1").get("/.well-known/jianzheng/keys.json")
    path.write_bytes(response.content)
    return {"status": response.status_code, "document": response.json(), "file": str(path)}


def _catalogue() -> dict:
    """Where the old catalogue's versions and change requests went, and what the public check
    answers on the upgraded database."""
    from django.apps import apps
    from django.test import Client

    from jianzheng.catalogue.models import CatalogueVersion, ChangeRequest

    client = Client(HTTP_HOST="127.0.0.1")
    check = {}
    for name in ("居住证明", "单身证明", "村民宅基地权属来源证明"):
        body = client.get("/api/v1/catalogue/check", {"name": name}).json()
        check[name] = [body.get("decision"), (body.get("catalogue_version") or {}).get("number")]

    def owners(model) -> dict | None:
        # Issue 8: versions and change requests move to a catalogue of a region node.
        if not any(f.name == "catalogue" for f in model._meta.get_fields()):
            return NOT_YET
        return {
            str(row.pk): _county_code_of(row.catalogue) if row.catalogue else None
            for row in model.objects.select_related("catalogue")
        }

    has_catalogue = apps.is_installed("jianzheng.catalogue") and any(
        m.__name__ == "Catalogue" for m in apps.get_app_config("catalogue").get_models()
    )
    return {
        "versions": sorted(str(pk) for pk in CatalogueVersion.objects.values_list("pk", flat=True)),
        "change_requests": {
            str(pk): status for pk, status in ChangeRequest.objects.values_list("pk", "status")
        },
        "version_owner": owners(CatalogueVersion),
        "change_request_owner": owners(ChangeRequest),
        "catalogue_model": has_catalogue,
        "check": check,
    }


# ---------------------------------------------------------------- offline verification


def verify_offline(fixture: Path, keys: Path, out: Path) -> None:
    """`jianzheng verify PDF --keys KEYS --revoked revoked.json` for every paper of the fixture,
    in one process at the fixture's time (the command is the CLI's, run in-process to pay the
    start-up once). DATABASE_URL points nowhere: offline means no database."""
    import contextlib
    import datetime as dt
    import io

    import time_machine

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    from jianzheng.cli import main

    manifest = _manifest(fixture)
    moment = dt.datetime.fromisoformat(manifest["made_at"]) + dt.timedelta(hours=1)
    answers = {}
    with time_machine.travel(moment, tick=False):
        for entry in manifest["certificates"]:
            stdout, stderr, code = io.StringIO(), io.StringIO(), 0
            argv = ["jianzheng", "verify", str(fixture / entry["pdf"]), "--keys", str(keys)]
            argv += ["--revoked", str(fixture / "revoked.json")]
            with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
                try:
                    main(argv)
                except SystemExit as exit_:
                    code = exit_.code if isinstance(exit_.code, int) else 2
            answers[entry["serial"]] = [code, stdout.getvalue() + stderr.getvalue()]
    out.write_text(json.dumps(answers, ensure_ascii=False, indent=2))


# ---------------------------------------------------------------- load the old release (PG)


def load_old_release(fixture: Path) -> None:
    """Migrate this (empty PostgreSQL) database to the fixture's leaves with today's migration
    files (the old ones are unchanged), then copy the fixture's rows in, model by model of that
    historical state, so every value goes through the same field conversions Django applies."""
    _setup(
        {
            "fixture": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(fixture / "jianzheng.sqlite3"),
                "OPTIONS": {"init_command": "PRAGMA query_only=ON;"},
            }
        }
    )
    from django.core.management.color import no_style
    from django.db import connections, transaction
    from django.db.migrations.executor import MigrationExecutor

    target = connections["default"]
    source = connections["fixture"]
    leaves = sorted(_manifest(fixture)["migration_leaves"].items())
    executor = MigrationExecutor(target)
    executor.migrate(leaves)
    state = MigrationExecutor(target).loader.project_state(leaves)
    models = [m for m in state.apps.get_models(include_auto_created=True) if m._meta.managed]
    for model in models:
        for field in model._meta.concrete_fields:
            # Copied rows keep their own times: bulk_create would stamp "now" on these.
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                field.auto_now = field.auto_now_add = False
    tables = {m._meta.db_table: m for m in models}

    with source.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        fixture_tables = {name for (name,) in cursor.fetchall()}
    left_out = fixture_tables - set(tables) - {"django_migrations", "sqlite_sequence"}
    if left_out:
        raise SystemExit(f"fixture tables no historical model covers: {sorted(left_out)}")

    counts = {}
    with transaction.atomic(using="default"):
        with target.cursor() as cursor:
            # Migrations may have written rows (content types, data migrations): the fixture's
            # rows replace them, ids included.
            quoted = ", ".join(target.ops.quote_name(t) for t in tables)
            cursor.execute(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
        for table, model in tables.items():
            rows = list(model._base_manager.using("fixture").order_by("pk"))
            model._base_manager.using("default").bulk_create(rows, batch_size=500)
            counts[table] = len(rows)
        with target.cursor() as cursor:
            for statement in target.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
    for table, model in tables.items():
        copied = model._base_manager.using("default").count()
        if copied != counts[table]:
            raise SystemExit(f"{table}: {counts[table]} rows in the fixture, {copied} copied")
    print(json.dumps({"tables": len(tables), "rows": sum(counts.values())}))


def plain_pii(fixture: Path) -> None:
    _setup()
    from django.db import connection

    needles = {c["holder_id_number"] for c in _manifest(fixture)["certificates"]}
    found = set()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            columns = [c[0] for c in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if isinstance(value, memoryview | bytes):
                        value = bytes(value).decode("latin-1")
                    if any(n in str(value) for n in needles):
                        found.add(f"{table}.{column}")
    print(json.dumps(sorted(found)))


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "observe":
        observe(Path(args[0]), Path(args[1]))
    elif command == "verify-offline":
        verify_offline(Path(args[0]), Path(args[1]), Path(args[2]))
    elif command == "plain-pii":
        plain_pii(Path(args[0]))
    elif command == "load-old-release":
        load_old_release(Path(args[0]))
    else:
        raise SystemExit(f"unknown command {command}")
