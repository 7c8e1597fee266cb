"""The 社区服务协议 on paper (二(二) 权随责走、费随事转): parties, scope, communities, funding,
term and expiry, serial and QR. jianzheng.core.pdf draws it."""

import datetime as dt

from jianzheng.core.pdf import DocumentLayout, render_document
from jianzheng.workitems.fields import day_text


def render_agreement(
    *,
    number: str,
    department: str,
    communities: list[str],
    approver: str,
    title: str,
    scope: str,
    legal_basis: str,
    hours_per_month: str,
    funding_amount: str,
    funding_method: str,
    term_start: dt.date,
    term_end: dt.date,
    request_number: str,
    signed_on: dt.date,
    verify_url: str,
    token: str,
    check_code: str,
) -> bytes:
    return render_document(
        DocumentLayout(
            title="社区工作事项服务协议",
            serial=number,
            body=[
                f"甲方（委托部门）：{department}",
                f"乙方（村（居）民委员会）：{'、'.join(communities)}",
                f"经{approver}准入审核（申请编号 {request_number}），按照永宁县“社区万能章”治理专项行动"
                "暨基层减负工作实施方案（永民发〔2020〕91号）二（二）“权随责走、费随事转”的原则，"
                "甲乙双方就乙方协助办理下列事项签订本协议。",
                f"一、协助事项：{title}",
                f"二、服务内容：{scope}",
                f"三、依据：{legal_basis}",
                f"四、预计工作量：每月约 {hours_per_month} 小时",
                f"五、服务经费：{funding_amount} 元，{funding_method}",
                f"六、协议期限：{day_text(term_start)}至{day_text(term_end)}，期满自动失效；续签须重新申请准入。",
                "七、甲方不得另行对乙方就本事项开展检查、考核、评比；本协议以外的事项，乙方有权拒绝。",
            ],
            closing=["本协议自签订之日起生效，经扫码或凭编号和校验码可核验真伪及是否有效。"],
            footer=[approver, day_text(signed_on)],
            issuing_unit=approver,
            qr_data=verify_url,
            qr_caption=["扫码核验真伪", number, f"校验码 {check_code}"],
            token=token,
            subject=f"jianzheng agreement {number}",
        )
    )
