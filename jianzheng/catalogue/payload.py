"""One shape for an item's data: change requests carry it, import/export write it, the history
page diffs it. `validate_item_payload` is the single gate every route into the catalogue passes."""

import re

from jianzheng.catalogue.commitment_spec import validate_commitment
from jianzheng.catalogue.guide import (
    GUIDE_LABELS,
    GUIDE_MARK,
    guide_line,
    is_guide_line,
    parse_guide_line,
    validate_guide,
)
from jianzheng.catalogue.models import GUIDE_KEYS, Alternative, CertificateItem, LegalBasis
from jianzheng.catalogue.template_spec import validate_template
from jianzheng.core.errors import FieldErrors, RuleViolation
from jianzheng.core.text import clean_text
from jianzheng.regions.models import Unit

CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")
MAX_LIST = 50

FIELD_LABELS = {
    "code": "事项代码",
    "name": "事项名称",
    "aliases": "别名",
    "keywords": "俗称/关键词",
    "status": "状态",
    "national_batch": "国家清单批次",
    "issuing_unit_kind": "开具单位",
    "requesting_units": "索要单位",
    "conditions": "办理条件",
    "materials": "办理材料",
    "steps": "办理流程",
    "time_limit_days": "办理时限（工作日）",
    "purpose": "事项内容及用途",
    "is_demo": "示例数据",
    "legal_bases": "设定依据",
    "alternatives": "替代方式",
    "template": "证明式样",
    "commitment": "告知承诺",
    **GUIDE_LABELS,
}


# The order an item's fields are shown in: forms, and the columns of the import/export file.
ITEM_FIELDS = (
    "code",
    "name",
    "status",
    "aliases",
    "keywords",
    "national_batch",
    "issuing_unit_kind",
    "requesting_units",
    "purpose",
    "conditions",
    "materials",
    "steps",
    "time_limit_days",
    *GUIDE_KEYS,
    "legal_bases",
    "alternatives",
    "template",
    "commitment",
    "is_demo",
)


def _guide(row) -> dict:
    return {key: getattr(row, key) for key in GUIDE_KEYS}


def item_to_payload(item: CertificateItem) -> dict:
    return {
        "code": item.code,
        "name": item.name,
        "aliases": list(item.aliases),
        "keywords": list(item.keywords),
        "status": item.status,
        "national_batch": item.national_batch,
        "issuing_unit_kind": item.issuing_unit_kind,
        "requesting_units": list(item.requesting_units),
        "conditions": item.conditions,
        "materials": list(item.materials),
        "steps": list(item.steps),
        "time_limit_days": item.time_limit_days,
        "purpose": item.purpose,
        "is_demo": item.is_demo,
        "template": item.template,
        "commitment": item.commitment,
        **_guide(item),
        "legal_bases": [
            {"title": b.title, "article": b.article, "level": b.level}
            for b in item.legal_bases.all()
        ],
        "alternatives": [
            {
                "kind": a.kind,
                "handling_unit": a.handling_unit.code
                if a.handling_unit_id
                else a.handling_unit_name,
                "instruction": a.instruction,
                **_guide(a),
            }
            for a in item.alternatives.all()
        ],
    }


def _text(data, key, *, max_length, required=False, multiline=False, prefix="") -> str:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise RuleViolation(
            "invalid_type", f"{FIELD_LABELS.get(key, key)}应为文字", field=prefix + key
        )
    return clean_text(
        value,
        field=prefix + key,
        label=FIELD_LABELS.get(key, key),
        max_length=max_length,
        required=required,
        multiline=multiline,
    )


def _text_list(data, key, *, max_length=200) -> list[str]:
    value = data.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or len(value) > MAX_LIST:
        raise RuleViolation(
            "invalid_type", f"{FIELD_LABELS[key]}应为不超过{MAX_LIST}项的列表", field=key
        )
    items = []
    for index, entry in enumerate(value):
        if not isinstance(entry, str):
            raise RuleViolation(
                "invalid_type", f"{FIELD_LABELS[key]}第{index + 1}项应为文字", field=key
            )
        text = clean_text(
            entry, field=key, label=FIELD_LABELS[key], max_length=max_length, required=False
        )
        if text and text not in items:
            items.append(text)
    return items


def _optional_int(data, key, *, low, high) -> int | None:
    value = data.get(key)
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise RuleViolation("invalid_type", f"{FIELD_LABELS[key]}应为整数", field=key)
    try:
        number = int(str(value).strip())
    except ValueError:
        raise RuleViolation("invalid_type", f"{FIELD_LABELS[key]}应为整数", field=key) from None
    if not low <= number <= high:
        raise RuleViolation("out_of_range", f"{FIELD_LABELS[key]}应在{low}到{high}之间", field=key)
    return number


