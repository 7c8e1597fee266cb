"""Forms of the complaints pages: what the browser sends, checked for shape only; the rules are
complaints.services'."""

from django import forms

from jianzheng.complaints.models import Complaint
from jianzheng.core.forms import RuleForm, phone_input


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [d for d in data if d]
        return [data] if data else []


class ReportForm(RuleForm):
    unit_name = forms.CharField(
        label="要求开证明的单位",
        max_length=200,
        help_text="从列表中选择，或直接填写单位全称，如“永宁县公安局杨和派出所”",
        widget=forms.TextInput(attrs={"list": "unit-options", "autocomplete": "off"}),
    )
    item_name = forms.CharField(
        label="对方要求开具的证明",
        max_length=100,
        help_text="如“健在证明”；清单中已取消的证明会标出",
        widget=forms.TextInput(attrs={"list": "item-options", "autocomplete": "off"}),
    )
    date = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}))
    description = forms.CharField(
        label="经过",
        max_length=2000,
        help_text="办什么事、对方怎么说的；请不要填写与举报无关的个人信息",
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    files = MultipleFileField(
        label="证据（可选）",
        required=False,
        help_text="照片或 PDF，最多5个，每个不超过5 MB；仅工作人员可查看，不会公开",
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}),
    )
    anonymous = forms.BooleanField(label="匿名举报（不留联系方式）", required=False)
    contact_phone = forms.CharField(
        label="手机号（可选）",
        max_length=20,
        required=False,
        help_text="有进展时短信通知您",
        widget=phone_input(),
    )
    contact_email = forms.CharField(
        label="电子邮箱（可选）", max_length=254, required=False, help_text="有进展时邮件通知您"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # `place` is also RuleForm's hook name, so this field is added here, not declared.
        fields = list(self.fields.items())
        fields.insert(
            3,
            (
                "place",
                forms.CharField(
                    label="地点", max_length=200, help_text="如“县政务服务中心公安窗口”"
                ),
            ),
        )
        self.fields = dict(fields)

    def place(self, key: str, message: str):
        if key in ("unit",):
            return "unit_name", message
        if key in ("item",):
            return "item_name", message
        return super().place(key, message)

    def to_service(self, *, item_code: str = "") -> dict:
        data = self.cleaned_data
        anonymous = data.get("anonymous")
        item_name = data["item_name"]
        return {
            "unit_name": data["unit_name"],
            "item": item_code if item_code and not item_name else "",
            "item_name": item_name,
            "date": data["date"],
            "place": data["place"],
            "description": data["description"],
            "contact_phone": "" if anonymous else data.get("contact_phone", ""),
            "contact_email": "" if anonymous else data.get("contact_email", ""),
            "files": data.get("files") or [],
        }


class TrackForm(RuleForm):
    tracking_number = forms.CharField(label="举报编号", max_length=40)
    secret = forms.CharField(
        label="查询码",
        max_length=40,
        help_text="提交举报时显示的查询码",
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )


class MessageForm(RuleForm):
    text = forms.CharField(
        label="补充情况", max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    files = MultipleFileField(
        label="补充证据（可选）",
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}),
    )


class TransitionForm(RuleForm):
    to = forms.ChoiceField(label="办理为")
    note = forms.CharField(
        label="意见",
        max_length=2000,
        required=False,
        help_text="不予受理写理由；答复写被举报单位的答复；核实写核查结论；整改写整改情况",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    redirect_to = forms.CharField(
        label="可向何处反映（不予受理时）",
        max_length=300,
        required=False,
        help_text="不填则给出上一级的举报电话和邮箱",
    )

    def __init__(self, *args, moves: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(m, Complaint.State(m).label) for m in moves]


class AssignForm(RuleForm):
    assignee = forms.ChoiceField(label="承办人")

    def __init__(self, *args, people: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [(str(p.pk), str(p)) for p in people]


class NoticeForm(RuleForm):
    finding = forms.CharField(
        label="查实情况（公开）",
        max_length=2000,
        help_text="身份证号、电话、邮箱会自动隐去；请勿写举报人姓名",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    rectification = forms.CharField(
        label="整改情况（公开）",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
