"""The one PDF helper: an A4 official paper (certificate, commitment form) from a layout.

Pure rendering: no models; the only setting read is the font (PDF_FONT). Each app builds a DocumentLayout with its text already
filled in and gets bytes back. The font is a TrueType Chinese font embedded as a subset, so the
paper reads the same on any machine; ReportLab's built-in STSong-Light is never used because it
is not embedded and shows blank boxes where the reader lacks a Chinese font.
"""

import io
import math
import os
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import segno
from django.conf import settings
from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from jianzheng.core.pdf_text import break_lines

__all__ = [
    "DocumentLayout",
    "FontMissing",
    "FontStatus",
    "TOKEN_KEYWORD_PREFIX",
    "break_lines",
    "find_font",
    "font_status",
    "render_document",
    "token_from_pdf",
]

# ---------------------------------------------------------------- font

FONT_NAME = "JianzhengCJK"
# TrueType-outline Chinese fonts only: ReportLab's TTFont cannot read CFF (Noto CJK, Source Han).
KNOWN_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",  # Debian / Ubuntu fonts-wqy-microhei
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",  # Fedora
    "/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",  # Arch
    "/usr/local/share/fonts/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",  # Debian / Ubuntu fonts-wqy-zenhei
    "/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc",
    "/usr/share/fonts/wenquanyi/wqy-zenhei/wqy-zenhei.ttc",
    "/usr/local/share/fonts/wqy-zenhei.ttc",
)
INSTALL_HINT = (
    "未找到可嵌入的中文字体，无法生成 PDF。请安装 Debian/Ubuntu 软件包 fonts-wqy-microhei"
    "(sudo apt-get install fonts-wqy-microhei)，或将环境变量 JIANZHENG_FONT 设为一个 TrueType"
    "（非 CFF/OTF）中文字体文件的路径（.ttc 可加 #序号）。 "
    "No embeddable Chinese font found, so PDFs cannot be made. Install the Debian/Ubuntu package "
    "fonts-wqy-microhei (sudo apt-get install fonts-wqy-microhei), or set JIANZHENG_FONT to the "
    "path of a TrueType (not CFF/OTF) Chinese font (for a .ttc, append #index)."
)


class FontMissing(RuntimeError):
    """No usable Chinese TrueType font: the message says exactly what to install."""


class FontStatus(NamedTuple):
    ok: bool
    message: str


class FontSource(NamedTuple):
    path: str
    face: int  # the font inside a .ttc collection


def find_font() -> FontSource:
    """settings.PDF_FONT (JIANZHENG_FONT, checked at start-up) if set, else the first known path
    that exists."""
    if settings.PDF_FONT is not None:
        path, face = settings.PDF_FONT
        return FontSource(path, face)
    for path in KNOWN_FONTS:
        if os.path.isfile(path):
            return FontSource(path, 0)
    raise FontMissing(INSTALL_HINT)


def _load(source: FontSource) -> TTFont:
    try:
        return TTFont(FONT_NAME, source.path, subfontIndex=source.face)
    except Exception as exc:  # TTFError for CFF outlines, OSError, struct errors on junk files
        raise FontMissing(f"{source.path}#{source.face}: {exc}. {INSTALL_HINT}") from exc


_font_lock = threading.Lock()
_render_lock = threading.Lock()
_font_source: FontSource | None = None


def _font() -> str:
    """Register the font once per process (0.1–0.35 s), on first use, safely across threads."""
    global _font_source
    if _font_source is None:
        with _font_lock:
            if _font_source is None:
                source = find_font()
                pdfmetrics.registerFont(_load(source))
                # Binary streams instead of ASCII85: a fifth smaller, and skips a pure-Python
                # encoder on every font subset. Process-wide, but this module is ReportLab's
                # only user.
                rl_config.useA85 = 0
                _font_source = source
    return FONT_NAME


def font_status() -> FontStatus:
    """For a start-up check to print: whether PDFs can be made, and with which font or what to do."""
    try:
        source = _font_source or find_font()
        if source != _font_source:
            _load(source)
    except FontMissing as exc:
        return FontStatus(False, str(exc))
    return FontStatus(True, f"{source.path}#{source.face}")


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


