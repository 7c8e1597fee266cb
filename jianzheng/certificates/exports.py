"""The ledger (台账) as an .xlsx workbook: one sheet of certificates, one of refusals.

Rows stream from the database in chunks into openpyxl's write-only workbook, so a county's
whole year exports in constant memory. ID numbers are always masked here: a spreadsheet leaves
the system and is forwarded, printed and filed (DESIGN.md: masked everywhere but the issuing
clerk's own screen)."""

import tempfile

from django.http import FileResponse
from django.utils import timezone
from openpyxl import Workbook

from jianzheng.certificates import selectors
from jianzheng.certificates.models import Certificate, Demand
from jianzheng.certificates.selectors import LedgerFilter
from jianzheng.core.pii import open_value
from jianzheng.core.tables import xlsx_cell
from jianzheng.core.text import mask_id_tail, mask_name, scrub_personal_data

CHUNK = 2000
CERTIFICATE_SHEET = "出具证明"
REFUSAL_SHEET = "拒绝出具"
CERTIFICATE_COLUMNS = [
    "编号",
    "证明事项",
    "社区",
    "持有人",
    "用途",
    "索要单位",
    "出具日期",
    "有效期至",
    "经办人",
    "状态",
    "工作衔接",
    "撤销原因",
]
REFUSAL_COLUMNS = ["日期", "社区", "证明名称", "索要单位", "结果", "原因", "说明", "经办人"]
WIDTHS = [22, 18, 18, 28, 20, 24, 12, 12, 12, 8, 16, 20]
FILTER_PARAMS = ("date_from", "date_to", "community", "item", "clerk", "status", "handover")


# The columns each sheet reads, as value tuples: a ledger of a million rows must not build a
# million model instances (with their item's and template's JSON) only to read twelve fields.
_CERTIFICATE_VALUES = (
    "serial",
    "item_name",
    "community__name",
    "holder_name",
    "holder_id_number",
    "purpose",
    "requester",
    "issued_on",
    "valid_until",
    "issued_by__full_name",
    "issued_by__username",
    "document__revoked_at",
    "is_handover",
    "handover_reason",
    "document__revoke_reason",
)
_REFUSAL_VALUES = (
    "requested_on",
    "community__name",
    "item_name",
    "requester",
    "outcome",
    "reason",
    "note",
    "clerk__full_name",
    "clerk__username",
)
_STATUS = {False: Certificate.Status.ISSUED.label, True: Certificate.Status.REVOKED.label}
_HANDOVER = dict(Certificate.HandoverReason.choices)
_OUTCOME = dict(Demand.Outcome.choices)
_REASON = dict(Demand.Reason.choices)


def _certificate_row(sheet, values: tuple) -> list:
    (serial, item, community, name, id_number, purpose, requester, issued_on, valid_until,
     full_name, username, revoked_at, is_handover, handover_reason, revoke_reason) = values  # fmt: skip
    id_number = open_value(Certificate, "holder_id_number", id_number, serial)  # sealed at rest
    return [
        xlsx_cell(sheet, v)
        for v in (
            serial,
            item,
            community,
            # A spreadsheet travels: the holder is masked for everyone, the issuing clerk too.
            f"{mask_name(name)} {mask_id_tail(id_number)}",
            purpose,
            requester,
            issued_on,
            valid_until,
            full_name or username,  # as str(User)
            _STATUS[revoked_at is not None],
            _HANDOVER.get(handover_reason, handover_reason) if is_handover else "",
            scrub_personal_data(revoke_reason),
        )
    ]


def _refusal_row(sheet, values: tuple) -> list:
    requested_on, community, item, requester, outcome, reason, note, full_name, username = values
    return [
        xlsx_cell(sheet, v)
        for v in (
            requested_on,
            community,
            item,
            requester,
            _OUTCOME.get(outcome, outcome),
            _REASON.get(reason, reason),
            # Free text travels with the file: ID and phone numbers in it masked (core.text).
            scrub_personal_data(note),
            full_name or username,
        )
    ]


def write_ledger_xlsx(user, filters: LedgerFilter, fileobj) -> tuple[int, int]:
    """Write the ledger `user` may see (None: the operator, everything) to `fileobj`.
    Returns (certificates, refusals) written. Filters other than status and handover apply to
    both sheets; status and handover are certificate facts."""
    if user is None:
        certificates = selectors.filter_all_certificates(filters)
        refusals = selectors.filter_all_refusals(filters)
    else:
        certificates = selectors.filter_certificates(user, filters)
        refusals = selectors.filter_refusals(user, filters)
    workbook = Workbook(write_only=True)
    counts = []
    for title, columns, queryset, order, fields, row in (
        (
            CERTIFICATE_SHEET,
            CERTIFICATE_COLUMNS,
            certificates,
            "issued_at",
            _CERTIFICATE_VALUES,
            _certificate_row,
        ),
        (REFUSAL_SHEET, REFUSAL_COLUMNS, refusals, "created_at", _REFUSAL_VALUES, _refusal_row),
    ):
        sheet = workbook.create_sheet(title)
        for letter, width in zip("ABCDEFGHIJKL", WIDTHS[: len(columns)], strict=False):
            sheet.column_dimensions[letter].width = width
        sheet.append(columns)
        count = 0
        rows = queryset.order_by(order, "pk").values_list(*fields)
        for values in rows.iterator(chunk_size=CHUNK):
            sheet.append(row(sheet, values))
            count += 1
        counts.append(count)
    workbook.save(fileobj)
    return counts[0], counts[1]


def ledger_download(user, filters: LedgerFilter) -> FileResponse:
    """The user's ledger as an xlsx attachment. A temp file, not memory: the workbook is only
    complete once saved (zip directory last); FileResponse closes it after streaming, and a
    TemporaryFile vanishes on close."""
    fileobj = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    write_ledger_xlsx(user, filters, fileobj)
    fileobj.seek(0)
    stamp = timezone.localdate().strftime("%Y%m%d")
    return FileResponse(
        fileobj,
        as_attachment=True,
        filename=f"台账-{stamp}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
