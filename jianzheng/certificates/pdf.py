"""The certificate's layout on paper; jianzheng.core.pdf draws it."""

import datetime as dt
import json

from jianzheng.catalogue.models import CertificateItem
from jianzheng.catalogue.template_spec import render_body, sample_facts
from jianzheng.core.pdf import DocumentLayout, render_document

PREVIEW_MARK = "预览 不作证明使用"
SAMPLE_MARK = "样本"
HANDOVER_NOTE = "本证明依据永民发〔2020〕91号“四（三）做好工作衔接”据实出具，仅证明社区职责范围内且经核实的事实。"


def _day(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "____年__月__日"


def certificate_layout(
    *,
    template: dict,
    facts: dict,
    purpose: str,
    requester: str,
    community_name: str,
    clerk_name: str,
    serial: str = "",
    issued_on: dt.date | None = None,
    valid_until: dt.date | None = None,
    handover: bool = False,
    verify_url: str = "",
    token: str = "",
    check_code: str = "",
    watermark: str = "",
) -> DocumentLayout:
    body = [render_body(template, facts)]
    if handover:
        body.append(HANDOVER_NOTE)
    return DocumentLayout(
        title=template["title"],
        serial=serial,
        body=body,
        # The purpose and the requesting unit are always on the paper (二(三) 式样).
        table=[("用途", purpose), ("索要单位", requester)],
        closing=["特此证明。"],
        # 落款 as on official paper: the unit, the date under it, the seal over both.
        footer=[community_name, _day(issued_on)],
        notes=[f"经办人：{clerk_name}", f"有效期至：{_day(valid_until)}"],
        issuing_unit=community_name,
        qr_data=verify_url,
        qr_caption=["扫码核验真伪", serial, f"校验码 {check_code}"] if verify_url else [],
        watermark=watermark,
        token=token,
        subject=f"jianzheng certificate {serial}".strip(),
        paper=template.get("paper", "A4"),
    )


def render_certificate(**kwargs) -> bytes:
    return render_document(certificate_layout(**kwargs))


_samples: dict[tuple, bytes] = {}


def render_sample(item: CertificateItem) -> bytes:
    """The blank sample residents download (二(三) 统一规范的表单样本). Drawn once per item and
    catalogue version in each process: it changes only when the template does."""
    key = (item.code, item.version_id, json.dumps(item.template, sort_keys=True))
    if key not in _samples:
        if len(_samples) > 256:
            _samples.clear()
        _samples[key] = _draw_sample(item)
    return _samples[key]


def _draw_sample(item: CertificateItem) -> bytes:
    return render_document(
        certificate_layout(
            template=item.template,
            facts=sample_facts(item.template),
            purpose="（用途）",
            requester="（索要单位）",
            community_name="××社区居民委员会",
            clerk_name="（经办人）",
            serial="（社区代码）-（年份）-（序号）",
            watermark=SAMPLE_MARK,
        )
    )
