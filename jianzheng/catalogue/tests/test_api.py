import pytest


@pytest.fixture
def api(client):
    return client


def test_items_search_returns_items_and_count(api, catalogue):
    body = api.get("/api/v1/catalogue/items", {"q": "jzzm"}).json()
    assert body["count"] >= 2
    assert {"健在证明", "居（租）住证明"} <= {i["name"] for i in body["items"]}
    assert body["catalogue_version"]["number"] == 1


def test_items_filter_by_status_and_paginate(api, catalogue):
    body = api.get(
        "/api/v1/catalogue/items", {"status": "cancelled", "page": 2, "page_size": 5}
    ).json()
    assert body["count"] == 20 and len(body["items"]) == 5
    assert all(i["status"] == "cancelled" for i in body["items"])


def test_an_item_has_its_legal_basis_and_alternatives(api, catalogue, alive):
    body = api.get(f"/api/v1/catalogue/items/{alive.code}").json()
    assert body["community_may_issue"] is False
    assert body["alternatives"][0]["kind"] == "data_sharing"


def test_unknown_item_is_a_json_404(api, catalogue):
    response = api.get("/api/v1/catalogue/items/NOPE")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    ("name", "decision"),
    [("居住证明", "issue"), ("单身证明", "do_not_issue"), ("宠物体检证明", "not_listed")],
)
def test_check_answers_whether_a_community_still_issues(api, catalogue, name, decision):
    body = api.get("/api/v1/catalogue/check", {"name": name}).json()
    assert body["decision"] == decision
    assert body["catalogue_version"]["number"] == 1
    if decision == "do_not_issue":
        assert body["alternatives"]
    if decision == "not_listed":
        assert body["item"] is None and "一律不再出具" in body["message"]


@pytest.mark.parametrize(
    "params",
    [{"q": "证" * 60}, {"q": "居\x01住"}, {"page": 0}, {"page_size": 1000}, {"status": "maybe"}],
)
def test_bad_search_input_is_a_json_4xx_naming_the_field(api, catalogue, params):
    response = api.get("/api/v1/catalogue/items", params)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["fields"] and error["message"]
    assert set(error["fields"]) & {"q", "page", "page_size", "status"}


def test_check_without_a_name_is_refused(api, catalogue):
    for params in ({}, {"name": "   "}):
        response = api.get("/api/v1/catalogue/check", params)
        assert response.status_code == 422
        assert "name" in response.json()["error"]["fields"]


def test_a_bad_bearer_token_is_refused_on_protected_endpoints(api, catalogue):
    response = api.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert "/api/v1/catalogue/check" in response.json()["paths"]


def test_healthz(api, db):
    assert api.get("/healthz").status_code == 200


def test_an_item_carries_its_certificate_template_for_building_the_form(api, residence):
    body = api.get(f"/api/v1/catalogue/items/{residence.code}").json()
    template = body["template"]
    assert template["version"] == 1 and template["validity_days"] > 0 and template["title"]
    fields = {f["name"]: f for f in template["fields"]}
    assert fields["holder_id_number"] == {
        "name": "holder_id_number",
        "label": fields["holder_id_number"]["label"],
        "type": "id_number",
        "required": True,
        "choices": None,
    }
    assert any(f["type"] == "choice" and f["choices"] for f in template["fields"])
    listed = api.get("/api/v1/catalogue/items", {"q": residence.name}).json()["items"]
    hit = next(i for i in listed if i["code"] == residence.code)
    assert "template" not in hit and hit["url"] == f"/items/{residence.code}"


def test_validation_errors_speak_chinese(api, catalogue):
    body = api.get("/api/v1/catalogue/items", {"page_size": 1000}).json()
    assert body["error"]["fields"]["page_size"] == "不能大于 100"


def test_api_docs_load_their_assets_from_this_server(api, db):
    html = api.get("/api/v1/docs").content.decode()
    assert "cdn." not in html and "/static/ninja/swagger-ui" in html


def test_a_body_over_the_limit_is_a_json_413(api, catalogue):
    response = api.post(
        "/api/v1/verify", b"x" * (11 * 1024 * 1024), content_type="application/json"
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"
