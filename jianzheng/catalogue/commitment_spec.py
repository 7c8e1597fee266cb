"""An item's 告知承诺 block: which field of administration it belongs to, the notice the authority
gives once and in full, the clauses the applicant ticks, and how commitments are checked after the
fact. It is part of the item's payload, so it is proposed, reviewed, published and versioned with
the catalogue like the template (永民发〔2020〕91号 二(七); 国办发〔2020〕42号).

    {"domain": "market_regulation",
     "notice": {"legal_basis": …, "obligation": …, "how_to_commit": …, "liability": …,
                "check_power": …, "cooperation": …, "effect": …, "withdrawal": …},
     "clauses": ["本人已知晓……", …],
     "post_check": {"method": "data_sharing", "deadline_days": 20, "base_rate": 10,
                    "higher_rate": 50, "full_check": false}}
"""

from jianzheng.core.errors import FieldErrors, RuleViolation
from jianzheng.core.text import clean_text

# 国办发〔2020〕42号: matters directly touching these are generally not suited to the commitment
# route; an item of such a field cannot be marked (the change is refused with the reason).
EXCLUDED_DOMAINS = {
    "national_security": "国家安全",
    "public_safety": "公共安全",
    "financial_supervision": "金融审慎监管",
    "ecology": "生态环境保护",
    "personal_health": "直接关系人身健康",
    "life_property": "生命财产安全",
}
ALLOWED_DOMAINS = {
    "civil_affairs": "民政",
    "social_security": "人力资源和社会保障",
    "education": "教育",
    "housing": "住房和城乡建设",
    "market_regulation": "市场主体登记和监管",
    "household_registration": "户籍和居住登记",
    "agriculture": "农业农村",
    "culture_tourism": "文化和旅游",
    "taxation": "税务",
    "other": "其他",
}
DOMAINS = {**ALLOWED_DOMAINS, **EXCLUDED_DOMAINS}

# The notice's parts, in the order 国办发〔2020〕42号 lists them (the item is the item's own name).
NOTICE_PARTS = {
    "legal_basis": "设定依据",
    "obligation": "证明义务和证明内容",
    "how_to_commit": "承诺方式",
    "liability": "不实承诺的法律责任",
    "check_power": "行政机关核查权力和核查方式",
    "cooperation": "申请人配合核查的义务",
    "effect": "承诺的效力",
    "withdrawal": "承诺的撤回",
}

# As the national personnel examination service words them.
DEFAULT_CLAUSES = [
    "本人已经知晓行政机关告知的全部内容。",
    "本人符合行政机关告知的条件和要求。",
    "本人所提供的信息真实、准确、客观。",
    "本人愿意接受行政机关的核查，愿意承担不实承诺、虚假承诺引发的法律责任。",
]

METHODS = {
    "data_sharing": "部门信息共享核查",
    "joint_check": "部门联合核查",
    "on_site": "现场核查",
}
MAX_CLAUSES = 10


def _text(errors: FieldErrors, value, field: str, label: str, max_length: int) -> str:
    if value is not None and not isinstance(value, str):
        errors.add(field, f"{label}应为文字")
        return ""
    return errors.collect(
        clean_text,
        value,
        field=field,
        label=label,
        max_length=max_length,
        required=True,
        multiline=True,
        default="",
    )


