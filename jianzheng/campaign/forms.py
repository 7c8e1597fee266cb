from django import forms

from jianzheng.campaign.models import ProgressReport
from jianzheng.campaign.services import MAX_PROGRESS_SUMMARY
from jianzheng.core.forms import RuleForm


class ProgressForm(RuleForm):
    state = forms.ChoiceField(label="进展", choices=ProgressReport.State.choices)
    summary = forms.CharField(
        label="进展情况", widget=forms.Textarea, max_length=MAX_PROGRESS_SUMMARY
    )
    reported_on = forms.DateField(
        label="报送日期",
        required=False,
        help_text="不填为今天",
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class FindingForm(RuleForm):
    unit = forms.CharField(label="被督查单位（单位代码）", max_length=32)
    task = forms.TypedChoiceField(label="涉及任务", required=False, coerce=int, empty_value=None)
    reference = forms.CharField(label="文号", max_length=80)
    found_on = forms.DateField(label="督查日期", widget=forms.DateInput(attrs={"type": "date"}))
    summary = forms.CharField(label="督查发现", widget=forms.Textarea, max_length=2000)

    def __init__(self, *args, tasks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].choices = [("", "（不涉及具体任务）")] + [
            (t.pk, f"{t.campaign.year}年 {t.label} {t.title}") for t in tasks
        ]


class CopyForm(RuleForm):
    county = forms.ChoiceField(label="县（区）")
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    title = forms.CharField(
        label="名称", required=False, max_length=200, help_text="不填则沿用原方案名称"
    )
    document_number = forms.CharField(label="文号", required=False, max_length=60)

    def __init__(self, *args, counties=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].choices = [(c.code, c.name) for c in counties]
