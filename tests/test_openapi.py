"""The OpenAPI document is the truth: one schema per name, every answer declared, every operation
called with a success and an error (each answer is checked by tests/openapi_contract.py)."""

import datetime as dt
import typing
from collections import defaultdict

import pytest
from django.utils import timezone
from pydantic import BaseModel

from jianzheng.accounts.roles import Role
from jianzheng.accounts.services import create_api_token, create_user
from jianzheng.api.main import api
from jianzheng.regions.models import Region, Unit
from jianzheng.sharing.reference import load_reference_facts
from tests.openapi_contract import DOCUMENT_URL, RECORDED

RESIDENCE = {
    "item": "YN-B03",
    "facts": {
        "holder_name": "马小花",
        "holder_id_number": "640121199003071232",
        "gender": "男",
        "address": "永宁县杨和镇示例路8号",
        "since": "2019-05-01",
        "tenure": "租住",
    },
    "checks": [{"method": "home_visit", "note": "2026年11月入户查看"}],
    "purpose": "办理居住证",
    "requester": "永宁县公安局杨和派出所",
}


SHARING = {
    "holder": "640121-GAJ",
    "fact": "hukou-address",
    "subject_name": "马小花",
    "subject_id_number": "640121199003071232",
    "particulars": {"address": "永宁县杨和镇示例路8号"},
    "purpose": "办理城乡居民最低生活保障申请",
    "case_number": "YHZ-2026-0012",
    "legal_basis": "《社会救助暂行办法》第十一条",
    "replaces_item": "YN-B03",
}


def _schemas_under(annotation, found: set) -> None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation not in found:
            found.add(annotation)
            for field in annotation.model_fields.values():
                _schemas_under(field.annotation, found)
        return
    for argument in typing.get_args(annotation):
        _schemas_under(argument, found)


def api_schemas() -> set[type[BaseModel]]:
    """Every schema an operation takes or returns, however deep. ninja's own wrappers (the
    per-operation params and response models) are skipped: they are not published by name."""
    found: set = set()
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                wrappers = [*operation.models, *operation.response_models.values()]
                for wrapper in wrappers:
                    for field in getattr(wrapper, "model_fields", {}).values():
                        _schemas_under(field.annotation, found)
    return found


def test_no_two_api_schemas_share_a_name():
    # ninja files schemas under their class name and the last one wins, silently.
    classes = defaultdict(set)
    for schema in api_schemas():
        classes[schema.__name__].add(f"{schema.__module__}.{schema.__qualname__}")
    assert {name: sorted(c) for name, c in classes.items() if len(c) > 1} == {}


def test_the_walk_finds_the_schemas_the_document_publishes(client, db):
    published = set(client.get(DOCUMENT_URL).json()["components"]["schemas"])
    assert published == {schema.__name__ for schema in api_schemas()}


def test_every_operation_declares_its_errors_with_the_error_envelope(client, db):
    document = client.get(DOCUMENT_URL).json()
    undeclared, other_shapes = [], []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            codes = [code for code in operation["responses"] if code.startswith("4")]
            if not codes:
                undeclared.append(f"{method.upper()} {path}")
            for code in codes:
                schema = operation["responses"][code]["content"]["application/json"]["schema"]
                if schema != {"$ref": "#/components/schemas/ErrorOut"}:
                    other_shapes.append(f"{method.upper()} {path} {code}")
    assert undeclared == [] and other_shapes == []


