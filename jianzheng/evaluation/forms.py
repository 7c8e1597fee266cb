"""The evaluation area's forms. They collect input; every rule is the service's."""

import datetime as dt

from django import forms

from jianzheng.core.forms import RuleForm
from jianzheng.evaluation.formulas import FORMULAS
from jianzheng.evaluation.models import Grade, Indicator
from jianzheng.evaluation.sources import SOURCES


def _required_look(form: forms.Form, optional: tuple[str, ...] = ()) -> None:
    for name, field in form.fields.items():
        if name not in optional:
            field.widget.attrs["required"] = True
        field.required = False  # the service names what is missing, in one place


class RateForm(RuleForm):
    case = forms.CharField(
        label="办件编号",
        max_length=64,
        help_text="证明或告知承诺书右上角的编号，或举报编号",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    secret = forms.CharField(
        label="校验码或查询码",
        max_length=40,
        help_text="证明上二维码下方的校验码（例如 ABCDE-FGHJK），或举报时得到的查询码",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    grade = forms.ChoiceField(
        label="您对本次服务的评价", choices=Grade.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label="意见建议（选填）",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _required_look(self, optional=("comment",))


class OpenRatingForm(RuleForm):
    secret = forms.CharField(
        label="校验码或查询码",
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _required_look(self)


class ContactForm(RuleForm):
    contact_note = forms.CharField(
        label="联系情况", max_length=500, help_text="何时、以何种方式联系了群众，了解到什么"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _required_look(self)


class AnswerForm(RuleForm):
    contact_note = forms.CharField(label="联系情况（已登记的可不填）", max_length=500)
    rectification = forms.CharField(label="整改情况", widget=forms.Textarea(attrs={"rows": 3}))
    answer = forms.CharField(
        label="答复群众",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="群众在评价页面看到这段答复，请勿写入他人个人信息",
    )

    def __init__(self, *args, **kwargs):
        # Beside the contact form on one page: its own ids (answer_contact_note, …).
        kwargs.setdefault("auto_id", "answer_%s")
        super().__init__(*args, **kwargs)
        _required_look(self, optional=("contact_note",))


class SettingsForm(RuleForm):
    follow_up_days = forms.IntegerField(label="差评整改期限（工作日）", min_value=1, max_value=60)


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


class SchemeForm(RuleForm):
    period = forms.CharField(label="考评期", max_length=16, help_text="年份，如 2026；或 2026-H1")
    name = forms.CharField(label="名称", max_length=100)
    start = forms.CharField(label="起始日期", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.CharField(label="截止日期", widget=forms.DateInput(attrs={"type": "date"}))
    star_thresholds = forms.CharField(
        label="星级分数线",
        max_length=40,
        initial="90,80,70,60",
        help_text="五星、四星、三星、二星的最低分",
    )
    deduction_per_notice = forms.CharField(
        label="每份通报扣分（四(二)）", max_length=8, initial="2"
    )
    deduction_cap = forms.CharField(label="扣分上限", max_length=8, initial="10")
    with_defaults = forms.BooleanField(label="使用推荐指标", required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _required_look(self, optional=("with_defaults",))

    def to_service(self) -> dict:
        data = self.cleaned_data
        lines = [x.strip() for x in (data.get("star_thresholds") or "").split(",") if x.strip()]
        return {
            "period": data.get("period") or "",
            "name": data.get("name") or "",
            "start": _date(data.get("start") or ""),
            "end": _date(data.get("end") or ""),
            "star_thresholds": lines,
            "deduction_per_notice": data.get("deduction_per_notice") or "0",
            "deduction_cap": data.get("deduction_cap") or "0",
            "with_defaults": bool(data.get("with_defaults")),
        }


class IndicatorForm(RuleForm):
    code = forms.CharField(label="代码", max_length=32, help_text="小写字母、数字和下划线")
    name = forms.CharField(label="名称", max_length=100)
    kind = forms.ChoiceField(label="类型", choices=Indicator.Kind.choices)
    source = forms.ChoiceField(
        label="数据来源", choices=[(s.code, s.label) for s in SOURCES.values()]
    )
    formula = forms.ChoiceField(label="计分公式", choices=list(FORMULAS.items()))
    formula_number = forms.CharField(
        label="目标数量或每件扣分", max_length=8, help_text="“数量目标”和“每件扣分”公式需要"
    )
    weight = forms.CharField(label="权重", max_length=8)
    applies_to = forms.ChoiceField(label="适用", choices=Indicator.AppliesTo.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _required_look(self, optional=("formula_number",))

    def place(self, key, message):
        return super().place("formula_number" if key == "formula" else key, message)

    def to_service(self) -> dict:
        data = self.cleaned_data
        formula = {"type": data.get("formula") or ""}
        if formula["type"] == "count_target":
            formula["target"] = data.get("formula_number") or ""
        elif formula["type"] == "count_penalty":
            formula["per"] = data.get("formula_number") or ""
        return {
            "code": data.get("code") or "",
            "name": data.get("name") or "",
            "kind": data.get("kind") or "",
            "source": data.get("source") or "",
            "formula": formula,
            "weight": data.get("weight") or "0",
            "applies_to": data.get("applies_to") or "",
        }