@dataclass(frozen=True)
class DocumentLayout:
    """What goes on the paper, already filled in; the app that owns the document builds it."""

    title: str
    body: Sequence[str] = ()  # paragraphs; "\n" inside one forces a line break
    serial: str = ""  # shown at the top right of every page
    serial_label: str = "编号："
    table: Sequence[tuple[str, str]] = ()  # (label, value) rows after the body
    closing: Sequence[str] = ()  # e.g. "特此证明。"
    footer: Sequence[str] = ()  # issuing unit, clerk, date, validity, contact: right-hand block
    issuing_unit: str = ""  # PDF author; the seal sits on the footer line that names it
    seal: bool = True  # drawn only when issuing_unit is given
    qr_data: str = ""  # bottom-left QR, e.g. the verification URL
    qr_caption: Sequence[str] = ()
    watermark: str = ""  # e.g. "预览 不作证明使用", "样本"; repeated diagonally on every page
    token: str = ""  # -> /Keywords "jianzheng-token=<token>"
    subject: str = ""

    def __post_init__(self) -> None:
        if self.token and not _TOKEN_CHARS.fullmatch(self.token):
            raise ValueError("token may only hold A-Z a-z 0-9 . _ ~ + / = : -")


PAGE_W, PAGE_H = A4
MARGIN_X = 25 * mm
MARGIN_TOP = 28 * mm
MARGIN_BOTTOM = 20 * mm
FRAME_W = PAGE_W - 2 * MARGIN_X
TITLE_SIZE, TITLE_LEADING = 22, 32
BODY_SIZE, BODY_LEADING = 13, 24
TABLE_SIZE, TABLE_LEADING, TABLE_PAD = 11.5, 17, 5
TABLE_LABEL_W = 38 * mm
FOOTER_SIZE, FOOTER_LEADING = 12, 21
SMALL_SIZE = 9
QR_SIZE = 32 * mm
SEAL_R = 20 * mm
SEAL_RED = (0.84, 0.1, 0.11)

Op = Callable[[Canvas], None]


class _Flow:
    """Pages as lists of drawing operations, so page numbers are known before drawing."""

    def __init__(self) -> None:
        self.pages: list[list[Op]] = [[]]
        self.y = PAGE_H - MARGIN_TOP

    def room(self) -> float:
        return self.y - MARGIN_BOTTOM

    def need(self, height: float) -> None:
        if height > self.room() and self.pages[-1]:
            self.pages.append([])
            self.y = PAGE_H - MARGIN_TOP

    def draw(self, op: Op) -> None:
        self.pages[-1].append(op)


def _width(size: float) -> Callable[[str], float]:
    font = _font()
    return lambda text: pdfmetrics.stringWidth(text, font, size)


def _text(x: float, y: float, text: str, size: float, *, align: str = "left", space: float = 0):
    def op(c: Canvas) -> None:
        c.setFont(FONT_NAME, size)
        if align == "centre":
            c.drawCentredString(x, y, text, charSpace=space)
        elif align == "right":
            c.drawRightString(x, y, text)
        else:
            c.drawString(x, y, text, charSpace=space)

    return op


def _paragraph(flow: _Flow, text: str, size: float, leading: float, indent: float) -> None:
    measure = _width(size)
    lines = break_lines(text, measure, FRAME_W, first_line_width=FRAME_W - indent)
    for i, line in enumerate(lines):
        flow.need(leading)
        x = MARGIN_X + (indent if i == 0 else 0)
        # Justify full lines (not a paragraph's last line) so the right edge is straight.
        space = 0.0
        if i < len(lines) - 1 and len(line) > 1:
            slack = (FRAME_W - (x - MARGIN_X)) - measure(line)
            if 0 < slack < 2 * size:
                space = slack / (len(line) - 1)
        flow.y -= leading
        flow.draw(_text(x, flow.y + (leading - size) / 2, line, size, space=space))


