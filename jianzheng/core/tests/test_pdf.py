"""The PDF helper: line breaking, embedded Chinese font, the /Keywords token contract, layout."""

import contextlib
import dataclasses
import re
import sys
import zlib

import pytest

from jianzheng.core import fonts
from jianzheng.core.pdf import (
    DocumentLayout,
    PdfUnavailable,
    Unprintable,
    break_lines,
    find_font,
    font_status,
    render_document,
    token_from_pdf,
)
from jianzheng.core.pdf_text import NO_LINE_END, NO_LINE_START


def width_of(text: str) -> float:
    """Fixed-width measure: every character is one unit wide."""
    return float(len(text))


# ---------------------------------------------------------------- line breaking (pure)


def test_no_line_starts_with_a_chinese_comma_or_full_stop():
    # Ten per line would put "，" and "。" at the head of lines 2 and 3.
    text = "一二三四五六七八九十，一二三四五六七八九十。一二三四五六七八九十"
    lines = break_lines(text, width_of, 10)
    assert all(not line.startswith(("，", "。")) for line in lines)
    assert "".join(lines) == text
    assert all(width_of(line) <= 10 for line in lines)


def test_no_line_ends_with_an_opening_bracket():
    text = "一二三四五六七八九（十）与《证明事项清单》"
    lines = break_lines(text, width_of, 10)
    assert all(not line.endswith("（") and not line.endswith("《") for line in lines)
    assert "".join(lines) == text


def test_no_line_breaks_against_any_listed_punctuation():
    text = "居民张三，现住幸福路12号（3单元）。经核实“属实”……特此证明！" * 6
    for width in range(6, 30):
        lines = break_lines(text, width_of, width)
        assert "".join(lines) == text
        assert all(line[0] not in NO_LINE_START for line in lines[1:] if line), width
        assert all(line[-1] not in NO_LINE_END for line in lines[:-1] if line), width


def test_ascii_closing_punctuation_after_chinese_does_not_start_a_line():
    # Form input is NFKC-normalised, so "，" arrives as "," and "（" as "(".
    text = "一二三四五六七八九十，一二三四五六七八九（十）"
    lines = break_lines(text, width_of, 10)
    assert all(not line.startswith((",", ")")) for line in lines)
    assert all(not line.endswith("(") for line in lines)


def test_id_numbers_and_serials_stay_whole_when_they_fit():
    text = "兹证明张三身份证号码64012119900101123X,编号YH-2026-000123,电话0951-8012345。"
    lines = break_lines(text, width_of, 20)
    for word in ("64012119900101123X", "YH-2026-000123", "0951-8012345"):
        assert any(word in line for line in lines), (word, lines)
    assert "".join(lines) == text


def test_a_number_longer_than_a_line_is_broken_rather_than_overflowing():
    lines = break_lines("号码" + "1" * 25 + "。", width_of, 10)
    assert all(width_of(line) <= 10 for line in lines)
    assert "".join(lines) == "号码" + "1" * 25 + "。"
    assert not any(line.startswith("。") for line in lines)


def test_first_line_is_shorter_by_the_indent_and_spaces_vanish_at_breaks():
    lines = break_lines("alpha beta gamma delta", width_of, 11, first_line_width=7)
    assert lines == ["alpha", "beta gamma", "delta"]


def test_newline_forces_a_break_and_empty_text_gives_one_empty_line():
    assert break_lines("甲\n乙", width_of, 10) == ["甲", "乙"]
    assert break_lines("", width_of, 10) == [""]


# ---------------------------------------------------------------- fonts


@pytest.fixture
def unloaded_fonts(monkeypatch):
    """The process as it starts: no face registered yet (restored afterwards)."""
    monkeypatch.setattr(fonts, "_source", None)
    monkeypatch.setattr(fonts, "_faces", {})


def test_with_nothing_configured_the_shipped_serif_face_is_used(settings, unloaded_fonts):
    settings.PDF_FONT = None
    assert find_font() == (str(fonts.SERIF), 0)
    ok, message = font_status()
    assert ok and "JianzhengSerifSC.ttf" in message


def test_a_font_file_gone_since_start_up_says_what_to_do(settings, unloaded_fonts, tmp_path):
    settings.PDF_FONT = (str(tmp_path / "no-such-font.ttc"), 0)
    ok, message = font_status()
    assert not ok
    assert "JIANZHENG_FONT" in message and "附带字体" in message


