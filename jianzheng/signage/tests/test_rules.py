"""Each of the seed's rules with a compliant and a violating venue, without a database."""

import json

import pytest

from jianzheng.core.errors import RuleViolation
from jianzheng.signage.rules import Item, check_venue, default_rule_set, parse_rule_set

PARTY = Item("plaque", 1, "中共杨和第一社区委员会", "door_side", "vertical")
COMMITTEE = Item("plaque", 2, "杨和第一社区居民委员会", "door_side", "vertical")
STATION = Item("plaque", 3, "杨和第一社区服务站", "door_side", "vertical")
FOURTH = Item("plaque", 4, "社区矫正工作站", "door_side", "vertical")
HEADER = [
    Item("plaque", 5, "中国社区", "door_header", "horizontal"),
    Item("plaque", 6, "党群服务中心", "door_header", "horizontal"),
]
BOARD = Item("plaque", 7, "社区（村）服务工作机构引导牌", "door_wall", "vertical")
COMPLIANT = [PARTY, COMMITTEE, STATION, *HEADER, BOARD]


def violations(items, rule_set=None):
    return check_venue(items, rule_set or default_rule_set(), venue="杨和第一社区党群服务中心")


def test_a_venue_with_the_three_door_plaques_the_two_signs_and_the_board_is_compliant():
    assert violations(COMPLIANT) == []


def test_a_fourth_plaque_beside_the_door_breaks_three_three_two_and_says_what_to_do():
    (found,) = violations([*COMPLIANT, FOURTH])
    assert (found.rule, found.clause, found.subject_id) == ("door-side-plaques", "三(三)二", 4)
    assert "大门两侧" in found.message and "社区矫正工作站" in found.message
    assert "三(三)二" in found.message and "请摘除" in found.message


def test_a_horizontal_plaque_beside_the_door_must_be_vertical():
    (found,) = violations(
        [PARTY, COMMITTEE, Item("plaque", 3, "社区服务站", "door_side", "horizontal")]
    )
    assert found.rule == "door-side-plaques" and "竖牌" in found.message


def test_a_second_committee_plaque_beside_the_door_is_a_duplicate():
    twice = Item("plaque", 9, "杨和第一社区居民委员会", "door_side", "vertical")
    (found,) = violations([PARTY, COMMITTEE, twice])
    assert found.subject_id == 9 and "重复" in found.message


def test_only_the_two_signs_hang_over_the_door():
    assert violations(HEADER) == []
    (found,) = violations([*HEADER, Item("plaque", 8, "综治中心", "door_header", "horizontal")])
    assert (found.rule, found.clause) == ("door-header-signs", "三(三)二")


def test_only_the_guide_board_hangs_on_the_walls_beside_the_door():
    assert violations([BOARD]) == []
    (found,) = violations([Item("plaque", 8, "禁毒宣传栏", "door_wall", "horizontal")])
    assert (found.rule, found.clause) == ("door-wall-guide-board", "三(三)二")
    assert "引导牌" in found.message


def test_only_notices_go_on_the_walls_internal_rules_and_policies_go_into_the_handbook():
    assert violations([Item("posting", 1, "活动室使用须知", posting_kind="notice")]) == []
    found = violations(
        [
            Item("posting", 2, "社区居委会工作职责", posting_kind="internal"),
            Item("posting", 3, "城乡低保政策", posting_kind="policy"),
        ]
    )
    assert [(v.rule, v.clause, v.fix) for v in found] == [
        ("postings-notice-only", "三(三)三", "handbook")
    ] * 2
    assert "服务手册" in found[0].message


def test_no_award_hangs_on_a_wall_a_display_board_or_honour_room_is_fine():
    assert (
        violations(
            [
                Item("award", 1, "全国示范社区", "display_board"),
                Item("award", 2, "文明社区", "honour_room"),
            ]
        )
        == []
    )
    (found,) = violations([Item("award", 3, "先进基层党组织", "wall")])
    assert (found.rule, found.clause) == ("awards-off-walls", "三(三)四")
    assert "荣誉室" in found.message


def test_any_other_plaque_needs_its_approval_reference():
    approved = Item(
        "plaque", 1, "警务室", "indoor_door", "horizontal", approval_reference="银基治〔2021〕3号"
    )
    assert violations([approved]) == []
    (found,) = violations([Item("plaque", 2, "心理咨询室", "inside", "horizontal")])
    assert (found.rule, found.clause) == ("other-plaques-approved", "三(四)")
    assert "审批文号" in found.message and "二(四)" in found.message


def four_plaques_at_the_door():
    data = json.loads(json.dumps(default_rule_set().raw))
    data["name"] = "某省 大门两侧4块牌子"
    door = data["rules"][0]
    door["max_count"] = 4
    door["allowed"].append({"label": "居务监督委员会", "keywords": ["监督委员会"]})
    return data


def test_a_county_rule_set_with_four_door_plaques_replaces_the_default():
    fourth = Item("plaque", 4, "杨和第一社区居务监督委员会", "door_side", "vertical")
    assert [v.rule for v in violations([*COMPLIANT, fourth])] == ["door-side-plaques"]
    assert violations([*COMPLIANT, fourth], parse_rule_set(four_plaques_at_the_door())) == []


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda d: d["rules"][0].update(type="nonsense"), "type"),
        (lambda d: d["rules"][1].pop("clause"), "clause"),
        (lambda d: d["rules"][2].update(id="door-side-plaques"), "重复"),
        (lambda d: d["rules"][0].update(max_count="four"), "max_count"),
        (lambda d: d.update(rules=[]), "rules"),
    ],
)
def test_a_broken_rule_set_is_refused_naming_what_is_wrong(change, named):
    data = json.loads(json.dumps(default_rule_set().raw))
    change(data)
    with pytest.raises(RuleViolation) as refused:
        parse_rule_set(data)
    assert refused.value.code == "invalid_rule_set" and named in refused.value.message


def test_every_default_rule_cites_a_clause_of_the_seed():
    clauses = {rule["clause"] for rule in default_rule_set().rules}
    assert clauses == {"三(三)二", "三(三)三", "三(三)四", "三(四)"}
    assert any(rule.get("also_clause") == "二(四)" for rule in default_rule_set().rules)
