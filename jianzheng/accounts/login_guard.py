"""Password guessing, counted where every worker and server sees it (issue 16, item 2).

Three counts of failed sign-ins, each a `LoginGuard` row, each over a window of a day from its
first failure (a day later it starts again, however the failures were spread):

- one account from one address: after 5 failures each further try waits 30 s, doubling to at
  most 15 minutes. This is the guesser's own count.
- one account from anywhere: after 20 failures the account is locked for an hour, or until an
  admin unlocks it (`jianzheng users unlock`): a guesser spread over many addresses stops there.
  The owner is not locked out by it at an address the account signed in from before
  (`known:` rows, kept 90 days), where only the first count applies.
- one address over any accounts: after 30 failures the address waits 60 s, doubling to an hour
  (one machine trying a few passwords on every account). A success from it takes one off.

Each attempt is counted before the password is checked (so parallel guesses cannot all slip in
before the first is counted) and a success takes it back. The address is the client's as
`core.throttle.client_key` gives it: X-Forwarded-For only from JIANZHENG_TRUSTED_PROXIES, an IPv6
client by its /64."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from jianzheng.accounts.models import LoginGuard, User
from jianzheng.core.audit import record


@dataclass(frozen=True)
class Rule:
    prefix: str
    free: int  # failures before any wait
    first_wait: int  # seconds
    longest_wait: int


PAIR = Rule("pair", free=5, first_wait=30, longest_wait=15 * 60)
ACCOUNT = Rule("account", free=20, first_wait=60 * 60, longest_wait=60 * 60)
ADDRESS = Rule("address", free=30, first_wait=60, longest_wait=60 * 60)
WINDOW = dt.timedelta(days=1)
KNOWN_FOR = dt.timedelta(days=90)


def _account(username: str) -> str:
    return (username or "").strip().casefold()[:150]


def _keys(username: str, address: str) -> list[tuple[Rule, str]]:
    account = _account(username)
    return [
        (PAIR, f"pair:{account}:{address}"),
        (ACCOUNT, f"account:{account}"),
        (ADDRESS, f"address:{address}"),
    ]


def _known(username: str, address: str) -> str:
    return f"known:{_account(username)}:{address}"


def _wait(rule: Rule, failures: int) -> int:
    over = failures - rule.free
    if over < 0:
        return 0
    return min(rule.first_wait * 2**over, rule.longest_wait)


def seconds_to_wait(username: str, address: str) -> int:
    """0 when this try may go ahead; else how long until it may."""
    now = timezone.now()
    keys = [key for _, key in _keys(username, address)]
    if LoginGuard.objects.filter(key=_known(username, address), updated_at__gt=now - KNOWN_FOR):
        keys.remove(f"account:{_account(username)}")
    blocked = LoginGuard.objects.filter(key__in=keys, blocked_until__gt=now).values_list(
        "blocked_until", flat=True
    )
    return max((int((until - now).total_seconds()) + 1 for until in blocked), default=0)


def record_attempt(username: str, address: str) -> None:
    """Count a try as a failure until it turns out right (`record_success`)."""
    now = timezone.now()
    with transaction.atomic():
        for rule, key in _keys(username, address):
            guard, _ = LoginGuard.objects.select_for_update().get_or_create(
                key=key, defaults={"since": now, "updated_at": now}
            )
            if now - guard.since > WINDOW:
                guard.failures, guard.since = 0, now
            guard.failures += 1
            wait = _wait(rule, guard.failures)
            guard.blocked_until = now + dt.timedelta(seconds=wait) if wait else None
            guard.updated_at = now
            guard.save()


def record_success(username: str, address: str) -> None:
    """The try was right: the account's counts go, the address's loses this try, and the address
    is known to the account from now on."""
    now = timezone.now()
    account = _account(username)
    with transaction.atomic():
        LoginGuard.objects.filter(
            key__in=[f"pair:{account}:{address}", f"account:{account}"]
        ).delete()
        LoginGuard.objects.filter(key=f"address:{address}", failures__gt=0).update(
            failures=F("failures") - 1, blocked_until=None
        )
        LoginGuard.objects.update_or_create(
            key=_known(username, address), defaults={"since": now, "updated_at": now}
        )


def unlock(*, actor, username: str) -> int:
    """An admin lets the account's owner in again: every count of that account, from every
    address. Audited. Returns how many counts were cleared."""
    account = _account(username)
    cleared, _ = LoginGuard.objects.filter(key__in=[f"account:{account}"]).delete()
    pairs, _ = LoginGuard.objects.filter(key__startswith=f"pair:{account}:").delete()
    user = User.objects.filter(username=username.strip()).first()
    record(
        actor=actor,
        action="user.unlocked",
        target=user or ("user", account),
        summary={"username": username, "cleared": cleared + pairs},
    )
    return cleared + pairs


def describe_wait(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} 秒"
    return f"{-(-seconds // 60)} 分钟"
