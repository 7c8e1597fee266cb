"""The one PDF helper: an A4 or A5 official paper (certificate, commitment form) from a layout.

Pure rendering: no models; the only setting read is the font (PDF_FONT, in core.fonts). Each app
builds a DocumentLayout with its text already filled in and gets bytes back. The faces are
TrueType fonts shipped with the package and embedded as subsets, so the paper reads the same on
any machine; ReportLab's built-in STSong-Light is never used because it is not embedded and
shows blank boxes where the reader lacks a Chinese font. A paper that would lose a character is
refused (Unprintable), and a paper that cannot be drawn at all says so (PdfUnavailable, 503).
"""

import io
import logging
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from jianzheng.core import fonts
from jianzheng.core.errors import RuleViolation
from jianzheng.core.fonts import FONT_NAME, FontMissing, FontStatus, find_font, font_status
from jianzheng.core.pdf_marks import (
    QR_CAPTION_W,
    SEAL_R,
    SMALL_SIZE,
    Op,
    Paper,
    draw_line,
    qr,
    qr_height,
    seal,
    text_op,
    watermark,
)
from jianzheng.core.pdf_text import break_lines

log = logging.getLogger(__name__)
_render_lock = threading.Lock()

__all__ = [
    "BoardLayout",
    "DocumentLayout",
    "FontMissing",
    "FontStatus",
    "PdfUnavailable",
    "TOKEN_KEYWORD_PREFIX",
    "Unprintable",
    "break_lines",
    "find_font",
    "font_status",
    "render_board",
    "render_document",
    "token_from_pdf",
]

# ---------------------------------------------------------------- layout

TOKEN_KEYWORD_PREFIX = "jianzheng-token="
# The token goes into /Keywords as a literal PDF string; these characters need no escaping, so
# an offline verifier finds it with one regex over the raw bytes.
_TOKEN_CHARS = re.compile(r"[A-Za-z0-9._~+/=:-]+")
_TOKEN_IN_PDF = re.compile(rb"/Keywords \(jianzheng-token=([A-Za-z0-9._~+/=:-]+)\)")


def token_from_pdf(data: bytes) -> str | None:
    """The verification token an offline verifier reads from a rendered paper, if any."""
    match = _TOKEN_IN_PDF.search(data)
    return match.group(1).decode("ascii") if match else None


class Unprintable(RuleViolation):
    """A character no shipped face can draw: the paper would differ from what was entered."""

    def __init__(self, chars: Sequence[str]):
        named = "、".join(fonts.describe(ch) for ch in chars)
        super().__init__(
            "unprintable_character",
            f"{named}没有可用的字体，无法印在证明上，请改用规范汉字或联系系统管理员",
        )
        self.chars = list(chars)


class PdfUnavailable(RuleViolation):
    """Drawing failed (no usable font, a broken file, the PDF library): nothing was issued."""

    def __init__(self) -> None:
        super().__init__(
            "pdf_unavailable",
            "证明文件暂时无法生成，本次未出具证明、未保存任何内容。请稍后重试；"
            "如仍不行，请联系系统管理员检查字体配置（jianzheng setup 会列出问题）。",
            status=503,
        )


@dataclass(frozen=True)
class DocumentLayout:
    """What goes on the paper, already filled in; the app that owns the document builds it."""

    title: str
    body: Sequence[str] = ()  # paragraphs; "\n" inside one forces a line break
    serial: str = ""  # shown at the top right of every page
    serial_label: str = "编号："
    table: Sequence[tuple[str, str]] = ()  # (label, value) rows after the body
    closing: Sequence[str] = ()  # e.g. "特此证明。"
    footer: Sequence[str] = ()  # 落款: issuing unit and date, right-hand block under the seal
    notes: Sequence[str] = ()  # clerk, validity, contact: below the 落款, clear of the seal
    issuing_unit: str = ""  # PDF author; the seal sits on the footer line that names it
    seal: bool = True  # drawn only when issuing_unit is given
    qr_data: str = ""  # bottom-left QR, e.g. the verification URL
    qr_caption: Sequence[str] = ()
    watermark: str = ""  # e.g. "预览 不作证明使用", "样本"; repeated diagonally on every page
    token: str = ""  # -> /Keywords "jianzheng-token=<token>"
    subject: str = ""
    paper: str = "A4"  # or "A5", the half-sheet, for short papers

    def __post_init__(self) -> None:
        if self.token and not _TOKEN_CHARS.fullmatch(self.token):
            raise ValueError("token may only hold A-Z a-z 0-9 . _ ~ + / = : -")
        if self.paper not in PAPERS:
            raise ValueError(f"paper must be one of {', '.join(PAPERS)}")

    def texts(self) -> list[str]:
        """Every string the paper prints."""
        return [
            self.title,
            *self.body,
            self.serial_label + self.serial,
            *(cell for row in self.table for cell in row),
            *self.closing,
            *self.footer,
            *self.notes,
            self.issuing_unit if self.seal else "",
            *self.qr_caption,
            self.watermark,
        ]