def test_font_status_reports_a_font_that_is_not_truetype(settings, unloaded_fonts, tmp_path):
    junk = tmp_path / "not-a-font.otf"
    junk.write_bytes(b"OTTO" + b"\0" * 64)
    settings.PDF_FONT = (str(junk), 0)
    ok, message = font_status()
    assert not ok and "TrueType" in message


def test_the_configured_font_and_face_are_used(settings, tmp_path):
    font = tmp_path / "font.ttc"
    font.write_bytes(b"")
    settings.PDF_FONT = (str(font), 1)
    assert find_font() == (str(font), 1)


def test_the_shipped_faces_draw_all_of_gb2312_and_the_tongyong_guifan_list():
    gb2312 = []
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                gb2312.append(bytes([hi, lo]).decode("gb2312"))
    assert len(gb2312) == 6763
    assert fonts.unprintable(["".join(gb2312)]) == []
    serif = [fonts.face_for(ch) for ch in "".join(gb2312)]
    assert set(serif) == {fonts.FONT_NAME}  # the whole body reads in one face


def test_rare_name_characters_have_a_face_and_emoji_do_not():
    for ch in "䶮𠈌㛃𬱖":  # Extension A, B, A, E
        assert fonts.face_for(ch) is not None, ch
    assert fonts.unprintable(["王🙂", "\U00030000"]) == ["🙂", "\U00030000"]


@pytest.fixture
def certificate() -> DocumentLayout:
    return DocumentLayout(
        title="居住证明",
        serial="640121-YH-2026-000123",
        body=[
            "兹证明王淑珺（身份证号码：64012119850312152X），自2019年3月起在本社区实际居住，"
            "现住址为永宁县杨和镇杨和社区幸福路12号3单元402室。经入户走访核实，情况属实。",
        ],
        table=[("证明事项", "居住证明"), ("核实方式", "入户走访；查阅居民信息台账")],
        closing=["特此证明。"],
        footer=["永宁县杨和镇杨和社区居民委员会", "2026年11月26日"],
        notes=["经办人：马晓燕", "有效期至：2027年2月26日"],
        issuing_unit="永宁县杨和镇杨和社区居民委员会",
        qr_data="HTTPS://JZ.EXAMPLE.CN/V/GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
        qr_caption=["扫码核验真伪"],
        token="GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
    )


def _objects(data: bytes) -> dict[int, tuple[bytes, bytes | None]]:
    """Object number -> (dictionary text, decoded stream or None), reading streams by /Length."""
    objects: dict[int, tuple[bytes, bytes | None]] = {}
    header = re.compile(rb"(\d+) 0 obj\s*")
    pos = 0
    while match := header.search(data, pos):
        stream_at = data.find(b"stream", match.end())
        end_at = data.find(b"endobj", match.end())
        if stream_at != -1 and stream_at < end_at:
            head = data[match.end() : stream_at]
            length = int(re.search(rb"/Length (\d+)", head).group(1))
            start = stream_at + len(b"stream")
            start += 2 if data[start : start + 2] == b"\r\n" else 1
            body = data[start : start + length]
            if b"/FlateDecode" in head:
                body = zlib.decompress(body)
            objects[int(match.group(1))] = (head, body)
            pos = start + length
        else:
            objects[int(match.group(1))] = (data[match.end() : end_at], None)
            pos = end_at
    return objects


def _unescape(literal: bytes) -> bytes:
    out = bytearray()
    i = 0
    while i < len(literal):
        ch = literal[i]
        if ch == 0x5C:  # backslash
            nxt = literal[i + 1 : i + 4]
            octal = re.match(rb"[0-7]{1,3}", nxt)
            if octal:
                out.append(int(octal.group(), 8))
                i += 1 + len(octal.group())
                continue
            out.append(
                {ord("n"): 10, ord("r"): 13, ord("t"): 9}.get(literal[i + 1], literal[i + 1])
            )
            i += 2
        else:
            out.append(ch)
            i += 1
    return bytes(out)


def info_string(data: bytes, key: str) -> str:
    """A document-info string; non-ASCII ones are UTF-16 with a byte-order mark."""
    literal = re.search(rb"/" + key.encode() + rb" \(((?:\\.|[^\\)])*)\)", data).group(1)
    raw = _unescape(literal)
    return raw[2:].decode("utf-16-be") if raw.startswith(b"\xfe\xff") else raw.decode("latin-1")