def _commitment_operations(call, expect, clerk):
    """Issue 9's endpoints: a platform's commitment, its check, the credit record it leads to."""
    from jianzheng.accounts.roles import Role
    from jianzheng.accounts.services import create_user
    from jianzheng.commitments.reference import load_commitment_items
    from jianzheng.core import workdays
    from jianzheng.core.apps import load_calendar
    from jianzheng.regions.models import Unit

    workdays.forget_cached_calendar()
    load_calendar(demo=False)
    workdays.forget_cached_calendar()
    load_commitment_items(demo=True)

    def person(username, unit, role):
        unit = Unit.objects.get(code=unit)
        return create_user(
            actor=None,
            username=username,
            password="correct-horse-9",
            unit=unit,
            role=role,
            full_name=username,
            validate=False,
        )

    civil = person("api_mzj", "640121-MZJ", Role.CIVIL_AFFAIRS_ADMIN)
    fgj = person("api_fgj", "640121-FGJ", Role.CREDIT_OFFICER)
    body = {
        "item": "GJ1-08",
        "department": "640121-MZJ",
        "case_number": "MZ-0",
        "applicant_name": "马小花",
        "applicant_id_number": "640121199003071232",
        "applicant_phone": "13800000001",
        "clauses_accepted": [1, 2, 3, 4],
    }
    made = "/api/v1/commitments"
    expect(401, call(None, "post", made, body))
    expect(403, call(clerk, "post", made, body))
    expect(422, call(civil, "post", made, {**body, "clauses_accepted": []}))
    for n in range(60):
        created = expect(201, call(civil, "post", made, {**body, "case_number": f"MZ-{n}"})).json()
        if created["sampled"]:
            break
    serial = created["serial"]
    expect(200, call(civil, "get", f"{made}/{serial}"))
    expect(404, call(clerk, "get", f"{made}/{serial}"))
    expect(200, call(civil, "get", f"{made}/{serial}/pdf"))
    expect(404, call(clerk, "get", f"{made}/{serial}/pdf"))
    checks = "/api/v1/post-checks"
    queue = expect(200, call(civil, "get", checks, state="due")).json()
    expect(422, call(civil, "get", checks, state="late"))
    result = f"{checks}/{queue['items'][0]['id']}/result"
    expect(422, call(civil, "post", result, {"fulfilled": False}))
    untrue = {
        "fulfilled": False,
        "basis": "《婚姻登记条例》",
        "how": "信息核对",
        "findings": "承诺未婚，登记为已婚",
        "evidence": "登记信息",
    }
    expect(200, call(civil, "post", result, untrue))
    check = f"{checks}/{queue['items'][0]['id']}"
    confirmation = {"answer": "无", "measure_basis": "42号"}
    expect(409, call(civil, "post", f"{check}/confirmation", confirmation))
    expect(422, call(civil, "post", f"{check}/notice", {"notice_method": ""}))
    expect(200, call(civil, "post", f"{check}/notice", {"notice_method": "电话"}))
    expect(409, call(civil, "post", f"{check}/notice", {"notice_method": "电话"}))
    expect(422, call(civil, "post", f"{check}/confirmation", {**confirmation, "months": 99}))
    expect(200, call(civil, "post", f"{check}/confirmation", confirmation))
    decided = expect(
        201, call(civil, "post", made, {**body, "applicant_id_number": "640121198001012314"})
    ).json()["serial"]
    expect(200, call(civil, "post", f"{made}/{decided}/decision"))
    expect(409, call(civil, "post", f"{made}/{decided}/decision"))
    other = expect(
        201, call(civil, "post", made, {**body, "applicant_id_number": "64012119850505231X"})
    )
    withdraw = f"{made}/{other.json()['serial']}/withdraw"
    expect(200, call(civil, "post", withdraw, {}))
    expect(409, call(civil, "post", withdraw, {}))
    expect(409, call(civil, "post", made, {**body, "case_number": "blocked"}))
    credit = "/api/v1/credit-records"
    record = expect(200, call(fgj, "get", credit)).json()["items"][0]["id"]
    expect(403, call(clerk, "get", credit))
    expect(200, call(fgj, "get", f"{credit}/export", format="json"))
    expect(200, call(fgj, "get", f"{credit}/export", format="csv"))
    expect(422, call(fgj, "get", f"{credit}/export", format="xml"))
    expect(200, call(fgj, "post", f"{credit}/{record}/publish"))
    expect(409, call(fgj, "post", f"{credit}/{record}/publish"))
    expect(422, call(fgj, "post", f"{credit}/{record}/objection", {"decision": "maybe"}))
    objection = {"reason": "不服", "decision": "rejected", "note": "证据充分"}
    expect(200, call(fgj, "post", f"{credit}/{record}/objection", objection))
    expect(422, call(fgj, "post", f"{credit}/{record}/repair", {"basis": ""}))
    expect(200, call(fgj, "post", f"{credit}/{record}/repair", {"basis": "已修复"}))


