"""Keys from before: Ed25519 keys keep verifying what they signed, and keys made before counties
had keys become the only county's (or, when nobody can tell whose, only verify)."""

import importlib
import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from jianzheng.certificates.services import issue_certificate
from jianzheng.certificates.tests.conftest import CHECKS, RESIDENCE_FACTS
from jianzheng.documents import pdfsign
from jianzheng.documents.models import SigningKey
from jianzheng.documents.selectors import KnownPublicKeys
from jianzheng.documents.services import (
    SigningKeyMissing,
    current_signer,
    ensure_signing_keys,
    keys_dir,
    verify_token,
)
from jianzheng.documents.signing import (
    ED25519,
    ES256,
    Ed25519Signer,
    b64url,
    load_signer,
    write_private_key,
)
from jianzheng.documents.tokens import Claims, sign_claims, verify_token_offline

pytestmark = pytest.mark.pdf

migration = importlib.import_module("jianzheng.documents.migrations.0006_keys_of_the_only_county")


def earlier_key(county=None, *, days_ago: int = 30, retired: bool = False) -> SigningKey:
    """A key as the release before made it: Ed25519, and no county."""
    signer = Ed25519Signer.generate()
    write_private_key(keys_dir(), signer)
    made = timezone.now() - timedelta(days=days_ago)
    return SigningKey.objects.create(
        kid=signer.kid,
        algorithm=ED25519,
        public_key=b64url(signer.public_key),
        county=county,
        created_at=made,
        retired_at=made + timedelta(days=1) if retired else None,
    )


def issue(clerk, community):
    return issue_certificate(
        actor=clerk,
        community=community,
        item="YN-B03",
        facts=dict(RESIDENCE_FACTS),
        checks=CHECKS,
        purpose="办理居住证",
        requester="永宁县公安局杨和派出所",
    )


def verify_offline(pdf: bytes, tmp_path) -> tuple[int, str]:
    call_command("keys", "export", str(tmp_path / "keys.json"), stdout=StringIO())
    (tmp_path / "paper.pdf").write_bytes(pdf)
    out = StringIO()
    try:
        call_command(
            "verify", str(tmp_path / "paper.pdf"), "--keys", str(tmp_path / "keys.json"), stdout=out
        )
    except SystemExit as exc:
        return exc.code, out.getvalue()
    return 0, out.getvalue()


def test_an_ed25519_paper_keeps_verifying_after_setup_gives_the_county_an_es256_key(
    catalogue, data_dir, county, yanghe_clerk, yanghe, client, tmp_path
):
    old_key = earlier_key(county.region)
    old = issue(yanghe_clerk, yanghe)  # signed, token and PDF, by the Ed25519 key

    ensure_signing_keys(actor=None)  # what `jianzheng setup` does after the upgrade
    new = issue(yanghe_clerk, yanghe)

    old_key.refresh_from_db()
    assert old.document.kid == old_key.kid and old_key.retired_at is not None
    new_key = SigningKey.objects.get(county=county.region, retired_at__isnull=True)
    assert new_key.algorithm == ES256 and new.document.kid == new_key.kid
    for certificate in (old, new):
        assert verify_token(certificate.document.token, log=False).status == "valid"
        answer = client.post(
            "/api/v1/verify", {"token": certificate.document.token}, content_type="application/json"
        )
        assert answer.json()["status"] == "valid"
        code, out = verify_offline(bytes(certificate.pdf.content), tmp_path)
        assert code == 0 and "PDF 签名与证明内容一致" in out, out
    published = json.loads((tmp_path / "keys.json").read_text(encoding="utf-8"))["keys"]
    assert [(k["alg"], k["kty"], k["crv"]) for k in published] == [
        ("EdDSA", "OKP", "Ed25519"),
        ("ES256", "EC", "P-256"),
    ]
    public = KnownPublicKeys().get(old_key.kid)
    assert public is not None
    seal = pdfsign.check_pdf_signature(bytes(old.pdf.content), {old_key.kid: public.public_key})
    assert seal.problem is None


def test_the_upgrade_gives_a_one_county_databases_keys_to_that_county(data_dir, county):
    retired = earlier_key(days_ago=90, retired=True)
    stale = earlier_key(days_ago=60)  # two active keys: only a race could make them
    newest = earlier_key(days_ago=30)

    migration.give_keys_to_the_only_county(apps, None)

    keys = {k.kid: k for k in SigningKey.objects.all()}
    assert {k.county_id for k in keys.values()} == {county.region.pk}
    assert keys[retired.kid].retired_at == retired.retired_at
    assert keys[stale.kid].retired_at is not None
    assert keys[newest.kid].retired_at is None
    assert current_signer(county.region).kid == newest.kid  # it signed before, it signs on


def test_with_several_counties_earlier_keys_keep_no_county_and_only_verify(
    data_dir, county, helan_county, yanghe, client
):
    key = earlier_key()
    migration.give_keys_to_the_only_county(apps, None)
    key.refresh_from_db()
    signer = load_signer(keys_dir(), key.kid)
    claims = Claims(
        "S-1", "agreement", "WI-7", yanghe.code, date(2026, 1, 2), None, b"x" * 16, version=1
    )

    assert key.county is None and key.retired_at is None
    with pytest.raises(SigningKeyMissing):
        current_signer(county.region)  # it signs for nobody
    # What it signed before still verifies,
    assert verify_token_offline(sign_claims(signer, claims), KnownPublicKeys())[1] == claims
    # and keys.json lists it, with no county.
    listed = client.get("/.well-known/jianzheng/keys.json").json()["keys"]
    assert [(k["kid"], k["county"]) for k in listed] == [(key.kid, None)]
