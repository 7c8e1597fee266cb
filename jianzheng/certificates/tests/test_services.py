import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction

from jianzheng.catalogue.selectors import get_item
from jianzheng.certificates.demands import refuse_at_desk, set_handover
from jianzheng.certificates.models import Certificate, CertificatePdf, Demand
from jianzheng.certificates.services import Refused, preview_certificate, revoke_certificate
from jianzheng.certificates.tests.conftest import RESIDENCE_FACTS, RESIDENT
from jianzheng.core.errors import RuleViolation
from jianzheng.core.pdf import token_from_pdf
from jianzheng.documents.models import SignedDocument
from jianzheng.documents.services import verify_token

# Issues certificates, so draws PDFs: skipped where no Chinese font is installed.
pytestmark = pytest.mark.pdf

HANDOVER = {
    "reason": "entity_demand",
    "demanded_by": "示例企业·永宁县农村商业银行",
    "within_duties": True,
    "verifiable": True,
}


def test_a_retained_item_is_issued_with_serial_pdf_and_signature(issue, yanghe):
    certificate = issue()
    year = dt.date.today().year
    assert certificate.serial == f"{yanghe.code}-{year}-000001"
    pdf = CertificatePdf.objects.get(certificate=certificate).content
    assert bytes(pdf).startswith(b"%PDF")
    assert token_from_pdf(bytes(pdf)) == certificate.document.token
    assert verify_token(certificate.document.token).status == "valid"
    assert certificate.holder_id_number == RESIDENT["holder_id_number"]


def test_serials_count_up_without_gaps_even_after_a_failed_request(issue, yanghe):
    first = issue()
    with pytest.raises(RuleViolation):
        issue(facts={**RESIDENCE_FACTS, "since": "2019-02-30"})
    second = issue()
    assert second.sequence == first.sequence + 1


def test_a_clerk_cannot_issue_a_cancelled_item_and_a_refusal_is_recorded(issue, catalogue):
    refused = issue(
        item="GJ1-10", facts={**RESIDENT, "fact": "健在"}, requester="永宁县农村商业银行"
    )
    assert isinstance(refused, Refused)
    error = refused.error
    assert error.code == "item_not_retained"
    assert error.details["alternatives"][0]["kind"] == "data_sharing"
    refusal = Demand.objects.get()
    assert refusal.item.name == "健在证明" and refusal.requester == "永宁县农村商业银行"
    assert refusal.reason == Demand.Reason.CANCELLED and refusal.pk == error.details["refusal_id"]
    assert not Certificate.objects.exists() and not SignedDocument.objects.exists()


def test_an_item_on_no_list_is_refused_by_name(issue):
    refused = issue(item="宠物健康证明", requester="某小区物业")
    assert refused.error.details["decision"] == "not_listed"
    refusal = Demand.objects.get()
    assert refusal.item is None and refusal.item_name == "宠物健康证明"
    assert refusal.reason == Demand.Reason.NOT_LISTED


def test_a_clerk_of_another_community_cannot_issue(issue, lijun_clerk):
    with pytest.raises(PermissionDenied):
        issue(actor=lijun_clerk)
    assert not Certificate.objects.exists()


def test_a_township_officer_cannot_issue(issue, yanghe_officer):
    with pytest.raises(PermissionDenied):
        issue(actor=yanghe_officer)


def test_invalid_facts_name_every_bad_field_and_write_nothing(issue):
    with pytest.raises(RuleViolation) as excinfo:
        issue(
            facts={
                **RESIDENCE_FACTS,
                "holder_id_number": "340524198001010013",
                "since": "2019-13-01",
                "gender": "未知",
                "address": "",
            },
            checks=[{"method": "guess"}],
            purpose="",
        )
    fields = excinfo.value.fields
    assert {
        "facts.holder_id_number",
        "facts.since",
        "facts.gender",
        "facts.address",
        "checks.0.method",
        "purpose",
    } <= set(fields)
    assert "校验位" in fields["facts.holder_id_number"]
    assert not Certificate.objects.exists() and not Demand.objects.exists()


def test_other_check_method_needs_a_note(issue):
    with pytest.raises(RuleViolation) as excinfo:
        issue(checks=[{"method": "other"}])
    assert "checks.0.note" in excinfo.value.fields


def test_user_input_is_never_template_code(issue):
    certificate = issue(facts={**RESIDENCE_FACTS, "address": "{holder_id_number}路"})
    pdf = bytes(certificate.pdf.content)
    assert pdf.startswith(b"%PDF")
    from jianzheng.catalogue.template_spec import render_body

    body = render_body(certificate.template, certificate.facts)
    assert "{holder_id_number}路" in body and "640121199003071232路" not in body


