"""The faces PDFs are drawn with, and which one draws each character.

The main face is the 宋体-style serif shipped in core/fontdata (or JIANZHENG_FONT). Rare
characters (生僻字) the main face lacks are drawn by two shipped fallback faces: Extension A and
the rest of the BMP, then plane 2 (Extensions B–F). Text is drawn in runs, each character in the
first face whose cmap has it; `unprintable` names the characters no face has, so a paper that
would lose a character is refused instead of signed.
"""

import threading
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

FONTDATA = Path(__file__).with_name("fontdata")
SERIF = FONTDATA / "JianzhengSerifSC.ttf"
FALLBACKS = (FONTDATA / "JianzhengFallbackA.ttf", FONTDATA / "JianzhengFallbackB.ttf")
FONT_NAME = "JianzhengCJK"
FALLBACK_NAMES = ("JianzhengCJK-A", "JianzhengCJK-B")
INSTALL_HINT = (
    "无法读取中文字体，不能生成 PDF。随软件附带的字体位于 jianzheng/core/fontdata/，"
    "请重新安装本软件；若设置了环境变量 JIANZHENG_FONT，它须指向一个 TrueType"
    "（非 CFF/OTF）中文字体文件（.ttc 可加 #序号），或删去该设置以使用附带字体。"
)
# Drawn as nothing, so never refused: the breaks and spaces inside a paragraph.
_INVISIBLE = frozenset("\n\t\r")


class FontMissing(RuntimeError):
    """No usable Chinese TrueType font: the message says what to do."""


class FontStatus(NamedTuple):
    ok: bool
    message: str


class FontSource(NamedTuple):
    path: str
    face: int  # the font inside a .ttc collection


def find_font() -> FontSource:
    """settings.PDF_FONT (JIANZHENG_FONT, checked at start-up) if set, else the shipped serif."""
    if settings.PDF_FONT is not None:
        path, face = settings.PDF_FONT
        return FontSource(path, face)
    if SERIF.is_file():
        return FontSource(str(SERIF), 0)
    raise FontMissing(f"{SERIF}: 文件不存在。{INSTALL_HINT}")


def _load(name: str, source: FontSource) -> TTFont:
    try:
        return TTFont(name, source.path, subfontIndex=source.face)
    except Exception as exc:  # TTFError for CFF outlines, OSError, struct errors on junk files
        raise FontMissing(f"{source.path}#{source.face}: {exc}。{INSTALL_HINT}") from exc


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode map writes a code point above U+FFFF as five hex digits, so text
    extraction (and search, and screen readers) reads 𠈌 as "†" and a stray digit. The map
    wants UTF-16BE: a surrogate pair there."""
    pairs = [
        f"<{i:02X}> <{chr(v).encode('utf-16-be').hex().upper()}>" for i, v in enumerate(subset)
    ]
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            f"/CIDSystemInfo\n<< /Registry ({fontname})\n/Ordering ({fontname})\n/Supplement 0\n>> def",
            f"/CMapName /{fontname} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(subset)} beginbfchar",
            *pairs,
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


_lock = threading.Lock()
_source: FontSource | None = None
_faces: dict[str, dict[int, int]] = {}  # registered face name -> its cmap (code point -> glyph)


def main_face() -> str:
    """Register the main face once per process (about 0.1 s), on first use, across threads."""
    global _source
    if _source is None:
        with _lock:
            if _source is None:
                source = find_font()
                font = _load(FONT_NAME, source)
                pdfmetrics.registerFont(font)
                _faces[FONT_NAME] = font.face.charToGlyph
                # Binary streams instead of ASCII85: a fifth smaller, and skips a pure-Python
                # encoder on every font subset. Process-wide, as is the ToUnicode repair, but
                # jianzheng is ReportLab's only user in the process.
                rl_config.useA85 = 0
                ttfonts.makeToUnicodeCMap = _to_unicode_cmap
                _source = source
    return FONT_NAME


def _fallback(index: int) -> dict[int, int]:
    """A fallback face's cmap, registering the face the first time a text needs it (0.1–0.3 s);
    most processes never do. A missing fallback file leaves its characters unprintable."""
    name = FALLBACK_NAMES[index]
    if name not in _faces:
        with _lock:
            if name not in _faces:
                path = FALLBACKS[index]
                if not path.is_file():
                    _faces[name] = {}
                else:
                    font = _load(name, FontSource(str(path), 0))
                    pdfmetrics.registerFont(font)
                    _faces[name] = font.face.charToGlyph
    return _faces[name]


def face_for(ch: str) -> str | None:
    """The first face with a glyph for `ch`, or None."""
    main_face()
    code = ord(ch)
    if code in _faces[FONT_NAME] or ch in _INVISIBLE or ch == "\xa0":
        return FONT_NAME
    for index, name in enumerate(FALLBACK_NAMES):
        if code in _fallback(index):
            return name
    return None


def runs(text: str) -> list[tuple[str, str]]:
    """(face, characters) in order; a character no face has stays in the main face."""
    main = _faces[main_face()]
    if all(ord(ch) in main for ch in text):
        return [(FONT_NAME, text)]  # nearly every line: one face, no per-character work
    out: list[tuple[str, str]] = []
    for ch in text:
        face = FONT_NAME if ord(ch) in main or ch == " " else (face_for(ch) or FONT_NAME)
        if out and out[-1][0] == face:
            out[-1] = (face, out[-1][1] + ch)
        else:
            out.append((face, ch))
    return out


def string_width(text: str, size: float) -> float:
    if len(text) == 1 or all(ord(ch) in _faces[main_face()] for ch in text):
        face = FONT_NAME if len(text) != 1 else (face_for(text) or FONT_NAME)
        return pdfmetrics.stringWidth(text, face, size)
    return sum(pdfmetrics.stringWidth(run, face, size) for face, run in runs(text))


def unprintable(texts: Iterable[str]) -> list[str]:
    """The distinct characters of `texts`, in order, that no face can draw."""
    missing: list[str] = []
    for text in texts:
        for ch in text:
            if ch not in missing and face_for(ch) is None:
                missing.append(ch)
    return missing


def font_status() -> FontStatus:
    """For a start-up check to print: whether PDFs can be made, and with which font or what to do."""
    try:
        source = _source or find_font()
        if source != _source:
            _load(FONT_NAME, source)
    except FontMissing as exc:
        return FontStatus(False, str(exc))
    fallbacks = [p.name for p in FALLBACKS if p.is_file()]
    return FontStatus(True, f"{source.path}#{source.face}; 生僻字: {', '.join(fallbacks) or '无'}")


def describe(ch: str) -> str:
    """“𠈌”（U+2020C）, as error messages name a character."""
    return f"“{ch}”（U+{ord(ch):04X}）"


__all__ = [
    "FONT_NAME",
    "FontMissing",
    "FontSource",
    "FontStatus",
    "describe",
    "face_for",
    "find_font",
    "font_status",
    "main_face",
    "runs",
    "string_width",
    "unprintable",
]
