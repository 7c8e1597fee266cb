import pytest

from jianzheng.catalogue.search import clean_query
from jianzheng.catalogue.selectors import item_in_force, search_items
from jianzheng.core.errors import RuleViolation


def names(query, **kwargs):
    return [item.name for item in search_items(clean_query(query), **kwargs).items]


def test_pinyin_initials_find_both_jzzm_items(catalogue):
    found = names("jzzm")
    assert "健在证明" in found and "居（租）住证明" in found


def test_full_pinyin_finds_the_item(catalogue):
    assert names("jianzai")[0] == "健在证明"


def test_partial_words_and_aliases_match(catalogue):
    assert "居民财产证明" in names("收入")
    assert names("犯罪")[0] == "无犯罪记录证明"


def test_a_colloquial_sentence_finds_the_proof(catalogue):
    assert names("社区还给开单身证明吗？")[0] == "婚姻状况证明"
    assert names("我还活着")[0] == "健在证明"


def test_an_exact_name_ranks_first(catalogue):
    assert names("亲属关系证明")[0] == "亲属关系证明"


def test_status_filter_limits_results(catalogue):
    assert all(i.status == "retained" for i in search_items("", status="retained").items)


@pytest.mark.parametrize("bad", ["证" * 51, "a" * 300, "居住\x07证明"])
def test_huge_or_control_character_queries_are_refused(bad):
    with pytest.raises(RuleViolation) as excinfo:
        clean_query(bad)
    assert "q" in excinfo.value.fields


def test_check_decides_issue_do_not_issue_and_not_listed(catalogue):
    assert item_in_force("居住证明").decision == "issue"
    assert item_in_force("户籍证明").decision == "do_not_issue"
    result = item_in_force("宠物体检证明")
    assert result.decision == "not_listed" and result.refuses_unlisted


def test_a_newly_published_item_is_found_at_once(
    catalogue, police_officer, civil_affairs_admin, second_admin
):
    import datetime as dt

    from jianzheng.catalogue.services import decide_change, propose_change, publish_version
    from jianzheng.catalogue.tests.conftest import new_item_payload, region_approves

    assert names("宅基地权属") == []
    change = propose_change(
        actor=police_officer,
        kind="add",
        payload=new_item_payload(),
        reason="需要",
        legal_basis="土地管理法",
    )
    from jianzheng.catalogue.services import review_change

    review_change(actor=civil_affairs_admin, change=change, accept=True)
    decide_change(actor=second_admin, change=change, approve=True, approval_reference="宁政函1号")
    region_approves(change)
    publish_version(actor=civil_affairs_admin, effective_date=dt.date.today())
    assert names("宅基地权属") == ["村民宅基地权属来源证明"]


@pytest.mark.parametrize(
    ("asked", "found"),
    [
        ("暂住证明", "居（租）住证明"),
        ("低保证明", "困难家庭生活困难证明"),
        ("贫困证明", "困难家庭生活困难证明"),
    ],
)
def test_what_residents_call_a_retained_proof_finds_it_first(catalogue, asked, found):
    assert names(asked)[0] == found
    assert item_in_force(asked).decision == "issue"
