"""Version 2 tokens: a slow, salted holder tag, a tag of the certified facts, old tokens kept."""

import base64
from datetime import date

import cbor2

from jianzheng.documents.binding import (
    DEFAULT_KDF,
    KdfParams,
    canonical_facts,
    legacy_holder_digest,
)
from jianzheng.documents.services import (
    PreparedDocument,
    issuer_signer,
    register_document,
    verify_token,
)
from jianzheng.documents.tests.conftest import HOLDER_ID, HOLDER_NAME
from jianzheng.documents.tokens import (
    K_FACTS,
    K_KDF,
    Claims,
    facts_match,
    parse_token,
    sign_claims,
)

FACTS = {"holder_name": HOLDER_NAME, "holder_id_number": HOLDER_ID, "since": "自2020年"}


def test_production_holder_tags_cost_scrypt_at_32_mib_unless_configured(monkeypatch):
    import jianzheng.settings as settings_module

    assert settings_module.HOLDER_KDF == (15, 8, 1)  # the suite runs on 10,8,1 (conftest)
    assert DEFAULT_KDF == KdfParams(15, 8, 1) and DEFAULT_KDF.memory_bytes == 32 * 2**20
    monkeypatch.setenv("JIANZHENG_HOLDER_KDF", "16,8,2")
    assert settings_module.env_ints("JIANZHENG_HOLDER_KDF", "15,8,1") == (16, 8, 2)


def test_a_new_token_carries_the_configured_scrypt_parameters(sign, settings):
    settings.HOLDER_KDF = (11, 8, 2)
    claims = verify_token(sign().token, log=False).claims

    assert claims.version == 2 and claims.kdf == KdfParams(11, 8, 2)
    body = cbor2.loads(parse_token(sign().token).payload)
    assert body[K_KDF] == [11, 8, 2] and len(body[K_FACTS]) == 12


def test_the_holder_check_answers_yes_only_for_the_holder(sign):
    token = sign().token

    assert verify_token(token, holder_name=HOLDER_NAME, holder_id=HOLDER_ID).holder_match
    other = verify_token(token, holder_name=HOLDER_NAME, holder_id="640121199001011234")
    assert other.holder_match is False


def test_the_facts_tag_matches_the_signed_facts_and_not_an_edited_year(sign):
    claims = verify_token(sign(facts=FACTS).token, log=False).claims

    assert facts_match(claims, name=HOLDER_NAME, id_number=HOLDER_ID, facts=dict(FACTS))
    edited = {**FACTS, "since": "自2010年"}
    assert not facts_match(claims, name=HOLDER_NAME, id_number=HOLDER_ID, facts=edited)


def test_canonical_facts_ignore_key_order_and_unicode_composition():
    composed, decomposed = "\u00e9", "e\u0301"
    assert canonical_facts({"b": 1, "a": composed}) == canonical_facts({"a": decomposed, "b": 1})
    assert canonical_facts({"a": "自2020年"}) == '{"a":"自2020年"}'.encode()


def test_a_token_with_an_altered_facts_tag_fails_its_signature(sign):
    token = sign(facts=FACTS).token
    raw = cbor2.loads(base64.b32decode(token + "=" * (-len(token) % 8)))
    protected, unprotected, payload, signature = raw.value
    body = cbor2.loads(payload)
    body[K_FACTS] = bytes(12)
    forged_envelope = cbor2.CBORTag(18, [protected, unprotected, cbor2.dumps(body), signature])
    forged = base64.b32encode(cbor2.dumps(forged_envelope)).decode().rstrip("=")

    result = verify_token(forged, log=False)

    assert (result.status, result.reason) == ("invalid", "bad_signature")


def _register_version_1(yanghe, yanghe_clerk, serial: str) -> str:
    """A paper as issued before version 2: sha256 holder digest, no facts, unsigned PDF."""
    claims = Claims(
        serial=serial,
        kind="certificate",
        subject_code="JZ-001",
        issuer_code=yanghe.code,
        issued_on=date(2026, 11, 26),
        valid_until=date(2099, 5, 26),
        holder_digest=legacy_holder_digest(serial, HOLDER_NAME, HOLDER_ID),
        version=1,
    )
    signer = issuer_signer(yanghe)
    prepared = PreparedDocument(
        claims=claims,
        token=sign_claims(signer, claims),
        kid=signer.kid,
        issuer=yanghe,
        holder_name_masked="张*三",
        holder_id_masked="6401**********123X",
    )
    return register_document(actor=yanghe_clerk, prepared=prepared).token


def test_a_version_1_token_issued_before_the_change_still_verifies_and_checks_its_holder(
    signing_key, yanghe, yanghe_clerk
):
    token = _register_version_1(yanghe, yanghe_clerk, "640121100001-2026-000900")

    result = verify_token(token, holder_name=HOLDER_NAME, holder_id=HOLDER_ID, log=False)

    assert (result.status, result.claims.version, result.holder_match) == ("valid", 1, True)
    assert not result.claims.covers_facts
    wrong = verify_token(token, holder_name="张小四", holder_id=HOLDER_ID, log=False)
    assert wrong.holder_match is False


def test_the_migration_shortens_old_public_masks_to_two_digits(signing_key, yanghe, yanghe_clerk):
    import importlib

    from django.apps import apps

    from jianzheng.documents.models import SignedDocument

    _register_version_1(yanghe, yanghe_clerk, "640121100001-2026-000901")
    migration = importlib.import_module(
        "jianzheng.documents.migrations.0004_holder_id_mask_two_digits"
    )

    migration.shorten(apps, None)

    assert SignedDocument.objects.get().holder_id_masked == "****************3X"
