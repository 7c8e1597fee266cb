from django.db import models


class Role(models.TextChoices):
    """The one list of staff roles (DESIGN.md). What each may do is in permissions.py."""

    COMMUNITY_CLERK = "community_clerk", "社区（村）工作者"
    TOWNSHIP_OFFICER = "township_officer", "乡镇（街道）工作人员"
    DEPARTMENT_OFFICER = "department_officer", "县直部门、公用企事业单位工作人员"
    CIVIL_AFFAIRS_ADMIN = "civil_affairs_admin", "民政局（组织部）管理员"
    CREDIT_OFFICER = "credit_officer", "发改局信用管理员"
    AUDITOR = "auditor", "督查（纪检）人员"