def validate_item_payload(data: dict) -> dict:
    """Clean and check an item. Collects every field error before raising, so a form or an import
    row reports all its problems at once."""
    if not isinstance(data, dict):
        raise RuleViolation("invalid_type", "事项数据格式不正确")
    errors = FieldErrors()
    clean: dict = {}

    def attempt(key, fn):
        try:
            clean[key] = fn()
        except RuleViolation as exc:
            for field, message in (exc.fields or {key: exc.message}).items():
                errors.add(field, message)

    attempt("code", lambda: _code(data))
    attempt("name", lambda: _text(data, "name", max_length=100, required=True))
    attempt("aliases", lambda: _text_list(data, "aliases", max_length=100))
    attempt("keywords", lambda: _text_list(data, "keywords", max_length=100))
    attempt("status", lambda: _choice(data, "status", CertificateItem.Status))
    attempt("national_batch", lambda: _optional_int(data, "national_batch", low=1, high=99))
    attempt(
        "issuing_unit_kind",
        lambda: _choice(data, "issuing_unit_kind", Unit.Kind, default="community"),
    )
    attempt("requesting_units", lambda: _text_list(data, "requesting_units"))
    attempt("conditions", lambda: _text(data, "conditions", max_length=4000, multiline=True))
    attempt("materials", lambda: _text_list(data, "materials"))
    attempt("steps", lambda: _text_list(data, "steps", max_length=500))
    attempt("time_limit_days", lambda: _optional_int(data, "time_limit_days", low=0, high=365))
    attempt("purpose", lambda: _text(data, "purpose", max_length=4000, multiline=True))
    clean.update(validate_guide(data, errors=errors))
    clean["is_demo"] = bool(data.get("is_demo", False))
    attempt("legal_bases", lambda: _legal_bases(data.get("legal_bases")))
    attempt("alternatives", lambda: _alternatives(data.get("alternatives"), errors))
    attempt("template", lambda: validate_template(data.get("template")))
    # 二(七): the notice and clauses of the commitment route, versioned with the item.
    attempt(
        "commitment",
        lambda: validate_commitment(
            data.get("commitment"), alternatives=clean.get("alternatives") or []
        ),
    )

    if not errors:
        _check_status_rules(clean, errors)
    errors.raise_if_any("invalid_item", "事项内容有误，请按提示修改")
    return clean


def _code(data) -> str:
    code = _text(data, "code", max_length=32, required=True)
    if not CODE_RE.match(code):
        raise RuleViolation(
            "invalid_code", "事项代码只能由字母、数字、- 和 _ 组成（不超过32位）", field="code"
        )
    return code


def _choice(data, key, choices, default=None) -> str:
    """A drop-down's value; the message names the options by their labels (codes for the API)."""
    value = data.get(key) or default
    if not value:
        raise RuleViolation("required", f"请选择{FIELD_LABELS[key]}", field=key)
    if value not in choices.values:
        named = "、".join(f"“{label}”（{code}）" for code, label in choices.choices)
        raise RuleViolation("invalid_choice", f"{FIELD_LABELS[key]}只能是{named}", field=key)
    return value


def _legal_bases(value) -> list[dict]:
    value = value or []
    if not isinstance(value, list) or len(value) > MAX_LIST:
        raise RuleViolation("invalid_type", "设定依据应为列表", field="legal_bases")
    bases = []
    for index, entry in enumerate(value):
        prefix = f"legal_bases.{index}."
        if not isinstance(entry, dict):
            raise RuleViolation(
                "invalid_type", f"第{index + 1}条设定依据格式不正确", field=f"legal_bases.{index}"
            )
        bases.append(
            {
                "title": _text(entry, "title", max_length=200, required=True, prefix=prefix),
                "article": _text(entry, "article", max_length=200, prefix=prefix),
                "level": _level(entry.get("level"), prefix),
            }
        )
    return bases


def _level(value, prefix) -> str:
    if value in LegalBasis.Level.values:
        return value
    by_label = {label: key for key, label in LegalBasis.Level.choices}
    if isinstance(value, str) and value in by_label:
        return by_label[value]
    raise RuleViolation(
        "invalid_choice", f"依据层级无效，可选：{'、'.join(by_label)}", field=prefix + "level"
    )


