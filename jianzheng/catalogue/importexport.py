"""The catalogue file layout shared by `catalogue import` and `catalogue export` (xlsx or csv).

One item a row; the header row holds the Chinese labels below (the English keys are accepted too).
Cells with several values put one value a line. 设定依据 lines are `标题|条款|层级`; 替代方式
lines are `类型|办理单位(代码或名称)|说明`, each optionally followed by its own
`办理指南|地点|时间|电话|是否收费|收费说明|网上办理渠道|网址` line; 层级 and 类型 may be the
Chinese label or the key. Files without the 事项指南 columns or lines import as before.
证明式样 is the template as JSON (catalogue.template_spec); 告知承诺 the commitment block as JSON
(catalogue.commitment_spec).
Import validates every row first and writes all or nothing (docs/catalogue-file.md)."""

import json
from pathlib import Path

from jianzheng.catalogue.guide import FEE_LABELS, GUIDE_LABELS
from jianzheng.catalogue.models import Catalogue
from jianzheng.catalogue.payload import (
    BASIS_PARTS,
    FIELD_LABELS,
    ITEM_FIELDS,
    alternatives_text,
    item_to_payload,
    legal_basis_text,
    parse_alternatives,
    parse_parts,
    text_lines,
    validate_item_payload,
)
from jianzheng.catalogue.selectors import items_in_force, items_of
from jianzheng.core.errors import RuleViolation
from jianzheng.core.tables import read_table, write_table

COLUMNS = ITEM_FIELDS
LIST_COLUMNS = {"aliases", "keywords", "requesting_units", "materials", "steps"}
STATUS_WORDS = {"retained": "保留", "cancelled": "取消"}
MAX_ROWS = 20000
MAX_BYTES = 20 * 1024 * 1024


def _header_key(cell: str) -> str | None:
    text = (cell or "").strip()
    by_label = {FIELD_LABELS[k]: k for k in COLUMNS}
    return text if text in COLUMNS else by_label.get(text)


def _json_cell(cell: str):
    if not cell:
        return None
    try:
        return json.loads(cell)
    except (ValueError, RecursionError):  # RecursionError: JSON nested thousands deep
        return "invalid"  # validation then names the column


def row_to_payload(row: dict[str, str]) -> dict:
    payload: dict = {}
    for key in COLUMNS:
        cell = row.get(key, "")
        cell = "" if cell is None else str(cell).strip()
        if key in LIST_COLUMNS:
            payload[key] = text_lines(cell)
        elif key == "status":
            payload[key] = {v: k for k, v in STATUS_WORDS.items()}.get(cell, cell)
        elif key == "is_demo":
            payload[key] = cell.lower() in {"是", "yes", "true", "1"}
        elif key == "legal_bases":
            payload[key] = parse_parts(cell, BASIS_PARTS)
        elif key in ("template", "commitment"):
            payload[key] = _json_cell(cell)
        elif key == "alternatives":
            payload[key] = parse_alternatives(cell)
        else:
            payload[key] = cell
    return payload


def payload_to_row(payload: dict) -> list[str]:
    cells = []
    for key in COLUMNS:
        value = payload.get(key)
        if key in LIST_COLUMNS:
            cells.append("\n".join(value))
        elif key == "status":
            cells.append(STATUS_WORDS[value])
        elif key == "is_demo":
            cells.append("是" if value else "")
        elif key == "fee":
            cells.append(FEE_LABELS.get(value or "", ""))
        elif key in ("template", "commitment"):
            cells.append(json.dumps(value, ensure_ascii=False) if value else "")
        elif key == "legal_bases":
            cells.append(legal_basis_text(value))
        elif key == "alternatives":
            cells.append(alternatives_text(value))
        else:
            cells.append("" if value is None else str(value))
    return cells


def read_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """(row number as the spreadsheet shows it, {key: cell}) for every non-empty data row."""
    table = read_table(path, max_rows=MAX_ROWS, max_bytes=MAX_BYTES)
    if not table:
        raise RuleViolation("empty_file", "文件是空的", field="file")
    keys = [_header_key(c) for c in table[0]]
    missing = [FIELD_LABELS[k] for k in ("code", "name", "status") if k not in keys]
    if missing:
        raise RuleViolation("bad_header", f"表头缺少列：{'、'.join(missing)}", field="file")
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        if not any(str(c).strip() for c in cells):
            continue
        rows.append(
            (number, {k: cells[i] if i < len(cells) else "" for i, k in enumerate(keys) if k})
        )
    return rows


PART_LABELS = {
    "title": "标题",
    "article": "条款",
    "level": "层级",
    "kind": "类型",
    "handling_unit": "办理单位",
    "instruction": "说明",
    **GUIDE_LABELS,
}


def _column(field: str) -> str:
    """ "alternatives.1.service_phone" → "替代方式第2条 咨询电话", so two problems of one
    alternative are two entries."""
    head, *rest = field.split(".")
    label = FIELD_LABELS.get(head, head)
    if len(rest) >= 1 and rest[0].isdigit():
        label += f"第{int(rest[0]) + 1}条"
        if len(rest) >= 2 and rest[1] in PART_LABELS:
            label += f" {PART_LABELS[rest[1]]}"
    return label


def load_payloads(path: Path) -> list[dict]:
    """Validate every row; report each bad row by number and field, or return all payloads."""
    rows = read_rows(path)
    payloads, errors, seen = [], {}, {}
    for number, row in rows:
        try:
            payload = validate_item_payload(row_to_payload(row))
        except RuleViolation as exc:
            for field, message in (exc.fields or {"": exc.message}).items():
                errors[f"第{number}行 {_column(field)}"] = message
            continue
        if payload["code"] in seen:
            errors[f"第{number}行 {FIELD_LABELS['code']}"] = (
                f"与第{seen[payload['code']]}行重复：{payload['code']}"
            )
            continue
        seen[payload["code"]] = number
        payloads.append(payload)
    if errors:
        raise RuleViolation("invalid_file", f"{len(errors)} 处错误，未导入任何一行", fields=errors)
    return payloads


def export_catalogue(path: Path, *, catalogue: Catalogue | None = None) -> int:
    """The list in force down to `catalogue` (default: the default county's), one row per code,
    whichever list above it the row comes from: importing the file back changes nothing."""
    items = (
        (items_of(catalogue) if catalogue else items_in_force())
        .order_by("code")
        .prefetch_related("legal_bases", "alternatives__handling_unit")
    )
    header = [FIELD_LABELS[k] for k in COLUMNS]
    rows = (payload_to_row(item_to_payload(item)) for item in items)
    return write_table(path, header, rows, suffix=path.suffix.lower(), sheet_title="证明事项清单")
