"""The signage API as issue 13 writes it: /api/v1/plaques, /wall-postings, /awards,
/plaques/compliance?unit=, /plaques/guide-board/{community}.pdf."""

import io

from pypdf import PdfReader

from jianzheng.accounts.services import create_api_token
from tests.openapi_contract import at_length, max_lengths

MM = 72 / 25.4


def call(client, user, method, path, body=None, **query):
    headers = {}
    if user is not None:
        headers["authorization"] = f"Bearer {create_api_token(actor=None, user=user)[1]}"
    if method == "get":
        return client.get(path, query, headers=headers)
    return client.post(path, body or {}, content_type="application/json", headers=headers)


FOURTH = {
    "position": "door_side",
    "orientation": "vertical",
    "text": "社区矫正工作站",
    "width_cm": 60,
    "height_cm": 240,
    "material": "铝合金",
    "erected_by": "永宁县司法局",
}


def test_a_clerk_records_a_fourth_door_plaque_and_the_answer_names_rule_clause_and_message(
    client, venue, yanghe_clerk
):
    made = call(client, yanghe_clerk, "post", "/api/v1/plaques", {**FOURTH, "venue": venue.pk})
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["position"] == "door_side" and body["position_label"] == "大门两侧"
    (violation,) = body["violations"]
    assert violation["rule"] == "door-side-plaques" and violation["clause"] == "三(三)二"
    assert "社区矫正工作站" in violation["message"]
    listed = call(client, yanghe_clerk, "get", "/api/v1/plaques").json()
    assert listed["count"] == 7


def test_compliance_per_unit_lists_each_violation(
    client, venue, yanghe_clerk, yanghe_officer, civil_affairs_admin
):
    call(client, yanghe_clerk, "post", "/api/v1/plaques", {**FOURTH, "venue": venue.pk})
    for user, unit in ((yanghe_officer, "640121100"), (civil_affairs_admin, "640121")):
        answer = call(client, user, "get", "/api/v1/plaques/compliance", unit=unit)
        assert answer.status_code == 200, answer.content
        body = answer.json()
        assert body["unit"]["code"] == unit
        assert (body["compliant_venues"], body["total_venues"], body["compliant"]) == (0, 1, False)
        (violation,) = body["venues"][0]["violations"]
        assert {"rule", "clause", "message"} <= set(violation)
    other = call(client, yanghe_officer, "get", "/api/v1/plaques/compliance", unit="640121101001")
    assert other.status_code == 404


def test_postings_and_awards_are_recorded_and_the_wrong_ones_answer_their_clause(
    client, venue, yanghe_clerk
):
    posting = call(
        client,
        yanghe_clerk,
        "post",
        "/api/v1/wall-postings",
        {"venue": venue.pk, "title": "居委会工作职责", "kind": "internal"},
    )
    assert posting.status_code == 201
    assert [v["clause"] for v in posting.json()["violations"]] == ["三(三)三"]
    award = call(
        client,
        yanghe_clerk,
        "post",
        "/api/v1/awards",
        {"venue": venue.pk, "title": "全国示范社区", "where": "honour_room"},
    )
    assert award.status_code == 201 and award.json()["where_label"] == "荣誉室"
    assert call(client, yanghe_clerk, "get", "/api/v1/wall-postings").json()["count"] == 1
    assert call(client, yanghe_clerk, "get", "/api/v1/awards").json()["count"] == 1


def test_a_bad_plaque_answers_422_naming_the_fields(client, venue, yanghe_clerk):
    answer = call(
        client,
        yanghe_clerk,
        "post",
        "/api/v1/plaques",
        {**FOURTH, "venue": venue.pk, "position": "roof", "width_cm": "wide"},
    )
    assert answer.status_code == 422
    assert {"position", "width_cm"} <= set(answer.json()["error"]["fields"])


def test_another_communitys_clerk_cannot_record_or_see_this_venue(client, venue, lijun_clerk):
    answer = call(client, lijun_clerk, "post", "/api/v1/plaques", {**FOURTH, "venue": venue.pk})
    assert answer.status_code == 404


def test_the_guide_board_pdf_is_exactly_400_by_600_mm(client, venue, yanghe_officer):
    answer = call(client, yanghe_officer, "get", "/api/v1/plaques/guide-board/640121100001.pdf")
    assert answer.status_code == 200 and answer["content-type"] == "application/pdf"
    page = PdfReader(io.BytesIO(answer.content)).pages[0]
    assert round(float(page.mediabox.width) / MM) == 400
    assert round(float(page.mediabox.height) / MM) == 600
    assert "警务室" in page.extract_text()
    unknown = call(client, yanghe_officer, "get", "/api/v1/plaques/guide-board/640121101001.pdf")
    assert unknown.status_code == 404


def test_every_text_is_taken_as_long_as_the_document_says_and_not_one_character_more(
    client, venue, yanghe_clerk
):
    """The document once said 400 characters for a plaque's text the service cut off at 100 (and
    20000 for a posting's body at 5000): a body checked against the schema was still refused."""
    cases = [
        ("/api/v1/plaques", "PlaqueIn", {**FOURTH, "approval_reference": "永民发〔2020〕91号"},
         ("text", "material", "erected_by", "approval_reference")),
        ("/api/v1/wall-postings", "WallPostingIn",
         {"title": "居委会工作职责", "kind": "internal", "body": "一、"}, ("title", "body")),
        ("/api/v1/awards", "AwardIn",
         {"title": "全国示范社区", "where": "honour_room", "awarded_by": "民政部"},
         ("title", "awarded_by")),
    ]  # fmt: skip
    for path, component, body, texts in cases:
        limits = max_lengths(component)
        longest = {**body, "venue": venue.pk}
        longest.update({name: at_length(longest[name], limits[name], "站") for name in texts})
        for name in texts:
            answer = call(
                client, yanghe_clerk, "post", path, {**longest, name: longest[name] + "站"}
            )
            assert answer.status_code == 422, (path, name)
            assert set(answer.json()["error"]["fields"]) == {name}, (path, name)
        made = call(client, yanghe_clerk, "post", path, longest)
        assert made.status_code == 201, (path, made.content)
