from pathlib import Path

from django.apps import AppConfig

OFFICIAL_CALENDAR = Path(__file__).parent / "data" / "official-calendar.csv"


class CoreConfig(AppConfig):
    name = "jianzheng.core"
    label = "core"
    verbose_name = "基础"

    def ready(self):
        from django.db.backends.signals import connection_created

        from jianzheng.core import audit, journal, notify, outbox, partitions, uploads
        from jianzheng.core.registry import register_reference_data

        notify.register()
        audit.register_audit_check("records", audit.records_deleted)
        outbox.register_periodic("uploads.sweep", every=6 * 3600, run=uploads.sweep_orphans)
        # Named after the host: every server stores its own journal files (core.journal).
        outbox.register_periodic(
            journal.periodic_name(), every=journal.FLUSH_EVERY, run=journal.flush
        )
        # PostgreSQL: next years' partitions made ahead, strays moved out of DEFAULT (no-op on SQLite).
        outbox.register_periodic("partitions.ensure", every=24 * 3600, run=partitions.ensure)
        register_reference_data("calendar", order=5, title="工作日历", load=load_calendar)
        connection_created.connect(keep_sqlite_private, dispatch_uid="jianzheng-sqlite-0600")


def keep_sqlite_private(sender, connection, **kwargs) -> None:
    """The SQLite file holds ID numbers: readable by the app's own user only (0600), and its WAL
    and shared-memory files too (SQLite gives those the main file's mode when it makes them)."""
    if connection.vendor != "sqlite":
        return
    name = str(connection.settings_dict.get("NAME") or "")
    if not name or name == ":memory:" or name.startswith("file:"):
        return
    for path in (Path(name), Path(f"{name}-wal"), Path(f"{name}-shm")):
        try:
            if path.stat().st_mode & 0o077:
                path.chmod(0o600)
        except FileNotFoundError:
            continue


def load_calendar(*, demo: bool) -> str:
    """The State Council's holiday notices shipped with the package (core/data)."""
    from jianzheng.core import workdays

    rows = workdays.parse_calendar_csv(OFFICIAL_CALENDAR.read_text(encoding="utf-8"))
    workdays.import_calendar(rows)
    years = sorted(workdays.calendar().years)
    return f"节假日安排：{'、'.join(map(str, years))} 年" if years else "节假日安排：无"
