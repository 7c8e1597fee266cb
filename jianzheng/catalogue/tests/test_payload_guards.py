"""Each check of `validate_item_payload`, the single gate into the catalogue, at its edge, so that
each fails when its check is taken out (`make mutants`). Pure validation: no database."""

import pytest

from jianzheng.catalogue.payload import item_to_payload, validate_item_payload
from jianzheng.catalogue.selectors import get_item
from jianzheng.catalogue.tests.conftest import new_item_payload
from jianzheng.core.errors import RuleViolation

ALTERNATIVE = {"kind": "data_sharing", "handling_unit": "县公安局", "instruction": "部门核查"}


def cancelled_payload(**overrides) -> dict:
    payload = new_item_payload(
        status="cancelled", legal_bases=[], steps=[], time_limit_days=None, template=None
    )
    payload["alternatives"] = [ALTERNATIVE]
    payload.update(overrides)
    return payload


def problems(payload) -> dict[str, str]:
    with pytest.raises(RuleViolation) as excinfo:
        validate_item_payload(payload)
    assert excinfo.value.code == "invalid_item"
    return excinfo.value.fields


# 永民发〔2020〕91号 一(二) 于法有据 and 二(三) 式样、流程、规范: what a retained item must carry.


@pytest.mark.parametrize(
    ("missing", "field"),
    [
        ({"legal_bases": []}, "legal_bases"),
        ({"steps": []}, "steps"),
        ({"time_limit_days": None}, "time_limit_days"),
        ({"template": None}, "template"),
    ],
)
def test_a_retained_item_is_refused_without_basis_steps_time_limit_or_template(missing, field):
    assert set(problems(new_item_payload(**missing))) == {field}


def test_a_retained_item_missing_everything_is_told_everything_at_once():
    payload = new_item_payload(legal_bases=[], steps=[], time_limit_days="", template={})
    assert set(problems(payload)) == {"legal_bases", "steps", "time_limit_days", "template"}


def test_a_retained_item_done_on_the_spot_has_a_time_limit_of_zero():
    assert validate_item_payload(new_item_payload(time_limit_days=0))["time_limit_days"] == 0


def test_a_cancelled_item_must_say_where_the_resident_goes_instead():
    assert set(problems(cancelled_payload(alternatives=[]))) == {"alternatives"}
    clean = validate_item_payload(cancelled_payload())
    assert clean["status"] == "cancelled" and [_core(a) for a in clean["alternatives"]] == [
        ALTERNATIVE
    ]
    assert clean["template"] is None and clean["legal_bases"] == []


def test_a_cancelled_item_needs_no_basis_steps_or_template():
    assert validate_item_payload(cancelled_payload())["steps"] == []


def test_status_rules_wait_until_every_field_is_valid():
    """A bad field is reported alone, not buried under status rules that follow from it."""
    assert set(problems(new_item_payload(name="", legal_bases=[]))) == {"name"}


# The shape of an item.


def test_a_valid_item_comes_back_clean():
    clean = validate_item_payload(new_item_payload(name="  村民宅基地权属来源证明 "))
    assert clean["code"] == "YN-B09" and clean["name"] == "村民宅基地权属来源证明"
    assert clean["status"] == "retained" and clean["issuing_unit_kind"] == "community"
    assert clean["national_batch"] is None and clean["time_limit_days"] == 5
    assert clean["steps"] == ["申请", "查阅档案", "出具"]
    assert clean["requesting_units"] == ["自然资源部门"]
    assert clean["legal_bases"] == [
        {"title": "《中华人民共和国土地管理法》", "article": "第六十二条", "level": "law"}
    ]
    assert clean["alternatives"] == [] and clean["is_demo"] is False
    assert clean["template"]["title"] == "权属来源证明"
    assert clean["aliases"] == [] and clean["keywords"] == []
    assert clean["conditions"] == "" and clean["purpose"] == "" and clean["materials"] == []


def test_an_item_that_is_not_a_form_is_refused():
    with pytest.raises(RuleViolation) as excinfo:
        validate_item_payload(["YN-B09"])
    assert excinfo.value.code == "invalid_type"


@pytest.mark.parametrize("code", ["YN B09", "-YN", "_YN", "代码", "A" * 33, ""])
def test_a_code_of_other_than_letters_digits_dash_and_underscore_is_refused(code):
    assert set(problems(new_item_payload(code=code))) == {"code"}


