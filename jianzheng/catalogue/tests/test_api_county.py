"""One platform, several counties: the public catalogue API says whose list answered and takes
`county=<6-digit code>` (issue 8); a code it does not know is refused, never guessed."""

import pytest

ENDPOINTS = [
    ("/api/v1/catalogue/check", {"name": "居住证明"}),
    ("/api/v1/catalogue/items", {"q": "居住"}),
    ("/api/v1/catalogue/items/GJ1-10", {}),  # the first batch is cancelled in every county
]
YONGNING = {"code": "640121", "name": "永宁县"}
HELAN = {"code": "640122", "name": "贺兰县"}


@pytest.mark.parametrize(("path", "params"), ENDPOINTS)
def test_a_one_county_deployment_answers_from_its_only_county(client, catalogue, path, params):
    omitted = client.get(path, params)
    named = client.get(path, {**params, "county": "640121"})
    assert omitted.status_code == named.status_code == 200
    assert omitted.json()["county"] == named.json()["county"] == YONGNING


def test_the_item_in_a_check_answer_names_the_county_too(client, catalogue):
    body = client.get("/api/v1/catalogue/check", {"name": "单身证明"}).json()
    assert body["decision"] == "do_not_issue" and body["item"]["county"] == YONGNING


@pytest.mark.parametrize("code", ["999999", "640122", "640121100", "永宁县", "64012１"])
@pytest.mark.parametrize(("path", "params"), ENDPOINTS)
def test_an_unknown_county_is_a_400_naming_the_field(client, catalogue, path, params, code):
    # 640122 is a real county, but not one this (one-county) deployment serves.
    response = client.get(path, {**params, "county": code})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "unknown_county"
    assert error["message"] == f"未知的县（市、区）代码：{code}"
    assert set(error["fields"]) == {"county"}


@pytest.mark.parametrize(("path", "params"), ENDPOINTS)
def test_with_several_counties_and_no_default_the_caller_must_name_one(
    client, catalogue, helan, settings, path, params
):
    settings.DEFAULT_COUNTY = ""
    response = client.get(path, params)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "county_required"
    assert response.json()["error"]["fields"] == {"county": "请选择县（市、区）"}
    chosen = client.get(path, {**params, "county": "640122"})
    assert chosen.status_code == 200 and chosen.json()["county"] == HELAN
    other = client.get(path, {**params, "county": "640121"})
    assert other.status_code == 200 and other.json()["county"] == YONGNING


@pytest.mark.parametrize(("path", "params"), ENDPOINTS)
def test_the_deployments_default_county_answers_when_none_is_named(
    client, catalogue, helan, settings, path, params
):
    settings.DEFAULT_COUNTY = "640122"
    assert client.get(path, params).json()["county"] == HELAN


def test_a_countys_own_item_is_not_in_another_countys_list(client, catalogue, helan, settings):
    settings.DEFAULT_COUNTY = ""
    assert client.get("/api/v1/catalogue/items/YN-B03", {"county": "640121"}).status_code == 200
    missing = client.get("/api/v1/catalogue/items/YN-B03", {"county": "640122"})
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


def test_the_published_document_declares_the_county_parameter_and_the_400(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/catalogue/check",
        "/api/v1/catalogue/items",
        "/api/v1/catalogue/items/{code}",
    ):
        operation = paths[path]["get"]
        assert "county" in {p["name"] for p in operation["parameters"] if p["in"] == "query"}
        assert "400" in operation["responses"]
