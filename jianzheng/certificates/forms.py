"""HTML forms for the certificate back office. They only parse and render: every rule (required
facts, ID checksums, check methods, the 四(三) conditions) is enforced by certificates.services,
whose RuleViolation fields are mapped back onto these inputs by `add_rule_errors`."""

from django import forms

from jianzheng.certificates.models import Certificate, CheckMethod
from jianzheng.certificates.selectors import LedgerFilter
from jianzheng.core.errors import RuleViolation
from jianzheng.core.forms import RuleForm, phone_input
from jianzheng.documents.models import SignedDocument

FACT_PREFIX = "fact_"
# The demanding unit: typed, or picked from the registry (certificates/staff/_unit_options.html).
REQUESTER_ATTRS = {
    "maxlength": 200,
    "required": True,
    "list": "requester-units",
    "autocomplete": "off",
    "data-suggest": "/staff/units/suggest",
}
TEXT_WIDGETS = {
    "text": lambda spec: forms.TextInput(attrs={"maxlength": spec.get("max_length", 100)}),
    "id_number": lambda spec: forms.TextInput(
        attrs={"maxlength": 18, "autocomplete": "off", "spellcheck": "false"}
    ),
    "date": lambda spec: forms.DateInput(attrs={"type": "date"}),
    "phone": lambda spec: phone_input(maxlength=20, autocomplete="off"),
    "address": lambda spec: forms.TextInput(attrs={"maxlength": 200}),
    "integer": lambda spec: forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 12}),
}


def _fact_field(spec: dict) -> forms.Field:
    # required=False: the service names a missing fact in Chinese; the HTML attribute still
    # lets the browser help the clerk before submitting.
    attrs = {"required": True} if spec["required"] else {}
    if spec["type"] == "choice":
        widget = forms.Select(
            choices=[("", "请选择")] + [(c, c) for c in spec["choices"]], attrs=attrs
        )
    else:
        widget = TEXT_WIDGETS[spec["type"]](spec)
        widget.attrs.update(attrs)
    return forms.CharField(
        label=spec["label"], required=False, strip=False, widget=widget, max_length=None
    )


