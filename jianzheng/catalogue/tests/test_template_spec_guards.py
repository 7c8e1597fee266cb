"""Each check of a certificate template (永民发〔2020〕91号 二(三) 式样) and of the facts typed into
it (据实出具) at its edge, so that each fails when its check is taken out (`make mutants`).
Pure validation: no database."""

import datetime as dt

import pytest

from jianzheng.catalogue.template_spec import (
    clean_facts,
    render_body,
    sample_facts,
    validate_template,
)
from jianzheng.core.errors import RuleViolation

TODAY = dt.date(2026, 11, 26)
HOLDER = [
    {"name": "holder_name", "label": "姓名", "type": "text", "required": True},
    {"name": "holder_id_number", "label": "公民身份号码", "type": "id_number", "required": True},
]
ID_MALE = "640121199003071232"  # born 1990-03-07; odd sequence digit
ID_FEMALE = "640121200106150043"  # born 2001-06-15; even sequence digit


def spec(*fields, **overrides) -> dict:
    value = {
        "title": "居住证明",
        "body": "兹证明{holder_name}（{holder_id_number}）。",
        "fields": [*HOLDER, *fields],
        "validity_days": 90,
    }
    value.update(overrides)
    return value


def template_problems(value) -> dict[str, str]:
    with pytest.raises(RuleViolation) as excinfo:
        validate_template(value)
    assert excinfo.value.code == "invalid_template"
    return excinfo.value.fields


def check(template, facts, *, today=TODAY) -> dict:
    """The facts as `clean_facts` checks them against the template as the catalogue stores it."""
    return clean_facts(validate_template(template), facts, today=today)


def fact_problems(template, facts) -> dict[str, str]:
    with pytest.raises(RuleViolation) as excinfo:
        check(template, facts)
    assert excinfo.value.code == "invalid_facts"
    return excinfo.value.fields


def holder(**facts) -> dict:
    return {"holder_name": "马小花", "holder_id_number": ID_FEMALE, **facts}


# The template.


def test_no_template_is_none_and_a_template_that_is_not_a_form_is_refused():
    for empty in (None, "", {}):
        assert validate_template(empty) is None
    with pytest.raises(RuleViolation) as excinfo:
        validate_template(["居住证明"], field="tpl")
    assert excinfo.value.code == "invalid_type" and "tpl" in excinfo.value.fields


def test_a_valid_template_comes_back_trimmed_with_its_fields_required_by_default():
    clean = validate_template(
        spec(
            {"name": "address", "label": "住址", "type": "address"},
            title=" 居住证明 ",
            body=" 兹证明{holder_name}住在{address}。 ",
        )
    )
    assert clean == {
        "title": "居住证明",
        "body": "兹证明{holder_name}住在{address}。",
        "fields": [
            *HOLDER,
            {"name": "address", "label": "住址", "type": "address", "required": True},
        ],
        "validity_days": 90,
    }


def test_validity_defaults_to_ninety_days_and_runs_from_one_to_3650():
    assert validate_template({**spec(), "validity_days": 1})["validity_days"] == 1
    assert validate_template({**spec(), "validity_days": 3650})["validity_days"] == 3650
    without = spec()
    del without["validity_days"]
    assert validate_template(without)["validity_days"] == 90


@pytest.mark.parametrize("days", [0, 3651, True, "90", None])
def test_validity_outside_one_to_3650_whole_days_is_refused(days):
    assert set(template_problems(spec(validity_days=days))) == {"template.validity_days"}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": ""}, "template.title"),
        ({"title": "   "}, "template.title"),
        ({"title": "题" * 51}, "template.title"),
        ({"title": ["居住证明"]}, "template.title"),
        ({"body": ""}, "template.body"),
        ({"body": "   "}, "template.body"),
        ({"body": "文" * 2001}, "template.body"),
        ({"body": 7}, "template.body"),
        ({"body": "兹证明{holder_name}住在{address}。"}, "template.body"),
    ],
)
def test_a_bad_title_or_body_is_named(overrides, field):
    assert set(template_problems(spec(**overrides))) == {field}


def test_a_title_of_fifty_and_a_body_of_2000_characters_are_accepted():
    body = "{holder_name}" + "文" * 1987
    clean = validate_template(spec(title="题" * 50, body=body))
    assert len(clean["title"]) == 50 and clean["body"] == body


def test_every_certificate_names_its_holder_by_name_and_id_number():
    for fields in ([HOLDER[0]], [HOLDER[1]]):
        assert "template.fields" in template_problems(spec(fields=fields, body="兹证明。"))
    wrong_type = [HOLDER[0], {**HOLDER[1], "type": "text"}]
    assert "template.fields" in template_problems(spec(fields=wrong_type))
    optional = [{**HOLDER[0], "required": False}, HOLDER[1]]
    assert "template.fields" in template_problems(spec(fields=optional))


