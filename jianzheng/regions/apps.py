from django.apps import AppConfig

from jianzheng.core.registry import register_reference_data


class RegionsConfig(AppConfig):
    name = "jianzheng.regions"
    label = "regions"
    verbose_name = "行政区划与单位"

    def ready(self):
        # First: every other app's reference data links a unit.
        register_reference_data("regions", order=10, title="行政区划与单位", load=load_regions)


def load_regions(*, demo: bool) -> str:
    from jianzheng.regions.models import Region, Unit
    from jianzheng.regions.reference import load_reference_regions

    load_reference_regions(actor=None, demo=demo)
    return f"区划 {Region.objects.count()} 个，单位 {Unit.objects.count()} 个"
