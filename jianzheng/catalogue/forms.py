"""The back-office proposal form: text boxes in, the payload shape of catalogue.payload out.

Only parsing lives here (one line per entry, "|" between parts). Whether the item is acceptable
is decided by payload.validate_item_payload inside services.propose_change; its field errors come
back through `add_rule_errors` and are shown next to the matching box."""

import json

from django import forms

from jianzheng.catalogue.guide import FEE_LABELS, GUIDE_MARK, PHONE_HELP
from jianzheng.catalogue.models import GUIDE_KEYS, Alternative, CertificateItem, LegalBasis
from jianzheng.catalogue.payload import (
    BASIS_PARTS,
    FIELD_LABELS,
    ITEM_FIELDS,
    alternatives_text,
    legal_basis_text,
    parse_alternatives,
    parse_parts,
    text_lines,
)
from jianzheng.core.forms import RuleForm
from jianzheng.regions.models import Unit

LIST_FIELDS = ("aliases", "keywords", "requesting_units", "materials", "steps")
LEVEL_LABELS = dict(LegalBasis.Level.choices)
KIND_LABELS = dict(Alternative.Kind.choices)
STATUS_LABELS = dict(CertificateItem.Status.choices)
ServiceFee = CertificateItem.Fee
UNIT_KIND_LABELS = dict(Unit.Kind.choices)
MAX_LINES = 200


def field_text(key: str, value) -> str:
    """A payload value as the back office writes it; also how the history page shows it."""
    if value is None or value == "" or value == []:
        return ""
    if key == "legal_bases":
        return legal_basis_text(value)
    if key == "alternatives":
        return alternatives_text(value)
    if key in ("template", "commitment"):
        return json.dumps(value, ensure_ascii=False, indent=2)
    if key == "status":
        return STATUS_LABELS.get(value, str(value))
    if key == "issuing_unit_kind":
        return UNIT_KIND_LABELS.get(value, str(value))
    if key == "fee":
        return FEE_LABELS.get(value, str(value))
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return str(value)


def diff_rows(before: dict | None, after: dict | None, changes) -> list[dict]:
    """`changes` from selectors.diff_payloads, labelled and written out for a template."""
    return [
        {
            "key": key,
            "label": FIELD_LABELS.get(key, key),
            "old": _shown(key, old),
            "new": _shown(key, new),
        }
        for key, old, new in changes
    ]


def _shown(key: str, value) -> str:
    """As a resident reads it: a time limit of 0 working days is 当场办结."""
    if key == "time_limit_days" and value is not None:
        return "当场办结" if value == 0 else f"{value}个工作日"
    return field_text(key, value)


def _area(rows=4, help_text=""):
    return forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": rows}), help_text=help_text
    )