def _table(flow: _Flow, rows: Sequence[tuple[str, str]]) -> None:
    measure = _width(TABLE_SIZE)
    value_w = FRAME_W - TABLE_LABEL_W - 2 * TABLE_PAD
    label_w = TABLE_LABEL_W - 2 * TABLE_PAD
    first = True
    for label, value in rows:
        label_lines = break_lines(label, measure, label_w)
        value_lines = break_lines(value, measure, value_w)
        height = max(len(label_lines), len(value_lines)) * TABLE_LEADING + 2 * TABLE_PAD
        before = len(flow.pages)
        flow.need(height)
        top = flow.y
        flow.y -= height
        draw_top = first or len(flow.pages) != before

        def op(c: Canvas, top=top, height=height, ll=label_lines, vl=value_lines, t=draw_top):
            c.setLineWidth(0.6)
            c.setFillGray(0.95)
            c.rect(MARGIN_X, top - height, TABLE_LABEL_W, height, stroke=0, fill=1)
            c.setFillGray(0)
            c.rect(MARGIN_X, top - height, FRAME_W, height, stroke=1, fill=0)
            c.line(MARGIN_X + TABLE_LABEL_W, top, MARGIN_X + TABLE_LABEL_W, top - height)
            c.setFont(FONT_NAME, TABLE_SIZE)
            for column_x, lines in ((MARGIN_X, ll), (MARGIN_X + TABLE_LABEL_W, vl)):
                for i, line in enumerate(lines):
                    base = top - TABLE_PAD - (i + 1) * TABLE_LEADING + 4.5
                    c.drawString(column_x + TABLE_PAD, base, line)

        flow.draw(op)
        first = False
    flow.y -= BODY_LEADING / 2


def _qr(data: str, caption: Sequence[str], x: float, y_top: float) -> Op:
    """Vector squares, one path: sharp at any zoom and smaller than an image."""
    matrix = segno.make(data, error="m", micro=False).matrix
    module = QR_SIZE / len(matrix)
    measure = _width(SMALL_SIZE)
    caption_lines = [line for text in caption for line in break_lines(text, measure, 55 * mm)]

    def op(c: Canvas) -> None:
        c.saveState()
        # Whole-module coordinates: small integers keep the path short and quick to write.
        c.translate(x, y_top)
        c.scale(module, -module)
        path = c.beginPath()
        for r, row in enumerate(matrix):
            col = 0
            while col < len(row):
                if row[col]:
                    start = col
                    while col < len(row) and row[col]:
                        col += 1
                    path.rect(start, r, col - start, 1)
                else:
                    col += 1
        c.setFillGray(0)
        c.drawPath(path, stroke=0, fill=1)
        c.restoreState()
        c.setFont(FONT_NAME, SMALL_SIZE)
        for i, line in enumerate(caption_lines):
            c.drawString(x, y_top - QR_SIZE - 4 * mm - i * (SMALL_SIZE + 3), line)

    return op


def _qr_height(caption: Sequence[str]) -> float:
    measure = _width(SMALL_SIZE)
    lines = sum(len(break_lines(text, measure, 55 * mm)) for text in caption)
    return QR_SIZE + 4 * mm + lines * (SMALL_SIZE + 3)


def _seal(name: str, cx: float, cy: float) -> Op:
    """A red ring, the unit's name along the upper arc, a star in the middle: a mark, not an
    electronic seal; authenticity comes from the signed token in the QR code."""

    def op(c: Canvas) -> None:
        c.saveState()
        c.setFillColorRGB(*SEAL_RED)
        c.setStrokeColorRGB(*SEAL_RED)
        c.setFillAlpha(0.85)
        c.setStrokeAlpha(0.85)
        c.setLineWidth(1.6 * mm / 1.5)
        c.circle(cx, cy, SEAL_R - 0.6 * mm, stroke=1, fill=0)
        chars = [ch for ch in name if not ch.isspace()]
        n = len(chars)
        if n:
            span = math.radians(min(250.0, max(140.0, n * 24.0)))
            text_r = SEAL_R - 2.2 * mm
            size = min(13.0, 0.92 * (text_r * 0.8) * span / n)
            base_r = text_r - size * 0.95
            for i, ch in enumerate(chars):
                angle = math.pi / 2 + span / 2 - (span * i / (n - 1) if n > 1 else span / 2)
                c.saveState()
                c.translate(cx + base_r * math.cos(angle), cy + base_r * math.sin(angle))
                c.rotate(math.degrees(angle) - 90)
                c.setFont(FONT_NAME, size)
                c.drawCentredString(0, 0, ch)
                c.restoreState()
        star_r = SEAL_R * 0.3
        path = c.beginPath()
        for k in range(10):
            r = star_r if k % 2 == 0 else star_r * 0.382
            a = math.pi / 2 + k * math.pi / 5
            px, py = cx + r * math.cos(a), cy - 1.5 * mm + r * math.sin(a)
            if k == 0:
                path.moveTo(px, py)
            else:
                path.lineTo(px, py)
        path.close()
        c.drawPath(path, stroke=0, fill=1)
        c.restoreState()

    return op