PAPERS = {
    "A4": Paper(*A4, margin_x=25 * mm, top=28 * mm, bottom=20 * mm),
    "A5": Paper(148 * mm, 210 * mm, margin_x=16 * mm, top=20 * mm, bottom=14 * mm),
}
TITLE_SIZE, TITLE_LEADING = 22, 32
BODY_SIZE, BODY_LEADING = 13, 24
TABLE_SIZE, TABLE_LEADING, TABLE_PAD = 11.5, 17, 5
TABLE_LABEL_W = 30 * mm
FOOTER_SIZE, FOOTER_LEADING = 12, 21
GAP = 8 * mm  # between the closing line and the signature row


class _Flow:
    """Pages as lists of drawing operations, so page numbers are known before drawing."""

    def __init__(self, paper: Paper) -> None:
        self.paper = paper
        self.pages: list[list[Op]] = [[]]
        self.y = paper.height - paper.top

    def need(self, height: float) -> None:
        if height > self.y - self.paper.bottom and self.pages[-1]:
            self.new_page()

    def new_page(self) -> None:
        self.pages.append([])
        self.y = self.paper.height - self.paper.top

    def draw(self, op: Op) -> None:
        self.pages[-1].append(op)


def _width(size: float) -> Callable[[str], float]:
    return lambda text: fonts.string_width(text, size)


def _paragraph(flow: _Flow, text: str, size: float, leading: float, indent: float) -> None:
    measure, frame, left = _width(size), flow.paper.frame, flow.paper.margin_x
    lines = break_lines(text, measure, frame, first_line_width=frame - indent)
    for i, line in enumerate(lines):
        flow.need(leading)
        x = left + (indent if i == 0 else 0)
        # Justify full lines (not a paragraph's last line) so the right edge is straight.
        space = 0.0
        if i < len(lines) - 1 and len(line) > 1:
            slack = (frame - (x - left)) - measure(line)
            if 0 < slack < 2 * size:
                space = slack / (len(line) - 1)
        flow.y -= leading
        flow.draw(text_op(x, flow.y + (leading - size) / 2, line, size, space=space))


def _table(flow: _Flow, rows: Sequence[tuple[str, str]]) -> None:
    measure, frame, left = _width(TABLE_SIZE), flow.paper.frame, flow.paper.margin_x
    value_w = frame - TABLE_LABEL_W - 2 * TABLE_PAD
    label_w = TABLE_LABEL_W - 2 * TABLE_PAD
    for label, value in rows:
        label_lines = break_lines(label, measure, label_w)
        value_lines = break_lines(value, measure, value_w)
        height = max(len(label_lines), len(value_lines)) * TABLE_LEADING + 2 * TABLE_PAD
        flow.need(height)
        top = flow.y
        flow.y -= height

        def op(c: Canvas, top=top, height=height, ll=label_lines, vl=value_lines):
            c.setLineWidth(0.6)
            c.setFillGray(0.95)
            c.rect(left, top - height, TABLE_LABEL_W, height, stroke=0, fill=1)
            c.setFillGray(0)
            c.rect(left, top - height, frame, height, stroke=1, fill=0)
            c.line(left + TABLE_LABEL_W, top, left + TABLE_LABEL_W, top - height)
            for column_x, lines in ((left, ll), (left + TABLE_LABEL_W, vl)):
                for i, line in enumerate(lines):
                    base = top - TABLE_PAD - (i + 1) * TABLE_LEADING + 4.5
                    draw_line(c, column_x + TABLE_PAD, base, line, TABLE_SIZE)

        flow.draw(op)
    flow.y -= BODY_LEADING / 2