@pytest.mark.parametrize(
    "fields",
    [
        [],
        "holder_name",
        [*HOLDER, *({"name": f"f{i}", "label": f"项{i}", "type": "text"} for i in range(29))],
    ],
)
def test_a_template_has_one_to_thirty_fields(fields):
    assert set(template_problems(spec(fields=fields, body="兹证明。"))) == {"template.fields"}


def test_a_field_that_is_not_a_form_does_not_hide_the_fields_after_it():
    problems = template_problems(
        spec("holder_name", {"name": "Bad", "label": "坏", "type": "text"})
    )
    assert {"template.fields.2", "template.fields.3.name"} <= set(problems)


def test_thirty_fields_are_accepted():
    extra = [{"name": f"f{i}", "label": f"项{i}", "type": "text"} for i in range(28)]
    assert len(validate_template(spec(*extra))["fields"]) == 30


@pytest.mark.parametrize(
    ("field", "where"),
    [
        ("holder_name", "template.fields.2"),
        ({"name": "Address", "label": "住址", "type": "text"}, "template.fields.2.name"),
        ({"name": "holder_name", "label": "姓名", "type": "text"}, "template.fields.2.name"),
        ({"name": 7, "label": "住址", "type": "text"}, "template.fields.2.name"),
        ({"name": ["address"], "label": "住址", "type": "text"}, "template.fields.2.name"),
        ({"name": "address", "label": "住址", "type": "email"}, "template.fields.2.type"),
        ({"name": "address", "label": "", "type": "text"}, "template.fields.2.label"),
        ({"name": "address", "label": " ", "type": "text"}, "template.fields.2.label"),
        ({"name": "address", "label": "址" * 31, "type": "text"}, "template.fields.2.label"),
        ({"name": "address", "type": "text"}, "template.fields.2.label"),
        ({"name": "tenure", "label": "性质", "type": "choice"}, "template.fields.2.choices"),
        (
            {"name": "tenure", "label": "性质", "type": "choice", "choices": "自有"},
            "template.fields.2.choices",
        ),
        (
            {"name": "tenure", "label": "性质", "type": "choice", "choices": ["自有", ""]},
            "template.fields.2.choices",
        ),
        (
            {"name": "tenure", "label": "性质", "type": "choice", "choices": ["自有", 1]},
            "template.fields.2.choices",
        ),
    ],
)
def test_a_bad_field_is_named_down_to_its_part(field, where):
    assert where in template_problems(spec(field))


def test_a_field_label_of_thirty_characters_and_a_long_name_are_accepted():
    name = "a" + "b" * 31
    clean = validate_template(spec({"name": name, "label": "址" * 30, "type": "text"}))
    assert clean["fields"][2]["name"] == name


@pytest.mark.parametrize("max_length", [0, 501, True, "300"])
def test_a_text_length_limit_outside_one_to_500_is_refused(max_length):
    field = {"name": "fact", "label": "事实", "type": "text", "max_length": max_length}
    assert set(template_problems(spec(field))) == {"template.fields.2.max_length"}


def test_a_text_length_limit_is_kept_only_when_it_differs_from_the_default():
    fields = validate_template(
        spec(
            {"name": "a", "label": "甲", "type": "text", "max_length": 1},
            {"name": "b", "label": "乙", "type": "text", "max_length": 500},
            {"name": "c", "label": "丙", "type": "text", "max_length": 100},
            {"name": "d", "label": "丁", "type": "address", "max_length": 300},
        )
    )["fields"][2:]
    assert [f.get("max_length") for f in fields] == [1, 500, None, None]


def test_choices_and_date_flags_are_kept_where_they_mean_something():
    fields = validate_template(
        spec(
            {"name": "tenure", "label": "性质", "type": "choice", "choices": ["自有", "租住"]},
            {"name": "since", "label": "起", "type": "date", "after_birth": True},
            {"name": "until", "label": "止", "type": "date", "allow_future": 1, "after_birth": 0},
            {"name": "note", "label": "注", "type": "text", "allow_future": True, "choices": ["x"]},
            {"name": "extra", "label": "另", "type": "text", "required": 0},
        )
    )["fields"][2:]
    assert fields[0]["choices"] == ["自有", "租住"]
    assert fields[1]["after_birth"] is True and "allow_future" not in fields[1]
    assert fields[2]["allow_future"] is True and "after_birth" not in fields[2]
    assert "allow_future" not in fields[3] and "choices" not in fields[3]
    assert fields[4]["required"] is False


