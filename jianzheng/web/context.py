from django.conf import settings
from django.utils.functional import SimpleLazyObject

from jianzheng.accounts.permissions import membership_of
from jianzheng.catalogue.counties import county_choices
from jianzheng.catalogue.portal import kept_params
from jianzheng.catalogue.selectors import UNLISTED_RULE
from jianzheng.web.nav import staff_links


def site(request):
    user = getattr(request, "user", None)
    return {
        "deployment_name": settings.DEPLOYMENT_NAME,
        # 永民发〔2020〕91号 三(三)一, quoted in one wording everywhere.
        "unlisted_rule": UNLISTED_RULE,
        "membership": membership_of(user),
        # Lazy: public pages never build the staff menu.
        "staff_links": SimpleLazyObject(lambda: staff_links(user)),
        # The county whose list a portal page shows (catalogue.portal), and the switch to others.
        "portal_county": getattr(request, "portal_county", None),
        "county_choices": SimpleLazyObject(county_choices),
        "county_kept": SimpleLazyObject(lambda: kept_params(request)),
        # 长辈版: larger text everywhere, remembered (web.views.display_mode).
        "large_text": request.COOKIES.get("jianzheng_large") == "1",
    }