def _tail(flow: _Flow, layout: DocumentLayout) -> None:
    """Closing lines, then one row kept on one page right below them (no half page of blank
    paper between the text and its 落款): the QR at the left, the 落款 (unit, date) at the right
    with the seal over both lines, as official papers are sealed; then the notes (clerk,
    validity) under the row, where the seal cannot cover them."""
    paper = flow.paper
    measure = _width(FOOTER_SIZE)
    # Keep the footer block clear of the QR code and its caption on the left.
    footer_max = paper.frame - (QR_CAPTION_W + 6 * mm if layout.qr_data else 0.0)
    footer = [line for text in layout.footer for line in break_lines(text, measure, footer_max)]
    notes = [line for text in layout.notes for line in break_lines(text, measure, paper.frame)]
    block_w = max((measure(line) for line in footer), default=0.0)
    unit_line = next(
        (i for i, line in enumerate(footer) if layout.issuing_unit and layout.issuing_unit in line),
        0,
    )
    has_seal = layout.seal and bool(layout.issuing_unit) and bool(footer)
    # Row-relative heights (0 = the row's top): the seal's top touches the row's top, its
    # centre halfway between the unit's line and the last (date) line.
    middle = ((unit_line + len(footer) - 1) / 2 + 0.5) * FOOTER_LEADING
    footer_top = min(middle - SEAL_R, 0.0) if has_seal else 0.0
    seal_cy = footer_top - middle
    row_h = max(
        qr_height(layout.qr_caption) if layout.qr_data else 0.0,
        -(footer_top - len(footer) * FOOTER_LEADING),
        (SEAL_R - seal_cy) if has_seal else 0.0,
    )
    tail_h = row_h + (3 * mm + len(notes) * FOOTER_LEADING if notes else 0.0)

    closing_h = len(layout.closing) * BODY_LEADING * 1.5  # generous: lines may wrap
    flow.need(closing_h + GAP + tail_h)
    for text in layout.closing:
        _paragraph(flow, text, BODY_SIZE, BODY_LEADING, 2 * BODY_SIZE)
    if flow.y - GAP - tail_h < paper.bottom:
        flow.new_page()
    top = flow.y - GAP
    right = paper.width - paper.margin_x
    x = right - block_w
    for i, line in enumerate(footer):
        base = top + footer_top - (i + 1) * FOOTER_LEADING + (FOOTER_LEADING - FOOTER_SIZE) / 2 + 1
        flow.draw(text_op(x, base, line, FOOTER_SIZE))
    if has_seal:
        flow.draw(seal(layout.issuing_unit, x + measure(footer[unit_line]) / 2, top + seal_cy))
    if layout.qr_data:
        flow.draw(qr(layout.qr_data, layout.qr_caption, paper.margin_x, top))
    notes_top = top - row_h - 3 * mm
    for i, line in enumerate(notes):
        base = notes_top - (i + 1) * FOOTER_LEADING + (FOOTER_LEADING - FOOTER_SIZE) / 2 + 1
        flow.draw(text_op(paper.margin_x, base, line, FOOTER_SIZE))
    flow.y = top - tail_h


def render_document(layout: DocumentLayout) -> bytes:
    """The PDF of the layout; long bodies flow onto further pages. Raises Unprintable (422)
    when a character has no glyph in any face, PdfUnavailable (503) when drawing fails."""
    try:
        fonts.main_face()
        missing = fonts.unprintable(layout.texts())
    except Exception as exc:
        log.exception("PDF fonts unavailable")
        raise PdfUnavailable from exc
    if missing:
        raise Unprintable(missing)
    try:
        return _render(layout)
    except Exception as exc:
        log.exception("PDF drawing failed")
        raise PdfUnavailable from exc


def _render(layout: DocumentLayout) -> bytes:
    paper = PAPERS[layout.paper]
    flow = _Flow(paper)
    measure = _width(TITLE_SIZE)
    # Short titles are letter-spaced, as on printed official papers ("居 住 证 明").
    spacing = TITLE_SIZE * 0.4 if len(layout.title) <= 8 else 0.0
    for line in break_lines(layout.title, measure, paper.frame):
        flow.y -= TITLE_LEADING
        flow.draw(
            text_op(paper.width / 2, flow.y + 6, line, TITLE_SIZE, align="centre", space=spacing)
        )
    flow.y -= BODY_LEADING * 0.75
    for text in layout.body:
        _paragraph(flow, text, BODY_SIZE, BODY_LEADING, 2 * BODY_SIZE)
    if layout.table:
        flow.y -= BODY_LEADING / 3
        _table(flow, layout.table)
    _tail(flow, layout)

    buffer = io.BytesIO()
    # ReportLab's TrueType parser keeps a read position on the shared font object, so two
    # documents subsetting at once corrupt each other (IndexError in makeSubset). Drawing is
    # pure Python under the GIL anyway, so one document at a time costs no throughput.
    with _render_lock:
        # pageCompression compresses content streams only; the info dictionary stays plain text,
        # which the /Keywords token contract depends on.
        c = Canvas(
            buffer,
            pagesize=(paper.width, paper.height),
            pageCompression=1,
            # types-reportlab 5.0 declares initialFontName a float; ReportLab takes a font name.
            initialFontName=FONT_NAME,  # type: ignore[arg-type]
        )
        c.setTitle(layout.title)
        c.setAuthor(layout.issuing_unit)
        c.setSubject(layout.subject or layout.title)
        c.setCreator("jianzheng")
        if layout.token:
            c.setKeywords(f"{TOKEN_KEYWORD_PREFIX}{layout.token}")
        count = len(flow.pages)
        right = paper.width - paper.margin_x
        for number, ops in enumerate(flow.pages, start=1):
            if layout.serial:
                label = f"{layout.serial_label}{layout.serial}"
                text_op(right, paper.height - paper.top + 12 * mm, label, 10.5, align="right")(c)
            for op in ops:
                op(c)
            if count > 1:
                page_label = f"第 {number} 页 共 {count} 页"
                text_op(paper.width / 2, paper.bottom / 2, page_label, SMALL_SIZE, align="centre")(
                    c
                )
            if layout.watermark:
                watermark(layout.watermark, paper)(c)
            c.showPage()
        c.save()
    return buffer.getvalue()


