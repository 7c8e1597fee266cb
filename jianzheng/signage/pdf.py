"""The signage area's papers, through the one renderer (`core.pdf`): the guide board at its true
size (附件1, 40 cm × 60 cm), the service handbook (A5, with a table of contents) and the plaque
census (三(二), A4), plus the census as xlsx through `core.tables` (formulas neutralised)."""

import datetime as dt
import io
import re

from jianzheng.core import workdays
from jianzheng.core.pdf import BoardLayout, DocumentLayout, render_board, render_document
from jianzheng.core.tables import write_table
from jianzheng.regions.models import Region, Unit
from jianzheng.signage import selectors
from jianzheng.signage.models import Venue
from jianzheng.signage.services import GUIDE_ROWS

BOARD_TITLE = "社区(村)服务工作机构引导牌"
NUMERALS = "一二三四五六七八九十"


def rooms_of(community: Unit) -> dict[str, str]:
    """Each guide-board row's room number, from the community's venues (the first that names it)."""
    rooms: dict[str, str] = {}
    for venue in Venue.objects.filter(community=community).order_by("pk"):
        for row, number in (venue.rooms or {}).items():
            rooms.setdefault(row, number)
    return rooms


def guide_board(community: Unit) -> bytes:
    rooms = rooms_of(community)
    return render_board(
        BoardLayout(
            title=BOARD_TITLE,
            subtitle=community.name,
            header=("机构名称", "房间号"),
            rows=[(row, rooms.get(row, "—")) for row in GUIDE_ROWS],
            width_mm=400,
            height_mm=600,
            issuing_unit=community.name,
        )
    )


def _handbook_layout(community: Unit, sections, pages: dict[str, int]) -> DocumentLayout:
    body = ["目录"]
    for heading, entries in sections:
        body.append(heading)
        for entry, _ in entries:
            page = pages.get(entry)
            body.append(f"{entry}{'……' + str(page) if page else '……'}")
    body.append(" ")
    for heading, entries in sections:
        body.append(heading)
        for entry, text in entries:
            body.append(entry)
            body.extend(part for part in (text or "（内容见原件）").split("\n") if part.strip())
    return DocumentLayout(
        title=f"{community.name}服务手册",
        body=body,
        footer=[community.name, f"{workdays.today():%Y年%m月}印制"],
        issuing_unit=community.name,
        seal=False,
        paper="A5",
        subject="服务手册（内部管理制度和具体政策，不再上墙）",
    )


def handbook(community: Unit) -> bytes:
    """三(三)三: the internal rules and policies taken off the walls, grouped, as an A5 handbook
    whose table of contents gives each entry's page (found in a first rendering)."""
    groups = selectors.handbook(community)
    sections = []
    number = 0
    for g, (kind, postings) in enumerate(groups.items()):
        entries = []
        for posting in postings:
            number += 1
            entries.append((f"{number}．{posting.title}", posting.body))
        sections.append((f"{NUMERALS[g % 10]}、{kind}", entries))
    if not sections:
        sections = [("一、内部管理", []), ("二、具体政策", [])]
    first = render_document(_handbook_layout(community, sections, {}))
    pages = _entry_pages(first, [e for _, entries in sections for e, _ in entries])
    return render_document(_handbook_layout(community, sections, pages))


def _entry_pages(data: bytes, entries: list[str]) -> dict[str, int]:
    """The page each entry's heading starts on, after the table of contents."""
    from pypdf import PdfReader

    texts = [
        re.sub(r"\s+", "", page.extract_text() or "") for page in PdfReader(io.BytesIO(data)).pages
    ]
    found: dict[str, int] = {}
    for entry in entries:
        key = re.sub(r"\s+", "", entry)
        hits = [i + 1 for i, text in enumerate(texts) if key in text.replace(key + "……", "")]
        if hits:
            found[entry] = hits[0]
    return found


CENSUS_HEADER = [
    "社区代码",
    "村（社区）",
    "活动场所",
    "位置",
    "方向",
    "牌子内容",
    "规格（厘米，宽×高）",
    "材质",
    "挂牌单位",
    "审批文号",
]


def census_rows(region: Region, on: dt.date | None = None) -> list[list[str]]:
    return [
        [
            r.community_code,
            r.community,
            r.venue,
            r.position,
            r.orientation,
            r.text,
            r.size,
            r.material,
            r.erected_by,
            r.approval_reference,
        ]
        for r in selectors.census(region, on)
    ]


def census_xlsx(region: Region) -> bytes:
    out = io.BytesIO()
    write_table(
        out,
        CENSUS_HEADER,
        census_rows(region),
        suffix=".xlsx",
        sheet_title="牌匾统计",
        widths=[16, 20, 18, 14, 8, 36, 18, 10, 20, 20],
    )
    return out.getvalue()


def census_pdf(region: Region) -> bytes:
    rows = selectors.census(region)
    summary = selectors.census_summary(rows)
    table = [(name, f"{count}块：{at}") for _, name, count, at in summary]
    detail = [
        f"{r.community} {r.venue} {r.position}{r.orientation}“{r.text}” {r.size}厘米"
        + (f" {r.material}" if r.material else "")
        for r in rows
    ]
    return render_document(
        DocumentLayout(
            title=f"{region.name}村（社区）牌匾统计",
            body=[
                f"截至{workdays.today():%Y年%m月%d日}，共{len(summary)}个村（社区）、{len(rows)}块牌子"
                "（永民发〔2020〕91号 三(二)：对所辖社区牌匾数量、类型、规格等进行全面统计）。",
                *detail,
            ],
            table=table or [("（无）", "尚未登记牌子")],
            seal=False,
            subject="牌匾统计",
        )
    )
