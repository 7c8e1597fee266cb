"""The 告知承诺书 on paper: the notice, the clauses, the applicant's particulars, serial and QR
(国办发〔2020〕42号 lists what the notice part must say). jianzheng.core.pdf draws it."""

import datetime as dt

from jianzheng.catalogue.commitment_spec import METHODS, NOTICE_PARTS
from jianzheng.core.pdf import DocumentLayout, render_document

SAMPLE_MARK = "样本"


def _day(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "____年__月__日"


def notice_paragraphs(item_name: str, terms: dict) -> list[str]:
    notice = terms["notice"]
    check = terms["post_check"]
    paragraphs = [
        "一、告知内容",
        f"（一）事项名称：{item_name}（以告知承诺替代证明）",
    ]
    numerals = "二三四五六七八九"
    for index, (key, label) in enumerate(NOTICE_PARTS.items()):
        paragraphs.append(f"（{numerals[index]}）{label}：{notice[key]}")
    full = "全部核查" if check["full_check"] else f"按不低于{check['base_rate']}%的比例抽查"
    paragraphs.append(
        f"事后核查：{METHODS[check['method']]}，{full}，自承诺之日起{check['deadline_days']}个工作日内完成。"
    )
    paragraphs.append("二、申请人承诺")
    paragraphs += [f"{n}. {clause}" for n, clause in enumerate(terms["clauses"], start=1)]
    return paragraphs


def commitment_layout(
    *,
    item_name: str,
    terms: dict,
    particulars: list[tuple[str, str]],
    department_name: str,
    serial: str = "",
    committed_on: dt.date | None = None,
    channel_note: str = "",
    verify_url: str = "",
    token: str = "",
    check_code: str = "",
    watermark: str = "",
) -> DocumentLayout:
    return DocumentLayout(
        title="证明事项告知承诺书",
        serial=serial,
        body=notice_paragraphs(item_name, terms),
        table=particulars,
        closing=["申请人已逐条阅读并确认以上承诺，本承诺书自提交之日起生效。"],
        footer=[department_name, _day(committed_on)],
        notes=[channel_note] if channel_note else [],
        issuing_unit=department_name,
        seal=False,  # the applicant's promise, received by the department: not its certificate
        qr_data=verify_url,
        qr_caption=["扫码核验真伪", serial, f"校验码 {check_code}"] if verify_url else [],
        watermark=watermark,
        token=token,
        subject=f"jianzheng commitment {serial}".strip(),
    )


def render_commitment(**kwargs) -> bytes:
    return render_document(commitment_layout(**kwargs))


def render_sample(item) -> bytes:
    """The blank 告知承诺书 the item's public page offers (国办发〔2020〕42号: the text of each
    commitment form is published)."""
    return render_document(
        commitment_layout(
            item_name=item.name,
            terms=item.commitment,
            particulars=[
                ("申请人姓名", ""),
                ("公民身份号码", ""),
                ("联系电话", ""),
                ("办件编号", ""),
                ("作出决定的部门", ""),
            ],
            department_name="（作出决定的部门）",
            serial="（县级代码）-（年份）-（序号）",
            watermark=SAMPLE_MARK,
        )
    )
