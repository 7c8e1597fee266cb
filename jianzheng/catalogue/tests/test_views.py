"""The public portal, as a resident with a phone would use it."""

import pytest

from jianzheng.catalogue.loading import load_reference_catalogue


@pytest.fixture
def catalogue(county):
    return load_reference_catalogue()


def test_home_page_asks_the_question_and_shows_the_version_in_force(client, catalogue):
    response = client.get("/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "这个证明还要社区开吗？" in text
    assert "第1版" in text
    assert 'href="/search?q=jzzm"' in text


def test_pinyin_initials_find_both_proofs_that_abbreviate_to_jzzm(client, catalogue):
    response = client.get("/search", {"q": "jzzm"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "健在证明" in text
    assert "居（租）住证明" in text
    assert "取消：社区不再出具" in text
    assert "保留：社区可出具" in text


def test_colloquial_words_find_the_proof(client, catalogue):
    response = client.get("/search", {"q": "还活着"})
    assert "健在证明" in response.content.decode()


def test_an_empty_query_shows_the_home_form_again(client, catalogue):
    response = client.get("/search", {"q": "  "})
    assert response.status_code == 200
    assert "这个证明还要社区开吗？" in response.content.decode()


@pytest.mark.parametrize("query", ["证" * 500, "健在\x00证明", "jz\x1bzm"])
def test_a_huge_query_or_control_characters_get_a_chinese_error_not_a_crash(
    client, catalogue, query
):
    response = client.get("/search", {"q": query})
    text = response.content.decode()
    assert response.status_code == 400
    assert "查询内容" in text
    assert 'role="alert"' in text
    assert "\x00" not in text and "\x1b" not in text


def test_a_proof_on_no_list_is_explained_as_refused_in_ningxia(client, catalogue, settings):
    settings.REFUSE_UNLISTED_ITEMS = True
    response = client.get("/search", {"q": "宠物品种证明"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "一律不再出具或配合出具" in text
    assert 'href="/list"' in text


def test_results_are_paginated_twenty_a_page(client, catalogue):
    first = client.get("/search", {"q": "证明"}).content.decode()
    second = client.get("/search", {"q": "证明", "page": "2"}).content.decode()
    assert first.count('class="card result') == 20
    assert 0 < second.count('class="card result') <= 20
    assert "下一页" in first


def test_a_bad_page_number_shows_the_first_page(client, catalogue):
    response = client.get("/search", {"q": "jzzm", "page": "abc"})
    assert response.status_code == 200
    assert "健在证明" in response.content.decode()


def test_unknown_item_is_not_found(client, catalogue):
    assert client.get("/items/NOPE-99").status_code == 404


def test_cancelled_item_says_the_community_no_longer_issues_it_and_where_to_go(client, catalogue):
    response = client.get("/items/GJ1-10")
    text = response.content.decode()
    assert response.status_code == 200
    assert "社区不再出具" in text
    assert "请这样办" in text
    assert "部门信息共享核查" in text
    assert "信息共享核对" in text
    assert 'href="/report?item=GJ1-10"' in text
    assert "（第一批）" in text


def test_retained_item_shows_how_it_is_done_and_its_legal_basis(client, catalogue):
    text = client.get("/items/YN-B03").content.decode()
    assert "保留：社区可出具" in text
    assert "当场办结" in text
    assert "《居住证暂行条例》 第八条" in text
    assert "行政法规" in text
    assert "示例数据" in text
    assert "村（居）民委员会" in text
    five_days = client.get("/items/YN-B01").content.decode()
    assert "5个工作日" in five_days


def test_printable_list_groups_retained_before_cancelled(client, catalogue):
    text = client.get("/list").content.decode()
    assert text.index("社区可以出具的证明") < text.index("社区不再出具的证明")
    assert "第1版" in text
    batch = client.get("/list", {"batch": "1"}).content.decode()
    assert "健在证明" in batch
    assert "居（租）住证明" not in batch


def test_history_lists_versions_and_what_each_changed(client, catalogue):
    assert "第1版" in client.get("/history").content.decode()
    detail = client.get("/history/1").content.decode()
    assert "健在证明" in detail
    assert "新增" in detail
    assert client.get("/history/99").status_code == 404


def test_policy_page_quotes_the_county_plan_and_lists_the_first_batch(client, catalogue):
    text = client.get("/policy").content.decode()
    assert "永民发〔2020〕91号" in text
    assert "中共永宁县委组织部" in text
    assert "对未纳入清单的证明事项，村（社区）一律不再出具或配合出具" in text
    assert "未经批准的，一律不得增加" in text
    assert text.count('<li><a href="/items/GJ1-') == 20
    assert 'href="/list?batch=1"' in text


def test_report_page_publishes_the_hotlines(client, catalogue):
    text = client.get("/report", {"item": "GJ1-10"}).content.decode()
    assert "0951-8032053" in text
    assert "ynxjczqb@163.com" in text
    assert "0951-5915538" in text
    assert "健在证明" in text


def test_portal_pages_refuse_posts(client, catalogue):
    assert client.post("/search", {"q": "jzzm"}).status_code == 405


def test_portal_works_before_any_version_is_published(client, county):
    assert "清单尚未发布" in client.get("/").content.decode()
    assert client.get("/list").status_code == 200
