from django.apps import AppConfig


class WebConfig(AppConfig):
    """Site chrome shared by the portal and the back office: base templates, login, static."""

    name = "jianzheng.web"
    label = "web"
    verbose_name = "网站"
