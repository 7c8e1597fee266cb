from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "jianzheng.complaints"
    label = "complaints"
    verbose_name = "监督举报与公开曝光"

    def ready(self):
        from jianzheng.complaints.models import Complaint
        from jianzheng.core.audit import register_kept_records

        # Never deleted, only marked: `jianzheng audit verify` finds each the log names.
        register_kept_records(Complaint, "举报")

        from jianzheng.complaints import demo, menu, services
        from jianzheng.core import outbox
        from jianzheng.core.registry import register_menu, register_reference_data
        from jianzheng.regions.naming import register_name_holder

        register_menu("complaints", order=45, links=menu.staff_links)
        # After the demo users (40): the cases are handled by the demo county's admin.
        register_reference_data(
            "complaints",
            order=50,
            title="演示举报",
            load=demo.load_demo_complaints,
            demo_only=True,
        )
        register_name_holder(
            "complaints",
            label="监督举报",
            model=Complaint,
            name_field="accused_name",
            unit_field="accused_unit",
        )
        # Deadlines are checked by the task runner; an overdue case goes up one level.
        outbox.register_periodic("complaints.escalate", every=3600, run=services.escalate_overdue)