def test_preview_is_watermarked_and_writes_nothing(catalogue, keys, yanghe_clerk, yanghe):
    pdf = preview_certificate(
        actor=yanghe_clerk,
        community=yanghe,
        item="YN-B03",
        facts=RESIDENCE_FACTS,
        purpose="办理居住证",
        requester="派出所",
    )
    assert pdf.startswith(b"%PDF") and token_from_pdf(pdf) is None
    assert not Certificate.objects.exists() and not SignedDocument.objects.exists()


def test_handover_exception_issues_a_first_batch_item_counted_apart(issue):
    certificate = issue(
        item="GJ1-10",
        facts={**RESIDENT, "fact": "本人现居住在本社区"},
        handover=HANDOVER,
        requester="示例企业·永宁县农村商业银行",
    )
    assert certificate.is_handover and certificate.handover_reason == "entity_demand"
    record = Demand.objects.get()
    assert record.outcome == Demand.Outcome.HANDOVER and record.certificate == certificate
    assert record.requester == HANDOVER["demanded_by"]


@pytest.mark.parametrize(
    "broken",
    [{"within_duties": False}, {"verifiable": False}, {"reason": "because"}, {"demanded_by": ""}],
)
def test_handover_needs_every_condition(issue, broken):
    with pytest.raises(RuleViolation) as excinfo:
        issue(item="GJ1-10", facts={**RESIDENT, "fact": "x"}, handover={**HANDOVER, **broken})
    assert excinfo.value.code == "invalid_handover"
    assert not Certificate.objects.exists()


def test_handover_does_not_open_items_on_no_list(issue):
    refused = issue(item="宠物健康证明", handover=HANDOVER)
    assert refused.error.code == "item_not_retained" and not Certificate.objects.exists()


def test_admin_switches_handover_off_per_item_and_for_the_county(issue, civil_affairs_admin):
    alive = get_item("GJ1-10")
    set_handover(actor=civil_affairs_admin, item=alive, enabled=False, reason="信息共享已上线")
    refused = issue(item="GJ1-10", facts={**RESIDENT, "fact": "x"}, handover=HANDOVER)
    assert refused.error.code == "item_not_retained"
    assert Demand.objects.get().reason == Demand.Reason.HANDOVER_DISABLED
    set_handover(actor=civil_affairs_admin, item=None, enabled=False, reason="全县关闭")
    assert isinstance(
        issue(item="GJ1-08", facts={**RESIDENT, "fact": "x"}, handover=HANDOVER), Refused
    )
    assert not Certificate.objects.exists()


def test_a_clerk_cannot_switch_the_handover(catalogue, yanghe_clerk):
    with pytest.raises(PermissionDenied):
        set_handover(actor=yanghe_clerk, item=None, enabled=False, reason="x")


def test_revocation_shows_at_once_and_cannot_repeat(issue, yanghe_clerk):
    certificate = issue()
    revoke_certificate(
        actor=yanghe_clerk,
        certificate=certificate,
        category="wrong_information",
        reason="居民搬离，信息有误",
    )
    assert verify_token(certificate.document.token).status == "revoked"
    with pytest.raises(RuleViolation) as excinfo:
        revoke_certificate(
            actor=yanghe_clerk, certificate=certificate, category="other", reason="again"
        )
    assert excinfo.value.code == "already_revoked"


def test_another_communitys_clerk_cannot_revoke(issue, lijun_clerk):
    certificate = issue()
    with pytest.raises(PermissionDenied):
        revoke_certificate(actor=lijun_clerk, certificate=certificate, category="other", reason="x")


def test_a_desk_refusal_is_logged_with_the_demanding_unit(catalogue, yanghe_clerk, yanghe):
    refusal = refuse_at_desk(
        actor=yanghe_clerk, community=yanghe, item="无犯罪记录证明", requester="某培训学校"
    )
    assert refusal.reason == Demand.Reason.CANCELLED and refusal.item.code == "GJ1-05"


def test_a_retained_item_is_refused_only_with_a_reason(catalogue, yanghe_clerk, yanghe):
    with pytest.raises(RuleViolation) as excinfo:
        refuse_at_desk(actor=yanghe_clerk, community=yanghe, item="居住证明", requester="学校")
    assert "note" in excinfo.value.fields
    refusal = refuse_at_desk(
        actor=yanghe_clerk,
        community=yanghe,
        item="居住证明",
        requester="学校",
        note="申请人不在本社区居住，无法核实",
    )
    assert refusal.reason == Demand.Reason.UNVERIFIABLE


