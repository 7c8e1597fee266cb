from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "jianzheng.sharing"
    label = "sharing"
    verbose_name = "信息共享核查"

    def ready(self):
        from jianzheng.core.audit import register_kept_records
        from jianzheng.sharing.models import SharingCheck

        # Never deleted, only marked: `jianzheng audit verify` finds each the log names.
        register_kept_records(SharingCheck, "共享核查")

        from jianzheng.core.registry import register_menu, register_reference_data
        from jianzheng.core.throttle import register_budget
        from jianzheng.sharing import menu
        from jianzheng.sharing.reference import load_reference_facts

        register_reference_data(
            "sharing", order=35, title="信息共享核查事项", load=load_reference_facts
        )
        register_menu("sharing", order=35, links=menu.staff_links)
        # A resident's lookup: each answer is a scan of one person's checks, and guessing names
        # against an ID number must stay slow (the page adds a challenge after a few tries).
        register_budget("transparency", method="POST", prefix="/transparency/", limit=10, period=60)