def test_every_template_problem_is_named_at_once():
    bad = spec({"name": "Bad", "label": "", "type": "email"}, title="", validity_days=0)
    assert {
        "template.title",
        "template.validity_days",
        "template.fields.2.name",
        "template.fields.2.type",
        "template.fields.2.label",
    } <= set(template_problems(bad))


# The facts a clerk types (据实出具).


def test_facts_come_back_in_their_canonical_form():
    template = spec(
        {"name": "phone", "label": "电话", "type": "phone"},
        {"name": "rooms", "label": "间数", "type": "integer"},
        {"name": "since", "label": "起", "type": "date"},
        {"name": "note", "label": "备注", "type": "text", "required": False},
    )
    clean = check(
        template,
        holder(
            holder_id_number="640121 20010615 004３",
            phone="139 1234 5678",
            rooms=3,
            since="2019-05-01",
        ),
    )
    assert clean == {
        "holder_name": "马小花",
        "holder_id_number": ID_FEMALE,
        "phone": "13912345678",
        "rooms": "3",
        "since": "2019-05-01",
    }


def test_facts_that_are_not_a_form_are_refused():
    with pytest.raises(RuleViolation) as excinfo:
        clean_facts(validate_template(spec()), ["马小花"])
    assert excinfo.value.code == "invalid_type" and "facts" in excinfo.value.fields


def test_a_fact_the_template_does_not_ask_for_is_refused():
    assert set(fact_problems(spec(), holder(secret="x"))) == {"facts.secret"}


def test_a_fact_that_is_neither_text_nor_a_number_is_refused():
    assert set(fact_problems(spec(), holder(holder_name=["马小花"]))) == {"facts.holder_name"}


def test_a_required_fact_must_be_given_and_an_optional_one_may_be_left_out():
    assert set(fact_problems(spec(), {"holder_id_number": ID_FEMALE})) == {"facts.holder_name"}
    optional = spec({"name": "note", "label": "备注", "type": "text", "required": False})
    assert "note" not in check(optional, holder(note="  "))


def test_a_fact_longer_than_its_field_allows_is_refused():
    template = spec(
        {"name": "fact", "label": "事实", "type": "text", "max_length": 5},
        {"name": "address", "label": "住址", "type": "address"},
    )
    assert check(template, holder(fact="五个字正好", address="址" * 200))
    assert set(fact_problems(template, holder(fact="六个字超过了", address="址" * 201))) == {
        "facts.fact",
        "facts.address",
    }
    assert set(fact_problems(spec(), holder(holder_name="名" * 101))) == {"facts.holder_name"}


def test_an_invalid_id_number_is_named_with_the_reason():
    problems = fact_problems(spec(), holder(holder_id_number="640121199003071233"))
    assert set(problems) == {"facts.holder_id_number"}
    assert "校验位" in problems["facts.holder_id_number"]


def test_a_date_is_certified_up_to_today_and_later_only_where_the_template_allows():
    template = spec(
        {"name": "since", "label": "起", "type": "date"},
        {"name": "until", "label": "止", "type": "date", "allow_future": True},
    )
    clean = check(template, holder(since="2026-11-26", until="2027-01-01"))
    assert clean["since"] == "2026-11-26" and clean["until"] == "2027-01-01"
    assert set(fact_problems(template, holder(since="2026-11-27", until="2027-01-01"))) == {
        "facts.since"
    }


def test_a_date_in_the_future_of_the_real_today_is_refused_when_no_day_is_given():
    template = spec({"name": "since", "label": "起", "type": "date"})
    with pytest.raises(RuleViolation) as excinfo:
        check(template, holder(since="2999-01-01"), today=None)
    assert set(excinfo.value.fields) == {"facts.since"}


@pytest.mark.parametrize("day", ["2026-02-30", "2026/01/01", "昨天"])
def test_a_date_that_is_not_a_real_yyyy_mm_dd_day_is_refused(day):
    template = spec({"name": "since", "label": "起", "type": "date"})
    assert set(fact_problems(template, holder(since=day))) == {"facts.since"}


@pytest.mark.parametrize("phone", ["13912345678", "0951-1234567", "09511234567", "010-12345678"])
def test_mobile_and_landline_numbers_are_accepted(phone):
    template = spec({"name": "phone", "label": "电话", "type": "phone"})
    assert check(template, holder(phone=phone))["phone"] == phone


@pytest.mark.parametrize("phone", ["12912345678", "1391234567", "951-1234567", "0951-123456"])
def test_other_phone_numbers_are_refused(phone):
    template = spec({"name": "phone", "label": "电话", "type": "phone"})
    assert set(fact_problems(template, holder(phone=phone))) == {"facts.phone"}


