import json

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from jianzheng.documents.services import create_signing_key, revoke_document
from jianzheng.documents.signing import b64url_decode, canonical_json
from jianzheng.documents.tokens import parse_keys_document, verify_revocation_list

KEYS_URL = "/.well-known/jianzheng/keys.json"
REVOKED_URL = "/.well-known/jianzheng/revoked.json"


def test_keys_json_lists_every_key_with_its_retirement(client, signing_key):
    newer = create_signing_key(county=signing_key.county, actor=None)

    response = client.get(KEYS_URL)

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    keys = response.json()["keys"]
    assert [k["kid"] for k in keys] == [signing_key.kid, newer.kid]
    first = keys[0]
    assert (first["kty"], first["crv"], first["alg"]) == ("EC", "P-256", "ES256")
    point = b64url_decode(signing_key.public_key)
    assert b64url_decode(first["x"]) + b64url_decode(first["y"]) == point[1:]
    assert first["county"] == {"code": "640121", "name": "永宁县"}
    assert first["retired"] is not None and first["created"] is not None
    assert keys[1]["retired"] is None


def test_revoked_json_lists_revocations_under_a_signature_that_checks(client, sign, yanghe_clerk):
    kept, revoked = sign(), sign()
    revoke_document(actor=yanghe_clerk, document=revoked, category="other", reason="材料不实")

    body = client.get(REVOKED_URL).json()
    keys = client.get(KEYS_URL).json()

    assert [e["serial"] for e in body["payload"]["revoked"]] == [revoked.serial]
    assert "材料不实" not in json.dumps(body, ensure_ascii=False)  # reasons stay off the list
    assert body["payload"]["revoked"][0]["revoked_at"]
    assert body["payload"]["issued_at"]
    assert kept.serial not in json.dumps(body)
    assert body["payload"]["revoked"][0]["county"] == "640121"
    # Anyone can check it with the published key and plain ECDSA (the signature is r‖s, as in
    # JWS), no jianzheng code needed.
    key = next(k for k in keys["keys"] if k["kid"] == body["kid"])
    point = b"\x04" + b64url_decode(key["x"]) + b64url_decode(key["y"])
    signature = b64url_decode(body["signature"])
    r, s = int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
    ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point).verify(
        encode_dss_signature(r, s), canonical_json(body["payload"]), ec.ECDSA(hashes.SHA256())
    )
    assert revoked.serial in verify_revocation_list(body, parse_keys_document(keys))


def test_an_altered_revocation_list_is_refused(client, sign, yanghe_clerk):
    revoke_document(actor=yanghe_clerk, document=sign(), category="other", reason="材料不实")
    body = client.get(REVOKED_URL).json()
    keys = parse_keys_document(client.get(KEYS_URL).json())
    body["payload"]["revoked"] = []

    try:
        verify_revocation_list(body, keys)
    except ValueError as exc:
        assert "does not verify" in str(exc)
    else:
        raise AssertionError("an emptied revocation list was accepted")


def test_revoked_json_without_any_key_says_what_the_operator_must_do(client, data_dir, db):
    response = client.get(REVOKED_URL)

    assert response.status_code == 503
    assert "jianzheng keys create" in response.json()["error"]["message"]
