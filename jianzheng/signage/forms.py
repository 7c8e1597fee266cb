"""The signage area's staff forms; the rules are the services'."""

from django import forms

from jianzheng.core.forms import RuleForm
from jianzheng.signage.models import AwardDisplay, Plaque, WallPosting
from jianzheng.signage.services import GUIDE_ROWS


class PhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = False


class VenueForm(RuleForm):
    name = forms.CharField(label="活动场所名称", max_length=100)
    address = forms.CharField(label="地址", max_length=200, required=False)


class PlaqueForm(RuleForm):
    position = forms.ChoiceField(label="位置", choices=Plaque.Position.choices)
    orientation = forms.ChoiceField(label="竖牌或横牌", choices=Plaque.Orientation.choices)
    text = forms.CharField(label="牌子内容", max_length=100)
    width_cm = forms.IntegerField(label="宽（厘米）", min_value=1, max_value=2000)
    height_cm = forms.IntegerField(label="高（厘米）", min_value=1, max_value=2000)
    material = forms.CharField(label="材质", max_length=40, required=False)
    erected_by = forms.CharField(label="挂牌单位", max_length=100, required=False)
    approval_reference = forms.CharField(
        label="审批文号",
        max_length=100,
        required=False,
        help_text="大门、门头和大门两侧墙体以外的牌子须有市级基层政权与社区治理工作领导小组审核同意的文号（三(四)）",
    )
    photo = forms.FileField(label="照片", required=False, widget=PhotoInput)


class PostingForm(RuleForm):
    title = forms.CharField(label="标题", max_length=100)
    kind = forms.ChoiceField(label="类别", choices=WallPosting.Kind.choices)
    body = forms.CharField(
        label="内容（编入服务手册时使用）", required=False, widget=forms.Textarea
    )
    photo = forms.FileField(label="照片", required=False, widget=PhotoInput)


class AwardForm(RuleForm):
    title = forms.CharField(label="奖状奖牌名称", max_length=100)
    where = forms.ChoiceField(label="展示位置", choices=AwardDisplay.Where.choices)
    awarded_by = forms.CharField(label="颁发单位", max_length=100, required=False)
    photo = forms.FileField(label="照片", required=False, widget=PhotoInput)


class RectifyForm(RuleForm):
    after_photo = forms.FileField(label="整改后照片", widget=PhotoInput)
    note = forms.CharField(label="整改说明", max_length=200, required=False)


class RemovalForm(RuleForm):
    note = forms.CharField(label="撤除原因", max_length=200)


class RoomsForm(RuleForm):
    def __init__(self, *args, rooms: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for i, row in enumerate(GUIDE_ROWS):
            self.fields[f"room_{i}"] = forms.CharField(
                label=row, max_length=20, required=False, initial=(rooms or {}).get(row, "")
            )

    def rooms(self) -> dict[str, str]:
        return {row: self.cleaned_data.get(f"room_{i}", "") for i, row in enumerate(GUIDE_ROWS)}


class RuleSetForm(RuleForm):
    file = forms.FileField(
        label="规则文件（JSON）", help_text="格式同默认规则文件 rulesets/default.json"
    )
