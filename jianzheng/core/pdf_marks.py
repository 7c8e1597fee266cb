"""What core.pdf draws besides paragraphs and tables: lines of text in runs over the faces,
the QR code, the seal and the watermark."""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import segno
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from jianzheng.core import fonts
from jianzheng.core.pdf_text import break_lines

Op = Callable[[Canvas], None]
SMALL_SIZE = 9
QR_SIZE = 32 * mm
QR_CAPTION_W = 50 * mm
SEAL_R = 20 * mm
SEAL_RED = (0.84, 0.1, 0.11)


@dataclass(frozen=True)
class Paper:
    width: float
    height: float
    margin_x: float
    top: float
    bottom: float

    @property
    def frame(self) -> float:
        return self.width - 2 * self.margin_x


def draw_line(c: Canvas, x: float, y: float, text: str, size: float, space: float = 0.0) -> None:
    """One line in runs: each character in the first face that has it."""
    line = c.beginText(x, y)
    line.setCharSpace(space)  # always: Tc outlives the text object that set it
    for face, run in fonts.runs(text):
        line.setFont(face, size)
        line.textOut(run)
    c.drawText(line)


def text_op(x: float, y: float, text: str, size: float, *, align: str = "left", space: float = 0):
    width = fonts.string_width(text, size) + space * max(len(text) - 1, 0)
    start = {"centre": x - width / 2, "right": x - width}.get(align, x)
    return lambda c: draw_line(c, start, y, text, size, space)


def _width(size: float) -> Callable[[str], float]:
    return lambda text: fonts.string_width(text, size)


def _caption_lines(caption: Sequence[str]) -> list[str]:
    measure = _width(SMALL_SIZE)
    return [line for text in caption for line in break_lines(text, measure, QR_CAPTION_W)]


def qr(data: str, caption: Sequence[str], x: float, y_top: float) -> Op:
    """Vector squares, one path: sharp at any zoom and smaller than an image."""
    matrix = segno.make(data, error="m", micro=False).matrix
    module = QR_SIZE / len(matrix)
    caption_lines = _caption_lines(caption)

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
        for i, line in enumerate(caption_lines):
            draw_line(c, x, y_top - QR_SIZE - 4 * mm - i * (SMALL_SIZE + 3), line, SMALL_SIZE)

    return op


def qr_height(caption: Sequence[str]) -> float:
    return QR_SIZE + 4 * mm + len(_caption_lines(caption)) * (SMALL_SIZE + 3)


def seal(name: str, cx: float, cy: float) -> Op:
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
                text_op(0, 0, ch, size, align="centre")(c)
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


def watermark(text: str, paper: Paper) -> Op:
    def op(c: Canvas) -> None:
        size = 34
        step_x = fonts.string_width(text, size) + 30 * mm
        c.saveState()
        c.setFillColorRGB(0.55, 0.55, 0.55)
        c.setFillAlpha(0.22)
        c.translate(paper.width / 2, paper.height / 2)
        c.rotate(35)
        reach = math.hypot(paper.width, paper.height) / 2
        row = 0
        y = -reach
        while y <= reach:
            x = -reach - (step_x / 2 if row % 2 else 0)
            while x <= reach:
                draw_line(c, x, y, text, size)
                x += step_x
            y += 60 * mm
            row += 1
        c.restoreState()

    return op
