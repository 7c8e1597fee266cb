"""Spreadsheets in and out (xlsx and csv), for every area that imports or exports a table.

Out: text a person typed never becomes a live formula in the reader's spreadsheet program
(OWASP "CSV injection"). In xlsx a cell that starts with = + - @ is written as a string cell
(shown exactly as typed); csv has no cell types, so such a text gets a leading apostrophe, which
spreadsheet programs show as text and `read_table` takes off again, so exporting and importing
back changes nothing.

In: a file is refused with a clear error naming the field before it can cost the server much:
size first, then rows read one at a time and stopped at the cap (a small xlsx can unpack to
millions of rows), a csv cell over the cell limit, or bytes that are not UTF-8."""

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell

from jianzheng.core.errors import RuleViolation

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CELL_LIMIT = 131_072  # characters; csv's own field limit, and far beyond any real cell
# An xlsx is a zip: what it unpacks to is checked before openpyxl reads it (it loads the shared
# strings whole, even read-only), so a small file cannot unpack to gigabytes.
MAX_UNPACKED = 200 * 1024 * 1024
MAX_RATIO = 100
BLANK_ROWS_READ = 10  # blank rows are skipped, but only up to this many times the row cap


def looks_like_formula(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def xlsx_cell(sheet, value: Any):
    """A value for a write-only sheet's row: formula-like text as a plain string cell."""
    if looks_like_formula(value):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def csv_cell(value: Any) -> Any:
    return "'" + value if looks_like_formula(value) else value


def write_table(
    target: Path | IO[bytes],
    header: list[str],
    rows: Iterable[list[Any]],
    *,
    suffix: str,
    sheet_title: str = "Sheet1",
    widths: list[int] | None = None,
) -> int:
    """Write `header` and `rows` as .xlsx or .csv (UTF-8 with BOM, which Excel opens as UTF-8).
    Returns the number of rows written. `rows` may be a generator: nothing is held in memory."""
    count = 0
    if suffix == ".csv":
        handle = target.open("wb") if isinstance(target, Path) else target
        text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
        try:
            writer = csv.writer(text)
            writer.writerow(header)
            for row in rows:
                writer.writerow([csv_cell(v) for v in row])
                count += 1
        finally:
            text.flush()
            if isinstance(target, Path):
                text.close()
            else:
                text.detach()
        return count
    if suffix != ".xlsx":
        raise RuleViolation("bad_format", "只支持 .xlsx 或 .csv 文件", field="file")
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_title)
    for letter, width in zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", widths or [], strict=False):
        sheet.column_dimensions[letter].width = width
    sheet.append(header)
    for row in rows:
        sheet.append([xlsx_cell(sheet, v) for v in row])
        count += 1
    book.save(target)
    return count


def _csv_rows(path: Path) -> Iterator[list[str]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for cells in csv.reader(fh):
                yield [_unquote(c) for c in cells]
    except UnicodeDecodeError:
        raise RuleViolation("bad_encoding", "CSV 文件须为 UTF-8 编码", field="file") from None
    except csv.Error as exc:
        raise RuleViolation(
            "bad_file", f"CSV 文件无法读取（单元格过长或格式有误）：{exc}", field="file"
        ) from None


def _unquote(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and looks_like_formula(cell[1:]) else cell


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        raise RuleViolation("bad_file", "无法读取该 xlsx 文件", field="file") from None
    unpacked = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    if unpacked > MAX_UNPACKED or unpacked / packed > MAX_RATIO:
        raise RuleViolation(
            "file_too_large", "该 xlsx 文件解压后过大，请检查文件或分批导入", field="file"
        )


def _xlsx_rows(path: Path) -> Iterator[list[str]]:
    _check_zip(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
        sheet = book.worksheets[0]
    except Exception:
        raise RuleViolation("bad_file", "无法读取该 xlsx 文件", field="file") from None
    try:
        for row in sheet.iter_rows(values_only=True):
            yield ["" if c is None else str(c) for c in row]
    except Exception:
        raise RuleViolation("bad_file", "无法读取该 xlsx 文件", field="file") from None
    finally:
        book.close()


def read_table(path: Path, *, max_rows: int, max_bytes: int) -> list[list[str]]:
    """The header and at most `max_rows` filled rows after it, blank rows kept in place (so row
    numbers stay those the spreadsheet shows), or a RuleViolation naming `file`."""
    if not path.exists():
        raise RuleViolation("file_not_found", f"找不到文件 {path}", field="file")
    if path.stat().st_size > max_bytes:
        raise RuleViolation(
            "file_too_large", f"文件超过 {max_bytes // (1024 * 1024)} MB", field="file"
        )
    suffix = path.suffix.lower()
    if suffix == ".csv":
        source = _csv_rows(path)
    elif suffix == ".xlsx":
        source = _xlsx_rows(path)
    else:
        raise RuleViolation("bad_format", "只支持 .xlsx 或 .csv 文件", field="file")
    table: list[list[str]] = []
    filled = 0  # rows with something in them, the header included
    for cells in source:
        blank = not any(c.strip() for c in cells)
        # The header plus max_rows filled rows are in: a filled one more is too many; and a sheet
        # of endless blank rows stops too.
        if (not blank and filled > max_rows) or len(table) >= BLANK_ROWS_READ * max_rows:
            raise RuleViolation("too_many_rows", f"一次最多导入 {max_rows} 行", field="file")
        filled += not blank
        if any(len(c) > CELL_LIMIT for c in cells):
            raise RuleViolation(
                "cell_too_long",
                f"第{len(table) + 1}行有单元格超过 {CELL_LIMIT} 个字符",
                field="file",
            )
        table.append(cells)
    return table