def _workitem_operations(call, expect, clerk, police_officer):
    """Issue 12's endpoints: the public lists, a request and its decision, the agreement, a push."""
    from jianzheng.workitems.reference import load_work_items

    load_work_items(demo=True)
    expect(200, call(None, "get", "/api/v1/work-items", county="640121", category="duty"))
    expect(400, call(None, "get", "/api/v1/work-items", county="999999"))
    admin = Unit.objects.get(code="640121-MZJ")
    mzj = create_user(
        actor=None,
        username="api_workitems_mzj",
        password="correct-horse-9",
        unit=admin,
        role=Role.CIVIL_AFFAIRS_ADMIN,
        validate=False,
    )
    today = timezone.localdate()
    body = {
        "kind": "task",
        "title": "独居老人入户走访",
        "reason": "冬季安全",
        "legal_basis": "《老年人权益保障法》",
        "communities": ["640121100001"],
        "hours_per_month": "6",
        "funding_amount": "3000",
        "funding_method": "一次性拨付",
        "term_start": today.isoformat(),
        "term_end": (today + dt.timedelta(days=60)).isoformat(),
    }
    requests = "/api/v1/work-item-requests"
    made = expect(201, call(police_officer, "post", requests, body)).json()
    expect(422, call(police_officer, "post", requests, {**body, "legal_basis": ""}))
    decision = f"{requests}/{made['id']}/decision"
    expect(404, call(clerk, "post", decision, {"decision": "approve", "reason": "同意"}))
    expect(200, call(mzj, "post", decision, {"decision": "approve", "reason": "同意"}))
    agreements = "/api/v1/service-agreements"
    expect(200, call(clerk, "get", agreements))
    expect(422, call(clerk, "get", agreements, limit=0))
    pushes = "/api/v1/work-pushes"
    push = {"community": "640121100001", "department": "640121-WJJ", "title": "问卷调查"}
    assert expect(201, call(clerk, "post", pushes, push)).json()["decision"] == "refused"
    expect(404, call(clerk, "post", pushes, {**push, "community": "640121101001"}))
    expect(200, call(mzj, "get", pushes, department="640121-WJJ"))
    expect(401, call(None, "get", pushes))


def _evaluation_operations(call, expect, issued, admin):
    """Issue 14's endpoints: a rating, the published evaluations and one community's breakdown."""
    from jianzheng.evaluation import schemes

    ratings = "/api/v1/ratings"
    rating = {"case": issued["serial"], "secret": issued["check_code"], "grade": "dissatisfied"}
    expect(201, call(None, "post", ratings, rating))
    expect(409, call(None, "post", ratings, rating))
    expect(404, call(None, "post", ratings, {**rating, "secret": "WRONG-CODE1"}))
    expect(422, call(None, "post", ratings, {**rating, "grade": "fine"}))
    year = timezone.localdate().year
    evaluations = "/api/v1/evaluations"
    expect(404, call(None, "get", evaluations, county="640121", period=str(year)))
    scheme = schemes.create_scheme(
        actor=admin,
        county=Region.objects.get(code="640121"),
        period=str(year),
        name=f"{year}年度综合考评",
        start=dt.date(year, 1, 1),
        end=dt.date(year, 12, 31),
        with_defaults=True,
    )
    schemes.run_scheme(actor=admin, scheme=scheme)
    schemes.publish_scheme(actor=admin, scheme=scheme)
    expect(200, call(None, "get", evaluations, county="640121", period=str(year)))
    expect(400, call(None, "get", evaluations, county="999999", period=str(year)))
    expect(422, call(None, "get", evaluations, county="640121"))
    expect(200, call(None, "get", f"{evaluations}/{year}/640121100001"))
    expect(404, call(None, "get", f"{evaluations}/1999/640121100001"))


