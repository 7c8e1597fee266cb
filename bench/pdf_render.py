"""Render rate of a realistic certificate against a bare page, same font, same run.

    .venv/bin/python bench/pdf_render.py [--seconds 3] [--sample /tmp/pdf-sample.pdf]

The bare page (title only, same embedded font, same library) is the ceiling on this machine;
the certificate should keep at least half of its rate (ratio >= 0.5).
"""

import argparse
import dataclasses
import io
import os
import statistics
import sys
import time
import timeit
from pathlib import Path

import segno
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jianzheng.settings")

from jianzheng.core.pdf import (  # noqa: E402
    FONT_NAME,
    DocumentLayout,
    font_status,
    render_document,
)

TARGET_RATIO = 0.5


def certificate_layout(watermark: str = "") -> DocumentLayout:
    """About 350 characters of body and table, like a 居住证明 from a demo community."""
    return DocumentLayout(
        title="居住证明",
        serial="640121-YH-2026-000123",
        body=[
            "兹证明王淑珺(身份证号码:64012119850312152X),性别女,汉族,"
            "自2019年3月起在本社区实际居住,现住址为永宁县杨和镇杨和社区幸福路12号3单元402室。"
            "经社区工作人员于2026年11月20日入户走访核实,并经查阅本社区居民信息台账"
            "和物业服务企业登记记录,该居民在上述地址连续居住已满五年,其间无迁出记录。",
            "本证明仅用于办理子女义务教育阶段入学登记手续,用于其他用途无效。"
            "如对本证明内容有疑问,请扫描左下方二维码核验真伪,或致电本社区居民委员会咨询。"
            "本证明所载事实系社区依据走访和台账据实出具,不对申请人的其他事项作出证明"
            "(《永宁县社区证明事项保留清单》第3项)。",
        ],
        table=[
            ("证明事项", "居住证明(保留事项第3项)"),
            ("核实方式", "入户走访;查阅居民信息台账;查阅物业登记"),
            ("核实人员", "李建国、马晓燕"),
            ("用途", "子女义务教育阶段入学登记"),
        ],
        closing=["特此证明。"],
        footer=[
            "永宁县杨和镇杨和社区居民委员会",
            "经办人:马晓燕",
            "出具日期:2026年11月26日",
            "有效期至:2027年2月26日",
            "联系电话:0951-8012345",
        ],
        issuing_unit="永宁县杨和镇杨和社区居民委员会",
        qr_data="HTTPS://JZ.YONGNING.GOV.CN/V/" + "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ" * 5,
        qr_caption=["扫码核验真伪", "或访问 jz.yongning.gov.cn/v 输入编号"],
        watermark=watermark,
        token="GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
    )


def bare_layout() -> DocumentLayout:
    """A bare page: the title in the same font, nothing else."""
    return DocumentLayout(title="居住证明", seal=False)


def plain_text_pdf(layout: DocumentLayout) -> bytes:
    """The certificate's characters drawn as fixed 36-character lines by ReportLab directly:
    what the font subset and the text alone cost, without our layout, seal or QR."""
    text = "".join(
        [layout.title, *layout.body, *(a + b for a, b in layout.table), *layout.closing]
        + list(layout.footer)
    )
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=A4, pageCompression=1, initialFontName=FONT_NAME)
    c.setFont(FONT_NAME, 12)
    for i in range(0, len(text), 36):
        c.drawString(60, 780 - 20 * (i // 36), text[i : i + 36])
    c.showPage()
    c.save()
    return buffer.getvalue()


def rate(render, seconds: float) -> tuple[float, int]:
    """Documents per second (median of 5 slices) and bytes per document."""
    size = len(render())  # warm up
    slices = []
    for _ in range(5):
        count, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds / 5:
            render()
            count += 1
        slices.append(count / (time.perf_counter() - start))
    return statistics.median(slices), size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="time per layout")
    parser.add_argument("--sample", help="also write one certificate PDF to this path")
    args = parser.parse_args()

    status = font_status()
    if not status.ok:
        print(status.message, file=sys.stderr)
        return 2
    start = time.perf_counter()
    render_document(bare_layout())
    print(
        f"font {status.message}: first render incl. registration {time.perf_counter() - start:.3f} s"
    )
    if args.sample:
        Path(args.sample).write_bytes(render_document(certificate_layout()))
        print(f"sample written to {args.sample}")

    certificate = certificate_layout()
    no_qr = dataclasses.replace(certificate, qr_data="")
    rows = [
        ("bare page (title only)", lambda: render_document(bare_layout())),
        ("same text, plain lines", lambda: plain_text_pdf(certificate)),
        ("certificate without QR", lambda: render_document(no_qr)),
        ("certificate", lambda: render_document(certificate)),
    ]
    rates = {}
    for name, render in rows:
        per_second, size = rate(render, args.seconds)
        rates[name] = per_second
        print(
            f"{name:24} {per_second:7.1f} PDF/s {1000 / per_second:6.1f} ms {size / 1024:5.1f} KiB"
        )
    qr_ms = 1000 * timeit.timeit(lambda: segno.make(certificate.qr_data, error="m"), number=20) / 20
    print(f"{'of which QR encoding':24} {qr_ms:21.1f} ms (segno, version 8, best-mask search)")
    ratio = rates["certificate"] / rates["bare page (title only)"]
    ceiling = rates["certificate"] / rates["same text, plain lines"]
    verdict = "ok" if ratio >= TARGET_RATIO else "BELOW TARGET"
    print(f"ratio certificate / bare page:   {ratio:.2f} (target >= {TARGET_RATIO}) {verdict}")
    print(f"ratio certificate / same text:   {ceiling:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
