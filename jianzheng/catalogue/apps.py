from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "jianzheng.catalogue"
    label = "catalogue"
    verbose_name = "证明事项清单"
