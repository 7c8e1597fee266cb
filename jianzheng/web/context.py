from django.conf import settings
from django.utils.functional import SimpleLazyObject

from jianzheng.accounts.permissions import membership_of
from jianzheng.web.nav import staff_links


def site(request):
    user = getattr(request, "user", None)
    return {
        "deployment_name": settings.DEPLOYMENT_NAME,
        "membership": membership_of(user),
        # Lazy: public pages never build the staff menu.
        "staff_links": SimpleLazyObject(lambda: staff_links(user)),
    }
