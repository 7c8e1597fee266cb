from django.db.models import QuerySet

from jianzheng.regions.models import Unit


def list_units(*, kind: str | None = None) -> QuerySet[Unit]:
    units = Unit.objects.select_related("region").order_by("code")
    return units.filter(kind=kind) if kind else units


def get_unit(code: str) -> Unit | None:
    return Unit.objects.select_related("region").filter(code=code).first()
