"""Who reads the numbers: staff who read the ledger of their subtree (community clerks: their
own community; townships, the county's civil affairs and auditors, and those above the counties:
their subtree). Departments and credit officers keep their own areas' pages."""

from jianzheng.accounts.permissions import has_role
from jianzheng.accounts.roles import Role

READER_ROLES = (Role.COMMUNITY_CLERK, Role.TOWNSHIP_OFFICER, Role.CIVIL_AFFAIRS_ADMIN, Role.AUDITOR)


def can_read(user) -> bool:
    return has_role(user, *READER_ROLES)
