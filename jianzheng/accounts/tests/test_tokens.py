"""API bearer tokens: shown once, stored only as a digest, dead once revoked."""

import hashlib

import pytest

from jianzheng.accounts.models import ApiToken
from jianzheng.accounts.services import authenticate_token, create_api_token, revoke_api_token
from jianzheng.core.models import AuditEntry


def test_a_fresh_token_authenticates_its_user(police_officer):
    _, plain = create_api_token(actor=None, user=police_officer, name="政务服务平台")
    assert authenticate_token(plain) == police_officer
    assert ApiToken.objects.get().last_used_at is not None


def test_only_the_digest_of_a_token_is_stored(police_officer):
    token, plain = create_api_token(actor=None, user=police_officer)
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert stored["digest"] == hashlib.sha256(plain.encode()).hexdigest()
    assert plain not in [str(value) for value in stored.values()]
    assert plain[:10] == stored["prefix"]
    entry = AuditEntry.objects.get(action="token.created")
    assert plain not in str(entry.summary)


def test_a_revoked_token_no_longer_authenticates(police_officer):
    token, plain = create_api_token(actor=None, user=police_officer)
    revoke_api_token(actor=None, token=token)
    assert authenticate_token(plain) is None
    assert AuditEntry.objects.filter(action="token.revoked").count() == 1


def test_revoking_twice_is_recorded_once(police_officer):
    token, _ = create_api_token(actor=None, user=police_officer)
    revoke_api_token(actor=None, token=token)
    revoke_api_token(actor=None, token=token)
    assert AuditEntry.objects.filter(action="token.revoked").count() == 1


def test_a_deactivated_users_token_no_longer_authenticates(police_officer):
    _, plain = create_api_token(actor=None, user=police_officer)
    police_officer.is_active = False
    police_officer.save()
    assert authenticate_token(plain) is None


@pytest.mark.parametrize(
    "presented",
    ["", "garbage", "jz_", "jz_" + "A" * 43, "jz_" + "x" * 500, "Bearer jz_abc", "\x00jz_abc"],
    ids=["empty", "garbage", "bare prefix", "unknown", "over-long", "header", "control"],
)
def test_unknown_or_garbage_tokens_do_not_authenticate(police_officer, presented):
    create_api_token(actor=None, user=police_officer)
    assert authenticate_token(presented) is None


def test_a_token_cannot_be_recovered_from_its_prefix(police_officer):
    token, plain = create_api_token(actor=None, user=police_officer)
    assert authenticate_token(token.prefix) is None
    assert authenticate_token(plain[:-1]) is None
