from django.conf import settings

from jianzheng.accounts.permissions import membership_of


def site(request):
    return {
        "deployment_name": settings.DEPLOYMENT_NAME,
        "membership": membership_of(getattr(request, "user", None)),
    }
