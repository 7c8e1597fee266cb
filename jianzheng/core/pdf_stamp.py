"""A stamp across every page of a finished PDF (e.g. "已撤销 2026年12月2日"), on a copy: the
stored original is never touched. The stamp is drawn by ReportLab with the papers' own Chinese
font (core.pdf) and laid over each page with pypdf."""

import io
import math
from collections.abc import Sequence

from pypdf import PageObject, PdfReader, PdfWriter
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from jianzheng.core import fonts, pdf

STAMP_RED = (0.75, 0.05, 0.05)


def _overlay(width: float, height: float, lines: Sequence[str]) -> bytes:
    buffer = io.BytesIO()
    font = fonts.main_face()
    # core.pdf's lock: ReportLab's font subsetting is not safe across threads.
    with pdf._render_lock:
        c = Canvas(buffer, pagesize=(width, height))
        c.saveState()
        c.translate(width / 2, height / 2)
        c.rotate(math.degrees(math.atan2(height, width)))
        c.setFillColorRGB(*STAMP_RED)
        c.setStrokeColorRGB(*STAMP_RED)
        c.setFillAlpha(0.55)
        c.setStrokeAlpha(0.55)
        sizes = [72] + [30] * (len(lines) - 1)
        widths = [pdfmetrics.stringWidth(t, font, s) for t, s in zip(lines, sizes, strict=True)]
        # As big as the page's diagonal allows, whatever the lines say.
        scale = min(1.0, math.hypot(width, height) * 0.7 / max(widths))
        heights = [size * 1.3 * scale for size in sizes]
        top = sum(heights) / 2
        for text, size, line_height in zip(lines, sizes, heights, strict=True):
            c.setFont(font, size * scale)
            c.drawCentredString(0, top - size * scale, text)
            top -= line_height
        box_w, box_h = max(widths) * scale + 14 * mm, sum(heights) + 6 * mm
        c.setLineWidth(4)
        c.rect(-box_w / 2, -box_h / 2 - 2 * mm, box_w, box_h, stroke=1, fill=0)
        c.restoreState()
        c.showPage()
        c.save()
    return buffer.getvalue()


def stamp_pdf(content: bytes, lines: Sequence[str]) -> bytes:
    """The same pages with `lines` stamped big and diagonally across each (the first line
    largest); document information (the /Keywords token among it) is kept."""
    writer = PdfWriter(clone_from=io.BytesIO(bytes(content)))
    stamps: dict[tuple[float, float], PageObject] = {}
    for page in writer.pages:
        size = (float(page.mediabox.width), float(page.mediabox.height))
        if size not in stamps:
            stamps[size] = PdfReader(io.BytesIO(_overlay(*size, lines))).pages[0]
        page.merge_page(stamps[size])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