def _signage_operations(call, expect, clerk, officer):
    from jianzheng.signage.services import create_venue

    venue = create_venue(actor=clerk, community=clerk.membership.unit, name="党群服务中心")
    plaque = {
        "venue": venue.pk,
        "position": "door_side",
        "orientation": "vertical",
        "text": "社区矫正工作站",
        "width_cm": 60,
        "height_cm": 240,
    }
    expect(201, call(clerk, "post", "/api/v1/plaques", plaque))
    expect(422, call(clerk, "post", "/api/v1/plaques", {**plaque, "position": "roof"}))
    expect(200, call(officer, "get", "/api/v1/plaques"))
    expect(401, call(None, "get", "/api/v1/plaques"))
    posting = {"venue": venue.pk, "title": "工作职责", "kind": "internal"}
    expect(201, call(clerk, "post", "/api/v1/wall-postings", posting))
    expect(422, call(clerk, "post", "/api/v1/wall-postings", {**posting, "kind": "x"}))
    expect(200, call(officer, "get", "/api/v1/wall-postings"))
    expect(401, call(None, "get", "/api/v1/wall-postings"))
    award = {"venue": venue.pk, "title": "示范社区", "where": "wall"}
    expect(201, call(clerk, "post", "/api/v1/awards", award))
    expect(422, call(clerk, "post", "/api/v1/awards", {**award, "where": "x"}))
    expect(200, call(officer, "get", "/api/v1/awards"))
    expect(401, call(None, "get", "/api/v1/awards"))
    expect(200, call(officer, "get", "/api/v1/plaques/compliance", unit="640121100"))
    expect(404, call(officer, "get", "/api/v1/plaques/compliance", unit="640121101001"))
    board = "/api/v1/plaques/guide-board/640121100001.pdf"
    expect(200, call(officer, "get", board))
    expect(404, call(officer, "get", "/api/v1/plaques/guide-board/640121101001.pdf"))


def _campaign_operations(call, expect, clerk, police_officer):
    """Issue 15's endpoints: the campaign, its tasks, a progress report, the census, the dashboard."""
    from jianzheng.campaign.services import load_seed_campaign

    load_seed_campaign(demo=True)
    mzj = create_user(
        actor=None,
        username="api_campaign_mzj",
        password="correct-horse-9",
        unit=Unit.objects.get(code="640121-MZJ"),
        role=Role.CIVIL_AFFAIRS_ADMIN,
        validate=False,
    )
    campaigns = expect(200, call(mzj, "get", "/api/v1/campaigns")).json()
    expect(401, call(None, "get", "/api/v1/campaigns"))
    tasks_path = f"/api/v1/campaigns/{campaigns['items'][0]['id']}/tasks"
    tasks = expect(200, call(mzj, "get", tasks_path)).json()["tasks"]
    expect(404, call(mzj, "get", "/api/v1/campaigns/999999/tasks"))
    progress = f"/api/v1/tasks/{tasks[0]['id']}/progress"
    expect(201, call(mzj, "post", progress, {"state": "under_way", "summary": "正在摸底"}))
    expect(
        403,
        call(
            police_officer,
            "post",
            f"/api/v1/tasks/{tasks[4]['id']}/progress",
            {"state": "done", "summary": "x"},
        ),
    )
    expect(422, call(mzj, "post", progress, {"state": "done", "summary": ""}))
    expect(200, call(mzj, "get", "/api/v1/census/issued", scope="640121"))
    expect(200, call(mzj, "get", "/api/v1/census/issued", scope="640121", format="xlsx"))
    expect(404, call(mzj, "get", "/api/v1/census/issued", scope="640122"))
    expect(
        422, call(mzj, "get", "/api/v1/census/issued", **{"from": "2026-02-01", "to": "2026-01-01"})
    )
    expect(200, call(mzj, "get", "/api/v1/census/legal-bases", county="640121"))
    expect(404, call(mzj, "get", "/api/v1/census/legal-bases", county="640122"))
    expect(200, call(mzj, "get", "/api/v1/dashboard", scope="640121100"))
    expect(403, call(police_officer, "get", "/api/v1/dashboard"))
    expect(401, call(None, "get", "/api/v1/census/legal-bases"))
    expect(401, call(None, "get", "/api/v1/census/issued"))
    expect(401, call(None, "post", progress, {"state": "done", "summary": "x"}))


def _caller(client):
    tokens = {}

    def call(user, method, path, body=None, **query):
        headers = {}
        if user is not None:
            if user.pk not in tokens:
                tokens[user.pk] = create_api_token(actor=None, user=user)[1]
            headers["authorization"] = f"Bearer {tokens[user.pk]}"
        if method == "get":
            return client.get(path, query, headers=headers)
        return client.post(path, body, content_type="application/json", headers=headers)

    return call


