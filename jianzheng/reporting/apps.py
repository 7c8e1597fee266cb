from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "jianzheng.reporting"
    label = "reporting"
    verbose_name = "统计与看板"

    def ready(self):
        from jianzheng.core.registry import register_menu
        from jianzheng.reporting import menu

        register_menu("reporting", order=70, links=menu.staff_links)