def test_issuing_works_for_every_retained_demo_item(issue):
    samples = {
        "YN-B01": {
            "relative_name": "马大山",
            "relative_id_number": "34052419800101001X",
            "relation": "父女",
            "committee": "居民委员会",
        },
        "YN-B02": {
            "agent_name": "李四",
            "agent_id_number": "11010519491231002X",
            "agent_phone": "13912345678",
            "opponent": "王五",
        },
        "YN-B04": {"address": "杨和镇示例路1号", "members": "3", "cause": "因病致贫"},
        "YN-B05": {"members": "配偶马大山，女儿马小小"},
    }
    for code, facts in samples.items():
        assert issue(item=code, facts={**RESIDENT, **facts}).item.code == code
    assert len({c.serial for c in Certificate.objects.all()}) == 4


def test_a_number_taken_while_drawing_is_drawn_again_never_skipped(issue, monkeypatch):
    from jianzheng.certificates import services

    real_render = services._render
    calls = []

    def render_while_another_clerk_issues(prepared, sequence, *args):
        calls.append(sequence)
        if len(calls) == 1:
            monkeypatch.setattr(services, "_render", real_render)
            issue()  # takes the number this paper was drawn with
            monkeypatch.setattr(services, "_render", render_while_another_clerk_issues)
        return real_render(prepared, sequence, *args)

    monkeypatch.setattr(services, "_render", render_while_another_clerk_issues)
    certificate = issue()
    assert calls == [1, 2] and certificate.sequence == 2
    assert certificate.serial.endswith("-000002")
    assert token_from_pdf(bytes(certificate.pdf.content)) == certificate.document.token
    assert sorted(Certificate.objects.values_list("sequence", flat=True)) == [1, 2]


def test_an_empty_request_names_every_missing_field_at_once(issue):
    with pytest.raises(RuleViolation) as excinfo:
        issue(facts={}, checks=[], purpose="", requester="")
    assert {
        "purpose",
        "requester",
        "facts.holder_name",
        "facts.holder_id_number",
        "facts.address",
        "checks",
    } <= set(excinfo.value.fields)


def test_full_width_digits_and_spaces_in_an_id_number_are_the_same_number(issue):
    typed = "６４０１２１ １９９００３０７１２３２"
    certificate = issue(facts={**RESIDENCE_FACTS, "holder_id_number": typed})
    assert certificate.holder_id_number == "640121199003071232"


def test_a_deactivated_community_issues_nothing(issue, yanghe):
    yanghe.is_active = False
    yanghe.save()
    with pytest.raises(PermissionDenied):
        issue()


def test_a_fact_dated_in_the_future_is_not_certified(issue):
    with pytest.raises(RuleViolation) as excinfo:
        issue(facts={**RESIDENCE_FACTS, "since": "2999-01-01"})
    assert "不能晚于今天" in excinfo.value.fields["facts.since"]


def test_facts_that_contradict_the_id_number_are_refused(issue):
    with pytest.raises(RuleViolation) as excinfo:
        # 640121199003071232: born 1990-03-07, sequence digit 3 (odd) = male.
        issue(facts={**RESIDENCE_FACTS, "gender": "女", "since": "1980-01-01"})
    fields = excinfo.value.fields
    assert "号码显示为男" in fields["facts.gender"]
    assert "不能早于持证人出生日期" in fields["facts.since"]


def test_a_refusal_inside_the_callers_transaction_is_kept_with_it(issue, catalogue):
    """The service used to write the refusal and then raise: inside an outer transaction the
    error rolled the evidence back. Now it returns the outcome and the record stays."""
    with transaction.atomic():
        refused = issue(item="GJ1-10", facts={**RESIDENT, "fact": "健在"}, requester="某保险公司")
    assert isinstance(refused, Refused) and refused.refusal is not None
    assert Demand.objects.get().requester == "某保险公司"
    assert refused.error.details["refusal_id"] == refused.refusal.pk


def test_a_preview_of_a_refused_item_writes_nothing(catalogue, yanghe_clerk, yanghe):
    with pytest.raises(RuleViolation) as excinfo:
        preview_certificate(
            actor=yanghe_clerk,
            community=yanghe,
            item="GJ1-10",
            facts=RESIDENT,
            purpose="办理保险",
            requester="某保险公司",
        )
    assert excinfo.value.code == "item_not_retained"
    assert not Demand.objects.exists()