def _watermark(text: str) -> Op:
    def op(c: Canvas) -> None:
        size = 34
        step_x = pdfmetrics.stringWidth(text, FONT_NAME, size) + 30 * mm
        c.saveState()
        c.setFillColorRGB(0.55, 0.55, 0.55)
        c.setFillAlpha(0.22)
        c.translate(PAGE_W / 2, PAGE_H / 2)
        c.rotate(35)
        c.setFont(FONT_NAME, size)
        reach = math.hypot(PAGE_W, PAGE_H) / 2
        row = 0
        y = -reach
        while y <= reach:
            x = -reach - (step_x / 2 if row % 2 else 0)
            while x <= reach:
                c.drawString(x, y, text)
                x += step_x
            y += 60 * mm
            row += 1
        c.restoreState()

    return op


def _tail(flow: _Flow, layout: DocumentLayout) -> None:
    """Closing lines, then a bottom row kept on one page: QR at bottom-left, the footer block
    at the right with the seal over the issuing unit's line."""
    measure = _width(FOOTER_SIZE)
    # Keep the footer block clear of the QR code and its caption on the left.
    footer_max = FRAME_W - (62 * mm if layout.qr_data else 0.0)
    footer = [line for text in layout.footer for line in break_lines(text, measure, footer_max)]
    block_w = max((measure(line) for line in footer), default=0.0)
    footer_h = len(footer) * FOOTER_LEADING
    unit_line = next(
        (i for i, line in enumerate(footer) if layout.issuing_unit and layout.issuing_unit in line),
        0,
    )
    has_seal = layout.seal and bool(layout.issuing_unit) and bool(footer)
    row_h = max(_qr_height(layout.qr_caption) if layout.qr_data else 0.0, footer_h)
    # The footer block sits at the bottom of the row; the seal may rise above it.
    footer_top = MARGIN_BOTTOM + footer_h
    seal_cy = footer_top - (unit_line + 0.5) * FOOTER_LEADING
    row_top = max(MARGIN_BOTTOM + row_h, seal_cy + SEAL_R if has_seal else 0.0)

    closing_h = len(layout.closing) * BODY_LEADING * 1.5  # generous: lines may wrap
    flow.need(closing_h + (row_top - MARGIN_BOTTOM) + 6 * mm)
    for text in layout.closing:
        _paragraph(flow, text, BODY_SIZE, BODY_LEADING, 2 * BODY_SIZE)
    if flow.y - 4 * mm < row_top:
        flow.pages.append([])
        flow.y = PAGE_H - MARGIN_TOP

    x = PAGE_W - MARGIN_X - block_w
    for i, line in enumerate(footer):
        base = footer_top - (i + 1) * FOOTER_LEADING + (FOOTER_LEADING - FOOTER_SIZE) / 2 + 1
        flow.draw(_text(x, base, line, FOOTER_SIZE))
    if has_seal:
        unit_w = measure(footer[unit_line])
        flow.draw(_seal(layout.issuing_unit, x + unit_w / 2, seal_cy))
    if layout.qr_data:
        flow.draw(_qr(layout.qr_data, layout.qr_caption, MARGIN_X, MARGIN_BOTTOM + row_h))


def render_document(layout: DocumentLayout) -> bytes:
    """An A4 PDF of the layout; long bodies flow onto further pages. Raises FontMissing."""
    _font()
    flow = _Flow()
    measure = _width(TITLE_SIZE)
    # Short titles are letter-spaced, as on printed official papers ("居 住 证 明").
    spacing = TITLE_SIZE * 0.4 if len(layout.title) <= 8 else 0.0
    for line in break_lines(layout.title, measure, FRAME_W):
        flow.y -= TITLE_LEADING
        flow.draw(_text(PAGE_W / 2, flow.y + 6, line, TITLE_SIZE, align="centre", space=spacing))
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
            pagesize=A4,
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
        for number, ops in enumerate(flow.pages, start=1):
            if layout.serial:
                label = f"{layout.serial_label}{layout.serial}"
                _text(PAGE_W - MARGIN_X, PAGE_H - 16 * mm, label, 10.5, align="right")(c)
            for op in ops:
                op(c)
            if count > 1:
                page_label = f"第 {number} 页 共 {count} 页"
                _text(PAGE_W / 2, 10 * mm, page_label, SMALL_SIZE, align="centre")(c)
            if layout.watermark:
                _watermark(layout.watermark)(c)
            c.showPage()
        c.save()
    return buffer.getvalue()
