"""The back office's and the transparency page's forms. They collect input; every rule is the
service's (services.py), whose field keys `place` maps onto the inputs."""

from django import forms

from jianzheng.core.forms import NoEchoInput, RuleForm
from jianzheng.sharing.models import SharedFact, SharingCheck


def fact_key(fact: SharedFact) -> str:
    return f"{fact.holder.code}/{fact.code}"


def fact_choices() -> list[tuple[str, str]]:
    facts = SharedFact.objects.filter(is_active=True).select_related("holder")
    return [(fact_key(f), f"{f.holder.name}：{f.name}") for f in facts]


def fact_from_key(key: str) -> SharedFact | None:
    holder, _, code = (key or "").partition("/")
    found = SharedFact.objects.filter(holder__code=holder, code=code, is_active=True)
    return found.select_related("holder").first()


class AskForm(RuleForm):
    fact = forms.ChoiceField(label="核查事项（数据提供单位）")
    subject_name = forms.CharField(label="被核查人姓名", max_length=60)
    subject_id_number = forms.CharField(label="被核查人公民身份号码", max_length=40)
    purpose = forms.CharField(
        label="核查用途", max_length=200, help_text="所办的事，如“办理最低生活保障申请”"
    )
    case_number = forms.CharField(label="办件编号", max_length=64)
    legal_basis = forms.CharField(
        label="法定依据", max_length=300, help_text="办理该事项需要核对这项信息的法律法规条款"
    )
    replaces_item = forms.ChoiceField(
        label="替代的证明事项", help_text="本次核查代替群众开具的证明"
    )

    def __init__(self, *args, fact: SharedFact | None = None, item_names=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fact_obj = fact
        self.fields["fact"].choices = [("", "请选择"), *fact_choices()]
        codes = fact.replaces if fact else []
        names = item_names or {}
        self.fields["replaces_item"].choices = [
            (code, f"{names.get(code, code)}（{code}）") for code in codes
        ]
        for spec in fact.inputs if fact else []:
            self.fields[f"p_{spec['name']}"] = forms.CharField(label=spec["label"], max_length=200)
        for field in self.fields.values():
            field.widget.attrs["required"] = True
            field.required = False  # the service names what is missing, in one place

    def to_service(self) -> dict:
        data = self.cleaned_data
        fact = self.fact_obj
        return {
            "holder": fact.holder.code if fact else "",
            "fact": fact.code if fact else "",
            "subject_name": data["subject_name"],
            "subject_id_number": data["subject_id_number"],
            "purpose": data["purpose"],
            "case_number": data["case_number"],
            "legal_basis": data["legal_basis"],
            "replaces_item": data["replaces_item"],
            "particulars": {
                s["name"]: data.get(f"p_{s['name']}", "") for s in (fact.inputs if fact else [])
            },
        }

    def place(self, key: str, message: str) -> tuple[str | None, str]:
        if key in ("holder", "fact"):
            return "fact", message
        if key.startswith("particulars."):
            name = "p_" + key.split(".", 1)[1]
            return (name if name in self.fields else None), message
        return super().place(key, message)


class AnswerForm(RuleForm):
    answer = forms.ChoiceField(
        label="答复", choices=SharingCheck.Answer.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label="拒绝答复的理由", max_length=300, required=False, help_text="拒绝答复时必填"
    )

    def __init__(self, *args, fact: SharedFact, **kwargs):
        super().__init__(*args, **kwargs)
        self.fact = fact
        if fact.answer_kind == SharedFact.AnswerKind.FIELDS:
            self.fields["answer"].choices = [
                ("yes", "有记录，答复以下字段"),
                ("no", "无记录"),
                ("declined", "拒绝答复"),
            ]
            for spec in fact.answer_fields:
                self.fields[f"f_{spec['name']}"] = forms.CharField(
                    label=spec["label"], max_length=100, required=False
                )

    def to_service(self) -> dict:
        data = self.cleaned_data
        fields = {
            s["name"]: data[f"f_{s['name']}"]
            for s in self.fact.answer_fields
            if data.get(f"f_{s['name']}")
        }
        if data["answer"] != "yes":
            fields = {}
        return {"answer": data["answer"], "fields": fields, "reason": data["reason"]}

    def place(self, key: str, message: str) -> tuple[str | None, str]:
        if key.startswith("fields."):
            name = "f_" + key.split(".", 1)[1]
            return (name if name in self.fields else None), message
        if key == "fields":
            return None, message
        return super().place(key, message)


class TransparencyForm(RuleForm):
    name = forms.CharField(label="姓名", max_length=60)
    id_number = forms.CharField(
        label="公民身份号码",
        max_length=40,
        widget=NoEchoInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, challenge: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if challenge:
            self.fields["challenge"] = forms.CharField(
                label=f"请计算：{challenge} = ？", max_length=4
            )
