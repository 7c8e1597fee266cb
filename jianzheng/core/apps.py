from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "jianzheng.core"
    label = "core"
    verbose_name = "基础"
