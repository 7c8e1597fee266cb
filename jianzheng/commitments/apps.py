from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    name = "jianzheng.commitments"
    label = "commitments"
    verbose_name = "告知承诺"

    def ready(self):
        from jianzheng.commitments.models import Commitment, CreditRecord
        from jianzheng.core.audit import register_kept_records

        # Never deleted, only marked: `jianzheng audit verify` finds each the log names.
        register_kept_records(Commitment, "告知承诺书")
        register_kept_records(CreditRecord, "信用记录")

        from jianzheng.commitments import menu
        from jianzheng.commitments.reference import load_commitment_items
        from jianzheng.commitments.selectors import describe_commitment
        from jianzheng.core.registry import register_menu, register_reference_data
        from jianzheng.core.throttle import register_budget
        from jianzheng.documents.kinds import register_kind

        register_kind("commitment", label="告知承诺书", describe=describe_commitment)
        register_menu("commitments", order=40, links=menu.staff_links)
        # After the catalogue (20) and the signing keys (30): marks demo items for commitments.
        register_reference_data(
            "commitments", order=36, title="告知承诺事项", load=load_commitment_items
        )
        # Each online commitment signs and draws a paper: keep a script from filling the registry.
        register_budget("commitments", method="POST", prefix="/commitments/", limit=10, period=60)
