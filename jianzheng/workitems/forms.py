"""The work-item area's forms. They collect input; every rule is the service's."""

from django import forms

from jianzheng.core.forms import RuleForm
from jianzheng.workitems import fields
from jianzheng.workitems.models import WorkItemRequest


def _required_look(form: forms.Form, optional: tuple[str, ...] = ()) -> None:
    for name, field in form.fields.items():
        if name not in optional:
            field.widget.attrs["required"] = True
        field.required = False  # the service names what is missing, in one place


class RequestForm(RuleForm):
    kind = forms.ChoiceField(
        label="申请类型", choices=WorkItemRequest.Kind.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(label="事项（要社区做什么）", max_length=fields.MAX_TITLE)
    reason = forms.CharField(label="申请理由", widget=forms.Textarea(attrs={"rows": 3}))
    legal_basis = forms.CharField(
        label="法律法规依据",
        max_length=fields.MAX_LEGAL_BASIS,
        help_text="协助政府工作须写明依据（突发事件可不填）",
    )
    communities = forms.MultipleChoiceField(label="涉及社区", widget=forms.CheckboxSelectMultiple)
    hours_per_month = forms.CharField(label="预计工作量（小时/月）", max_length=10)
    funding_amount = forms.CharField(
        label="服务经费（元）", max_length=16, help_text="费随事转：协助政府工作须安排服务经费"
    )
    funding_method = forms.CharField(label="经费拨付方式", max_length=fields.MAX_FUNDING_METHOD)
    term_start = forms.CharField(label="开始日期", widget=forms.DateInput(attrs={"type": "date"}))
    term_end = forms.CharField(label="结束日期", widget=forms.DateInput(attrs={"type": "date"}))
    emergency = forms.ChoiceField(
        label="突发事件（免于事前审批，事后审查）",
        choices=[("", "否"), *WorkItemRequest.Emergency.choices],
    )
    emergency_reason = forms.CharField(label="突发事件说明", max_length=fields.MAX_EMERGENCY_REASON)

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["communities"].choices = [(u.code, u.name) for u in communities]
        _required_look(self, optional=("legal_basis", "emergency", "emergency_reason"))

    def to_service(self) -> dict:
        return dict(self.cleaned_data)


class DecisionForm(RuleForm):
    decision = forms.ChoiceField(
        label="审核结论",
        choices=[("approve", "同意"), ("reject", "不同意")],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label="审核意见", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _required_look(self)


class PaymentForm(RuleForm):
    amount = forms.CharField(label="金额（元）", max_length=16)
    paid_on = forms.CharField(label="拨付日期", widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label="说明", max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _required_look(self, optional=("note",))


class PushForm(RuleForm):
    department = forms.ChoiceField(label="推送任务的单位")
    title = forms.CharField(label="任务内容", max_length=fields.MAX_PUSH_TITLE)
    work_item = forms.ChoiceField(label="对应的工作事项（部门说明的，没有可不选）")

    def __init__(self, *args, departments, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [
            ("", "请选择"),
            *((u.code, u.name) for u in departments),
        ]
        self.fields["work_item"].choices = [
            ("", "未说明（未经准入）"),
            *((i.code, f"{i.code} {i.name}") for i in items),
        ]
        _required_look(self, optional=("work_item",))


class SettingsForm(RuleForm):
    review_days = forms.CharField(label="审核期限（工作日）", max_length=3)
    cosign_unit = forms.ChoiceField(label="会签单位（不需会签可不选）")

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cosign_unit"].choices = [("", "不需会签"), *((u.code, u.name) for u in units)]
        _required_look(self, optional=("cosign_unit",))
