"""The units' staff menu entry, from accounts' permissions."""

from django.urls import reverse

from jianzheng.accounts.permissions import can_merge_unit_names, visible_unit_names
from jianzheng.core.registry import Link


def staff_links(user) -> list[Link]:
    if not can_merge_unit_names(user):
        return []
    return [
        Link(
            "units",
            "unit-names",
            reverse("accounts_staff:unit-names"),
            "归并单位名称",
            "把登记时填写的未知单位名称归并到单位库中的单位，按单位统计",
            count=lambda: count_names_to_merge(user),
            count_label="待处理",
        )
    ]


def count_names_to_merge(user) -> int:
    """Names typed for a demanding unit that nobody has merged yet: until they are, the counts by
    unit miss them."""
    return visible_unit_names(user).filter(unit__isnull=True).count()
