from django.apps import AppConfig


def _rollup_findings():
    """The census and the dashboards count from the rollup: `jianzheng audit verify` recounts
    the ledger and reports each count that differs (`jianzheng.certificates.rollup.verify`)."""
    from jianzheng.certificates import rollup
    from jianzheng.core.audit import Finding

    return [Finding(0, f"台账汇总与台账不符：{problem}") for problem in rollup.verify()]


class CertificatesConfig(AppConfig):
    name = "jianzheng.certificates"
    label = "certificates"
    verbose_name = "出具证明"

    def ready(self):
        from jianzheng.certificates.models import Certificate, Demand
        from jianzheng.core.audit import register_audit_check, register_kept_records

        # Never deleted, only marked: `jianzheng audit verify` finds each the log names.
        register_kept_records(Certificate, "证明")
        register_kept_records(Demand, "拒开记录")
        register_audit_check("ledger-rollup", _rollup_findings)

        from jianzheng.certificates import menu
        from jianzheng.certificates.selectors import describe_certificate
        from jianzheng.core.registry import register_menu
        from jianzheng.documents.kinds import register_kind
        from jianzheng.regions.naming import register_name_holder

        register_kind(
            "certificate",
            label="社区证明",
            describe=describe_certificate,
            reads="certificate__community",
        )
        register_menu("certificates", order=30, links=menu.staff_links)
        register_name_holder(
            "demands",
            label="索要记录",
            model=Demand,
            name_field="requester_name",
            unit_field="requester_unit",
        )
