"""Exports: the national reporting table of post-checks, and the credit records for the credit
information sharing platform (docs/commitments.md describes both layouts)."""

import csv
import io

from django.utils import timezone

from jianzheng.commitments.models import CreditRecord, PostCheck
from jianzheng.core.tables import csv_cell


def _cell(value) -> str:
    """A cell a spreadsheet would run as a formula gets an apostrophe (core.tables)."""
    return csv_cell("" if value is None else str(value))


def _csv(header: list[str], rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return "\ufeff" + out.getvalue()  # BOM: Excel opens UTF-8 as such


# 告知承诺制事后核查情况 — the national reporting table's fields, in its order.
CHECK_COLUMNS = [
    ("number", "核查编号"),
    ("checked_at", "核查时间"),
    ("department", "核查部门"),
    ("basis", "核查依据"),
    ("fulfilled", "是否履行承诺"),
    ("how", "履行情况"),
    ("method", "核查方式"),
    ("item", "证明事项"),
    ("commitment", "告知承诺书编号"),
]


def check_row(check: PostCheck) -> dict:
    return {
        "number": check.number,
        "checked_at": timezone.localtime(check.checked_at).strftime("%Y-%m-%d %H:%M")
        if check.checked_at
        else "",
        "department": check.department.name,
        "basis": check.basis,
        "fulfilled": "" if check.fulfilled is None else ("是" if check.fulfilled else "否"),
        "how": check.how,
        "method": check.get_method_display(),
        "item": check.commitment.item_name,
        "commitment": check.commitment.serial,
    }


def checks_csv(checks) -> str:
    rows = [check_row(c) for c in checks]
    return _csv(
        [label for _, label in CHECK_COLUMNS], ([r[k] for k, _ in CHECK_COLUMNS] for r in rows)
    )


# Modelled on the 双公示 / 信用中国 失信信息 layout (docs/commitments.md).
CREDIT_COLUMNS = [
    ("record_number", "信用记录编号"),
    ("subject_name", "失信主体名称"),
    ("subject_type", "主体类型"),
    ("id_number", "证件号码"),
    ("id_type", "证件类型"),
    ("dishonest_act", "失信行为"),
    ("item", "涉及事项"),
    ("commitment_serial", "告知承诺书编号"),
    ("measure_basis", "认定依据"),
    ("severity", "严重程度"),
    ("deciding_unit", "认定单位"),
    ("deciding_unit_code", "认定单位代码"),
    ("decided_on", "认定日期"),
    ("valid_from", "有效期自"),
    ("valid_to", "有效期至"),
    ("public", "是否公示"),
    ("status", "状态"),
    ("corrects", "更正的原记录编号"),
    ("repair_basis", "信用修复依据"),
    ("data_source", "数据来源单位"),
]


def credit_row(record: CreditRecord, *, id_number: str | None) -> dict:
    return {
        "record_number": record.number,
        "subject_name": record.subject_name_masked,
        "subject_type": "自然人",
        "id_number": id_number or record.subject_id_masked,
        "id_type": "居民身份证",
        "dishonest_act": record.finding,
        "item": record.item_name,
        "commitment_serial": record.commitment.serial,
        "measure_basis": record.measure_basis,
        "severity": record.get_severity_display(),
        "deciding_unit": record.department.name,
        "deciding_unit_code": record.department.code,
        "decided_on": timezone.localtime(record.created_at).date().isoformat(),
        "valid_from": record.start_date.isoformat(),
        "valid_to": record.end_date.isoformat(),
        "public": "是" if record.publish else "否",
        "status": record.get_state_display(),
        "corrects": record.corrects.number if record.corrects_id else "",
        "repair_basis": record.repair_basis,
        "data_source": f"{record.county.name}发展和改革局（告知承诺制事后核查）",
    }


def credit_rows(records, *, with_ids: bool) -> list[dict]:
    """`with_ids` only for the platform's authorised receiver (selectors.receives_id_numbers):
    the full number is read from the commitment the record points at, never stored twice."""
    return [
        credit_row(r, id_number=r.commitment.applicant_id_number if with_ids else None)
        for r in records
    ]


def credit_csv(rows: list[dict]) -> str:
    return _csv(
        [label for _, label in CREDIT_COLUMNS], ([r[k] for k, _ in CREDIT_COLUMNS] for r in rows)
    )