@pytest.mark.parametrize(("value", "ok"), [("-12", True), ("3.5", False), ("三", False)])
def test_an_integer_fact_is_a_whole_number(value, ok):
    template = spec({"name": "rooms", "label": "间数", "type": "integer"})
    if ok:
        assert check(template, holder(rooms=value))["rooms"] == value
    else:
        assert set(fact_problems(template, holder(rooms=value))) == {"facts.rooms"}


def test_a_choice_fact_is_one_of_its_choices():
    template = spec(
        {"name": "tenure", "label": "性质", "type": "choice", "choices": ["自有", "租住"]}
    )
    assert check(template, holder(tenure="租住"))["tenure"] == "租住"
    assert set(fact_problems(template, holder(tenure="借住"))) == {"facts.tenure"}


def test_a_gender_that_contradicts_the_id_number_is_refused():
    template = spec({"name": "gender", "label": "性别", "type": "choice", "choices": ["男", "女"]})
    assert check(template, holder(gender="女"))["gender"] == "女"
    male = holder(holder_id_number=ID_MALE, gender="男")
    assert check(template, male)["gender"] == "男"
    assert set(fact_problems(template, holder(gender="男"))) == {"facts.gender"}
    assert set(fact_problems(template, {**male, "gender": "女"})) == {"facts.gender"}


def test_a_date_marked_after_birth_may_not_precede_the_holders_birth():
    template = spec(
        {"name": "since", "label": "起", "type": "date", "after_birth": True},
        {"name": "event", "label": "事", "type": "date"},
    )
    on_birth = holder(since="2001-06-15", event="1990-01-01")
    assert check(template, on_birth)["since"] == "2001-06-15"
    assert set(fact_problems(template, holder(since="2001-06-14", event="2001-06-14"))) == {
        "facts.since"
    }


def test_every_bad_fact_is_named_at_once():
    template = spec({"name": "since", "label": "起", "type": "date"})
    problems = fact_problems(template, {"holder_id_number": "1", "since": "x", "extra": "y"})
    assert set(problems) == {
        "facts.holder_name",
        "facts.holder_id_number",
        "facts.since",
        "facts.extra",
    }


# The wording.


def test_the_wording_shows_dates_in_chinese_blanks_as_lines_and_braces_literally():
    template = validate_template(
        spec(
            {"name": "since", "label": "起", "type": "date"},
            {"name": "note", "label": "注", "type": "text", "required": False},
            body="{holder_name}自{since}起居住，{note}。",
        )
    )
    assert render_body(template, {"holder_name": "{since}", "since": "2019-05-01"}) == (
        "{since}自2019年5月1日起居住，____。"
    )


def test_the_blank_sample_shows_each_label_in_brackets():
    template = validate_template(
        spec({"name": "since", "label": "起", "type": "date"}, body="{holder_name}自{since}起")
    )
    sample = sample_facts(template)
    assert sample["since"] == "（起）"
    assert render_body(template, sample) == "（姓名）自（起）起"


def test_an_id_number_born_after_the_day_being_certified_is_refused():
    with pytest.raises(RuleViolation) as excinfo:
        check(spec(), holder(), today=dt.date(2001, 6, 14))
    assert set(excinfo.value.fields) == {"facts.holder_id_number"}


def test_a_holder_born_in_november_is_checked_against_the_right_month():
    from jianzheng.core.idnumber import check_character

    first17 = "64012119901107122"  # born 1990-11-07, even sequence digit
    template = spec({"name": "since", "label": "起", "type": "date", "after_birth": True})
    born_in_november = holder(holder_id_number=first17 + check_character(first17))
    assert check(template, {**born_in_november, "since": "1990-11-07"})["since"] == "1990-11-07"
    assert set(fact_problems(template, {**born_in_november, "since": "1990-11-06"})) == {
        "facts.since"
    }


def test_a_blank_optional_fact_does_not_stop_the_facts_after_it_being_checked():
    template = spec(
        {"name": "note", "label": "备注", "type": "text", "required": False},
        {"name": "since", "label": "起", "type": "date"},
    )
    assert check(template, holder(since="2019-05-01"))["since"] == "2019-05-01"
    assert set(fact_problems(template, holder(since="x"))) == {"facts.since"}


def test_a_fact_of_the_wrong_shape_does_not_hide_the_problems_after_it():
    template = spec({"name": "since", "label": "起", "type": "date"})
    problems = fact_problems(template, {"holder_name": ["马"], "holder_id_number": "1"})
    assert set(problems) == {"facts.holder_name", "facts.holder_id_number", "facts.since"}


def test_a_date_left_blank_in_the_wording_is_a_line_to_fill_in():
    template = validate_template(
        spec({"name": "since", "label": "起", "type": "date"}, body="{holder_name}自{since}起")
    )
    assert render_body(template, {"holder_name": "马小花"}) == "马小花自____起"
