from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "jianzheng.evaluation"
    label = "evaluation"
    verbose_name = "综合考评"

    def ready(self):
        from jianzheng.core.audit import register_kept_records
        from jianzheng.evaluation.models import Rating

        # Never deleted, only marked: `jianzheng audit verify` finds each the log names.
        register_kept_records(Rating, "评价")

        from jianzheng.core.registry import (
            register_case_action,
            register_menu,
            register_reference_data,
        )
        from jianzheng.core.throttle import register_budget
        from jianzheng.evaluation import demo, menu
        from jianzheng.evaluation.selectors import rating_link

        register_menu("evaluation", order=60, links=menu.staff_links)
        # The rating link on the verification page and the complaint tracking page.
        for kind in ("certificate", "commitment", "complaint"):
            register_case_action(f"rate-{kind}", kind=kind, link=rating_link)
        # A wrong secret is a guess: each rating attempt is counted per client address.
        register_budget("rating-page", prefix="/rate", limit=30, period=60, method="POST")
        register_budget("rating-api", prefix="/api/v1/ratings", limit=30, period=60, method="POST")
        # After the demo users (40) and the signing keys (30): the rated papers are issued.
        register_reference_data(
            "evaluation-demo",
            order=60,
            title="演示好差评",
            load=demo.load_demo_ratings,
            demo_only=True,
        )
