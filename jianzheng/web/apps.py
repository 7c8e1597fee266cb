from django.apps import AppConfig


class WebConfig(AppConfig):
    """Site chrome shared by the portal and the back office: base templates, login, static."""

    name = "jianzheng.web"
    label = "web"
    verbose_name = "网站"

    def ready(self):
        from jianzheng.core.throttle import register_budget

        # Password guessing: ten tries a minute per address.
        register_budget("staff-login", method="POST", prefix="/staff/login/", limit=10, period=60)
