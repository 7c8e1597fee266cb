"""What every back-office page of certificates needs: the clerk's own community, a certificate in
the user's scope."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from jianzheng.accounts.permissions import membership_of
from jianzheng.certificates import permissions, selectors
from jianzheng.certificates.models import Certificate
from jianzheng.regions.models import Unit

PAGE_SIZE = 50


def clerk_community(user) -> Unit:
    """The community a clerk issues for: their own (membership.unit), nobody else's."""
    membership = membership_of(user)
    if membership is None or not permissions.can_issue(user, membership.unit):
        raise PermissionDenied("只有社区（村）工作者可以出具证明")
    return membership.unit


def certificate_or_404(user, serial: str) -> Certificate:
    certificate = selectors.get_certificate(user, serial)
    if certificate is None:
        raise Http404("没有这份证明")
    return certificate
