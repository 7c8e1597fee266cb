"""Search as residents type it: whole sentences, negation, kinship, typos and pinyin.

phrasings.csv holds what people ask in the words of 12345 / 政务服务 questions, each with the
item it means; the portal must put that item in its first three answers for 95 % of them. The
phrasings were written from how such questions are worded, not copied from the sites. The last 62
rows were written after the lexicon and measured once before any tuning: 60 of 62 were in the
first three (the two misses, 证明我只有一个孩子 and 个体工商户注册地址证明, were then taught)."""

import csv
from pathlib import Path

from jianzheng.catalogue.search import Entry, SearchIndex, clean_query, search_keys
from jianzheng.catalogue.selectors import search_items, search_summaries

PHRASINGS = Path(__file__).parent / "phrasings.csv"
TOP_3_TARGET = 0.95


def names(query):
    return [item.name for item in search_items(clean_query(query)).items]


def test_asking_for_a_proof_that_i_never_married_finds_the_marital_status_proof(catalogue):
    assert names("开个证明证明我没结婚")[0] == "婚姻状况证明"


def test_the_bare_clause_i_never_married_finds_the_marital_status_proof(catalogue):
    assert names("证明我没结婚")[0] == "婚姻状况证明"


def test_two_words_never_married_find_the_marital_status_proof(catalogue):
    assert names("没结婚")[0] == "婚姻状况证明"


def test_a_marriage_proof_finds_the_marital_status_proof(catalogue):
    assert names("结婚证明")[0] == "婚姻状况证明"


def test_mother_and_daughter_finds_the_kinship_proof(catalogue):
    assert names("母女关系")[0] == "亲属关系证明"


def test_a_lost_identity_card_finds_the_lost_document_proof(catalogue):
    assert names("身份证丢了")[0] == "证件遗失证明"


def test_saying_grandmother_has_not_died_asks_whether_she_is_alive_not_about_death(catalogue):
    found = names("证明我奶奶没去世")
    assert found[0] == "健在证明"
    assert names("证明我奶奶去世了")[0] == "死亡证明"


def test_two_people_named_in_one_sentence_is_a_kinship_question(catalogue):
    assert names("怎么证明我是我爸的女儿")[0] == "亲属关系证明"
    assert names("银行让我开个证明证明我妈还活着")[0] == "健在证明"


def test_a_homophone_slip_of_the_pinyin_keyboard_still_finds_the_proof(catalogue):
    assert names("健再证明")[0] == "健在证明"
    assert names("婚因状况证明")[0] == "婚姻状况证明"


def test_a_look_alike_character_still_finds_the_proof(catalogue):
    assert names("居往证明")[0] == "居（租）住证明"


def test_a_sentence_typed_in_pinyin_finds_the_proof(catalogue):
    assert names("shenfenzhengdiule")[0] == "证件遗失证明"


def test_a_long_hotline_question_finds_the_proof_it_names_not_the_place_it_mentions(catalogue):
    question = (
        "您好，我母亲户籍在我们社区，现在社保局要求每年提供健在证明，社区说不能开了，请问该怎么办？"
    )
    assert names(question)[0] == "健在证明"


def test_notarisation_in_the_sentence_puts_the_notarial_kinship_proof_first(catalogue):
    assert names("办公证需要亲属关系证明")[0] == "亲属关系证明（仅限公证）"


def test_a_card_named_alone_or_a_proof_on_no_list_finds_nothing(catalogue):
    assert names("护照签证加急") == []
    assert names("宠物体检证明") == []


def test_the_results_page_says_which_words_it_understood(client, catalogue):
    page = client.get("/search", {"q": "开个证明证明我没结婚"}).content.decode()
    assert "婚姻状况证明" in page
    assert "按“没结婚”查到" in page


def test_an_item_a_county_adds_is_found_by_what_its_name_is_about():
    def entry(pk, code, name):
        return Entry.of(pk, code, name, "retained", search_keys(name, [], [], code), {})

    index = SearchIndex((entry(1, "XX-01", "无婚姻登记记录证明"), entry(2, "XX-02", "务工证明")))
    ranked, _ = index.rank(clean_query("证明我没结婚"))
    assert [e.code for e in ranked] == ["XX-01"]


def test_at_least_95_percent_of_real_world_phrasings_find_their_item_in_the_first_three(
    catalogue,
):
    with PHRASINGS.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) >= 150
    missed = []
    for row in rows:
        hits, _, _ = search_summaries(clean_query(row["phrase"]), limit=3)
        if row["expected_code"] not in [hit["code"] for hit in hits]:
            missed.append(row["phrase"])
    rate = 1 - len(missed) / len(rows)
    assert rate >= TOP_3_TARGET, f"top-3 {rate:.1%}; missed: {missed}"
