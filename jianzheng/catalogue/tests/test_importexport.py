import csv

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jianzheng.catalogue.importexport import export_catalogue, load_payloads
from jianzheng.catalogue.models import CatalogueVersion, CertificateItem, ChangeRequest
from jianzheng.catalogue.selectors import get_item
from jianzheng.catalogue.services import import_catalogue


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_then_import_changes_nothing(catalogue, tmp_path, suffix):
    path = tmp_path / f"catalogue{suffix}"
    assert export_catalogue(path) == 25
    payloads = load_payloads(path)
    assert import_catalogue(actor=None, payloads=payloads, reason="r", legal_basis="b") is None
    assert CatalogueVersion.objects.count() == 1


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
        CatalogueVersion.objects.count() == 1
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