def _alternatives(value, errors: FieldErrors) -> list[dict]:
    """Each alternative with its guide; every problem of every alternative goes into `errors`."""
    value = value or []
    if not isinstance(value, list) or len(value) > MAX_LIST:
        raise RuleViolation("invalid_type", "替代方式应为列表", field="alternatives")
    by_label = {label: key for key, label in Alternative.Kind.choices}
    alternatives = []
    for index, entry in enumerate(value):
        prefix = f"alternatives.{index}."
        if not isinstance(entry, dict):
            errors.add(f"alternatives.{index}", f"第{index + 1}条替代方式格式不正确")
            continue
        kind = entry.get("kind")
        kind = by_label.get(kind, kind) if isinstance(kind, str) else kind
        if kind == GUIDE_MARK:
            errors.add(prefix + "kind", "“办理指南”行应紧跟在它所属的替代方式下一行")
        elif kind not in Alternative.Kind.values:
            errors.add(prefix + "kind", f"替代方式类型无效，可选：{'、'.join(by_label)}")
        alternatives.append(
            {
                "kind": kind,
                "handling_unit": errors.collect(
                    clean_text,
                    entry.get("handling_unit"),
                    field=prefix + "handling_unit",
                    label="办理单位",
                    max_length=200,
                    required=False,
                ),
                "instruction": errors.collect(
                    clean_text,
                    entry.get("instruction"),
                    field=prefix + "instruction",
                    label="办理指引",
                    max_length=2000,
                    multiline=True,
                ),
                **validate_guide(entry, prefix=prefix, errors=errors),
            }
        )
    return alternatives


def _check_status_rules(clean: dict, errors: FieldErrors) -> None:
    if clean["status"] == CertificateItem.Status.RETAINED:
        # 一(二) 于法有据: a community certifies only what a law or an approved list provides for.
        if not clean["legal_bases"]:
            errors.add("legal_bases", "保留事项必须至少有一条设定依据（法律法规或批准文件）")
        # 二(三) 式样、流程、规范: the resident must know how it is done and how long it takes.
        if not clean["steps"]:
            errors.add("steps", "保留事项必须写明办理流程")
        if clean["time_limit_days"] is None:
            errors.add("time_limit_days", "保留事项必须写明办理时限（当场办结填 0）")
        if clean["template"] is None:
            errors.add("template", "保留事项必须有证明式样")
    elif not clean["alternatives"]:
        # A cancelled proof must tell the resident where to go instead.
        errors.add("alternatives", "取消事项必须至少写明一种替代方式")


# -- The text layout of list fields, shared by the back-office form and the import/export file:
# one entry a line, parts split by "|" (or the full-width "｜" residents' keyboards type).
BASIS_PARTS = ("title", "article", "level")
ALTERNATIVE_PARTS = ("kind", "handling_unit", "instruction")
MAX_LINES = 200


def text_lines(text: str | None) -> list[str]:
    lines = (text or "").replace("\r", "").split("\n")
    return [line.strip() for line in lines if line.strip()][:MAX_LINES]


def parse_parts(text: str | None, keys: tuple[str, ...]) -> list[dict]:
    """`a|b|c` lines into dicts; the last part keeps any further bars (an instruction may)."""
    rows = []
    for line in text_lines(text):
        parts = [p.strip() for p in line.replace("\uff5c", "|").split("|", len(keys) - 1)]
        rows.append(dict(zip(keys, parts + [""] * (len(keys) - len(parts)), strict=True)))
    return rows


def legal_basis_text(bases: list[dict]) -> str:
    levels = dict(LegalBasis.Level.choices)
    return "\n".join(
        f"{b.get('title', '')}|{b.get('article', '')}|{levels.get(b.get('level'), b.get('level', ''))}"
        for b in bases
    )


def alternatives_text(alternatives: list[dict]) -> str:
    """One line an alternative, and under it, when it has one, its `办理指南|…` line."""
    kinds = dict(Alternative.Kind.choices)
    lines = []
    for a in alternatives:
        lines.append(
            f"{kinds.get(a.get('kind'), a.get('kind', ''))}|{a.get('handling_unit', '')}|"
            f"{a.get('instruction', '')}"
        )
        guide = guide_line(a)
        if guide:
            lines.append(guide)
    return "\n".join(lines)


def parse_alternatives(text: str | None) -> list[dict]:
    """The alternatives of `alternatives_text`; files without 办理指南 lines read as before."""
    rows: list[dict] = []
    guided = False
    for line in text_lines(text):
        if is_guide_line(line) and rows and not guided:
            rows[-1].update(parse_guide_line(line))
            guided = True
        else:
            # A guide line with no alternative above it stays a row, so validation names it.
            rows.extend(parse_parts(line, ALTERNATIVE_PARTS))
            guided = False
    return rows
