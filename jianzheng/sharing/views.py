"""The transparency page (信息核查记录查询): a resident enters name and ID number and sees which
units checked data about them, when, for what and for which case — X-Road's Data Tracker for
二(六). POST only (the number never enters a URL), never echoed, budgeted per client
(apps.py), and after three tries in a session a sum to work out before each further one."""

import secrets

from django.db import transaction
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from jianzheng.core.errors import FieldErrors
from jianzheng.core.forms import REJECTED
from jianzheng.core.text import clean_person_name, mask_name
from jianzheng.sharing import selectors
from jianzheng.sharing.forms import TransparencyForm
from jianzheng.sharing.integrity import subject_key
from jianzheng.sharing.models import TransparencyLookup
from jianzheng.sharing.services import clean_id_number

FREE_TRIES = 3
TRIES, SUM = "transparency_tries", "transparency_sum"


def _new_challenge(session) -> str:
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    session[SUM] = a + b
    return f"{a} + {b}"


def _challenge_passed(session, given: str) -> bool:
    expected = session.pop(SUM, None)
    return expected is not None and given.strip() == str(expected)


@require_http_methods(["GET", "HEAD", "POST"])
def transparency(request):
    session = request.session
    context: dict = {"looked_up": False}
    problems: dict[str, str] = {}
    if request.method == "POST":
        tries = session.get(TRIES, 0)
        session[TRIES] = tries + 1
        errors = FieldErrors()
        if tries >= FREE_TRIES and not _challenge_passed(
            session, request.POST.get("challenge", "")
        ):
            errors.add("challenge", "计算结果不正确，请重新计算")
        name = errors.collect(
            clean_person_name, request.POST.get("name"), field="name", label="姓名", default=""
        )
        number = errors.collect(clean_id_number, request.POST.get("id_number"), field="id_number")
        problems = errors.fields
        if not problems:
            checks = list(selectors.checks_of_subject(number, name))
            with transaction.atomic():
                TransparencyLookup.objects.create(
                    subject_key=subject_key(number, name), found=len(checks)
                )
            context.update(looked_up=True, checks=checks, who=mask_name(name), id_tail=number[-4:])
    challenge = _new_challenge(session) if session.get(TRIES, 0) >= FREE_TRIES else ""
    # A rejected lookup keeps the name typed, never the number.
    initial = {"name": request.POST.get("name", "")} if problems else {}
    form = TransparencyForm(initial=initial, challenge=challenge)
    form.cleaned_data = {}
    for field, message in problems.items():
        form.add_error(field if field in form.fields else None, message)
    context.update(form=form, challenge=challenge)
    return render(
        request, "sharing/transparency.html", context, status=REJECTED if problems else 200
    )