@pytest.mark.parametrize("code", ["a", "9", "YN_b-09", "A" * 32])
def test_a_code_of_letters_digits_dash_and_underscore_is_accepted(code):
    assert validate_item_payload(new_item_payload(code=code))["code"] == code


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "证" * 101}, "name"),
        ({"name": 7}, "name"),
        ({"status": "maybe"}, "status"),
        ({"status": None}, "status"),
        ({"issuing_unit_kind": "bank"}, "issuing_unit_kind"),
        ({"conditions": "条" * 4001}, "conditions"),
        ({"purpose": "用" * 4001}, "purpose"),
        ({"purpose": ["用途"]}, "purpose"),
    ],
)
def test_a_bad_field_is_named(overrides, field):
    assert set(problems(new_item_payload(**overrides))) == {field}


def test_long_texts_up_to_their_limit_are_accepted_with_their_line_breaks():
    clean = validate_item_payload(
        new_item_payload(name="证" * 100, conditions="第一条\n" + "条" * 3996, purpose="用" * 4000)
    )
    assert len(clean["name"]) == 100 and clean["conditions"].startswith("第一条\n")
    assert len(clean["purpose"]) == 4000


def test_the_issuing_unit_kind_is_kept_when_given():
    clean = validate_item_payload(new_item_payload(issuing_unit_kind="township", is_demo=1))
    assert clean["issuing_unit_kind"] == "township" and clean["is_demo"] is True


# Lists of text: aliases, keywords, requesting units, materials, steps.


def test_a_list_drops_blanks_and_repeats_and_a_single_text_is_a_list_of_one():
    clean = validate_item_payload(
        new_item_payload(aliases=["居住证明", " 居住证明 ", "", "租住证明"], keywords="住址证明")
    )
    assert clean["aliases"] == ["居住证明", "租住证明"] and clean["keywords"] == ["住址证明"]


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("aliases", ["别"] * 51),
        ("aliases", {"a": 1}),
        ("keywords", [1]),
        ("keywords", ["词" * 101]),
        ("aliases", ["别" * 101]),
        ("materials", ["材" * 201]),
        ("steps", ["步" * 501]),
        ("requesting_units", ["单" * 201]),
    ],
)
def test_a_list_too_long_or_with_an_entry_not_text_or_too_long_is_named(key, value):
    assert set(problems(new_item_payload(**{key: value}))) == {key}


def test_list_entries_up_to_their_limit_are_accepted():
    clean = validate_item_payload(
        new_item_payload(
            aliases=[f"别名{i}" for i in range(50)],
            keywords=["词" * 100],
            materials=["材" * 200],
            steps=["步" * 500],
        )
    )
    assert len(clean["aliases"]) == 50 and clean["steps"] == ["步" * 500]


# Numbers.


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("national_batch", 1, 1),
        ("national_batch", " 99 ", 99),
        ("national_batch", "", None),
        ("time_limit_days", "365", 365),
        ("time_limit_days", 0, 0),
    ],
)
def test_numbers_within_range_are_accepted_as_typed_in_a_file(key, value, expected):
    assert validate_item_payload(new_item_payload(**{key: value}))[key] == expected


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("national_batch", 0),
        ("national_batch", 100),
        ("national_batch", True),
        ("national_batch", "二"),
        ("national_batch", 1.0),
        ("time_limit_days", -1),
        ("time_limit_days", 366),
    ],
)
def test_numbers_out_of_range_or_not_whole_are_refused(key, value):
    assert set(problems(new_item_payload(**{key: value}))) == {key}


# Legal bases and alternatives.


def test_a_legal_basis_level_is_given_by_its_code_or_its_chinese_name():
    bases = validate_item_payload(
        new_item_payload(
            legal_bases=[
                {"title": " 《土地管理法》 ", "level": "law"},
                {"title": "《宁夏回族自治区条例》", "article": "第三条", "level": "地方性法规"},
            ]
        )
    )["legal_bases"]
    assert bases == [
        {"title": "《土地管理法》", "article": "", "level": "law"},
        {"title": "《宁夏回族自治区条例》", "article": "第三条", "level": "local_regulation"},
    ]


@pytest.mark.parametrize(
    ("bases", "field"),
    [
        ("《土地管理法》", "legal_bases"),
        ([{"title": "x", "level": "law"}] * 51, "legal_bases"),
        (["《土地管理法》"], "legal_bases.0"),
        ([{"title": "", "level": "law"}], "legal_bases.0.title"),
        ([{"title": "《法》", "level": "法"}], "legal_bases.0.level"),
        ([{"title": "《法》", "level": ["law"]}], "legal_bases.0.level"),
        ([{"title": "《法》", "article": "条" * 201, "level": "law"}], "legal_bases.0.article"),
    ],
)
def test_a_bad_legal_basis_is_named_down_to_its_field(bases, field):
    assert set(problems(new_item_payload(legal_bases=bases))) == {field}


