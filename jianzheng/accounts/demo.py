"""Demo staff: one login per role in the demo county 永宁县, and staff at every level of the
platform (自治区、银川市 and the second county 贺兰县), with fixed passwords that say they are for
trying the system only. `jianzheng setup --demo` creates them and prints them."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from jianzheng.accounts.roles import Role
from jianzheng.accounts.services import create_user
from jianzheng.regions.models import Unit


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    unit_code: str
    role: Role
    full_name: str


# The same names as the test suite's people (conftest.py), so a demo walk-through and a test
# tell the same story. Passwords start with "demo-" so nobody mistakes them for real ones.
DEMO_LOGINS = [
    DemoLogin("yanghe_clerk", "demo-yanghe-clerk", "640121100001", Role.COMMUNITY_CLERK, "王杨和"),
    DemoLogin("lijun_clerk", "demo-lijun-clerk", "640121101001", Role.COMMUNITY_CLERK, "李俊英"),
    DemoLogin("yanghe_officer", "demo-yanghe-officer", "640121100", Role.TOWNSHIP_OFFICER, "赵镇"),
    DemoLogin(
        "police_officer", "demo-police-officer", "640121-GAJ", Role.DEPARTMENT_OFFICER, "公安"
    ),
    DemoLogin(
        "civil_affairs_admin", "demo-civil-admin", "640121-MZJ", Role.CIVIL_AFFAIRS_ADMIN, "民政甲"
    ),
    DemoLogin(
        "second_admin", "demo-second-admin", "640121-MZJ", Role.CIVIL_AFFAIRS_ADMIN, "民政乙"
    ),
    # 组织部 co-leads the campaign; a third admin lets an admin's own proposal be reviewed by one
    # colleague and approved by another.
    DemoLogin(
        "zzb_admin", "demo-zzb-admin", "640121-ZZB", Role.CIVIL_AFFAIRS_ADMIN, "组织部管理员"
    ),
    DemoLogin("credit_officer", "demo-credit-officer", "640121-FGJ", Role.CREDIT_OFFICER, "发改"),
    DemoLogin("auditor", "demo-auditor", "640121-DJJ", Role.AUDITOR, "督查"),
    # The same roles at the region's and the city's level act over their whole subtree (both
    # counties); 贺兰县's staff only over 贺兰县 (docs/permissions.md, scope levels).
    DemoLogin("region_admin", "demo-region-admin", "64-MZT", Role.CIVIL_AFFAIRS_ADMIN, "民政厅甲"),
    DemoLogin("region_auditor", "demo-region-auditor", "64-MZT", Role.AUDITOR, "民政厅督查"),
    DemoLogin("city_admin", "demo-city-admin", "6401-MZJ", Role.CIVIL_AFFAIRS_ADMIN, "市民政甲"),
    DemoLogin(
        "helan_admin", "demo-helan-admin", "640122-MZJ", Role.CIVIL_AFFAIRS_ADMIN, "贺兰民政"
    ),
    DemoLogin("xigang_clerk", "demo-xigang-clerk", "640122100001", Role.COMMUNITY_CLERK, "马习岗"),
    DemoLogin("xigang_officer", "demo-xigang-officer", "640122100", Role.TOWNSHIP_OFFICER, "周岗"),
]


@transaction.atomic
def create_demo_users(*, actor=None) -> list[DemoLogin]:
    """Create the demo logins that do not exist yet; returns the ones created.

    Existing users are left alone (an operator may have changed a password)."""
    existing = set(
        get_user_model()
        .objects.filter(username__in=[d.username for d in DEMO_LOGINS])
        .values_list("username", flat=True)
    )
    created = []
    for demo in DEMO_LOGINS:
        if demo.username in existing:
            continue
        create_user(
            actor=actor,
            username=demo.username,
            password=demo.password,
            unit=Unit.objects.get(code=demo.unit_code),
            role=demo.role,
            full_name=demo.full_name,
        )
        created.append(demo)
    return created