# ---------------------------------------------------------------- boards


@dataclass(frozen=True)
class BoardLayout:
    """A sign printed at its true size (the guide board of 永民发〔2020〕91号's attachment, 40 cm ×
    60 cm): a title, a line under it (the community), a two-column table with a header row."""

    title: str
    subtitle: str
    header: tuple[str, str]
    rows: Sequence[tuple[str, str]]
    width_mm: float = 400
    height_mm: float = 600
    issuing_unit: str = ""

    def texts(self) -> list[str]:
        return [
            self.title,
            self.subtitle,
            *self.header,
            *(cell for row in self.rows for cell in row),
        ]


def render_board(layout: BoardLayout) -> bytes:
    """One page of exactly width_mm × height_mm, in the same embedded faces as every paper."""
    try:
        fonts.main_face()
        missing = fonts.unprintable(layout.texts())
    except Exception as exc:
        log.exception("PDF fonts unavailable")
        raise PdfUnavailable from exc
    if missing:
        raise Unprintable(missing)
    try:
        return _render_board(layout)
    except Exception as exc:
        log.exception("PDF drawing failed")
        raise PdfUnavailable from exc


def _render_board(layout: BoardLayout) -> bytes:
    width, height = layout.width_mm * mm, layout.height_mm * mm
    margin = width * 0.08
    frame = width - 2 * margin
    # As large as fits the frame (84 pt at most).
    title_size = min(84.0, frame * 0.95 / max(fonts.string_width(layout.title, 1), 1))
    sub_size = title_size * 0.6
    rows = [layout.header, *layout.rows]
    top = height - margin - title_size * 1.4 - sub_size * 2.2
    row_h = (top - margin) / max(len(rows), 1)
    cell_size = min(row_h * 0.42, frame * 0.6 / 10)
    label_w = frame * 0.68
    buffer = io.BytesIO()
    with _render_lock:
        c = Canvas(
            buffer,
            pagesize=(width, height),
            pageCompression=1,
            initialFontName=FONT_NAME,  # type: ignore[arg-type]
        )
        c.setTitle(layout.title)
        c.setAuthor(layout.issuing_unit)
        c.setSubject(layout.subtitle)
        c.setCreator("jianzheng")
        c.setLineWidth(2)
        c.rect(margin / 2, margin / 2, width - margin, height - margin, stroke=1, fill=0)
        y = height - margin - title_size
        text_op(width / 2, y, layout.title, title_size, align="centre")(c)
        y -= sub_size * 1.8
        text_op(width / 2, y, layout.subtitle, sub_size, align="centre")(c)
        c.setLineWidth(1.2)
        for i, (label, value) in enumerate(rows):
            row_top = top - i * row_h
            if i == 0:
                c.setFillGray(0.9)
                c.rect(margin, row_top - row_h, frame, row_h, stroke=0, fill=1)
                c.setFillGray(0)
            c.rect(margin, row_top - row_h, frame, row_h, stroke=1, fill=0)
            c.line(margin + label_w, row_top, margin + label_w, row_top - row_h)
            base = row_top - row_h / 2 - cell_size * 0.35
            text_op(margin + label_w / 2, base, label, cell_size, align="centre")(c)
            text_op(
                margin + label_w + (frame - label_w) / 2, base, value, cell_size, align="centre"
            )(c)
        c.showPage()
        c.save()
    return buffer.getvalue()
