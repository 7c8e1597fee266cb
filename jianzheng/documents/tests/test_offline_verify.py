import json
import os
import subprocess
import sys
from datetime import date

import pytest
from django.core.management import call_command
from reportlab.pdfgen import canvas

from jianzheng.documents import selectors
from jianzheng.documents.services import revoke_document, signed_revocation_list


@pytest.fixture
def keys_file(tmp_path, signing_key):
    path = tmp_path / "keys.json"
    call_command("keys", "export", str(path))
    return path


def run_verify(*args) -> tuple[int, str, str]:
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("verify", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        return exc.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def make_pdf(path, keywords: str | None):
    pdf = canvas.Canvas(str(path))
    if keywords is not None:
        pdf.setKeywords(keywords)
    pdf.drawString(72, 720, "certificate")
    pdf.save()
    return path


def test_a_valid_token_exits_0_without_touching_the_database(
    sign, keys_file, django_assert_num_queries
):
    document = sign(serial="640121100001-2026-000007")

    with django_assert_num_queries(0):
        code, out, _ = run_verify(document.token, "--keys", str(keys_file))

    assert code == 0
    assert out.startswith("有效 VALID")
    assert "640121100001-2026-000007" in out and "2026-11-26" in out and "2099-05-26" in out


def test_a_verify_url_is_accepted_like_its_token(sign, keys_file):
    url = f"HTTPS://ZM.EXAMPLE.CN/V/{sign().token}"

    assert run_verify(url, "--keys", str(keys_file))[0] == 0


def test_a_signed_jianzheng_pdf_is_verified_from_its_keywords(keys_file, tmp_path, yanghe):
    from jianzheng.documents.services import prepare_document, seal_pdf

    values = dict(
        kind="certificate",
        serial="640121100001-2026-000077",
        issuer=yanghe,
        subject_code="JZ-001",
        issued_on=date(2026, 11, 26),
        valid_until=date(2099, 5, 26),
        holder_name="张小三",
        holder_id_number="64012119900101123x",
        facts={"since": "自2020年"},
    )
    prepared = prepare_document(**values)
    drawn = make_pdf(tmp_path / "drawn.pdf", f"jianzheng-token={prepared.token}").read_bytes()
    pdf = tmp_path / "proof.pdf"
    pdf.write_bytes(seal_pdf(prepared=prepared, pdf=drawn))

    code, out, _ = run_verify(str(pdf), "--keys", str(keys_file))

    assert (code, out[:2]) == (0, "有效")


def test_an_unsigned_pdf_with_a_new_token_is_invalid(sign, keys_file, tmp_path):
    pdf = make_pdf(tmp_path / "proof.pdf", f"jianzheng-token={sign().token}")

    code, out, _ = run_verify(str(pdf), "--keys", str(keys_file))

    assert code == 1 and "没有电子签名" in out


def test_a_revoked_document_exits_1_when_the_revocation_list_is_given(
    sign, keys_file, tmp_path, yanghe_clerk
):
    document = sign()
    revoke_document(
        actor=yanghe_clerk, document=document, category="wrong_information", reason="材料不实"
    )
    revoked_file = tmp_path / "revoked.json"
    revoked_file.write_text(json.dumps(signed_revocation_list(), ensure_ascii=False))

    code, out, _ = run_verify(
        document.token, "--keys", str(keys_file), "--revoked", str(revoked_file)
    )

    assert code == 1
    assert out.startswith("已撤销 REVOKED") and document.serial in out


def test_a_changed_token_exits_1(sign, keys_file):
    token = sign().token
    changed = token[:50] + ("A" if token[50] != "A" else "B") + token[51:]

    code, out, _ = run_verify(changed, "--keys", str(keys_file))

    assert code == 1 and out.startswith("无效 INVALID")


def test_an_expired_document_exits_1(sign, keys_file):
    token = sign(issued_on=date(2020, 1, 1), valid_until=date(2020, 2, 1)).token

    code, out, _ = run_verify(token, "--keys", str(keys_file))

    assert code == 1 and "expired" in out


@pytest.mark.parametrize(
    "case", ["missing_file", "not_a_pdf", "pdf_without_token", "bad_keys", "forged_revoked"]
)
def test_unusable_input_exits_2(sign, keys_file, tmp_path, case):
    token = sign().token
    source, keys, extra = token, str(keys_file), []
    if case == "missing_file":
        source = str(tmp_path / "nowhere.pdf")
    elif case == "not_a_pdf":
        source = str(tmp_path / "note.txt")
        (tmp_path / "note.txt").write_text(f"jianzheng-token={token}")
    elif case == "pdf_without_token":
        source = str(make_pdf(tmp_path / "other.pdf", "invoice"))
    elif case == "bad_keys":
        keys = str(tmp_path / "keys-bad.json")
        (tmp_path / "keys-bad.json").write_text('{"keys": [{"kid": "x", "kty": "RSA"}]}')
    elif case == "forged_revoked":
        listing = signed_revocation_list()
        listing["payload"]["revoked"].append({"serial": "X", "revoked_at": "", "reason": ""})
        (tmp_path / "revoked.json").write_text(json.dumps(listing))
        extra = ["--revoked", str(tmp_path / "revoked.json")]

    code, out, err = run_verify(source, "--keys", keys, *extra)

    assert code == 2, (out, err)
    assert err.startswith("无法核验")


def test_the_command_runs_on_a_machine_with_no_database(sign, keys_file, tmp_path):
    token = sign().token
    env = {
        **os.environ,
        # Nothing listens on port 9: any database access would fail the run.
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none",
        "JIANZHENG_DATA_DIR": str(tmp_path / "offline"),
    }
    jianzheng = os.path.join(os.path.dirname(sys.executable), "jianzheng")

    valid = subprocess.run(
        [jianzheng, "verify", token, "--keys", str(keys_file)], env=env, capture_output=True
    )
    invalid = subprocess.run(
        [jianzheng, "verify", token[:-9], "--keys", str(keys_file)], env=env, capture_output=True
    )

    assert valid.returncode == 0, valid.stderr.decode()
    assert invalid.returncode == 1, invalid.stderr.decode()


def test_keys_list_shows_which_key_signs(signing_key, capsys):
    call_command("keys", "list")

    out = capsys.readouterr().out
    assert signing_key.kid in out and "签名中" in out and "本机有私钥" in out
    assert list(selectors.list_signing_keys()) == [signing_key]
