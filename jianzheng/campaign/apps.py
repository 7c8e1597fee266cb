from django.apps import AppConfig


class CampaignConfig(AppConfig):
    name = "jianzheng.campaign"
    label = "campaign"
    verbose_name = "专项行动"

    def ready(self):
        from jianzheng.campaign.models import ProgressReport, SupervisionFinding, TaskUnit
        from jianzheng.core.audit import register_kept_records

        # Never deleted, only marked: `jianzheng audit verify` finds each the log names.
        register_kept_records(ProgressReport, "进度报告")
        register_kept_records(SupervisionFinding, "督查发现的问题")

        from jianzheng.campaign import menu
        from jianzheng.campaign.services import load_seed_campaign
        from jianzheng.core.registry import register_menu, register_reference_data
        from jianzheng.regions.naming import register_name_holder

        register_menu("campaign", order=60, links=menu.staff_links)
        # After the regions (10): the tasks name the county's units.
        register_reference_data(
            "campaign", order=15, title="专项行动实施方案", load=load_seed_campaign
        )
        register_name_holder(
            "campaign",
            label="专项行动任务单位",
            model=TaskUnit,
            name_field="unit_name",
            unit_field="unit",
        )
