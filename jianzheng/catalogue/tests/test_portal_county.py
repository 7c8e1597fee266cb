"""A resident of one county of the region looks up that county's list (issue 8): the portal says
whose list it shows, lets them switch, remembers the choice, and asks first when it cannot know."""

import pytest

from jianzheng.catalogue.portal import COOKIE

SHOWING = "正在查看：<strong>{}</strong> 证明事项清单"
# Every portal page that reads the list (the sample PDF is tested on its own below).
PAGES = [
    "/",
    "/list",
    "/search?q=居住",
    "/items/YN-B03",
    "/history",
    "/history/1",
    "/policy",
    "/report?item=YN-B03",
]


@pytest.fixture
def two_counties(catalogue, helan, settings):
    """永宁县 and 贺兰县 on one platform, no default county set."""
    settings.DEFAULT_COUNTY = ""


def _text(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize("path", PAGES)
def test_a_one_county_portal_names_its_county_and_offers_no_switch(client, catalogue, path):
    response = client.get(path)
    assert response.status_code == 200
    assert SHOWING.format("永宁县") in _text(response)
    assert 'name="county"' not in _text(response)


@pytest.mark.parametrize("path", PAGES)
def test_with_several_counties_and_no_default_the_resident_picks_first(client, two_counties, path):
    response = client.get(path)
    text = _text(response)
    assert response.status_code == 200
    assert "请选择县（市、区）" in text and "正在查看" not in text
    assert "永宁县" in text and "贺兰县" in text
    assert COOKIE not in response.cookies


@pytest.mark.parametrize("path", PAGES)
def test_every_page_shows_the_county_named_in_the_address(client, two_counties, path):
    path = path.replace("YN-B03", "HL-B01")  # 贺兰县's own 户籍类 proof
    joiner = "&" if "?" in path else "?"
    response = client.get(f"{path}{joiner}county=640122")
    assert response.status_code == 200
    assert SHOWING.format("贺兰县") in _text(response)


def test_an_item_of_another_countys_list_is_not_found_in_this_one(client, two_counties):
    assert client.get("/items/YN-B03?county=640122").status_code == 404
    assert client.get("/items/HL-B01?county=640121").status_code == 404
    assert client.get("/items/HL-B01?county=640122").status_code == 200


def test_the_history_is_of_the_county_shown(client, two_counties):
    helan = _text(client.get("/history/1?county=640122"))
    yongning = _text(client.get("/history/1?county=640121"))
    assert "HL-B01" in helan and "YN-B03" not in helan
    assert "YN-B03" in yongning and "HL-B01" not in yongning


def test_the_whole_list_and_the_site_name_are_of_the_county_shown(client, two_counties):
    text = _text(client.get("/list?county=640122"))
    assert "<h1>贺兰县村（社区）证明事项清单</h1>" in text
    assert "贺兰县村（社区）证明事项查询</a>" in text and "永宁县村（社区）" not in text


def test_the_picked_county_is_remembered_on_the_next_pages(client, two_counties):
    picked = client.get("/list?county=640122")
    assert picked.cookies[COOKIE].value == "640122"
    assert picked.cookies[COOKIE]["samesite"] == "Lax"
    for path in ("/", "/search?q=jzzm", "/items/GJ1-10"):
        assert SHOWING.format("贺兰县") in _text(client.get(path)), path
    client.get("/?county=640121")
    assert SHOWING.format("永宁县") in _text(client.get("/list"))


def test_the_switch_lists_every_county_and_keeps_the_query(client, two_counties):
    text = _text(client.get("/search?q=居住&page=2&county=640122"))
    assert '<form method="get" action="" class="county-switch no-print">' in text
    assert '<option value="640121">永宁县</option>' in text
    assert '<option value="640122" selected>贺兰县</option>' in text
    assert '<input type="hidden" name="q" value="居住">' in text
    assert 'name="page"' not in text.split("county-switch")[1].split("</form>")[0]


def test_the_picker_links_keep_what_the_resident_searched_for(client, two_counties):
    text = _text(client.get("/search?q=健在"))
    assert 'href="?q=%E5%81%A5%E5%9C%A8&amp;county=640122"' in text


@pytest.mark.parametrize("code", ["999999", "640121100", "<b>"])
def test_an_unknown_county_in_the_address_is_refused_on_the_picker(client, two_counties, code):
    response = client.get("/list", {"county": code})
    assert response.status_code == 400
    assert "请选择县（市、区）" in _text(response)
    assert "未知的县（市、区）代码：" in _text(response)
    assert "<b>" not in _text(response)
    assert COOKIE not in response.cookies


def test_a_remembered_county_the_platform_no_longer_serves_is_forgotten(client, catalogue):
    client.cookies[COOKIE] = "640122"  # 贺兰县 is not on this one-county platform
    assert SHOWING.format("永宁县") in _text(client.get("/"))


def test_the_default_county_is_shown_until_the_resident_picks_another(
    client, catalogue, helan, settings
):
    settings.DEFAULT_COUNTY = "640122"
    assert SHOWING.format("贺兰县") in _text(client.get("/"))
    client.get("/?county=640121")
    assert SHOWING.format("永宁县") in _text(client.get("/"))


@pytest.mark.pdf
def test_the_sample_pdf_is_of_the_county_picked(client, two_counties):
    assert "请选择县（市、区）" in _text(client.get("/items/HL-B01/sample.pdf"))
    response = client.get("/items/HL-B01/sample.pdf?county=640122")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert client.get("/items/HL-B01/sample.pdf?county=640121").status_code == 404
