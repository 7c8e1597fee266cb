"""The papers: the guide board at its true size, the handbook with its contents, the census."""

import io

from openpyxl import load_workbook
from pypdf import PdfReader

from jianzheng.regions.models import Region
from jianzheng.signage import pdf
from jianzheng.signage.models import RectificationTask
from jianzheng.signage.services import GUIDE_ROWS, record_plaque, record_posting, rectify, set_rooms

from .conftest import photo

MM = 72 / 25.4


def text_of(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).replace(
        " ", ""
    )


def test_the_guide_board_is_exactly_40_by_60_cm_with_every_row_and_the_rooms(venue, yanghe_clerk):
    set_rooms(actor=yanghe_clerk, venue=venue, rooms={"警务室": "101", "综治中心": "203"})
    data = pdf.guide_board(venue.community)
    reader = PdfReader(io.BytesIO(data))
    (page,) = reader.pages
    box = page.mediabox
    assert round(float(box.width) / MM, 1) == 400.0 and round(float(box.height) / MM, 1) == 600.0
    text = text_of(data)
    assert "社区(村)服务工作机构引导牌" in text and "杨和第一社区" in text
    for row in GUIDE_ROWS:
        assert row in text
    assert "警务室101" in text and "综治中心203" in text


def test_the_guide_board_embeds_the_same_font_as_certificates(venue):
    reader = PdfReader(io.BytesIO(pdf.guide_board(venue.community)))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    descriptors = [
        f.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        if "/DescendantFonts" in f.get_object()
        else f.get_object()["/FontDescriptor"]
        for f in fonts.values()
    ]
    assert any("/FontFile2" in d.get_object() for d in descriptors)


def test_the_handbook_is_a5_with_its_contents_and_the_postings_taken_off_the_walls(
    venue, yanghe_clerk
):
    record_posting(
        actor=yanghe_clerk,
        venue=venue,
        title="居委会工作职责",
        kind="internal",
        body="一、宣传宪法。",
    )
    record_posting(
        actor=yanghe_clerk, venue=venue, title="城乡低保政策", kind="policy", body="申请条件……"
    )
    for task in RectificationTask.objects.all():
        rectify(actor=yanghe_clerk, task=task, after_photo=photo())
    data = pdf.handbook(venue.community)
    page = PdfReader(io.BytesIO(data)).pages[0]
    assert (
        round(float(page.mediabox.width) / MM) == 148
        and round(float(page.mediabox.height) / MM) == 210
    )
    text = text_of(data)
    assert "目录" in text and "一、内部管理" in text and "二、具体政策" in text
    assert "1．居委会工作职责……1" in text and "2．城乡低保政策……" in text
    assert "申请条件" in text


def test_the_census_counts_each_communitys_plaques_by_type_and_size_in_xlsx_and_pdf(
    venue, yanghe_clerk
):
    record_plaque(
        actor=yanghe_clerk,
        venue=venue,
        position="inside",
        orientation="horizontal",
        text='=HYPERLINK("http://x")',
        width_cm=30,
        height_cm=10,
    )
    county = Region.objects.get(code="640121")
    sheet = load_workbook(io.BytesIO(pdf.census_xlsx(county))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "社区代码" and len(rows) == 8
    assert rows[1][6] == "60×240"
    formula = [r for r in rows if r[5] and r[5].startswith("=")]
    assert formula and sheet.cell(row=rows.index(formula[0]) + 1, column=6).data_type == "s"
    text = text_of(pdf.census_pdf(county))
    assert "杨和第一社区" in text and "7块" in text and "60×240厘米" in text
