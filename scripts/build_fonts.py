"""Build the TrueType fonts shipped in jianzheng/core/fontdata/ (a maintainer's tool, not run at
install or at run time: the output files are committed).

    .venv/bin/pip install fonttools==4.68.0   # or: pip install -e '.[fonts]'
    apt-get download fonts-noto-cjk fonts-hanazono unicode-data
    for f in *.deb; do dpkg -x "$f" debs; done
    .venv/bin/python scripts/build_fonts.py --debs debs

Three files come out, each with its licence next to it:

- JianzhengSerifSC.ttf: Noto Serif CJK SC Regular (SIL OFL 1.1), a 宋体-style face for the
  certificate body, subset to GB 2312, the 通用规范汉字表 (8105 characters, from Unihan's kTGH
  field), every character of the repository's data and templates, Latin letters and punctuation,
  and converted from CFF to TrueType (quadratic) outlines because ReportLab reads only those.
- JianzhengFallbackA.ttf: HanaMinA (Hanazono Font Licence, or OFL 1.1), the rest of the BMP's
  Han characters (CJK Unified Ideographs, Extension A, compatibility ideographs, radicals).
- JianzhengFallbackB.ttf: HanaMinB, supplementary plane 2 (Extensions B to F) as it is.

The families are renamed: the OFL reserves the upstream names for unmodified fonts.
"""

import argparse
import bz2
import contextlib
import re
import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "jianzheng" / "core" / "fontdata"
NOTO = "usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
HANA = "usr/share/fonts/truetype/hanazono/HanaMin{}.ttf"
UNIHAN = "usr/share/unicode/Unihan_OtherMappings.txt.bz2"
NOTO_SC_FACE = 2  # JP, KR, SC, TC, HK

# Always in the serif face, whatever the data holds: printable ASCII, Latin-1 and Latin
# Extended-A (foreign nationals' names), general punctuation, CJK symbols and punctuation,
# full-width forms, enclosed numbers, Roman numerals.
BASE_RANGES = [
    (0x20, 0x7E),
    (0xA0, 0x17F),
    (0x2010, 0x205E),
    (0x2150, 0x218F),
    (0x2460, 0x24FF),
    (0x3000, 0x303F),
    (0xFF01, 0xFF65),
    (0xFFE0, 0xFFEE),
]
# BMP blocks of Han characters the fallback face fills in.
HAN_BMP_RANGES = [
    (0x2E80, 0x2FDF),  # radicals supplement, Kangxi radicals
    (0x3000, 0x303F),
    (0x3190, 0x319F),  # kanbun
    (0x31C0, 0x31EF),  # strokes
    (0x3400, 0x4DBF),  # Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xF900, 0xFAFF),  # compatibility ideographs
]
SOURCE_SUFFIXES = {".py", ".html", ".txt", ".md", ".json", ".csv"}


def gb2312() -> set[int]:
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(ord(bytes([hi, lo]).decode("gb2312")))
    return chars


def tongyong_guifan(debs: Path) -> set[int]:
    """The 8105 characters of 通用规范汉字表 (2013), from Unihan's kTGH field."""
    text = bz2.decompress((debs / UNIHAN).read_bytes()).decode("utf-8")
    found = {int(m.group(1), 16) for m in re.finditer(r"^U\+([0-9A-F]+)\tkTGH\t", text, re.M)}
    if len(found) != 8105:
        sys.exit(f"expected 8105 kTGH entries, found {len(found)}")
    return found


def repository_chars() -> set[int]:
    chars: set[int] = set()
    for folder in ("jianzheng", "templates", "docs"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in SOURCE_SUFFIXES and "fontdata" not in path.parts:
                chars.update(ord(ch) for ch in path.read_text("utf-8", errors="ignore"))
    return {c for c in chars if c >= 0x80}


def ranges(spans: list[tuple[int, int]]) -> set[int]:
    return {c for lo, hi in spans for c in range(lo, hi + 1)}


def cff_to_glyf(font: TTFont) -> None:
    """Replace CFF outlines by TrueType quadratic ones (fontTools' otf2ttf recipe)."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        # 1 unit of 1000 per em: well below what a 13 pt print can show.
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        glyph.recalcBounds(glyf)
        width, _ = hmtx[name]
        hmtx[name] = (width, getattr(glyph, "xMin", 0))
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    font["maxp"] = maxp
    post = font["post"]
    post.formatType = 3.0  # no glyph names: ReportLab does not need them
    font.sfntVersion = "\x00\x01\x00\x00"


def rename(font: TTFont, family: str, note: str) -> None:
    name = font["name"]
    keep = {0, 7, 8, 9, 11, 12, 13, 14}  # copyright, trademark, maker, licence
    name.names = [n for n in name.names if n.nameID in keep]
    for name_id, value in (
        (1, family),
        (2, "Regular"),
        (3, f"{family}-{note}"),
        (4, family),
        (5, f"Version 1.0; {note}"),
        (6, family),
    ):
        name.setName(value, name_id, 3, 1, 0x409)


def subset_font(font: TTFont, codepoints: set[int]) -> None:
    options = subset.Options()
    options.layout_features = []  # ReportLab shapes nothing: no GSUB/GPOS needed
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.hinting = False
    options.notdef_outline = True
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "vhea", "vmtx", "VORG", "DSIG"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--debs", type=Path, required=True, help="folder the .deb files unpack to")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)

    wanted = gb2312() | tongyong_guifan(args.debs) | repository_chars() | ranges(BASE_RANGES)
    noto = TTCollection(str(args.debs / NOTO)).fonts[NOTO_SC_FACE]
    serif_cmap = set(noto.getBestCmap())
    missing = sorted(c for c in wanted if c not in serif_cmap and c > 0x2E80)
    subset_font(noto, wanted)
    cff_to_glyf(noto)
    rename(noto, "JianzhengSerifSC", "subset of Noto Serif CJK SC 2.001")
    noto.save(OUT / "JianzhengSerifSC.ttf")
    covered = set(TTFont(OUT / "JianzhengSerifSC.ttf").getBestCmap())
    print(f"serif: {len(covered)} characters; not in Noto, left to the fallback: {len(missing)}")

    hana_a = TTFont(str(args.debs / HANA.format("A")))
    rest = {c for c in hana_a.getBestCmap() if c in ranges(HAN_BMP_RANGES) and c not in covered}
    subset_font(hana_a, rest)
    rename(hana_a, "JianzhengFallbackA", "subset of HanaMinA 20170904")
    hana_a.save(OUT / "JianzhengFallbackA.ttf")
    print(f"fallback A: {len(rest)} characters")

    hana_b = TTFont(str(args.debs / HANA.format("B")))
    plane2 = {c for c in hana_b.getBestCmap() if 0x20000 <= c <= 0x2FFFF}
    subset_font(hana_b, plane2)
    rename(hana_b, "JianzhengFallbackB", "subset of HanaMinB 20170904")
    hana_b.save(OUT / "JianzhengFallbackB.ttf")
    print(f"fallback B: {len(plane2)} characters")
    for path in sorted(OUT.glob("*.ttf")):
        print(f"{path.name}: {path.stat().st_size / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