def test_an_alternative_kind_is_given_by_its_code_or_its_chinese_name():
    alternatives = validate_item_payload(
        cancelled_payload(
            alternatives=[
                {"kind": "告知承诺", "instruction": "第一行\n第二行"},
                {"kind": "self_check", "handling_unit": " 索要单位 ", "instruction": "自行核实"},
            ]
        )
    )["alternatives"]
    assert [_core(a) for a in alternatives] == [
        {"kind": "commitment", "handling_unit": "", "instruction": "第一行\n第二行"},
        {"kind": "self_check", "handling_unit": "索要单位", "instruction": "自行核实"},
    ]


def test_an_alternative_says_what_the_resident_does():
    assert set(problems(cancelled_payload(alternatives=[{"kind": "commitment"}]))) == {
        "alternatives.0.instruction"
    }


@pytest.mark.parametrize(
    ("alternatives", "field"),
    [
        (ALTERNATIVE, "alternatives"),
        ([ALTERNATIVE] * 51, "alternatives"),
        (["部门核查"], "alternatives.0"),
        ([{**ALTERNATIVE, "kind": "paper"}], "alternatives.0.kind"),
        ([{**ALTERNATIVE, "kind": ["commitment"]}], "alternatives.0.kind"),
        ([{**ALTERNATIVE, "handling_unit": "单" * 201}], "alternatives.0.handling_unit"),
        ([{**ALTERNATIVE, "instruction": "指" * 2001}], "alternatives.0.instruction"),
    ],
)
def test_a_bad_alternative_is_named_down_to_its_field(alternatives, field):
    assert set(problems(cancelled_payload(alternatives=alternatives))) == {field}


def test_an_invalid_template_is_named_down_to_its_field():
    template = {**new_item_payload()["template"], "title": ""}
    assert set(problems(new_item_payload(template=template))) == {"template.title"}


def test_every_bad_field_is_named_at_once():
    payload = new_item_payload(code="", name="", status="x", steps=[1], national_batch="x")
    assert set(problems(payload)) == {"code", "name", "status", "steps", "national_batch"}


def test_an_item_read_back_from_the_catalogue_passes_the_gate_unchanged(catalogue):

    for code in ("YN-B03", "GJ1-10"):
        payload = item_to_payload(get_item(code))
        assert validate_item_payload(payload) == payload


def test_an_alternative_handled_by_a_county_unit_reads_back_as_that_units_code(catalogue):

    alternatives = item_to_payload(get_item("GJ1-01"))["alternatives"]
    assert [a["handling_unit"] for a in alternatives[:2]] == ["", "640121-GAJ"]


def test_fifty_legal_bases_and_fifty_alternatives_are_accepted():
    bases = [{"title": f"《条例{i}》", "level": "rule"} for i in range(50)]
    assert len(validate_item_payload(new_item_payload(legal_bases=bases))["legal_bases"]) == 50
    alternatives = [ALTERNATIVE] * 50
    clean = validate_item_payload(cancelled_payload(alternatives=alternatives))
    assert len(clean["alternatives"]) == 50


def test_a_legal_basis_title_is_at_most_two_hundred_characters():
    basis = {"title": "法" * 200, "level": "law"}
    assert validate_item_payload(new_item_payload(legal_bases=[basis]))["legal_bases"] == [
        {**basis, "article": ""}
    ]
    long = [{"title": "法" * 201, "level": "law"}]
    assert set(problems(new_item_payload(legal_bases=long))) == {"legal_bases.0.title"}


def test_a_line_break_is_refused_in_a_name_and_accepted_only_in_long_texts():
    assert set(problems(new_item_payload(name="居住\n证明"))) == {"name"}
    title = [{"title": "《土地\t管理法》", "level": "law"}]
    assert set(problems(new_item_payload(legal_bases=title))) == {"legal_bases.0.title"}
    assert validate_item_payload(new_item_payload(purpose="一\n二"))["purpose"] == "一\n二"


def _core(alternative: dict) -> dict:
    """An alternative without its 办理指南 fields (tested in test_guide.py)."""
    return {k: alternative[k] for k in ("kind", "handling_unit", "instruction")}
