"""Reads of 综合考评: the rating link a lower page shows, ratings and follow-ups for staff."""

from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse

from jianzheng.evaluation import cases, permissions
from jianzheng.evaluation.models import FollowUp, Rating

KIND_OF = {"certificate": "certificate", "commitment": "commitment", "complaint": "complaint"}


def get_rating(kind: str, number: str) -> Rating | None:
    return (
        Rating.objects.select_related("unit", "region")
        .filter(case_kind=kind, case_number=cases.normalise_number(number))
        .first()
    )


def rating_link(kind: str, number: str) -> tuple[str, str] | None:
    """The verification page's and the tracking page's "评价本次服务" (core.registry case action);
    once rated, where to read the rating and the unit's answer."""
    if kind not in KIND_OF:
        return None
    if kind == "complaint":
        found = cases.find_case(number)
        if found is None or not found.finished:
            return None
    if get_rating(kind, number) is not None:
        return ("已评价：查看评价和整改答复", reverse("evaluation:rated", args=[number]))
    return ("评价本次服务（好差评）", f"{reverse('evaluation:rate')}?{urlencode({'case': number})}")


def list_follow_ups(user, *, state: str | None = None) -> QuerySet[FollowUp]:
    found = permissions.visible_follow_ups(user)
    if state == "overdue":
        from jianzheng.core import workdays

        found = found.exclude(state=FollowUp.State.ANSWERED).filter(deadline__lt=workdays.today())
    elif state:
        found = found.filter(state=state)
    return found.order_by("state", "deadline", "id")


def get_follow_up(user, pk: int) -> FollowUp | None:
    return permissions.visible_follow_ups(user).filter(pk=pk).first()


def count_open_follow_ups(user) -> int:
    return permissions.visible_follow_ups(user).exclude(state=FollowUp.State.ANSWERED).count()


def list_ratings(user) -> QuerySet[Rating]:
    return permissions.visible_ratings(user).select_related("follow_up").order_by("-rated_at")
