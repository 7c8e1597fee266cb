"""core/pii.py without any area's models: sealing, the associated data, re-wrapping under a new
key-encryption key, and where the key comes from (the environment or the data folder's file).
tests/test_pii_at_rest.py carries the same through every model that holds personal data."""

import base64

import pytest

from jianzheng.core import pii

AAD = pii.associated_data("certificates_certificate", "holder_id_number", "640121100001-2026-1")


def test_a_sealed_value_opens_with_its_own_row_only():
    blob = pii.seal(b"640121199003071232", AAD)
    assert b"640121199003071232" not in blob
    assert pii.open_sealed(blob, AAD) == b"640121199003071232"
    other_row = pii.associated_data(
        "certificates_certificate", "holder_id_number", "640121100001-2026-2"
    )
    with pytest.raises(pii.PiiDecryptError, match="与其所在的行不符"):
        pii.open_sealed(blob, other_row)
    other_column = pii.associated_data("certificates_certificate", "facts", "640121100001-2026-1")
    with pytest.raises(pii.PiiDecryptError):
        pii.open_sealed(blob, other_column)


def test_the_same_value_sealed_twice_looks_different():
    assert pii.seal(b"13800000001", AAD) != pii.seal(b"13800000001", AAD)


def test_one_flipped_byte_is_refused_not_decrypted_into_garbage():
    blob = bytearray(pii.seal(b"640121199003071232", AAD))
    blob[-1] ^= 1
    with pytest.raises(pii.PiiDecryptError):
        pii.open_sealed(bytes(blob), AAD)


def test_a_text_column_that_holds_plain_text_is_refused():
    with pytest.raises(pii.PiiDecryptError, match="明文"):
        pii.from_text("640121199003071232")


def test_rewrapping_changes_the_key_id_and_keeps_the_payload(settings):
    blob = pii.seal(b"640121199003071232", AAD)
    new_key = base64.b64encode(b"n" * 32).decode()
    settings.PII_KEY = f"pii-new:{new_key},{settings.PII_KEY}"
    moved = pii.rewrap(blob)
    assert pii.kid_of(blob) == "pii-test" and pii.kid_of(moved) == "pii-new"
    assert moved[-40:] == blob[-40:]  # the payload is not re-encrypted
    settings.PII_KEY = f"pii-new:{new_key}"  # the old key gone: still opens
    assert pii.open_sealed(moved, AAD) == b"640121199003071232"
    with pytest.raises(pii.PiiKeyMissing, match="pii-test"):
        pii.open_sealed(blob, AAD)


def test_setup_makes_a_private_key_file_once_and_rotation_keeps_the_old_key(settings, tmp_path):
    settings.PII_KEY = ""
    settings.DATA_DIR = tmp_path
    assert not pii.has_key()
    with pytest.raises(pii.PiiKeyMissing, match="JIANZHENG_PII_KEY"):
        pii.seal(b"x", AAD)
    first = pii.ensure_kek()
    assert first and pii.ensure_kek() is None
    path = tmp_path / "keys" / "pii-kek.json"
    assert path.stat().st_mode & 0o777 == 0o600
    blob = pii.seal(b"640121199003071232", AAD)
    second = pii.create_kek()
    assert pii.keyring().active == second and set(pii.keyring().keys) == {first, second}
    assert pii.open_sealed(blob, AAD) == b"640121199003071232"
    assert pii.kid_of(pii.rewrap(blob)) == second


def test_a_malformed_environment_key_is_named_not_guessed(settings):
    settings.PII_KEY = "only-a-name"
    with pytest.raises(pii.PiiKeyMissing, match="kid:base64"):
        pii.keyring()
    settings.PII_KEY = "short:" + base64.b64encode(b"16 bytes only!!!").decode()
    with pytest.raises(pii.PiiKeyMissing):
        pii.keyring()


def test_masked_free_text_reads_as_written_to_its_writer_only():
    from types import SimpleNamespace

    from jianzheng.core.text import text_for_viewer

    note = "居民王某（640121199003071232，电话13800000001）户籍不在本社区"
    writer, other = SimpleNamespace(pk=7), SimpleNamespace(pk=8)
    assert text_for_viewer(note, viewer=writer, writer_id=7) == note
    masked = text_for_viewer(note, viewer=other, writer_id=7)
    assert "640121199003071232" not in masked and "13800000001" not in masked
    assert "[身份证号已隐去]" in masked and "[电话已隐去]" in masked
    assert text_for_viewer(note, viewer=None, writer_id=None) == masked
