"""A certificate template: typed fields and fixed wording with {placeholders}
(永民发〔2020〕91号 二(三): concrete 式样 for every proof a community may issue).

The wording is filled by plain substitution, one pass, so user input is never template code."""

import datetime as dt
import re

from django.utils import timezone

from jianzheng.core import phones
from jianzheng.core.errors import RuleViolation
from jianzheng.core.idnumber import normalize_id_number
from jianzheng.core.text import check_printable, clean_person_name, clean_text

PAPERS = ("A4", "A5")  # core.pdf.PAPERS
FIELD_TYPES = ("text", "id_number", "date", "phone", "address", "integer", "choice")
NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
PLACEHOLDER_RE = re.compile(r"\{([a-z][a-z0-9_]{0,31})\}")
# Every certificate names its holder; the signed token carries a salted hash of these two.
ID_NUMBER = "公民身份号码"
HOLDER_FIELDS = {"holder_name": "text", "holder_id_number": "id_number"}
HOLDER_SPECS = (
    {"name": "holder_name", "label": "姓名", "type": "text", "required": True},
    {"name": "holder_id_number", "label": "公民身份号码", "type": "id_number", "required": True},
)
MAX_LENGTH = {
    "text": 100,
    "address": 200,
    "phone": 20,
    "integer": 12,
    "date": 10,
    "id_number": 40,  # typed with spaces or full-width digits; normalised to 18
    "choice": 50,
}


def certificate_template(title: str, body: str, *fields: dict, validity_days: int = 90) -> dict:
    """A template spec that names its holder first, as every certificate must."""
    return {
        "title": title,
        "body": body,
        "fields": [*(dict(spec) for spec in HOLDER_SPECS), *fields],
        "validity_days": validity_days,
    }


def validate_template(value, *, field: str = "template") -> dict | None:
    """Check a template spec as it arrives in an item payload; None means "no template"."""
    if value in (None, "", {}):
        return None
    if not isinstance(value, dict):
        raise RuleViolation("invalid_type", "证明式样格式不正确", field=field)
    errors = {}
    title = value.get("title") or ""
    body = value.get("body") or ""
    if not isinstance(title, str) or not title.strip() or len(title) > 50:
        errors[f"{field}.title"] = "请填写证明标题（不超过50字）"
    if not isinstance(body, str) or not body.strip() or len(body) > 2000:
        errors[f"{field}.body"] = "请填写证明正文（不超过2000字）"
    validity = value.get("validity_days", 90)
    if isinstance(validity, bool) or not isinstance(validity, int) or not 1 <= validity <= 3650:
        errors[f"{field}.validity_days"] = "有效期应为 1 到 3650 天"
    fields, seen = [], set()
    raw_fields = value.get("fields")
    if not isinstance(raw_fields, list) or not raw_fields or len(raw_fields) > 30:
        errors[f"{field}.fields"] = "证明式样须有 1 到 30 个填写项"
        raw_fields = []
    for index, spec in enumerate(raw_fields):
        where = f"{field}.fields.{index}"
        if not isinstance(spec, dict):
            errors[where] = "填写项格式不正确"
            continue
        name, kind = spec.get("name"), spec.get("type")
        label = spec.get("label")
        if not isinstance(name, str) or not NAME_RE.match(name) or name in seen:
            errors[f"{where}.name"] = "填写项名称须为小写字母开头的英文标识，且不重复"
        if kind not in FIELD_TYPES:
            errors[f"{where}.type"] = f"填写项类型须为 {'、'.join(FIELD_TYPES)} 之一"
        if not isinstance(label, str) or not label.strip() or len(label) > 30:
            errors[f"{where}.label"] = "请填写中文标签（不超过30字）"
        choices = spec.get("choices") or []
        if kind == "choice" and (
            not isinstance(choices, list)
            or not choices
            or not all(isinstance(c, str) and c for c in choices)
        ):
            errors[f"{where}.choices"] = "选择项须列出可选值"
        if isinstance(name, str):  # a name that is not text is named above (a list would not hash)
            seen.add(name)
        clean = {
            "name": name,
            "label": label,
            "type": kind,
            "required": bool(spec.get("required", True)),
        }
        if kind == "text" and spec.get("max_length") not in (None, MAX_LENGTH["text"]):
            max_length = spec["max_length"]
            if (
                isinstance(max_length, bool)
                or not isinstance(max_length, int)
                or not (1 <= max_length <= 500)
            ):
                errors[f"{where}.max_length"] = "文字长度上限应在 1 到 500 之间"
            clean["max_length"] = max_length
        if kind == "choice":
            clean["choices"] = list(choices)
        if kind == "date":
            for flag in ("allow_future", "after_birth"):
                if spec.get(flag):
                    clean[flag] = True
        fields.append(clean)
    for name, kind in HOLDER_FIELDS.items():
        if not any(f["name"] == name and f["type"] == kind and f["required"] for f in fields):
            errors[f"{field}.fields"] = (
                "证明式样须包含必填的 holder_name（姓名）和 holder_id_number（公民身份号码）"
            )
    if isinstance(body, str):
        unknown = set(PLACEHOLDER_RE.findall(body)) - seen
        if unknown:
            errors[f"{field}.body"] = f"正文引用了未定义的填写项：{'、'.join(sorted(unknown))}"
    # A short proof fits the A5 half-sheet; the default is one A4 page.
    paper = value.get("paper", "A4")
    if paper not in PAPERS:
        errors[f"{field}.paper"] = f"纸张须为 {'、'.join(PAPERS)} 之一"
    if errors:
        raise RuleViolation("invalid_template", "证明式样有误", fields=errors)
    clean_spec = {
        "title": title.strip(),
        "fields": fields,
        "body": body.strip(),
        "validity_days": validity,
    }
    if paper != "A4":
        clean_spec["paper"] = paper
    return clean_spec