def page_lines(data: bytes) -> list[list[str]]:
    """Each page's shown strings, decoded through the fonts' ToUnicode maps."""
    objects = _objects(data)
    cmaps: dict[bytes, dict[int, str]] = {}
    for head, _ in objects.values():
        font = re.search(rb"/Name /(\S+) .*?/ToUnicode (\d+) 0 R", head, re.S)
        if font:
            cmap = objects[int(font.group(2))][1].decode("latin-1")
            mapping = {}
            for section in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
                for code, uni in re.findall(r"<([0-9a-fA-F]+)> <([0-9a-fA-F]+)>", section):
                    mapping[int(code, 16)] = bytes.fromhex(uni).decode("utf-16-be")
            for section in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
                for lo, hi, uni in re.findall(
                    r"<([0-9a-fA-F]+)> <([0-9a-fA-F]+)> <([0-9a-fA-F]+)>", section
                ):
                    for n, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                        mapping[code] = chr(int(uni, 16) + n)
            cmaps[font.group(1)] = mapping
    pages = []
    for head, _ in objects.values():
        if re.search(rb"/Type /Page\b", head):
            content = objects[int(re.search(rb"/Contents (\d+) 0 R", head).group(1))][1]
            shown, font = [], None
            for match in re.finditer(rb"/(\S+) [\d.]+ Tf|\(((?:\\.|[^\\)])*)\) Tj", content):
                if match.group(1):
                    font = match.group(1)
                else:
                    shown.append("".join(cmaps[font][b] for b in _unescape(match.group(2))))
            pages.append(shown)
    return pages


def test_certificate_is_a_pdf_with_an_embedded_subset_truetype_font(certificate):
    data = render_document(certificate)
    assert data.startswith(b"%PDF-")
    assert b"/FontFile2" in data
    assert re.search(rb"/BaseFont /[A-Z]{6}\+", data)
    assert b"STSong-Light" not in data
    assert b"Helvetica" not in data  # no unembedded font reference at all


def test_token_is_in_the_uncompressed_keywords_exactly(certificate):
    data = render_document(certificate)
    assert re.search(rb"/Keywords \(jianzheng-token=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\)", data)
    assert token_from_pdf(data) == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    assert b"/Creator (jianzheng)" in data


def test_without_a_token_there_is_none_to_find(certificate):
    data = render_document(dataclasses.replace(certificate, token=""))
    assert token_from_pdf(data) is None


def test_a_token_that_would_need_escaping_is_refused():
    with pytest.raises(ValueError):
        DocumentLayout(title="居住证明", token="abc)def")


def test_title_author_and_body_text_are_in_the_pdf(certificate):
    data = render_document(certificate)
    assert info_string(data, "Title") == "居住证明"
    assert info_string(data, "Author") == "永宁县杨和镇杨和社区居民委员会"
    shown = "".join(page_lines(data)[0])
    assert "64012119850312152X" in shown
    assert "特此证明。" in shown
    assert "扫码核验真伪" in shown
    assert "编号：640121-YH-2026-000123" in shown


def test_drawn_lines_obey_the_line_breaking_rules(certificate):
    body = "经社区工作人员入户走访核实，该居民在上述地址连续居住已满五年，其间无迁出记录。" * 8
    data = render_document(dataclasses.replace(certificate, body=[body]))
    lines = [line for line in page_lines(data)[0] if len(line) > 1]
    body_lines = [line for line in lines if line in body]
    assert len(body_lines) >= 5
    assert all(line[0] not in NO_LINE_START for line in body_lines)
    assert "".join(body_lines) == body


def test_a_long_body_flows_onto_a_second_page(certificate):
    data_short = render_document(certificate)
    long_body = ["本社区居民情况说明，内容较长，需要分页显示。" * 6] * 12
    data_long = render_document(dataclasses.replace(certificate, body=long_body))
    assert len(re.findall(rb"/Type /Page\b", data_short)) == 1
    assert len(re.findall(rb"/Type /Page\b", data_long)) >= 2
    pages = page_lines(data_long)
    assert "第 1 页 共 2 页" in pages[0] or len(pages) > 2
    assert "特此证明。" in pages[-1]  # closing, footer and QR end the last page
    assert "扫码核验真伪" in pages[-1]


def test_preview_watermark_is_printed_only_when_asked(certificate):
    plain = render_document(certificate)
    preview = render_document(dataclasses.replace(certificate, watermark="预览 不作证明使用"))
    assert "预览 不作证明使用" not in page_lines(plain)[0]
    assert page_lines(preview)[0].count("预览 不作证明使用") >= 4  # repeated across the page


