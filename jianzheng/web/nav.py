"""The back office's menu: what the areas registered (`core.registry.register_menu`), for staff
only. Each area asks its own permissions which entries a user gets; web and the templates never
test roles, and a new area adds its menu without touching this file."""

from jianzheng.accounts.permissions import is_staff_member
from jianzheng.core.registry import Link, menu_links


def staff_links(user) -> list[Link]:
    if not is_staff_member(user):
        return []
    return menu_links(user)
