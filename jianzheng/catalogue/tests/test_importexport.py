import csv

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jianzheng.catalogue.importexport import export_catalogue, load_payloads, read_rows
from jianzheng.catalogue.models import CatalogueVersion, CertificateItem, ChangeRequest
from jianzheng.catalogue.selectors import get_item
from jianzheng.catalogue.services import import_catalogue


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_then_import_changes_nothing(catalogue, tmp_path, suffix):
    path = tmp_path / f"catalogue{suffix}"
    assert export_catalogue(path) == 25
    payloads = load_payloads(path)
    assert import_catalogue(actor=None, payloads=payloads, reason="r", legal_basis="b") is None
    assert CatalogueVersion.objects.filter(catalogue__region__code="640121").count() == 1


def _rows(path):
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def _write(path, rows):
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)


def test_an_edited_row_becomes_a_new_version(catalogue, tmp_path):
    path = tmp_path / "c.csv"
    export_catalogue(path)
    rows = _rows(path)
    header = rows[0]
    row = next(r for r in rows if r[0] == "YN-B03")
    row[header.index("办理时限（工作日）")] = "2"
    _write(path, rows)
    call_command("catalogue", "import", str(path))
    assert get_item("YN-B03").time_limit_days == 2
    assert CatalogueVersion.objects.get(number=2).is_in_force


def test_one_bad_row_imports_nothing_and_names_row_and_field(catalogue, tmp_path):
    path = tmp_path / "c.csv"
    export_catalogue(path)
    rows = _rows(path)
    header = rows[0]
    rows[2][header.index("办理时限（工作日）")] = "很快"
    rows.append(["NEW-1", "新证明", "保留"] + [""] * (len(header) - 3))
    _write(path, rows)
    with pytest.raises(CommandError) as excinfo:
        call_command("catalogue", "import", str(path))
    message = str(excinfo.value)
    assert "第3行 办理时限（工作日）" in message
    assert f"第{len(rows)}行 设定依据" in message
    assert not CertificateItem.objects.filter(code="NEW-1").exists()
    assert (
        CatalogueVersion.objects.filter(catalogue__region__code="640121").count() == 1
        and not ChangeRequest.objects.filter(version__number__gt=1).exists()
    )


def test_a_file_without_the_required_columns_is_refused(catalogue, tmp_path):
    path = tmp_path / "c.csv"
    _write(path, [["名字", "备注"], ["居住证明", ""]])
    with pytest.raises(CommandError, match="表头缺少列"):
        call_command("catalogue", "import", str(path))


def test_a_non_catalogue_file_is_refused(catalogue, tmp_path):
    path = tmp_path / "c.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(CommandError, match="xlsx"):
        call_command("catalogue", "import", str(path))


def test_duplicate_codes_in_one_file_are_reported(catalogue, tmp_path):
    path = tmp_path / "c.csv"
    export_catalogue(path)
    rows = _rows(path)
    rows.append(rows[1])
    _write(path, rows)
    with pytest.raises(CommandError, match="重复"):
        call_command("catalogue", "import", str(path))


GUIDE_COLUMNS = [
    "办理地点",
    "办理时间",
    "咨询电话",
    "是否收费",
    "收费说明",
    "网上办理渠道",
    "网上办理网址",
]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_writes_the_guides_and_importing_them_back_changes_nothing(
    catalogue, tmp_path, suffix
):
    path = tmp_path / f"catalogue{suffix}"
    export_catalogue(path)
    rows = read_rows(path)
    by_code = {row["code"]: row for _, row in rows}
    assert by_code["YN-B03"]["service_phone"] == "0951-8012301"
    assert by_code["YN-B03"]["fee"] == "不收费"
    assert "办理指南|公证机构，或人民法院诉讼服务中心|" in by_code["GJ1-18"]["alternatives"]
    payloads = load_payloads(path)
    assert import_catalogue(actor=None, payloads=payloads, reason="r", legal_basis="b") is None
    assert CatalogueVersion.objects.filter(catalogue__region__code="640121").count() == 1


def test_an_edited_guide_line_becomes_a_new_version(catalogue, tmp_path):
    path = tmp_path / "c.csv"
    export_catalogue(path)
    rows = _rows(path)
    header = rows[0]
    row = next(r for r in rows if r[0] == "GJ1-13")
    column = header.index("替代方式")
    row[column] = row[column].replace("|12385|", "|0951-8012385|")
    _write(path, rows)
    call_command("catalogue", "import", str(path))
    assert get_item("GJ1-13").alternatives.get().service_phone == "0951-8012385"
    assert CatalogueVersion.objects.filter(catalogue__region__code="640121").count() == 2


def test_a_file_in_the_old_layout_still_imports_and_its_items_have_no_guide(catalogue, tmp_path):
    path = tmp_path / "old.csv"
    old_header = ["事项代码", "事项名称", "状态", "设定依据", "替代方式"]
    _write(
        path,
        [
            old_header,
            [
                "YN-C02",
                "分居状况证明",
                "取消",
                "民发〔2020〕20号||规范性文件",
                # The instruction keeps its own bars, as the old layout promised.
                "部门信息共享核查|640121-MZJ|向婚姻登记机关查询|必要时本人承诺",
            ],
        ],
    )
    call_command("catalogue", "import", str(path))
    alternative = get_item("YN-C02").alternatives.get()
    assert alternative.instruction == "向婚姻登记机关查询|必要时本人承诺"
    assert not alternative.has_guide and not get_item("YN-C02").has_guide


def test_a_guide_line_with_no_alternative_above_it_is_named(catalogue, tmp_path):
    path = tmp_path / "c.csv"
    _write(
        path,
        [
            ["事项代码", "事项名称", "状态", "设定依据", "替代方式"],
            ["YN-C02", "分居状况证明", "取消", "民发〔2020〕20号||规范性文件", "办理指南|县民政局"],
        ],
    )
    with pytest.raises(CommandError) as excinfo:
        call_command("catalogue", "import", str(path))
    assert "第2行 替代方式第1条 类型" in str(excinfo.value)
    assert "“办理指南”行应紧跟在它所属的替代方式下一行" in str(excinfo.value)


def test_two_bad_guide_fields_of_one_alternative_are_both_reported(catalogue, tmp_path):
    path = tmp_path / "c.csv"
    export_catalogue(path)
    rows = _rows(path)
    header = rows[0]
    row = next(r for r in rows if r[0] == "GJ1-13")
    column = header.index("替代方式")
    row[column] = row[column].replace("|12385|", "|电话待定|") + "|||javascript:alert(1)"
    row[header.index("咨询电话")] = "8012345"
    _write(path, rows)
    with pytest.raises(CommandError) as excinfo:
        call_command("catalogue", "import", str(path))
    message = str(excinfo.value)
    number = rows.index(row) + 1
    assert f"第{number}行 替代方式第1条 咨询电话" in message
    assert f"第{number}行 替代方式第1条 网上办理网址" in message
    assert f"第{number}行 咨询电话" in message
    assert all(column in rows[0] for column in GUIDE_COLUMNS)
    assert CatalogueVersion.objects.filter(catalogue__region__code="640121").count() == 1