def _int(errors: FieldErrors, value, field: str, label: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        errors.add(field, f"请填写{label}（{low}到{high}的整数）")
        return low
    try:
        number = int(str(value).strip())
    except ValueError:
        errors.add(field, f"{label}应为整数")
        return low
    if not low <= number <= high:
        errors.add(field, f"{label}应在{low}到{high}之间")
    return number


def validate_commitment(value, *, alternatives: list[dict] | None = None) -> dict | None:
    """Clean and check the block (None: the item is not under the commitment system). Every
    problem at once, keyed `commitment.<part>`."""
    if value in (None, "", {}):
        return None
    if not isinstance(value, dict):
        raise RuleViolation("invalid_type", "告知承诺内容格式不正确", field="commitment")
    errors = FieldErrors()
    domain = value.get("domain")
    if domain in EXCLUDED_DOMAINS:
        # 国办发〔2020〕42号: refused with the reason, before any wording problem.
        raise RuleViolation(
            "excluded_domain",
            f"该事项属于{EXCLUDED_DOMAINS[domain]}领域，直接涉及国家安全、公共安全、金融审慎监管、"
            "生态环境保护和人身健康、生命财产安全的事项不适用告知承诺制",
            field="commitment.domain",
        )
    if domain not in ALLOWED_DOMAINS:
        named = "、".join(f"{label}（{key}）" for key, label in DOMAINS.items())
        errors.add("commitment.domain", f"请选择事项所属领域：{named}")
    notice_in = value.get("notice")
    if not isinstance(notice_in, dict):
        notice_in = {}
        errors.add("commitment.notice", "请写明告知内容")
    notice = {
        key: _text(errors, notice_in.get(key), f"commitment.notice.{key}", label, 2000)
        for key, label in NOTICE_PARTS.items()
    }
    for key in sorted(set(notice_in) - set(NOTICE_PARTS)):
        errors.add(f"commitment.notice.{key}", f"告知内容没有“{key}”这一项")
    clauses_in = value.get("clauses")
    if clauses_in in (None, []):
        clauses_in = list(DEFAULT_CLAUSES)
    clauses: list[str] = []
    if not isinstance(clauses_in, list) or len(clauses_in) > MAX_CLAUSES:
        errors.add("commitment.clauses", f"承诺条款应为不超过{MAX_CLAUSES}条的列表")
    else:
        for index, clause in enumerate(clauses_in):
            text = _text(errors, clause, f"commitment.clauses.{index}", "承诺条款", 500)
            if text:
                clauses.append(text)
    check_in = value.get("post_check")
    if not isinstance(check_in, dict):
        check_in = {}
        errors.add("commitment.post_check", "请写明事后核查的方式、期限和抽查比例")
    method = check_in.get("method")
    if method not in METHODS:
        named = "、".join(f"{label}（{key}）" for key, label in METHODS.items())
        errors.add("commitment.post_check.method", f"核查方式只能是{named}")
    full = bool(check_in.get("full_check", False))
    prefix = "commitment.post_check."
    deadline = _int(
        errors,
        check_in.get("deadline_days"),
        prefix + "deadline_days",
        "核查期限（工作日）",
        1,
        365,
    )
    base = (
        100
        if full
        else _int(errors, check_in.get("base_rate"), prefix + "base_rate", "抽查比例（%）", 0, 100)
    )
    higher = (
        100
        if full
        else _int(
            errors,
            check_in.get("higher_rate", base),
            prefix + "higher_rate",
            "失信申请人抽查比例（%）",
            0,
            100,
        )
    )
    if higher < base:
        errors.add(prefix + "higher_rate", "有不良记录的申请人抽查比例不能低于一般比例")
    if alternatives is not None and not any(a.get("kind") == "commitment" for a in alternatives):
        errors.add("commitment", "实行告知承诺的事项，替代方式中须有“告知承诺”一项")
    errors.raise_if_any("invalid_commitment", "告知承诺内容有误")
    return {
        "domain": domain,
        "notice": notice,
        "clauses": clauses,
        "post_check": {
            "method": method,
            "deadline_days": deadline,
            "base_rate": base,
            "higher_rate": higher,
            "full_check": full,
        },
    }


def example_commitment(**overrides) -> dict:
    """A complete block, for the demo data and the tests."""
    block = {
        "domain": "market_regulation",
        "notice": {
            "legal_basis": "《市场主体登记管理条例》第十一条；国办发〔2020〕42号",
            "obligation": "申请人应当证明所申报的住所（经营场所）真实存在并可合法使用。",
            "how_to_commit": "申请人本人阅读本告知书，逐条确认承诺内容，当场或在线提交告知承诺书。",
            "liability": "承诺不实的，行政机关将终止办理、责令限期整改、撤销相关决定，依法予以处罚，"
            "并记入个人信用记录、纳入信用信息共享平台；情节严重的依法公开。",
            "check_power": "行政机关有权通过部门信息共享、联合核查或现场核查等方式对承诺内容进行核查。",
            "cooperation": "申请人应当配合核查，如实提供有关情况和材料。",
            "effect": "告知承诺书自申请人提交之日起生效，行政机关据此作出决定。",
            "withdrawal": "行政机关作出决定前，申请人可以撤回承诺，改为提交证明材料。",
        },
        "clauses": list(DEFAULT_CLAUSES),
        "post_check": {
            "method": "on_site",
            "deadline_days": 20,
            "base_rate": 10,
            "higher_rate": 50,
            "full_check": False,
        },
    }
    block.update(overrides)
    return block
