from django.apps import AppConfig

from jianzheng.core.registry import register_menu, register_reference_data


class CatalogueConfig(AppConfig):
    name = "jianzheng.catalogue"
    label = "catalogue"
    verbose_name = "证明事项清单"

    def ready(self):
        from jianzheng.catalogue import menu

        register_reference_data("catalogue", order=20, title="证明事项清单", load=load_catalogue)
        register_menu("catalogue", order=20, links=menu.staff_links)


def load_catalogue(*, demo: bool) -> str:
    from jianzheng.catalogue.loading import describe, load_reference_catalogues

    return describe(load_reference_catalogues(actor=None, demo=demo))
