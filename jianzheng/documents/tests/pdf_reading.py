"""Text read back from a drawn PDF with pypdf, with where each piece sits on the page."""

import io
from dataclasses import dataclass

from pypdf import PdfReader


@dataclass(frozen=True)
class Run:
    text: str
    x: float
    y: float
    size: float
    rotated: bool

    @property
    def width(self) -> float:
        return self.size * len(self.text)  # CJK glyphs are one em wide; an upper bound


def text_runs(pdf: bytes, page: int = 0) -> list[Run]:
    """Every piece of text shown on the page, in drawing order, at its place in page space."""
    runs: list[Run] = []

    def visit(text, cm, tm, font, size):
        if not text.strip():
            return
        a, b, c, d, e, f = cm
        x, y = tm[4], tm[5]
        runs.append(
            Run(text, a * x + c * y + e, b * x + d * y + f, size, abs(b) > 1e-6 or abs(c) > 1e-6)
        )

    PdfReader(io.BytesIO(pdf)).pages[page].extract_text(visitor_text=visit)
    return runs


def seal_glyphs(pdf: bytes) -> list[Run]:
    """The characters drawn turned along the seal's ring (nothing else on a paper is turned)."""
    return [run for run in text_runs(pdf) if run.rotated]