def clean_facts(template: dict, facts, *, today: dt.date | None = None) -> dict:
    """The facts a clerk typed, checked field by field; every bad field is named at once."""
    if not isinstance(facts, dict):
        raise RuleViolation("invalid_type", "证明内容格式不正确", field="facts")
    errors, clean = {}, {}
    known = {spec["name"] for spec in template["fields"]}
    for name in facts:
        if name not in known:
            errors[f"facts.{name}"] = "该证明式样没有这个填写项"
    for spec in template["fields"]:
        name, label, kind = spec["name"], spec["label"], spec["type"]
        where = f"facts.{name}"
        raw = facts.get(name)
        if raw is not None and not isinstance(raw, str | int):
            errors[where] = f"{label}格式不正确"
            continue
        try:
            text = clean_text(
                None if raw is None else str(raw),
                field=where,
                label=label,
                max_length=spec.get("max_length", MAX_LENGTH[kind]),
                required=spec["required"],
            )
        except RuleViolation as exc:
            # A drop-down is chosen, not typed.
            missing = exc.code == "required" and kind == "choice"
            errors.update({where: f"请选择{label}"} if missing else exc.fields)
            continue
        if not text:
            continue
        try:
            # Printed on a signed paper: a name is a name, and nothing may go missing.
            if is_person_name(spec):
                limit = spec.get("max_length", MAX_LENGTH[kind])
                text = clean_person_name(text, field=where, label=label, max_length=limit)
            elif kind in ("text", "address"):
                text = check_printable(text, field=where, label=label)
        except RuleViolation as exc:
            errors.update(exc.fields)
            continue
        try:
            clean[name] = _check_value(kind, text, spec, today)
        except ValueError as exc:
            errors[where] = _named(label, str(exc))
    errors.update(_against_id_number(template, clean))
    if errors:
        raise RuleViolation("invalid_facts", "证明内容有误，请按提示修改", fields=errors)
    return clean


def is_person_name(spec: dict) -> bool:
    """holder_name, relative_name, agent_name…: a text field named *_name holds a person's name."""
    return spec["type"] == "text" and (spec["name"] == "name" or spec["name"].endswith("_name"))


def _named(label: str, reason: str) -> str:
    """The reason with the field's label in front, said once: "持证人公民身份号码校验位不正确"
    rather than "公民身份号码：公民身份号码校验位不正确"."""
    if label.endswith(ID_NUMBER) and reason.startswith(ID_NUMBER):
        return label + reason.removeprefix(ID_NUMBER)
    return f"{label}：{reason}"


def _check_value(kind: str, text: str, spec: dict, today) -> str:
    """The canonical value; ValueError says what is wrong (InvalidIdNumber is one)."""
    if kind == "id_number":
        return normalize_id_number(text, today=today)
    if kind == "date":
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError("日期格式应为 YYYY-MM-DD，且须为真实日期") from None
        # A community certifies facts it has checked: they have happened (据实出具).
        if day > (today or timezone.localdate()) and not spec.get("allow_future"):
            raise ValueError("不能晚于今天")
        return day.isoformat()
    if kind == "phone":
        if not phones.is_phone(text):
            raise ValueError(phones.INVALID)
        return phones.compact(text)
    if kind == "integer":
        if not re.fullmatch(r"-?\d{1,12}", text):
            raise ValueError("应为整数")
        return text
    if kind == "choice":
        if text not in spec["choices"]:
            raise ValueError(f"只能选择 {'、'.join(spec['choices'])}")
        return text
    return text


def _against_id_number(template: dict, facts: dict) -> dict[str, str]:
    """Facts that contradict the holder's own ID number are a typo, not a fact (据实出具): the
    sex digit (GB 11643: odd = male) against a 性别 choice, and dates marked `after_birth`."""
    number = facts.get("holder_id_number")
    if not number:
        return {}
    errors = {}
    born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    sex = "男" if int(number[16]) % 2 else "女"
    for spec in template["fields"]:
        value = facts.get(spec["name"])
        if spec["name"] == "gender" and value in ("男", "女") and value != sex:
            errors[f"facts.{spec['name']}"] = (
                f"{spec['label']}与公民身份号码不符（号码显示为{sex}）"
            )
        if spec.get("after_birth") and value and dt.date.fromisoformat(value) < born:
            errors[f"facts.{spec['name']}"] = f"{spec['label']}不能早于持证人出生日期"
    return errors


def render_body(template: dict, facts: dict) -> str:
    """Fill the wording. One pass of plain substitution: a "{x}" inside a fact stays literal."""
    labels = {spec["name"]: spec for spec in template["fields"]}

    def value(match: re.Match) -> str:
        name = match.group(1)
        text = facts.get(name, "")
        if text and labels.get(name, {}).get("type") == "date":
            try:
                day = dt.date.fromisoformat(text)
            except ValueError:  # a sample's placeholder
                return text
            return f"{day.year}年{day.month}月{day.day}日"
        return text or "____"

    return PLACEHOLDER_RE.sub(value, template["body"])


def sample_facts(template: dict) -> dict:
    """Placeholder values for the blank sample a resident downloads (二(三) 表单样本)."""
    return {spec["name"]: f"（{spec['label']}）" for spec in template["fields"]}