def test_seal_carries_the_unit_name_along_its_arc(certificate):
    data = render_document(certificate)
    shown = page_lines(data)[0]
    # The seal draws its name one character at a time after the footer line.
    after_footer = shown[shown.index("永宁县杨和镇杨和社区居民委员会") + 1 :]
    singles = "".join(s for s in after_footer if len(s) == 1)
    assert "永宁县杨和镇杨和社区居民委员会" in singles
    no_seal = page_lines(render_document(dataclasses.replace(certificate, seal=False)))[0]
    assert "".join(s for s in no_seal if len(s) == 1) == ""


def _content(data: bytes) -> bytes:
    objects = _objects(data)
    page = next(head for head, _ in objects.values() if re.search(rb"/Type /Page\b", head))
    return objects[int(re.search(rb"/Contents (\d+) 0 R", page).group(1))][1]


def test_qr_code_is_drawn_as_vector_squares_at_least_30_mm_wide(certificate):
    import segno

    content = _content(render_document(certificate))
    matrix = segno.make(certificate.qr_data, error="m", micro=False).matrix
    module = float(re.search(rb"([\d.]+) 0 0 -[\d.]+ [\d.]+ [\d.]+ cm", content).group(1))
    assert module * len(matrix) / 72 * 25.4 >= 30
    # One rectangle per horizontal run of dark modules, in whole-module coordinates.
    runs = sum(len(re.findall(rb"[^\x00]+", bytes(row))) for row in matrix)
    drawn = re.findall(rb"(\d+) (\d+) (\d+) 1 re", content)
    assert len(drawn) == runs
    assert all(matrix[int(r)][int(c)] for c, r, _ in drawn)


def test_papers_rendered_in_parallel_threads_are_each_intact(certificate):
    from concurrent.futures import ThreadPoolExecutor

    def render(i: int) -> bool:
        # A different rare character per document so each needs its own font subset.
        marker = chr(0x4E00 + 97 * i)
        layout = dataclasses.replace(certificate, serial=f"S{i:04d}", body=[f"姓名{marker}。"])
        shown = "".join(page_lines(render_document(layout))[0])
        return f"S{i:04d}" in shown and f"姓名{marker}。" in shown

    # Switch threads often so a race in font subsetting would show up in a short test.
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            assert all(pool.map(render, range(40)))
    finally:
        sys.setswitchinterval(interval)


def test_names_with_rare_characters_are_drawn_and_read_back_whole(certificate):
    names = "王䶮、李𠈌、张㛃、刘𬱖"  # Extension A, B, A, E
    data = render_document(dataclasses.replace(certificate, body=[f"兹证明{names}系本社区居民。"]))
    assert f"兹证明{names}系本社区居民。" in "".join(page_lines(data)[0])
    embedded = set(re.findall(rb"/BaseFont /[A-Z]{6}\+(Jianzheng\w+)", data))
    assert embedded == {b"JianzhengSerifSC", b"JianzhengFallbackB"}  # 𠈌 from plane 2
    assert fonts.face_for("劉") == fonts.FALLBACK_NAMES[0]  # the BMP's rarer characters


def test_a_character_no_face_can_draw_is_refused_and_named(certificate):
    with pytest.raises(Unprintable) as caught:
        render_document(dataclasses.replace(certificate, body=["兹证明王\U00030000系本社区居民。"]))
    assert caught.value.status == 422
    assert "U+30000" in caught.value.message and caught.value.chars == ["\U00030000"]


def test_a_broken_font_answers_unavailable_rather_than_a_crash(
    certificate, settings, unloaded_fonts, tmp_path
):
    junk = tmp_path / "broken.ttf"
    junk.write_bytes(b"\0\1\0\0" + b"\0" * 64)
    settings.PDF_FONT = (str(junk), 0)
    with pytest.raises(PdfUnavailable) as caught:
        render_document(certificate)
    assert caught.value.status == 503 and "未出具" in caught.value.message


def test_a_half_sheet_is_a5_and_keeps_everything_on_one_page(certificate):
    data = render_document(dataclasses.replace(certificate, paper="A5"))
    box = re.search(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert (round(float(box.group(1)) / 72 * 25.4), round(float(box.group(2)) / 72 * 25.4)) == (
        148,
        210,
    )
    assert len(re.findall(rb"/Type /Page\b", data)) == 1
    shown = "".join(page_lines(data)[0])
    assert "特此证明。" in shown and "经办人：马晓燕" in shown and "扫码核验真伪" in shown
