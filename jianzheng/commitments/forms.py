"""The commitment area's forms. They collect input; every rule is the service's."""

from django import forms

from jianzheng.commitments.models import CreditObjection, CreditRecord
from jianzheng.core.forms import RuleForm, phone_input


def _required_look(form: forms.Form) -> None:
    for field in form.fields.values():
        if not isinstance(field, forms.BooleanField):
            field.widget.attrs["required"] = True
        field.required = False  # the service names what is missing, in one place


class CommitmentForm(RuleForm):
    """The applicant's particulars and one box per clause (the page shows the notice first)."""

    applicant_name = forms.CharField(label="申请人姓名", max_length=60)
    applicant_id_number = forms.CharField(label="公民身份号码", max_length=40)
    applicant_phone = forms.CharField(label="联系电话", max_length=30, widget=phone_input())
    department = forms.ChoiceField(label="作出决定的部门")
    case_number = forms.CharField(
        label="办件编号", max_length=64, help_text="所办事项的受理编号，窗口告知或在受理回执上"
    )

    def __init__(self, *args, clauses: list[str], departments, counter: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.clause_count = len(clauses)
        self.fields["department"].choices = [(u.code, u.name) for u in departments]
        if len(self.fields["department"].choices) > 1:
            self.fields["department"].choices.insert(0, ("", "请选择"))
        if counter:
            del self.fields["department"]
        _required_look(self)
        for number, text in enumerate(clauses, start=1):
            self.fields[f"clause_{number}"] = forms.BooleanField(
                label=f"{number}. {text}", required=False
            )
            self.fields[f"clause_{number}"].widget.attrs["required"] = True
        if counter:
            self.fields["applicant_confirmed"] = forms.BooleanField(
                label="申请人已本人当面阅读告知内容并逐条确认（不得代为承诺）", required=False
            )
            self.fields["applicant_confirmed"].widget.attrs["required"] = True

    @property
    def clause_fields(self):
        return [self[f"clause_{n}"] for n in range(1, self.clause_count + 1)]

    @property
    def particular_fields(self):
        return [
            self[k]
            for k in self.fields
            if not k.startswith("clause_") and k != "applicant_confirmed"
        ]

    def to_service(self) -> dict:
        data = self.cleaned_data
        values = {
            key: data.get(key, "")
            for key in ("applicant_name", "applicant_id_number", "applicant_phone", "case_number")
        }
        if "department" in self.fields:
            values["department"] = data.get("department", "")
        values["clauses_accepted"] = [
            n for n in range(1, self.clause_count + 1) if data.get(f"clause_{n}")
        ]
        if "applicant_confirmed" in self.fields:
            values["applicant_confirmed"] = bool(data.get("applicant_confirmed"))
        return values

    def place(self, key: str, message: str):
        if key == "clauses_accepted":
            return "clause_1", message
        return super().place(key, message)


class WithdrawForm(RuleForm):
    reason = forms.CharField(label="撤回原因", max_length=200, required=False)


YES_NO = [("yes", "属实（已履行承诺）"), ("no", "不实（未履行承诺）")]


class ResultForm(RuleForm):
    fulfilled = forms.ChoiceField(label="核查结论", choices=YES_NO, widget=forms.RadioSelect)
    basis = forms.CharField(label="核查依据", max_length=300)
    how = forms.CharField(label="核查情况（如何核查、履行情况）", max_length=500)
    findings = forms.CharField(label="核查发现", widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.CharField(label="证据", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _required_look(self)
        for key in ("findings", "evidence"):
            self.fields[key].widget.attrs.pop("required", None)
            self.fields[key].help_text = "核查不实的必填"

    def to_service(self) -> dict:
        data = self.cleaned_data
        fulfilled = {"yes": True, "no": False}.get(data.get("fulfilled") or "")
        return {
            "fulfilled": fulfilled,
            **{k: data.get(k, "") for k in ("basis", "how", "findings", "evidence")},
        }


class NotifyForm(RuleForm):
    notice_method = forms.CharField(
        label="告知方式", max_length=200, help_text="如：电话告知并送达书面告知书"
    )

    def to_service(self) -> dict:
        return {"method": self.cleaned_data.get("notice_method", "")}


class ConfirmForm(RuleForm):
    upheld = forms.ChoiceField(
        label="认定结论",
        choices=[("yes", "认定为虚假承诺，记入信用记录"), ("no", "经陈述申辩，不予认定")],
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        label="申请人陈述申辩",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="申请人未陈述申辩的，期限届满后留空",
    )
    severity = forms.ChoiceField(label="严重程度", choices=CreditRecord.Severity.choices)
    measure_basis = forms.CharField(label="处理依据", max_length=300, required=False)
    months = forms.IntegerField(label="记录期限（月）", initial=12, required=False)

    def to_service(self) -> dict:
        data = self.cleaned_data
        return {
            "upheld": {"yes": True, "no": False}.get(data.get("upheld") or ""),
            "answer": data.get("answer", ""),
            "severity": data.get("severity") or "general",
            "measure_basis": data.get("measure_basis", ""),
            "months": data.get("months") if data.get("months") is not None else 12,
        }


class CorrectForm(RuleForm):
    reason = forms.CharField(label="更正原因", max_length=300, required=False)
    finding = forms.CharField(
        label="失信行为", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    severity = forms.ChoiceField(
        label="严重程度", choices=[("", "不变"), *CreditRecord.Severity.choices], required=False
    )
    end_date = forms.CharField(label="截止日期（年-月-日）", required=False)


class RepairForm(RuleForm):
    basis = forms.CharField(label="信用修复依据", max_length=300, required=False)


class ObjectionForm(RuleForm):
    reason = forms.CharField(
        label="异议理由", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    decision = forms.ChoiceField(
        label="处理结果",
        choices=CreditObjection.Decision.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    note = forms.CharField(label="处理说明", max_length=500, required=False)
