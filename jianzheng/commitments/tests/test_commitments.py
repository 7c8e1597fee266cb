"""Commitments (二(七)): the items the catalogue marks, the two routes, the credit block, withdrawal
and the signed 告知承诺书."""

from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from jianzheng.catalogue.commitment_spec import example_commitment, validate_commitment
from jianzheng.catalogue.models import ChangeRequest
from jianzheng.catalogue.payload import item_to_payload
from jianzheng.catalogue.selectors import get_item
from jianzheng.catalogue.services import propose_change
from jianzheng.commitments.models import Commitment, PostCheck
from jianzheng.commitments.services import decide_commitment, withdraw_commitment
from jianzheng.core.errors import RuleViolation
from jianzheng.core.models import AuditEntry
from jianzheng.documents.services import verify_token

from .conftest import OTHER_ID


def test_an_item_in_an_excluded_field_cannot_be_marked(catalogue, police_officer):
    item = get_item("GJ1-08")
    before = ChangeRequest.objects.count()
    payload = {**item_to_payload(item), "commitment": example_commitment(domain="public_safety")}
    with pytest.raises(RuleViolation) as caught:
        propose_change(
            actor=police_officer, kind="change", payload=payload, reason="试行", legal_basis="42号"
        )
    assert caught.value.code == "invalid_item"
    assert "公共安全" in caught.value.fields["commitment.domain"]
    assert "不适用告知承诺制" in caught.value.fields["commitment.domain"]
    assert ChangeRequest.objects.count() == before


def test_every_excluded_field_is_refused():
    for domain in (
        "national_security",
        "financial_supervision",
        "ecology",
        "personal_health",
        "life_property",
    ):
        with pytest.raises(RuleViolation) as caught:
            validate_commitment(
                example_commitment(domain=domain), alternatives=[{"kind": "commitment"}]
            )
        assert caught.value.code == "excluded_domain"


def test_a_marked_item_needs_the_whole_notice_and_a_commitment_alternative():
    block = example_commitment()
    block["notice"] = {**block["notice"], "liability": ""}
    with pytest.raises(RuleViolation) as caught:
        validate_commitment(block, alternatives=[{"kind": "data_sharing"}])
    assert "commitment.notice.liability" in caught.value.fields
    assert "commitment" in caught.value.fields


def test_the_commitment_block_is_versioned_with_the_catalogue(items):
    item = get_item("GJ1-19")
    assert item.commitment["post_check"]["base_rate"] == 10
    assert item.version.catalogue.region.code == "640121"
    assert item.version.number >= 2  # a published version on top of the county's first


def test_an_applicant_commits_online_and_gets_a_signed_paper(commit):
    commitment = commit()
    assert commitment.serial.startswith("CN640121-")
    assert commitment.channel == Commitment.Channel.ONLINE
    assert commitment.pdf.content.startswith(b"%PDF")
    assert commitment.document.kind == "commitment"
    result = verify_token(commitment.document.token)
    assert result.status == "valid"
    assert AuditEntry.objects.filter(action="commitment.made").count() == 1


def test_the_paper_verifies_offline_like_a_certificate(commit, tmp_path):
    commitment = commit()
    call_command("keys", "export", str(tmp_path / "keys.json"), stdout=StringIO())
    (tmp_path / "paper.pdf").write_bytes(bytes(commitment.pdf.content))
    out = StringIO()
    call_command(
        "verify", str(tmp_path / "paper.pdf"), "--keys", str(tmp_path / "keys.json"), stdout=out
    )
    assert out.getvalue().startswith("有效 VALID")
    assert commitment.serial in out.getvalue()


def test_every_clause_must_be_ticked(commit):
    with pytest.raises(RuleViolation) as caught:
        commit(clauses_accepted=[1, 2, 4])
    assert "第3条" in caught.value.fields["clauses_accepted"]
    assert not Commitment.objects.exists()


def test_bad_particulars_are_named_all_at_once(commit):
    with pytest.raises(RuleViolation) as caught:
        commit(applicant_id_number="640121199003071233", applicant_phone="123", case_number="")
    assert {"applicant_id_number", "applicant_phone", "case_number"} <= set(caught.value.fields)


def test_an_item_without_the_commitment_route_is_refused(commit):
    with pytest.raises(RuleViolation) as caught:
        commit(item="GJ1-01")
    assert "未实行告知承诺制" in caught.value.fields["item"]


def test_only_the_named_department_takes_the_commitment(commit):
    with pytest.raises(RuleViolation) as caught:
        commit(department="640121-GAJ")
    assert "审批服务管理局" in caught.value.fields["department"]


def test_the_counter_records_the_officer_and_the_applicants_confirmation(commit, spj_officer):
    commitment = commit(spj_officer)
    assert commitment.recorded_by == spj_officer
    assert commitment.applicant_confirmed
    with pytest.raises(RuleViolation) as caught:
        commit(spj_officer, applicant_confirmed=False, applicant_id_number=OTHER_ID)
    assert "本人" in caught.value.fields["applicant_confirmed"]


def test_an_officer_cannot_commit_in_another_departments_name(commit, police_officer):
    with pytest.raises(RuleViolation) as caught:
        commit(police_officer, item="GJ1-08", department="640121-MZJ")
    assert "本部门" in caught.value.fields["department"]


def test_a_clerk_records_no_commitment(commit, yanghe_clerk):
    with pytest.raises(PermissionDenied):
        commit(yanghe_clerk)


def test_withdrawal_before_the_decision_shows_on_verification(commit, spj_officer):
    commitment = commit()
    withdraw_commitment(actor=spj_officer, commitment=commitment, reason="改为提交租赁合同")
    commitment.refresh_from_db()
    assert commitment.state == Commitment.State.WITHDRAWN
    result = verify_token(commitment.document.token)
    assert result.status == "revoked"
    from jianzheng.documents.kinds import describe

    rows = dict(describe(commitment.document))
    assert rows["承诺状态"].startswith("已撤回")
    assert not PostCheck.objects.filter(state=PostCheck.State.PENDING).exists()


def test_no_withdrawal_after_the_decision(commit, spj_officer):
    commitment = decide_commitment(actor=spj_officer, commitment=commit())
    with pytest.raises(RuleViolation) as caught:
        withdraw_commitment(actor=spj_officer, commitment=commitment)
    assert caught.value.code == "already_decided"


def test_another_department_cannot_withdraw(commit, police_officer):
    with pytest.raises(PermissionDenied):
        withdraw_commitment(actor=police_officer, commitment=commit())
