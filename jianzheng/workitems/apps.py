from django.apps import AppConfig


class WorkItemsConfig(AppConfig):
    name = "jianzheng.workitems"
    label = "workitems"
    verbose_name = "社区工作事项准入"

    def ready(self):
        from jianzheng.core.audit import register_kept_records
        from jianzheng.workitems.models import WorkItemRequest

        # Never deleted, only marked: `jianzheng audit verify` finds each the log names.
        register_kept_records(WorkItemRequest, "准入申请")

        from jianzheng.core.registry import register_menu, register_reference_data
        from jianzheng.documents.kinds import register_kind
        from jianzheng.workitems import demo, menu
        from jianzheng.workitems.reference import load_work_items
        from jianzheng.workitems.selectors import describe_agreement

        register_kind("agreement", label="社区服务协议", describe=describe_agreement)
        register_menu("workitems", order=48, links=menu.staff_links)
        # After the regions (10): the lists name the demo county's departments.
        register_reference_data(
            "workitems", order=38, title="社区工作事项清单", load=load_work_items
        )
        # After the demo users (40) and the signing keys (30): an agreement is signed.
        register_reference_data(
            "workitems-demo",
            order=55,
            title="演示工作事项准入",
            load=demo.load_demo_workitems,
            demo_only=True,
        )
