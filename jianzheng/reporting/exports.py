"""Tables out: xlsx through the shared formula-neutralising writer (core.tables.write_table),
written to a temporary file and streamed from it, and the census PDF (census.table_pdf)."""

import tempfile

from django.http import FileResponse, HttpResponse

from jianzheng.core.tables import write_table
from jianzheng.reporting.census import Table, table_pdf


def xlsx_response(table: Table, filename: str) -> FileResponse:
    spool = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    write_table(
        spool,
        table.header,
        iter(table.rows),
        suffix=".xlsx",
        sheet_title=table.title[:31],
        widths=[18] * len(table.header),
    )
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=f"{filename}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def pdf_response(table: Table, filename: str) -> HttpResponse:
    response = HttpResponse(table_pdf(table), content_type="application/pdf")
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{filename}.pdf"
    return response