class IssueForm(RuleForm):
    """The facts of the item's template, then purpose, requester and how the facts were checked.
    With `handover`, the 四(三) fields too."""

    purpose = forms.CharField(
        label="用途",
        required=False,
        widget=forms.TextInput(attrs={"maxlength": 200, "required": True}),
        help_text="写明证明交给索要单位做什么用，例如“办理居住证”。",
    )
    requester = forms.CharField(
        label="索要单位",
        required=False,
        widget=forms.TextInput(attrs={"maxlength": 200, "required": True}),
        help_text="要求居民提供这份证明的单位全称。",
    )
    checks = forms.MultipleChoiceField(
        label="核实方式",
        required=False,
        choices=CheckMethod.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "请从列出的核实方式中选择"},
        help_text="据实出具：只证明社区核实过的事实。",
    )
    check_note = forms.CharField(
        label="核实情况说明",
        required=False,
        widget=forms.TextInput(attrs={"maxlength": 200}),
        help_text="选择“其他”时必须填写。",
    )

    def __init__(self, *args, template: dict, handover: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.template = template
        self.handover = handover
        facts = {}
        for spec in template["fields"]:
            facts[FACT_PREFIX + spec["name"]] = _fact_field(spec)
        self.fields = {**facts, **self.fields}
        self.required_names = {
            FACT_PREFIX + s["name"] for s in template["fields"] if s["required"]
        } | {"purpose", "requester", "checks"}
        if handover:
            self.fields["handover_reason"] = forms.ChoiceField(
                label="为何仍需出具",
                required=False,
                choices=Certificate.HandoverReason.choices,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": "请选择列出的原因"},
            )
            self.fields["handover_requester"] = forms.CharField(
                label="明确要求出具的单位（与索要单位相同可不填）",
                required=False,
                widget=forms.TextInput(attrs={"maxlength": 200}),
            )
            self.fields["handover_within_duties"] = forms.BooleanField(
                label="所证明的事实属于本社区职责范围", required=False
            )
            self.fields["handover_verifiable"] = forms.BooleanField(
                label="所证明的事实社区能够核实", required=False
            )
            self.required_names |= {
                "handover_reason",
                "handover_within_duties",
                "handover_verifiable",
            }

    def fact_fields(self):
        return [self[name] for name in self.fields if name.startswith(FACT_PREFIX)]

    def handover_fields(self):
        return [self[name] for name in self.fields if name.startswith("handover_")]

    def service_kwargs(self) -> dict:
        """The service's keyword arguments, from cleaned data (call after is_valid())."""
        data = self.cleaned_data
        facts = {}
        for spec in self.template["fields"]:
            value = data.get(FACT_PREFIX + spec["name"]) or ""
            if value:
                facts[spec["name"]] = value
        methods = data.get("checks") or []
        # One note box: it explains "other" when chosen (the service requires it there),
        # otherwise the first method.
        noted = CheckMethod.OTHER if CheckMethod.OTHER in methods else (methods or [""])[0]
        note = (data.get("check_note") or "").strip()
        kwargs = {
            "facts": facts,
            "checks": [{"method": m, "note": note if m == noted else ""} for m in methods],
            "purpose": data.get("purpose") or "",
            "requester": data.get("requester") or "",
        }
        if self.handover:
            kwargs["handover"] = {
                "reason": data.get("handover_reason") or "",
                # Usually the requester itself insists; a clerk need not type it twice.
                "requester": data.get("handover_requester") or data.get("requester") or "",
                "within_duties": bool(data.get("handover_within_duties")),
                "verifiable": bool(data.get("handover_verifiable")),
            }
        return kwargs

    def place(self, key: str, message: str) -> tuple[str | None, str]:
        """ "facts.since", "checks.0.note", "handover.reason" → the input that shows it."""
        if key.startswith("facts."):
            name = FACT_PREFIX + key.split(".", 1)[1]
        elif key.startswith("checks."):
            name = "check_note" if key.endswith(".note") else "checks"
        elif key.startswith("handover."):
            name = "handover_" + key.split(".", 1)[1]
        else:
            name = key
        return (name if name in self.fields else None), message


class RefusalRequestForm(RuleForm):
    """Log that a resident was turned away for an item the community may not issue."""

    item = forms.CharField(label="居民要开的证明", required=False, widget=forms.HiddenInput)
    requester = forms.CharField(
        label="索要单位",
        required=False,
        widget=forms.TextInput(attrs=REQUESTER_ATTRS),
        help_text="要求居民开这份证明的单位，用于统计和曝光（永民发〔2020〕91号 二（五））。"
        "可输入名称或拼音首字母从单位库中选择；单位库中没有的，写全称。",
    )
    purpose = forms.CharField(
        label="用途（选填）", required=False, widget=forms.TextInput(attrs={"maxlength": 200})
    )


class DeskRefusalForm(RuleForm):
    item = forms.CharField(
        label="居民要开的证明",
        required=False,
        widget=forms.TextInput(attrs={"maxlength": 100, "required": True}),
        help_text="证明名称，照索要单位的说法填写。",
    )
    requester = forms.CharField(
        label="索要单位",
        required=False,
        widget=forms.TextInput(attrs=REQUESTER_ATTRS),
        help_text="可输入名称或拼音首字母从单位库中选择；单位库中没有的，写全称。",
    )
    note = forms.CharField(
        label="说明",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
        help_text="保留事项因无法核实而拒绝时，必须说明原因。",
    )


class RevokeForm(RuleForm):
    # required=False: the service names a missing category (one message for page and API).
    category = forms.ChoiceField(
        label="撤销类别",
        required=False,
        choices=[("", "请选择")] + SignedDocument.RevokeCategory.choices,
        widget=forms.Select(attrs={"required": True}),
        error_messages={"invalid_choice": "请从列出的撤销类别中选择"},
        help_text="核验页面向公众显示撤销类别。",
    )
    reason = forms.CharField(
        label="撤销原因",
        required=False,
        widget=forms.TextInput(attrs={"maxlength": 200, "required": True}),
        help_text="只有工作人员可见，不在核验页面显示。",
    )
    # Revocation cannot be undone: one more deliberate click.
    confirm = forms.BooleanField(
        label="我已核对，确认撤销这份证明（撤销后不能恢复）",
        required=True,
        error_messages={"required": "请勾选确认后再撤销"},
    )


class HandoverSwitchForm(RuleForm):
    item = forms.CharField(widget=forms.HiddenInput, required=False)
    enabled = forms.ChoiceField(
        choices=[("on", "开启"), ("off", "关闭")],
        error_messages={"required": "请选择开启或关闭", "invalid_choice": "请选择开启或关闭"},
    )
    reason = forms.CharField(
        label="理由", required=False, widget=forms.TextInput(attrs={"maxlength": 500})
    )


DATE_ERRORS = {"invalid": "日期格式应为 YYYY-MM-DD"}


class LedgerFilterForm(RuleForm):
    date_from = forms.DateField(
        label="起始日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages=DATE_ERRORS,
    )
    date_to = forms.DateField(
        label="截止日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages=DATE_ERRORS,
    )
    community = forms.ChoiceField(
        label="社区（村）", required=False, error_messages={"invalid_choice": "不在您的管辖范围内"}
    )
    item = forms.ChoiceField(
        label="证明事项", required=False, error_messages={"invalid_choice": "没有这个证明事项"}
    )
    clerk = forms.CharField(label="经办人（用户名）", required=False, max_length=150)
    status = forms.ChoiceField(
        label="状态",
        required=False,
        choices=[("", "全部")] + Certificate.Status.choices,
        error_messages={"invalid_choice": "请选择列出的状态"},
    )
    handover = forms.ChoiceField(
        label="工作衔接",
        required=False,
        choices=[("", "全部"), ("true", "仅工作衔接出具"), ("false", "仅正常出具")],
        error_messages={"invalid_choice": "请选择列出的选项"},
    )

    def __init__(self, *args, communities, items, certificates: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].choices = [("", "全部")] + [(u.code, u.name) for u in communities]
        self.fields["item"].choices = [("", "全部")] + [(i.code, i.name) for i in items]
        if not certificates:
            del self.fields["status"]
            del self.fields["handover"]

    def clean(self):
        data = super().clean()
        handover = {"true": True, "false": False}.get(data.get("handover") or "")
        try:
            self.filter = LedgerFilter(
                date_from=data.get("date_from"),
                date_to=data.get("date_to"),
                community=data.get("community") or "",
                item=data.get("item") or "",
                clerk=(data.get("clerk") or "").strip(),
                status=data.get("status") or "",
                handover=handover,
            )
        except RuleViolation as exc:
            self.add_rule_errors(exc)
        return data

    def to_filter(self) -> LedgerFilter:
        return self.filter