class ProposalForm(RuleForm):
    code = forms.CharField(
        required=False,
        label=FIELD_LABELS["code"],
        help_text="字母、数字、- 和 _，不超过32位，例如 YN-B06",
    )
    name = forms.CharField(required=False, label=FIELD_LABELS["name"])
    status = forms.ChoiceField(
        required=False, label=FIELD_LABELS["status"], choices=CertificateItem.Status.choices
    )
    aliases = _area(2, "每行一个")
    keywords = _area(2, "每行一个，居民的口头说法，如“还活着”")
    national_batch = forms.CharField(
        required=False,
        label=FIELD_LABELS["national_batch"],
        help_text="国家取消清单的批次，如 1；不属于则留空",
    )
    issuing_unit_kind = forms.ChoiceField(
        required=False,
        label=FIELD_LABELS["issuing_unit_kind"],
        choices=Unit.Kind.choices,
        initial="community",
    )
    requesting_units = _area(2, "每行一个单位")
    purpose = _area(3)
    conditions = _area(3)
    materials = _area(3, "每行一项材料")
    steps = _area(4, "每行一个步骤，按顺序")
    time_limit_days = forms.CharField(
        required=False, label=FIELD_LABELS["time_limit_days"], help_text="工作日数；当场办结填 0"
    )
    service_place = forms.CharField(
        required=False, help_text="居民到哪里办，如：户籍所在地社区（村）党群服务中心"
    )
    service_hours = forms.CharField(
        required=False, help_text="如：工作日 9:00–12:00 14:30–17:30（法定节假日除外）"
    )
    service_phone = forms.CharField(required=False, help_text=PHONE_HELP)
    fee = forms.ChoiceField(
        required=False, choices=[("", "未注明"), *ServiceFee.choices], initial=""
    )
    fee_note = forms.CharField(required=False, help_text="收费的，写明收费标准和依据")
    online_channel = forms.CharField(
        required=False, help_text="可网上办理的，写明渠道，如：宁夏政务服务网、“我的宁夏”App"
    )
    online_url = forms.CharField(
        required=False, help_text="以 https:// 或 http:// 开头，如 https://zwfw.nx.gov.cn"
    )
    legal_bases = _area(
        3,
        "每行一条：标题|条款|层级。层级可选："
        + "、".join(LEVEL_LABELS.values())
        + "。例：《居住证暂行条例》|第八条|行政法规",
    )
    alternatives = _area(
        5,
        "每行一条：类型|办理单位|说明。类型可选："
        + "、".join(KIND_LABELS.values())
        + "。办理单位可写单位代码（如 640121-GAJ）或名称。"
        + f"可在一条替代方式的下一行写它的办理指南：{GUIDE_MARK}|办理地点|办理时间|咨询电话|"
        + "是否收费|收费说明|网上办理渠道|网址，"
        + f"例：{GUIDE_MARK}|县政务服务中心公安窗口|工作日 9:00–17:00|12345|不收费",
    )
    template = _area(
        10,
        '证明式样，JSON 格式：{"title": 证明标题，"body": 正文(用 {holder_name} 这样的'
        '写法引用填写项), "fields": [{"name": 英文标识，"label": 中文标签，"type": text/'
        'id_number/date/phone/address/integer/choice, "required": true}], '
        '"validity_days": 有效天数}。必须含 holder_name（姓名）和 holder_id_number'
        "（公民身份号码）。保留事项必填，取消事项可留空",
    )
    commitment = _area(
        8,
        '实行告知承诺制的，JSON 格式：{"domain": 所属领域, "notice": {"legal_basis", "obligation", '
        '"how_to_commit", "liability", "check_power", "cooperation", "effect", "withdrawal"}, '
        '"clauses": [承诺条款], "post_check": {"method": data_sharing/joint_check/on_site, '
        '"deadline_days": 核查期限(工作日), "base_rate": 抽查比例%, "higher_rate": 有不良记录者比例%, '
        '"full_check": 是否全部核查}}。国家安全、公共安全、金融审慎监管、生态环境保护和人身健康、'
        "生命财产安全领域的事项不适用。不实行的留空",
    )
    is_demo = forms.BooleanField(required=False, label=FIELD_LABELS["is_demo"])
    reason = forms.CharField(
        required=False, label="申请理由", widget=forms.Textarea(attrs={"rows": 3})
    )
    legal_basis = forms.CharField(
        required=False,
        label="法律政策依据",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="法律法规制定、修改、废止或改革文件的名称和条款",
    )

    ITEM_FIELDS = ITEM_FIELDS

    def __init__(self, *args, kind: str, payload: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        for key in self.ITEM_FIELDS:
            self.fields[key].label = FIELD_LABELS[key]
        if payload:
            self.initial.update(
                {
                    key: payload[key]
                    if key in ("status", "issuing_unit_kind", "is_demo", "fee")
                    else field_text(key, payload.get(key))
                    for key in self.ITEM_FIELDS
                    if key in payload
                }
            )
        if kind != "add":
            # The code names the item being changed; it is part of the URL, not the form.
            self.fields["code"].disabled = True
        if kind == "remove":
            for key in self.ITEM_FIELDS:
                del self.fields[key]

    def clean_template(self):
        text = self.cleaned_data["template"].strip()
        if not text:
            return None
        if len(text) > 20000:
            raise forms.ValidationError("证明式样太长（不超过 20000 个字符）")
        try:
            return json.loads(text)
        except (ValueError, RecursionError):
            raise forms.ValidationError(
                "证明式样不是有效的 JSON，请检查括号、引号和逗号（引号须为英文半角）"
            ) from None

    def clean_commitment(self):
        text = self.cleaned_data["commitment"].strip()
        if not text:
            return None
        if len(text) > 20000:
            raise forms.ValidationError("告知承诺内容太长（不超过 20000 个字符）")
        try:
            return json.loads(text)
        except (ValueError, RecursionError):
            raise forms.ValidationError(
                "告知承诺内容不是有效的 JSON，请检查括号、引号和逗号（引号须为英文半角）"
            ) from None

    def item_fields(self):
        return [self[key] for key in self.ITEM_FIELDS if key in self.fields]

    def payload(self) -> dict:
        data = self.cleaned_data
        payload = {
            key: data[key]
            for key in (
                "code",
                "name",
                "status",
                "national_batch",
                "issuing_unit_kind",
                "purpose",
                "conditions",
                "time_limit_days",
                "is_demo",
                "template",
                "commitment",
                *GUIDE_KEYS,
            )
        }
        for key in LIST_FIELDS:
            payload[key] = text_lines(data[key])
        payload["legal_bases"] = parse_parts(data["legal_bases"], BASIS_PARTS)
        payload["alternatives"] = parse_alternatives(data["alternatives"])
        return payload

    def place(self, key: str, message: str) -> tuple[str | None, str]:
        """ "legal_bases.0.level" → the legal_bases box, prefixed with the line it came from;
        an alternative by its number (its 办理指南 line makes lines and entries differ)."""
        head, _, rest = key.partition(".")
        if rest and rest.split(".")[0].isdigit():
            number = int(rest.split(".")[0]) + 1
            where = f"第{number}条替代方式" if head == "alternatives" else f"第{number}行"
            message = f"{where}：{message}"
        if head in self.fields and not (head == "code" and self.fields["code"].disabled):
            return head, message
        return None, message


class ReviewForm(RuleForm):
    """审核 or 批准: the note (required when turning a request down, says the service) and, for the
    approval of a new retained item, the region government's document number."""

    note = forms.CharField(required=False)
    approval_reference = forms.CharField(required=False)


class PublishForm(RuleForm):
    effective_date = forms.DateField(
        error_messages={
            "required": "请填写生效日期",
            "invalid": "请按 年-月-日 填写生效日期，例如 2025-01-01",
        }
    )
    summary = forms.CharField(required=False)