@pytest.mark.pdf
def test_every_operation_answers_as_documented_on_success_and_on_error(
    client, catalogue, keys, yanghe, yanghe_clerk, lijun_clerk, yanghe_officer, police_officer
):
    call = _caller(client)
    start = len(RECORDED)

    def expect(status, response):
        assert response.status_code == status, response.content.decode()[:500]
        return response

    expect(200, call(None, "get", "/api/v1/catalogue/items", q="居住"))
    expect(422, call(None, "get", "/api/v1/catalogue/items", page_size=1000))
    expect(200, call(None, "get", "/api/v1/catalogue/items/YN-B03"))
    expect(404, call(None, "get", "/api/v1/catalogue/items/YN-NONE"))
    expect(200, call(None, "get", "/api/v1/catalogue/check", name="单身证明"))
    expect(422, call(None, "get", "/api/v1/catalogue/check", name=""))

    certificates = "/api/v1/certificates"
    body = {**RESIDENCE, "community": yanghe.code}
    issued = expect(201, call(yanghe_clerk, "post", certificates, body)).json()
    expect(401, call(None, "post", certificates, body))
    expect(403, call(yanghe_officer, "post", certificates, body))
    expect(404, call(lijun_clerk, "post", certificates, body))
    refused = expect(422, call(yanghe_clerk, "post", certificates, {**body, "item": "单身证明"}))
    assert refused.json()["error"]["details"]["decision"] == "do_not_issue"

    serial = issued["serial"]
    expect(200, call(yanghe_officer, "get", certificates))
    expect(403, call(police_officer, "get", certificates))
    expect(422, call(yanghe_clerk, "get", certificates, cursor="%%%"))
    expect(200, call(yanghe_officer, "get", f"{certificates}/{serial}"))
    expect(404, call(lijun_clerk, "get", f"{certificates}/{serial}"))
    expect(200, call(yanghe_clerk, "get", f"{certificates}/{serial}/pdf"))
    expect(403, call(yanghe_officer, "get", f"{certificates}/{serial}/pdf"))

    expect(200, call(None, "post", "/api/v1/verify", {"token": issued["token"]}))
    by_code = {"serial": issued["serial"], "check_code": issued["check_code"]}
    expect(200, call(None, "post", "/api/v1/verify", by_code))
    bad_token = {"authorization": "Bearer jz_not-a-real-token"}
    verify = client.post(
        "/api/v1/verify", {"token": issued["token"]}, "application/json", headers=bad_token
    )
    expect(401, verify)
    expect(422, call(None, "post", "/api/v1/verify", {}))

    revoke = f"{certificates}/{serial}/revoke"
    expect(422, call(yanghe_clerk, "post", revoke, {"reason": ""}))
    expect(200, call(yanghe_clerk, "post", revoke, {"category": "other", "reason": "填错"}))
    expect(409, call(yanghe_clerk, "post", revoke, {"category": "other", "reason": "再撤"}))

    refusal = {"community": yanghe.code, "item": "单身证明", "demanded_by": "某婚介公司"}
    expect(201, call(yanghe_clerk, "post", "/api/v1/refusals", refusal))
    expect(422, call(yanghe_clerk, "post", "/api/v1/refusals", {**refusal, "demanded_by": ""}))
    expect(200, call(yanghe_officer, "get", "/api/v1/refusals"))
    expect(403, call(police_officer, "get", "/api/v1/refusals"))

    load_reference_facts()
    sharing = "/api/v1/sharing-checks"
    asked = expect(201, call(yanghe_officer, "post", sharing, SHARING)).json()
    expect(401, call(None, "post", sharing, SHARING))
    expect(403, call(yanghe_clerk, "post", sharing, SHARING))
    expect(422, call(yanghe_officer, "post", sharing, {**SHARING, "purpose": ""}))
    expect(200, call(police_officer, "get", sharing, role="holder"))
    expect(403, call(yanghe_clerk, "get", sharing))
    expect(422, call(police_officer, "get", sharing, role="nobody"))
    expect(200, call(yanghe_officer, "get", f"{sharing}/{asked['id']}"))
    expect(404, call(lijun_clerk, "get", f"{sharing}/{asked['id']}"))
    answer = f"{sharing}/{asked['id']}/answer"
    expect(404, call(lijun_clerk, "post", answer, {"answer": "yes"}))
    expect(403, call(yanghe_officer, "post", answer, {"answer": "yes"}))
    expect(422, call(police_officer, "post", answer, {"answer": "maybe"}))
    expect(200, call(police_officer, "post", answer, {"answer": "yes"}))
    expect(409, call(police_officer, "post", answer, {"answer": "no"}))
    expect(200, call(yanghe_officer, "get", f"{sharing}/avoided"))
    expect(400, call(yanghe_officer, "get", f"{sharing}/avoided", county="999999"))
    expect(401, call(None, "get", f"{sharing}/avoided"))
    expect(422, call(yanghe_officer, "get", f"{sharing}/avoided", to="not-a-date"))

    complaints = "/api/v1/complaints"
    report = {
        "unit": "640121-GAJ",
        "item": "GJ1-10",
        "date": (timezone.localdate() - dt.timedelta(days=2)).isoformat(),
        "place": "公安窗口",
        "description": "窗口要求到社区开具健在证明。",
    }
    made = expect(201, call(None, "post", complaints, report)).json()
    expect(422, call(None, "post", complaints, {**report, "place": ""}))
    case = f"{complaints}/{made['tracking_number']}"
    secret = {"x-complaint-secret": made["secret"]}
    expect(200, client.get(case, headers=secret))
    expect(404, client.get(case))
    message = f"{case}/messages"
    expect(201, client.post(message, {"text": "补充情况"}, "application/json", headers=secret))
    expect(422, client.post(message, {"text": ""}, "application/json", headers=secret))
    admin = create_user(
        actor=None,
        username="openapi_admin",
        password="correct-horse-9",
        unit=Unit.objects.get(code="640121-MZJ"),
        role=Role.CIVIL_AFFAIRS_ADMIN,
        validate=False,
    )
    rows = expect(200, call(admin, "get", complaints)).json()
    expect(401, call(None, "get", complaints))
    move = f"{complaints}/{rows['items'][0]['id']}/transition"
    expect(409, call(admin, "post", move, {"to": "closed"}))
    expect(200, call(admin, "post", move, {"to": "accepted"}))
    expect(200, call(None, "get", "/api/v1/exposure-notices"))
    expect(400, call(None, "get", "/api/v1/exposure-notices", county="999999"))
    _commitment_operations(call, expect, yanghe_clerk)
    _workitem_operations(call, expect, yanghe_clerk, police_officer)
    _evaluation_operations(call, expect, issued, admin)
    _signage_operations(call, expect, yanghe_clerk, yanghe_officer)
    _campaign_operations(call, expect, yanghe_clerk, police_officer)

    document = client.get(DOCUMENT_URL).json()
    operations = {(m.upper(), p) for p, ops in document["paths"].items() for m in ops}
    calls = RECORDED[start:]
    succeeded = {(c.method, c.path) for c in calls if c.status < 400}
    failed = {(c.method, c.path) for c in calls if 400 <= c.status < 500}
    assert (operations - succeeded, operations - failed) == (set(), set())


@pytest.mark.pdf
def test_a_certificates_holder_says_whether_it_is_masked_in_the_document_and_the_answer(
    client, catalogue, keys, yanghe, yanghe_clerk, yanghe_officer
):
    schemas = client.get(DOCUMENT_URL).json()["components"]["schemas"]
    holder = schemas["CertificateOut"]["properties"]["holder"]
    assert holder == {"$ref": "#/components/schemas/HolderOut"}
    assert "id_masked" in schemas["HolderOut"]["required"]
    assert schemas["HolderOut"]["properties"]["id_masked"]["type"] == "boolean"

    call = _caller(client)
    body = {**RESIDENCE, "community": yanghe.code}
    issued = call(yanghe_clerk, "post", "/api/v1/certificates", body).json()
    path = f"/api/v1/certificates/{issued['serial']}"
    assert call(yanghe_clerk, "get", path).json()["holder"]["id_masked"] is False
    assert call(yanghe_officer, "get", path).json()["holder"]["id_masked"] is True
