from django.apps import AppConfig


class SignageConfig(AppConfig):
    name = "jianzheng.signage"
    label = "signage"
    verbose_name = "社区挂牌和上墙"

    def ready(self):
        from jianzheng.core.audit import register_kept_records
        from jianzheng.signage.models import Plaque, RectificationTask, Venue

        # Never deleted, only marked: `jianzheng audit verify` finds each the log names.
        register_kept_records(Venue, "场所")
        register_kept_records(Plaque, "牌子")
        register_kept_records(RectificationTask, "整改任务")

        from jianzheng.core.registry import register_menu, register_reference_data
        from jianzheng.signage import demo, menu

        register_menu("signage", order=52, links=menu.staff_links)
        # After the demo users (40): the demo venue is recorded by the community's clerk.
        register_reference_data(
            "signage-demo",
            order=58,
            title="演示社区挂牌",
            load=demo.load_demo_signage,
            demo_only=True,
        )
